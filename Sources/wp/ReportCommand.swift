import ArgumentParser
import Foundation
import WorkplanKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The whole workspace in one document: progress, blocked tasks, decisions, gates, stale plans, the graph.",
        discussion: "HTML is one self-contained file; its graph is inline SVG when Graphviz `dot` is installed, else Mermaid source.")

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<WorkspaceReport>
    @OptionGroup var partial: PartialReadOption

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write to this file instead of stdout.")
    var outputFile: String?

    @Option(help: "Open workplans not updated for more than this many days are stale.")
    var staleDays: Int = 30

    func run() throws {
        let session = try workspace.session(allowPartial: partial.allowPartial)
        let text = try Terminal.render(WorkspaceReport(index: session.index, staleAfterDays: staleDays), output.format)
        if let outputFile {
            do {
                // A device or FIFO (`-o /dev/stdout`) is written in place, never replaced.
                try OutputWriter.write(text, toFile: outputFile)
            } catch {
                Terminal.error(error.description)
                throw ExitCode(ExitStatus.failure.rawValue)
            }
        } else {
            try Terminal.write(text)
        }
        try session.finish()
    }
}

