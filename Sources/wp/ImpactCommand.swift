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
        let session = try workspace.answeringSession(allowPartial: partial.allowPartial)
        let node = try session.element(named: element.id)
        try session.answer(ImpactReport(node: node, index: session.index), output)
    }
}
