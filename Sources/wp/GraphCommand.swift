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

    @Option(help: "With IDs: how many dependency steps around them to include.")
    var depth: Int?

    @Argument(help: "Draw only the neighbourhood of these ids (default: the whole workspace).")
    var ids: [String] = []

    func run() throws {
        let session = try workspace.session(allowPartial: partial.allowPartial)
        let roots = try ids.map { try session.element(named: $0) }
        try Terminal.show(GraphExport(index: session.index, roots: roots, depth: depth), output.format)
        try session.finish()
    }
}

