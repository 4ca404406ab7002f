import ArgumentParser
import Foundation
import WorkplanKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The whole workspace in one document: progress, blocked tasks, decisions, gates, stale plans, the graph.",
        discussion: """
            HTML is one self-contained file (inline CSS, one inline script for its filter box, nothing fetched); \
            its graph is inline SVG when Graphviz `dot` is installed, else Mermaid source. \
            --link-base makes each id link to its file and line on the forge, e.g. \
            --link-base https://git.example.org/team (Gitea: /REPO/src/branch/main/PATH#L12 is added) or a template \
            such as 'https://github.com/team/{repo}/blob/main/{path}#L{line}'.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<WorkspaceReport>
    @OptionGroup var partial: PartialReadOption

    @Option(name: [.customShort("o"), .customLong("output")],
            help: "Write to this file instead of stdout; without --format, its extension (.html, .md, .json) picks the format.")
    var outputFile: String?

    @Option(parsing: .unconditional, help: "Open workplans not updated for more than this many days are stale.")
    var staleDays: Int = 30

    @Option(help: ArgumentHelp(
        "HTML: link each id to its file and line on the forge: an http(s) URL with {repo}, {path} and {line}, or a base to which /{repo}/src/branch/main/{path}#L{line} is added.",
        valueName: "url"))
    var linkBase: String?

    func validate() throws {
        try NumberArgument.requireNonNegative(staleDays, "--stale-days")
        if linkBase != nil, output.format(writingTo: outputFile) != .html {
            throw ValidationError("--link-base is for the HTML report: add --format html (or -o FILE.html)")
        }
        _ = try checkedLinkBase()
    }

    /// `--link-base` as a ``LinkBase``; anything but an http(s) URL is a usage error (exit 64).
    func checkedLinkBase() throws -> LinkBase? {
        guard let linkBase else { return nil }
        do throws(LinkBase.Problem) {
            return try LinkBase(linkBase)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let progress = ProgressLine()
        progress.show("wp report: reading the workspace…")
        // A message wp prints meanwhile clears the line first (Terminal.error).
        let session = try workspace.session(allowPartial: partial.allowPartial)
        let format = output.format(writingTo: outputFile)
        progress.show("wp report: checking blocking and gates…")
        let report = WorkspaceReport(index: session.index, staleAfterDays: staleDays, linkBase: try checkedLinkBase())
        progress.show(format == .html ? "wp report: laying out the graph and writing HTML…" : "wp report: writing…")
        if let outputFile {
            do {
                // Written as it is produced (JSON grows with the workspace); a device or FIFO
                // (`-o /dev/stdout`) is written in place, never replaced.
                try OutputWriter.write(toFile: outputFile) { sink throws(RenderError) in
                    try report.render(format, in: RenderContext(), to: &sink)
                }
            } catch {
                progress.clear()
                Terminal.error(error.description)
                throw ExitCode(ExitStatus.failure.rawValue)
            }
            progress.clear()
        } else if format == .json {
            // Nothing to wait for before the first bytes: the line goes before them.
            progress.clear()
            try Terminal.show(report, format)
        } else {
            let text = try Terminal.render(report, format)
            progress.clear()
            try Terminal.write(text)
        }
        try session.finish()
    }
}
