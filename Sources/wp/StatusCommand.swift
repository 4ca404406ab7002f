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

    @Option(help: "Show only workplans of this repo.")
    var repo: String?

    @Option(help: "Output format: text, json or markdown.")
    var format: StatusFormat = .text

    @Argument(help: "Workplan files or directories to show (default: the include patterns of .wp.yaml).")
    var paths: [String] = []

    func run() throws {
        let loaded = try workspace.load(paths: paths.isEmpty ? nil : paths)
        let filter = StatusFilter(repo: repo, paths: loaded.selectedPaths, onlyBlocked: blocked)
        if let repo, loaded.repo(named: repo) == nil {
            Terminal.error("error: no repo named '\(repo)'; known repos: \(loaded.repos.map(\.name.terminalSafe).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let report = StatusReport(workspace: loaded, filter: filter)
        let style = format == .text ? Terminal.style() : .plain
        try Terminal.write(Terminal.render { try report.render(format, style: style, onlyBlocked: blocked) })
        Terminal.report(loaded.diagnostics)
        if loaded.isIncomplete { throw ExitCode(2) }
    }
}

extension StatusFormat: ExpressibleByArgument {}
