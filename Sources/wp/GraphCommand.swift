import Foundation
import ArgumentParser
import WorkplanKit

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The dependency graph as Mermaid or Graphviz DOT, clustered by repo and workplan, coloured by status.",
        discussion: "Pipe DOT into `dot -Tsvg`; paste Mermaid into a ```mermaid block (Gitea and GitHub render it).")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: mermaid or dot.")
    var format: GraphFormat = .mermaid

    @Option(help: "With IDs: how many dependency steps around them to include.")
    var depth: Int?

    @Argument(help: "Draw only the neighbourhood of these ids (default: the whole workspace).")
    var ids: [String] = []

    func run() throws {
        let loaded = try workspace.load()
        let index = DependencyIndex(analysis: BlockingAnalysis(WorkspaceGraph(loaded)), today: Today.utc(environment: ProcessInfo.processInfo.environment))
        let roots = try ids.map { try ElementLookup.node($0, in: index.graph) }
        try Terminal.write(GraphExport(index: index, roots: roots, depth: depth).render(format))
    }
}

extension GraphFormat: ExpressibleByArgument {}
