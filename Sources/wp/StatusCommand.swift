import ArgumentParser
import WorkplanKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every workplan, its progress, what is blocked and on what.",
        discussion: """
            Reads this repo's workplans and every peer's (see .wp.yaml). With PATHs, shows \
            only the workplans in those files or directories; peers are still read to resolve references.
            Exit 0 on success; 2 when .wp.yaml is unusable or some file could not be read \
            (everything readable is still shown, the problems go to stderr).
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Show only blocked tasks.")
    var blocked = false

    @Flag(help: "Leave out finished and cancelled workplans.")
    var open = false

    @Option(help: "Show only workplans of this repo.")
    var repo: String?

    @OptionGroup var output: FormatOption<StatusReport>
    @OptionGroup var partial: PartialReadOption

    @Argument(help: "Workplan files or directories to show (default: the include patterns of .wp.yaml).")
    var paths: [String] = []

    func run() throws {
        // The status reads the model's fields, never a block's YAML tree: dropping them is a fifth of its memory.
        let session = try workspace.answeringSession(
            paths: paths.isEmpty ? nil : paths, allowPartial: partial.allowPartial, keepsYAMLTrees: false)
        try session.requireRepo(repo)
        let filter = StatusFilter(repo: repo, paths: session.workspace.selectedPaths, onlyBlocked: blocked, onlyOpen: open)
        try session.answer(StatusReport(analysis: session.analysis, filter: filter), output)
    }
}

