import ArgumentParser
import WorkplanKit

struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a task or a workplan: its lifecycle's active status (in_progress, active by default).",
        discussion: """
            Writes the lifecycle's first active status (or the one .wp.yaml prefers), checked like `wp set ID status \
            STATUS` (see `wp help set`); the lifecycles and their roles: `wp help format`.
            """)

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
