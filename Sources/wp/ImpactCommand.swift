import Foundation
import ArgumentParser
import WorkplanKit

struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "What completing ID would unblock, directly and transitively, per repo; and its critical path.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: text or json.")
    var format: GateFormat = .text

    @Argument(help: "The id (qualify with repo: when ambiguous).")
    var id: String

    func run() throws {
        let loaded = try workspace.load()
        let index = DependencyIndex(analysis: BlockingAnalysis(WorkspaceGraph(loaded)), today: Today.utc(environment: ProcessInfo.processInfo.environment))
        let node = try ElementLookup.node(id, in: index.graph)
        let impact = ImpactReport(node: node, index: index)
        try Terminal.write(Terminal.render { format == .json ? try impact.renderJSON() : impact.renderText(style: Terminal.style()) })
    }
}
