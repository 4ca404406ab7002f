import Foundation
import ArgumentParser
import WorkplanKit

struct GateListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every gate, where it is defined, and its current result.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: text or json.")
    var format: GateFormat = .text

    func run() throws {
        let loaded = try workspace.load()
        let results = GateEvaluator(workspace: loaded, today: Today.utc(environment: ProcessInfo.processInfo.environment)).evaluateAll()
        try Terminal.write(Terminal.render { format == .json ? try GateRenderer.json(results) : GateRenderer.list(results, style: Terminal.style()) })
        Terminal.report(loaded.diagnostics)
        // A list from a partial read may lack gates or show results computed without them.
        if loaded.isIncomplete { throw ExitCode(2) }
    }
}
