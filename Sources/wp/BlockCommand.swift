import ArgumentParser
import WorkplanKit

struct BlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Mark a task blocked on something: its waiting status (blocked), the reference added to depends_on, the reason written.",
        discussion: "The reference must resolve (else the edit would add a lint error; --force overrides). How edits are checked: `wp help set`.")

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    @Argument(help: "The task id.")
    var id: String

    @Option(help: "What it waits for (an id, or repo:ID); added to depends_on.")
    var on: String?

    @Option(help: "Why it waits (written to `reason:`).")
    var reason: String?

    func validate() throws {
        if on == nil && reason == nil { throw ValidationError("say what the task waits for: --on REF and/or --reason TEXT") }
    }

    func run() throws {
        try edit.perform(workspace) { editor in
            try editor.planBlock(id, on: on, reason: reason, force: edit.force)
        }
    }
}
