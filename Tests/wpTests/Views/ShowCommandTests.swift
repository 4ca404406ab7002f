import Foundation
import Testing

/// Issue 13, item 2: `wp show` shows the element whole, end to end.
@Suite("wp show: the element whole (end to end)")
struct ShowCommandTests {
    /// APP-WP-0001 (active): T01 todo, T02 after T01, T03 blocked with a reason, T04, a decision and a gate
    /// requiring T01. APP-WP-0002 depends on APP-WP-0001, mentions it and its T03 in prose, and has a T04 too.
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-show")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        var first = ViewFixtures.plan("APP-WP-0001", "active", [
            ("T01", "status: todo"), ("T02", "status: todo\ndepends_on: [T01]"),
            ("T03", "status: blocked\nreason: waiting for the vendor"), ("T04", "status: done"),
        ])
        first += """
            ## Decisions

            ```decision
            id: APP-WP-0001-D01
            title: Which database
            status: pending
            blocks: [T02]
            ```

            ## Gate

            ```gate
            id: apps/launch
            requires:
              - APP-WP-0001-T01
            ```

            """
        try directory.write("apps/workplans/APP-WP-0001.md", first)
        var second = ViewFixtures.plan("APP-WP-0002", "active", [("T04", "status: todo")])
        second = second.replacingOccurrences(of: "status: active\n", with: "status: active\ndepends_on: [APP-WP-0001]\n")
        second += "Keep APP-WP-0001 moving; see APP-WP-0001-T03 for the vendor.\n"
        try directory.write("apps/workplans/APP-WP-0002.md", second)
        return directory
    }

    func show(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(["show"] + arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
    }

    @Test("a workplan lists its tasks (with status and blockers), decisions, gates and backlinks: dependents, prose mentions, gates")
    func workplanWhole() throws {
        let directory = try Self.workspace()
        let result = try show(["APP-WP-0001"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("\nTasks\n  APP-WP-0001-T01  todo  T01 — Task T01\n"), "\(text)")
        #expect(text.contains("  APP-WP-0001-T02  todo  T02 — Task T02  blocked on APP-WP-0001-T01, APP-WP-0001-D01\n"), "\(text)")
        #expect(text.contains("  APP-WP-0001-T03  blocked  T03 — Task T03  blocked  (waiting for the vendor)\n"), "\(text)")
        #expect(text.contains("  APP-WP-0001-T04  done  T04 — Task T04\n"), "\(text)")
        #expect(text.contains("\nDecisions\n  APP-WP-0001-D01  pending  Which database\n"), "\(text)")
        #expect(text.contains("\nGates\n  apps/launch  fail  apps/launch\n"), "\(text)")
        #expect(text.contains("\nDepended on by\n  APP-WP-0002  active  via depends_on, apps\n"), "\(text)")
        #expect(text.contains("\nMentioned in\n  APP-WP-0002  workplans/APP-WP-0002.md:"), "\(text)")

        let json = try show(["APP-WP-0001", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == [
            "APP-WP-0001-T01", "APP-WP-0001-T02", "APP-WP-0001-T03", "APP-WP-0001-T04", "APP-WP-0001-D01", "apps/launch",
        ])
        #expect(items[1]["blockers"] as? [String] == ["APP-WP-0001-T01", "APP-WP-0001-D01"])
        #expect(items[1]["blocked"] as? Bool == true)
        #expect(items[2]["reason"] as? String == "waiting for the vendor")
        #expect(items[5]["status"] as? String == "fail")
        #expect((object["mentions"] as? [[String: Any]])?.compactMap { $0["workplan"] as? String } == ["APP-WP-0002"])

        // A task: the gate that requires it is a backlink too.
        let task = try show(["APP-WP-0001-T01"], in: directory)
        #expect(task.stdout.contains("  apps/launch  fail  via requires, apps\n"), "\(task.stdout)")
        #expect(task.stdout.contains("  APP-WP-0001-T02  todo  via depends_on, apps\n"), "\(task.stdout)")
        let mentioned = try show(["APP-WP-0001-T03"], in: directory)
        #expect(mentioned.stdout.contains("\nMentioned in\n  APP-WP-0002  "), "\(mentioned.stdout)")
    }

    @Test("a short id resolves when the repo has one element with it; several are listed; exit 2")
    func shortIDs() throws {
        let directory = try Self.workspace()
        let one = try show(["T03"], in: directory)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("APP-WP-0001-T03  task  blocked\n"), "\(one.stdout)")
        let several = try show(["T04"], in: directory)
        #expect(several.status == 2)
        #expect(several.stdout == "")
        #expect(several.stderr.contains("'T04' names 2 elements of this repo: APP-WP-0001-T04, APP-WP-0002-T04; use the full id"), "\(several.stderr)")
        // Every candidate works when typed as printed.
        for candidate in ["APP-WP-0001-T04", "APP-WP-0002-T04"] {
            #expect(try show([candidate], in: directory).status == 0)
        }
        let none = try show(["T09"], in: directory)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no workplan, task, decision or gate 'T09'"), "\(none.stderr)")
    }

    @Test("a mistyped id suggests the one meant: other case, a shortened prefix, a typo")
    func suggestions() throws {
        let directory = try Self.workspace()
        for (typed, meant) in [("app-wp-0002", "APP-WP-0002"), ("ap-wp-0002", "APP-WP-0002"), ("APP-WP-0001-T3", "APP-WP-0001-T03")] {
            let result = try show([typed], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.contains("no workplan, task, decision or gate '\(typed)'; did you mean '\(meant)'?"), "\(typed): \(result.stderr)")
        }
        // The prefix may be any abbreviation, as the team writes it.
        try directory.write("apps/workplans/RAILIANCE-WP-0002.md", ViewFixtures.plan("RAILIANCE-WP-0002", "active", []))
        let rail = try show(["rail-wp-0002"], in: directory)
        #expect(rail.stderr.contains("did you mean 'RAILIANCE-WP-0002'?"), "\(rail.stderr)")
    }
}
