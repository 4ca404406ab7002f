import ArgumentParser
import WorkplanKit

struct NewWorkplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workplan",
        abstract: "Create workplans/<ID>-<slug>.md from the workplan template.",
        discussion: """
            Without --id, the id is the next free PREFIX-WP-NNNN after the highest number of the prefix the \
            repo's workplans use. Template: .wp/templates/workplan.md, else the built-in one. The file format: `wp help format`.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Print the new file as a diff instead of writing it.")
    var dryRun = false

    @Option(help: "The workplan id (PREFIX-WP-NNNN); default: the next free one.")
    var id: String?

    @Option(help: "The title.")
    var title: String

    @Option(help: "The repo to create it in (this repo or a path peer); default: this repo.")
    var repo: String?

    func run() throws {
        try EditOptions(dryRun: dryRun).perform(workspace) { editor in
            try editor.planNewWorkplan(id: id, title: title, repo: repo)
        }
    }
}

extension EditOptions {
    init(dryRun: Bool) {
        self.init()
        self.dryRun = dryRun
        // Every property is read by `perform`: an unparsed one would trap.
        self.force = false
    }
}
