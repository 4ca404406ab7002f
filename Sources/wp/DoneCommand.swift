import ArgumentParser
import WorkplanKit

struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark a task or workplan done: its lifecycle's succeeded status (done, finished), refused while a dependency is open.",
        discussion: """
            Refused (exit 1, nothing written) while anything the task depends on (its depends_on, its workplan's \
            depends_on, a decision that blocks it) is incomplete, unless --force, which prints what it overrides. \
            How edits are checked: `wp help set`.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    @Argument(help: "The task or workplan id.")
    var id: String

    @Option(help: "What proves it done (written to `evidence:`).")
    var evidence: String?

    func run() throws {
        try edit.perform(workspace) { editor in
            try editor.planDone(id, evidence: evidence, force: edit.force)
        }
    }
}
