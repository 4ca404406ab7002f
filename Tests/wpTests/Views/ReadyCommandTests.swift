import Foundation
import Testing

/// Issue 13, item 1: `wp ready` answers "what can I start now", end to end.
@Suite("wp ready: what can I start now (end to end)")
struct ReadyCommandTests {
    /// One active workplan (a task to start, one in progress, one after it, one waiting), and one
    /// workplan in each status that is not active.
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-ready")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        try directory.write("apps/workplans/APP-WP-0001-main.md", ViewFixtures.plan("APP-WP-0001", "active", [
            ("T01", "status: todo\nowner: alice"),
            ("T02", "status: in_progress"),
            ("T03", "status: todo\ndepends_on: [T01]"),
            ("T04", "status: blocked\nreason: waiting for the vendor"),
        ]))
        for (number, status) in [(2, "backlog"), (3, "draft"), (4, "paused"), (5, "finished")] {
            try directory.write("apps/workplans/APP-WP-000\(number).md", ViewFixtures.plan("APP-WP-000\(number)", status, [
                ("T01", status == "finished" ? "status: done" : "status: todo"),
            ]))
        }
        return directory
    }

    func ready(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(["ready"] + arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
    }

    func ids(_ json: String, _ key: String = "tasks") throws -> [String]? {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (object[key] as? [[String: Any]])?.compactMap { $0["id"] as? String }
    }

    @Test("by default: only tasks nobody started, with nothing open before them, in active workplans")
    func defaultScope() throws {
        let directory = try Self.workspace()
        let result = try ready(["--format", "json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // Not T02 (in progress), T03 (after T01), T04 (waits), nor the backlog, draft, paused or finished plans' tasks.
        #expect(try ids(result.stdout) == ["APP-WP-0001-T01"])
        #expect(try ids(result.stdout, "started") == nil, "no started section unless asked")
        let text = try ready([], in: directory).stdout
        #expect(text.contains("APP-WP-0001-T01  -        todo  T01 — Task T01  unblocks 1  (apps)\n"), "\(text)")
        #expect(!text.contains("APP-WP-0002"))
    }

    @Test("--all widens to workplans not yet active (backlog, draft), never paused or finished ones")
    func allScope() throws {
        let directory = try Self.workspace()
        let result = try ready(["--all", "--format", "json"], in: directory)
        #expect(try ids(result.stdout) == ["APP-WP-0001-T01", "APP-WP-0002-T01", "APP-WP-0003-T01"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["scope"] as? String == "all")
        let text = try ready(["--all"], in: directory).stdout
        #expect(text.contains("(apps, workplan backlog)"), "the workplan's status is shown when it is not active: \(text)")
    }

    @Test("--include-started: work in progress in a section of its own, with its blocked state")
    func includeStarted() throws {
        let directory = try Self.workspace()
        let json = try ready(["--include-started", "--format", "json"], in: directory).stdout
        #expect(try ids(json) == ["APP-WP-0001-T01"])
        #expect(try ids(json, "started") == ["APP-WP-0001-T02"])
        let text = try ready(["--include-started"], in: directory).stdout
        #expect(text.hasSuffix("\nStarted (1)\n  APP-WP-0001-T02  -        in_progress  T02 — Task T02  (apps)\n"), "\(text)")
    }

    @Test("empty answers say why: an owner nobody has; only workplans not yet active, with a hint that works as typed")
    func emptyAnswers() throws {
        let directory = try Self.workspace()
        let nobody = try ready(["--owner", "nobody"], in: directory)
        #expect(nobody.status == 0)
        #expect(nobody.stdout == "No task has owner 'nobody' (a task's owner, else its workplan's).\n")
        let alice = try ready(["--owner", "alice"], in: directory)
        #expect(alice.stdout.contains("APP-WP-0001-T01"))

        let backlogOnly = try TemporaryDirectory("wp-e2e-ready-backlog")
        try backlogOnly.write("apps/.wp.yaml", "repo: apps\n")
        try backlogOnly.write("apps/workplans/APP-WP-0002.md", ViewFixtures.plan("APP-WP-0002", "backlog", [("T01", "status: todo"), ("T02", "status: todo")]))
        let empty = try ready([], in: backlogOnly)
        #expect(empty.stdout == "No task is ready in an active workplan; 2 tasks could start in workplans not yet active (wp ready --all).\n")
        let hint = try #require(empty.stdout.firstMatch(of: /\(wp (ready[^)]*)\)/)).1.split(separator: " ").map(String.init)
        let followed = try ready(Array(hint.dropFirst()), in: backlogOnly)
        #expect(followed.status == 0)
        #expect(followed.stdout.contains("APP-WP-0002-T01") && followed.stdout.contains("APP-WP-0002-T02"))
    }

    @Test("--limit -1 is a usage error that says what --limit takes")
    func negativeLimit() throws {
        let directory = try Self.workspace()
        let result = try ready(["--limit", "-1"], in: directory)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("--limit takes a number of 0 or more, not -1"), "\(result.stderr)")
    }

    @Test("unblocks counts every open task waiting, directly or through workplans, once: 300 ready tasks × 300 waiting")
    func unblocksThroughAWorkplan() throws {
        // Every task of B inherits B's dependency on A; every task of A counts toward A: each of A's
        // 300 ready tasks unblocks B's 300 tasks (the shape that took 11 s at 10,000 × 10,000).
        let directory = try TemporaryDirectory("wp-e2e-ready-wide")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        try directory.write("apps/workplans/A-WP-0001.md", ViewFixtures.plan("A-WP-0001", "active", (1...300).map { ("T\($0)", "status: todo") }))
        var b = ViewFixtures.plan("B-WP-0001", "active", (1...300).map { ("T\($0)", "status: todo") })
        b = b.replacingOccurrences(of: "status: active\n", with: "status: active\ndepends_on: [A-WP-0001]\n")
        try directory.write("apps/workplans/B-WP-0001.md", b)
        let result = try ready(["--format", "json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        #expect(tasks.count == 300, "B's tasks wait on A")
        #expect(tasks.allSatisfy { $0["unblocks"] as? Int == 300 }, "\(tasks.prefix(2))")
    }
}
