import Foundation
import Testing

/// Issue 13, item 7: status separates waiting from sequencing; `--open`; gates show a blocked task's reason.
@Suite("wp status: waiting apart from sequencing, --open, reasons in gates (end to end)")
struct StatusSeparationTests {
    /// APP-WP-0001: T01 todo; T02 after T01 (sequenced); T03 after T02 and a pending decision (waiting);
    /// T04 `wait` with a reason (waiting); T05 after another plan's task (waiting). APP-WP-0002 finished,
    /// APP-WP-0003 cancelled. A gate requires T04.
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-status-apart")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        var plan = ViewFixtures.plan("APP-WP-0001", "active", [
            ("T01", "status: todo"), ("T02", "status: todo\ndepends_on: [T01]"), ("T03", "status: todo\ndepends_on: [T02]"),
            ("T04", "status: wait\nreason: the vendor contract is unsigned"), ("T05", "status: todo\ndepends_on: [APP-WP-0004-T01]"),
        ])
        plan += """
            ```decision
            id: APP-WP-0001-D01
            title: Which vendor
            status: pending
            blocks: [T03]
            ```

            ```gate
            id: apps/launch
            requires:
              - APP-WP-0001-T04
            ```

            """
        try directory.write("apps/workplans/APP-WP-0001.md", plan)
        try directory.write("apps/workplans/APP-WP-0002.md", ViewFixtures.plan("APP-WP-0002", "finished", [("T01", "status: done")]))
        try directory.write("apps/workplans/APP-WP-0003.md", ViewFixtures.plan("APP-WP-0003", "cancelled", [("T01", "status: todo")]))
        try directory.write("apps/workplans/APP-WP-0004.md", ViewFixtures.plan("APP-WP-0004", "active", [("T01", "status: todo")]))
        return directory
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
    }

    @Test("the summary line and the JSON count waiting and sequenced tasks apart")
    func waitingApartFromSequencing() throws {
        let directory = try Self.workspace()
        let text = try run(["status"], in: directory)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasSuffix("4 workplans, 8 tasks, 4 blocked (3 waiting, 1 only after an earlier task of their plan)\n"), "\(text.stdout)")
        let json = try run(["status", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let counts = try #require(object["blockedCounts"] as? [String: Int])
        #expect(counts == ["blocked": 4, "waiting": 3, "sequenced": 1])
        let blocked = try #require(object["blocked"] as? [[String: Any]])
        let sequenced = blocked.filter { $0["sequenced"] as? Bool == true }.compactMap { $0["id"] as? String }
        #expect(sequenced == ["APP-WP-0001-T02"])
        #expect(blocked.count == 4)
    }

    @Test("--open leaves out finished and cancelled workplans")
    func openOnly() throws {
        let directory = try Self.workspace()
        let all = try run(["status"], in: directory).stdout
        #expect(all.contains("APP-WP-0002") && all.contains("APP-WP-0003"))
        let open = try run(["status", "--open"], in: directory)
        #expect(open.status == 0)
        #expect(!open.stdout.contains("APP-WP-0002") && !open.stdout.contains("APP-WP-0003"), "\(open.stdout)")
        #expect(open.stdout.contains("APP-WP-0001") && open.stdout.contains("APP-WP-0004"))
        #expect(open.stdout.hasSuffix("2 workplans, 6 tasks, 4 blocked (3 waiting, 1 only after an earlier task of their plan)\n"), "\(open.stdout)")
    }

    @Test("gate text shows a blocked task's reason, as status does")
    func gateShowsReason() throws {
        let directory = try Self.workspace()
        let status = try run(["status"], in: directory)
        #expect(status.stdout.contains("status is wait: the vendor contract is unsigned"), "\(status.stdout)")
        let gate = try run(["gate", "check", "apps/launch"], in: directory)
        #expect(gate.status == 1)
        #expect(gate.stdout.contains("APP-WP-0001-T04 is wait (reason: the vendor contract is unsigned)"), "\(gate.stdout)")
    }
}
