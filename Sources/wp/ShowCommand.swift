import Foundation
import ArgumentParser
import WorkplanKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one workplan, task, decision or gate: fields, where it is defined, what it depends on and what depends on it.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: text or json.")
    var format: GateFormat = .text

    @Argument(help: "The id (qualify with repo: when ambiguous).")
    var id: String

    func run() throws {
        let loaded = try workspace.load()
        let index = DependencyIndex(analysis: BlockingAnalysis(WorkspaceGraph(loaded)), today: Today.utc(environment: ProcessInfo.processInfo.environment))
        let node = try ElementLookup.node(id, in: index.graph)
        let detail = ElementDetail(node: node, index: index)
        try Terminal.write(Terminal.render { format == .json ? try detail.renderJSON() : detail.renderText(style: Terminal.style()) })
    }
}
