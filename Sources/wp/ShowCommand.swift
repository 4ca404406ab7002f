import Foundation
import ArgumentParser
import WorkplanKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one workplan, task, decision or gate: fields, where it is defined, what it depends on and what depends on it.")

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var output: FormatOption<ElementDetail>
    @OptionGroup var partial: PartialReadOption
    @OptionGroup var element: ElementArgument

    func run() throws {
        let session = try workspace.answeringSession(allowPartial: partial.allowPartial)
        let node = try session.element(named: element.id)
        try session.answer(ElementDetail(node: node, index: session.index), output)
    }
}
