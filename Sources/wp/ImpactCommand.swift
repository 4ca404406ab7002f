import Foundation
import ArgumentParser
import WorkplanKit

struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "What completing ID would unblock, directly and transitively, per repo; and its critical path.")

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<ImpactReport>
    @OptionGroup var partial: PartialReadOption

    @Argument(help: "The id (qualify with repo: when ambiguous).")
    var id: String

    func run() throws {
        let session = try workspace.session(allowPartial: partial.allowPartial)
        let node = try session.element(named: id)
        try Terminal.show(ImpactReport(node: node, index: session.index), output.format)
        try session.finish()
    }
}
