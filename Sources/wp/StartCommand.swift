import ArgumentParser
import WorkplanKit

struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a task (status in_progress) or a workplan (status active).",
        discussion: "Checked like `wp set ID status in_progress` (see `wp help set`); the lifecycles: `wp help format`.")

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    @Argument(help: "The task or workplan id.")
    var id: String

    func run() throws {
        try edit.perform(workspace) { editor in
            try editor.planStart(id, force: edit.force)
        }
    }
}
