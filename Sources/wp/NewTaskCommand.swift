import ArgumentParser
import WorkplanKit

struct NewTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Add a task with the next free T number at the end of the workplan's Tasks section.",
        discussion: "Template: .wp/templates/task.md, else the built-in one. The task block: `wp help format`.")

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Print the change as a unified diff instead of writing it.")
    var dryRun = false

    @Flag(help: "Write the workplan file although it is read-only (it stays read-only).")
    var force = false

    @Argument(help: "The workplan id.")
    var workplan: String

    @Option(help: "The task's title (its heading).")
    var title: String

    func run() throws {
        var options = EditOptions(dryRun: dryRun)
        options.force = force
        try options.perform(workspace) { editor in
            try editor.planNewTask(workplan: workplan, title: title)
        }
    }
}
