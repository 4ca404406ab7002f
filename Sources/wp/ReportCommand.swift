import ArgumentParser
import Foundation
import WorkplanKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The whole workspace in one document: progress, blocked tasks, decisions, gates, stale plans, the graph.",
        discussion: "HTML is one self-contained file; its graph is inline SVG when Graphviz `dot` is installed, else Mermaid source.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: markdown, html or json.")
    var format: ReportFormat = .markdown

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?

    @Option(help: "Open workplans not updated for more than this many days are stale.")
    var staleDays: Int = 30

    func run() throws {
        let loaded = try workspace.load()
        let index = DependencyIndex(analysis: BlockingAnalysis(WorkspaceGraph(loaded)), today: Today.utc(environment: ProcessInfo.processInfo.environment))
        let report = WorkspaceReport(index: index, today: Today.utc(environment: ProcessInfo.processInfo.environment), staleAfterDays: staleDays)
        let text = try Terminal.render {
            switch format {
            case .markdown: report.renderMarkdown()
            case .json: try report.renderJSON()
            case .html: report.renderHTML(svg: Graphviz.svg(GraphExport(index: index).render(.dot)))
            }
        }
        if let output {
            do {
                // A device or FIFO (`-o /dev/stdout`) is written in place, never replaced.
                try OutputWriter.write(text, toFile: output)
            } catch {
                Terminal.error(error.description)
                throw ExitCode(2)
            }
        } else {
            try Terminal.write(text)
        }
        Terminal.report(loaded.diagnostics)
    }
}

extension ReportFormat: ExpressibleByArgument {}
