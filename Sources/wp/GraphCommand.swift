import Foundation
import ArgumentParser
import WorkplanKit

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The dependency graph as Mermaid or Graphviz DOT, clustered by repo and workplan, coloured by status.",
        discussion: "Pipe DOT into `dot -Tsvg`; paste Mermaid into a ```mermaid block (Gitea and GitHub render it).")

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<GraphExport>
    @OptionGroup var partial: PartialReadOption

    @Option(parsing: .unconditional, help: "With IDs: how many dependency steps around them to include (default 2).")
    var depth: Int?

    @Flag(help: "Leave out finished and cancelled work (the ids asked for stay).")
    var open = false

    func validate() throws {
        try NumberArgument.requireNonNegative(depth, "--depth")
        if depth != nil, ids.isEmpty {
            throw ValidationError("--depth needs ids to draw around: wp graph ID... --depth N (without ids wp graph draws the whole workspace)")
        }
    }

    @Argument(help: "Draw only the neighbourhood of these ids (default: the whole workspace).")
    var ids: [String] = []

    func run() throws {
        let session = try workspace.answeringSession(allowPartial: partial.allowPartial)
        let roots = try ids.map { try session.element(named: $0) }
        try session.answer(
            GraphExport(index: session.index, roots: roots, depth: ids.isEmpty ? nil : depth ?? GraphExport.defaultDepth, openOnly: open), output)
    }
}

