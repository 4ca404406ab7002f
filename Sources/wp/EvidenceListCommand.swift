import ArgumentParser
import WorkplanKit

struct EvidenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every evidence name: the tasks that record it, their done_on, and until when each gate that needs it counts it.")

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<EvidenceListView>

    func run() throws {
        let session = try workspace.session()
        try Terminal.show(EvidenceListView(gates: session.gates), output.format)
        try session.finish()
    }
}
