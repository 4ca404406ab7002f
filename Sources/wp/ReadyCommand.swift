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

    @OptionGroup var output: FormatOption<ReadyList>
    @OptionGroup var partial: PartialReadOption

    func run() throws {
        let session = try workspace.session(allowPartial: partial.allowPartial)
        try session.requireRepo(repo)
        try Terminal.show(ReadyList(index: session.index, repo: repo, owner: owner, limit: limit), output.format)
        try session.finish()
    }
}
