import ArgumentParser
import WorkplanKit

struct NewTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Add a task to a workplan, numbered, titled and placed like the tasks it already has.",
        discussion: """
            The id continues the workplan's own scheme (I08 after I07, T05 after T04; T01 in a workplan without \
            tasks), the heading takes the level of the last task's, and the task goes after the last task's \
            section (into the Tasks section, or a new `## Tasks` at the end, when the workplan has none). \
            A finished workplan takes no new task: reopen it first (the refusal says how). \
            Template: .wp/templates/task.md, else the built-in one. The task block: `wp help format`.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Print the change as a unified diff instead of writing it.")
    var dryRun = false

    @Flag(help: "Write the workplan file although it is read-only (it stays read-only).")
    var force = false

    @Argument(help: "The workplan id.")
    var workplan: String

    @Option(help: "The task's title (its heading).")
    var title: String

    @Option(help: "The task id, whole or its short part (I08); default: the next free one in the workplan's scheme.")
    var id: String?

    @Option(help: "Its priority: critical, high, medium or low.")
    var priority: String?

    @Option(help: "Who owns it.")
    var owner: String?

    @Option(name: .customLong("depends-on"), help: ArgumentHelp(
        "What it depends on: ids, comma-separated or the option repeated (T02, RAILIANCE-WP-0004-I01).", valueName: "ids"))
    var dependsOn: [String] = []

    @Option(name: .customLong("done-when"), help: ArgumentHelp(
        "What proves it done (its **Done when:** line); without it the template's placeholder, which lint warns about.",
        valueName: "text"))
    var doneWhen: String?

    func run() throws {
        var options = EditOptions(dryRun: dryRun)
        options.force = force
        let fields = NewTaskFields(id: id, priority: priority, owner: owner, dependsOn: dependsOn, doneWhen: doneWhen)
        try options.perform(workspace) { editor in
            try editor.planNewTask(workplan: workplan, title: title, fields: fields)
        }
    }
}
