import Foundation
import ArgumentParser
import WorkplanKit

struct GateExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Show a gate's requirement tree, met and unmet, as text or Mermaid.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: text or mermaid.")
    var format: GateExplainFormat = .text

    @Argument(help: "The gate id.")
    var gate: String

    func run() throws {
        let loaded = try workspace.load()
        let evaluator = GateEvaluator(workspace: loaded, today: Today.utc(environment: ProcessInfo.processInfo.environment))
        let index: Int
        switch evaluator.lookup(gate) {
        case .found(let found):
            index = found
        case .unknown:
            Terminal.report(loaded.diagnostics)
            Terminal.error("error: no gate '\(gate)'; `wp gate list` shows them")
            throw ExitCode(2)
        case .ambiguous(let candidates):
            Terminal.report(loaded.diagnostics)
            Terminal.error("error: gate id '\(gate)' is ambiguous: \(candidates.map(\.terminalSafe).joined(separator: ", ")); qualify it as repo:ID")
            throw ExitCode(2)
        }
        let results = evaluator.evaluateWithRequired([index])
        try Terminal.write(GateRenderer.explain(results, format: format, style: format == .text ? Terminal.style() : .plain))
        Terminal.report(loaded.diagnostics)
        if loaded.isIncomplete { throw ExitCode(2) }
    }
}
