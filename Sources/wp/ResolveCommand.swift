import ArgumentParser
import WorkplanKit

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a decision: its succeeded status (resolved), resolution, decided_on today, decided_by.",
        discussion: """
            A ```decision block gets the four fields; a prose decision (**Decision D-01 - title**) gets a \
            **Resolution (date, who):** paragraph right after it. The decision forms: `wp help format`.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    @Argument(help: "The decision id (RAILIANCE-WP-0002-D01).")
    var id: String

    @Option(help: "What was decided (written as the resolution).")
    var option: String

    @Option(help: "Who decided (default: git config user.name).")
    var by: String?

    func run() throws {
        try edit.perform(workspace) { editor in
            guard let who = by ?? GitIdentity.userName(in: editor.workspace.root) else {
                throw EditError(.refused, .noDeciderConfigured)
            }
            return try editor.planResolve(id, option: option, by: who, force: edit.force)
        }
    }
}
