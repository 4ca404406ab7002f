import ArgumentParser
import WorkplanKit

struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark a task or workplan done: its lifecycle's succeeded status (done, finished), refused while a dependency is open.",
        discussion: """
            Refused (exit 1, nothing written) while anything the task depends on (its depends_on, its workplan's \
            depends_on, a decision that blocks it) is incomplete, unless --force, which prints what it overrides. \
            A task gets `done_on: <today>` too: the day a gate's `max_age` counts its evidence from. \
            The evidence *name* (`evidence:`, what a gate requires, e.g. restore-drill) and free text about it \
            (`evidence_note:`) are separate: --evidence never replaces a name the task already has. \
            Re-record recurring evidence on a done task with `wp evidence record NAME`. \
            How edits are checked: `wp help set`.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    @Argument(help: "The task or workplan id.")
    var id: String

    @Option(help: ArgumentHelp(
        "The name of the evidence the task produces, as a gate requires it (written to `evidence:` when the task has none).",
        valueName: "name"))
    var evidence: String?

    @Option(help: ArgumentHelp("Free text about the evidence: a link, what was checked (written to `evidence_note:`).", valueName: "text"))
    var note: String?

    func run() throws {
        try edit.perform(workspace) { editor in
            try editor.planDone(id, evidence: evidence, note: note, force: edit.force)
        }
    }
}
