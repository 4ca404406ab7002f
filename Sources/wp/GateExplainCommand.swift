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
        guard case .found(let index) = evaluator.lookup(gate) else {
            Terminal.error("error: no single gate '\(gate)'; `wp gate list` shows them")
            throw ExitCode(2)
        }
        let results = evaluator.evaluateWithRequired([index])
        try Terminal.write(GateRenderer.explain(results, format: format, style: format == .text ? Terminal.style() : .plain))
    }
}
