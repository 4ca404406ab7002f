import Foundation
import ArgumentParser
import WorkplanKit

struct GateExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Show a gate's requirement tree, met and unmet, as text or Mermaid.")

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<GateExplainView>

    @Argument(help: "The gate id.")
    var gate: String

    func run() throws {
        let session = try workspace.session()
        let index = try session.gate(named: gate)
        try Terminal.show(GateExplainView(results: session.gates.evaluateWithRequired([index])), output.format)
        try session.finish()
    }
}
