import Foundation
import ArgumentParser
import WorkplanKit

struct GateListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every gate, where it is defined, and its current result.")

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<GateListView>

    func run() throws {
        let session = try workspace.session()
        try Terminal.show(GateListView(results: session.index.gateResults), output.format)
        try session.finish()
    }
}
