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
    @OptionGroup var element: ElementArgument

    func run() throws {
        let session = try workspace.session(allowPartial: partial.allowPartial)
        let node = try session.element(named: element.id)
        try Terminal.show(ImpactReport(node: node, index: session.index), output.format)
        try session.finish()
    }
}
