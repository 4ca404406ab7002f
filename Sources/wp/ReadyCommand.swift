import Foundation
import ArgumentParser
import WorkplanKit

struct ReadyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ready",
        abstract: "List tasks that can start now, best first.",
        discussion: """
            A task is ready when it is not complete, not blocked, and its workplan offers work: its status is \
            not complete, closed or waiting (by default not finished, cancelled or paused). Ordered by workplan planning_priority and planning_order, task priority, \
            then how many open tasks it unblocks.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Only tasks of workplans in this repo.")
    var repo: String?

    @Option(help: "Only tasks of this owner (the task's, else its workplan's).")
    var owner: String?

    @Option(help: "At most this many tasks.")
    var limit: Int?

    @Option(help: "Output format: text or json.")
    var format: GateFormat = .text

    func run() throws {
        let loaded = try workspace.load()
        if let repo, loaded.repo(named: repo) == nil {
            Terminal.error("error: no repo named '\(repo)'; known repos: \(loaded.repos.map(\.name.terminalSafe).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let index = DependencyIndex(analysis: BlockingAnalysis(WorkspaceGraph(loaded)), today: Today.utc(environment: ProcessInfo.processInfo.environment))
        let list = ReadyList(index: index, repo: repo, owner: owner, limit: limit)
        try Terminal.write(Terminal.render { format == .json ? try list.renderJSON() : list.renderText(style: Terminal.style()) })
        Terminal.report(loaded.diagnostics)
    }
}
