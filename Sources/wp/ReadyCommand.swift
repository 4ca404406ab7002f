import Foundation
import ArgumentParser
import WorkplanKit

struct ReadyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ready",
        abstract: "What can I start now: tasks nobody started, with nothing open before them, best first.",
        discussion: """
            A task is ready when its status is a planned one (todo by default), nothing it depends on is open, \
            and its workplan is active (a status with the active role). --all also offers the tasks of workplans \
            not yet active (draft, proposed, backlog); paused, finished and cancelled workplans offer none. \
            Tasks already in progress are not ready: --include-started lists them in a section of their own. \
            Ordered by workplan planning_priority and planning_order, task priority, then how many open tasks it unblocks.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Only tasks of workplans in this repo.")
    var repo: String?

    @Option(help: "Only tasks of this owner (the task's, else its workplan's).")
    var owner: String?

    @Option(parsing: .unconditional, help: "At most this many tasks (0 or more).")
    var limit: Int?

    @Flag(help: "Also tasks of workplans not yet active (draft, proposed, backlog by default).")
    var all = false

    @Flag(help: "Also list the tasks already in progress, in a section of their own.")
    var includeStarted = false

    @OptionGroup var output: FormatOption<ReadyList>
    @OptionGroup var partial: PartialReadOption

    func validate() throws {
        try NumberArgument.requireNonNegative(limit, "--limit")
    }

    func run() throws {
        let session = try workspace.answeringSession(allowPartial: partial.allowPartial)
        try session.requireRepo(repo)
        let list = ReadyList(index: session.index, repo: repo, owner: owner, limit: limit,
                             scope: all ? .all : .active, includeStarted: includeStarted)
        try session.answer(list, output)
    }
}
