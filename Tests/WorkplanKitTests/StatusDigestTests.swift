import Foundation
import WPTestSupport
import Testing
@testable import WorkplanKit

/// `wp mcp`'s `status` answer: `wp status` counted in all and per repo, its lists cut at a
/// limit, the entries the CLI's own.
@Suite("Status digest")
struct StatusDigestTests {
    /// Two repos; `ops` holds a finished plan, an active plan with a sequenced, a waiting-by-status
    /// and a cross-plan blocked task, and a pending decision; its path peer `web` one blocked task.
    func report(filter: StatusFilter = StatusFilter()) throws -> (TemporaryDirectory, StatusReport) {
        let directory = try TemporaryDirectory("status-digest")
        let plan = { (id: String, status: String, body: String) in
            "---\nid: \(id)\ntype: workplan\ntitle: \"Plan \(id)\"\nstatus: \(status)\nowner: ops\n---\n\n# \(id)\n\n\(body)"
        }
        let task = { (id: String, yaml: String) in "## \(id)\n\n```task\nid: \(id)\n\(yaml)\n```\n\n" }
        _ = try directory.write("ops/.wp.yaml", "repo: ops\npeers:\n  web: {path: ../web}\n")
        _ = try directory.write("ops/workplans/OPS-WP-0001-done.md", plan("OPS-WP-0001", "finished", task("OPS-WP-0001-T01", "status: done")))
        _ = try directory.write("ops/workplans/OPS-WP-0002-work.md", plan("OPS-WP-0002", "active",
            task("OPS-WP-0002-T01", "status: todo") + task("OPS-WP-0002-T02", "status: todo\ndepends_on: [OPS-WP-0002-T01]")
            + task("OPS-WP-0002-T03", "status: blocked\nreason: waits for the vendor")
            + task("OPS-WP-0002-T04", "status: todo\ndepends_on: [web:WEB-WP-0001-T01]")
            + "```decision\nid: OPS-WP-0002-D01\ntitle: Which vendor\nstatus: pending\n```\n"))
        _ = try directory.write("web/workplans/WEB-WP-0001-site.md", plan("WEB-WP-0001", "active",
            task("WEB-WP-0001-T01", "status: todo") + task("WEB-WP-0001-T02", "status: todo\ndepends_on: [OPS-WP-0002-T03]")))
        let session = try WorkspaceSession(options: .init(directory: directory.absolute("ops"), offline: true, environment: [:]))
        return (directory, StatusReport(analysis: session.analysis, filter: filter))
    }

    @Test("counts cover every task, per repo and in all; blocked tasks that wait come first; lists cut at the limit")
    func countsAndCut() throws {
        let (directory, full) = try report()
        _ = directory
        #expect(full.blocked.count == 4, "\(full.blocked.map(\.id))")
        var lean = StatusFilter()
        lean.listsTasks = false
        let (other, withoutTasks) = try report(filter: lean)
        _ = other
        #expect(withoutTasks.blocked == full.blocked, "leaving task lists out changes the blocked list")
        #expect(withoutTasks.workplans.allSatisfy(\.tasks.isEmpty) && withoutTasks.workplans.count == full.workplans.count)

        let digest = StatusDigest(withoutTasks, onlyBlocked: false, limit: 2, fullDocument: "wp://status")
        #expect(digest.summary.workplans == 3 && digest.summary.openWorkplans == 2)
        #expect(digest.summary.tasks == 7 && digest.summary.completeTasks == 1 && digest.summary.pendingDecisions == 1)
        #expect(digest.summary.blocked == 4 && digest.summary.sequenced == 1 && digest.summary.waiting == 3)
        #expect(digest.repos.map(\.name) == ["ops", "web"])
        #expect(digest.repos.map(\.counts.blocked) == [3, 1] && digest.repos.map(\.counts.tasks) == [5, 2])
        // Waiting ones first, in the CLI's order; the sequenced OPS-WP-0002-T02 last.
        let waitingFirst = full.blocked.filter { !$0.sequenced } + full.blocked.filter(\.sequenced)
        #expect(waitingFirst.last?.id == "OPS-WP-0002-T02")
        #expect(digest.blocked == Array(waitingFirst.prefix(2)))
        #expect(digest.workplans.map(\.id) == ["OPS-WP-0002", "WEB-WP-0001"] && digest.workplans.map(\.blocked) == [3, 1])
        #expect(digest.total == .init(workplans: 2, blocked: 4, problems: 0) && digest.truncated)
        let text = digest.renderText(style: .plain)
        #expect(text.hasPrefix("3 workplans (2 open), 7 tasks (1 complete), 4 blocked (3 waiting, 1 only after an earlier task of their plan), 1 pending decision\n"))
        #expect(text.contains("Blocked tasks (first 2 of 4, waiting ones first)") && text.contains("read wp://status"))

        let whole = StatusDigest(withoutTasks, onlyBlocked: true, limit: 50, fullDocument: "wp://status")
        #expect(!whole.truncated && whole.blocked.count == 4 && whole.workplans.map(\.id) == ["OPS-WP-0002", "WEB-WP-0001"])
        #expect(!whole.renderText(style: .plain).contains("wp://status"))
        let json = try JSONSerialization.jsonObject(with: Data(JSONOutput.encode(whole).utf8)) as? [String: Any]
        #expect(Set(json?.keys.map { $0 } ?? []) == ["summary", "repos", "workplans", "blocked", "problems", "limit", "total", "truncated", "fullDocument"])
    }

    @Test("describing only the listed blocked tasks changes no listed entry, for every limit")
    func describedBlockedLimit() throws {
        var lean = StatusFilter()
        lean.listsTasks = false
        let (directory, everyOneDescribed) = try report(filter: lean)
        _ = directory
        #expect(everyOneDescribed.blocked.contains { !$0.blockers.isEmpty }, "the fixture must have blockers to describe")
        for limit in 0...5 {
            var filter = lean
            filter.describedBlockedLimit = limit
            let (other, some) = try report(filter: filter)
            _ = other
            // The same entries in the same order, their counts and sequencing whole.
            #expect(some.blocked.map(\.id) == everyOneDescribed.blocked.map(\.id))
            #expect(some.blocked.map(\.sequenced) == everyOneDescribed.blocked.map(\.sequenced))
            // A digest listing `limit` of them lists the very entries of the fully described report.
            let digest = StatusDigest(some, onlyBlocked: false, limit: limit, fullDocument: "wp://status")
            let expected = StatusDigest(everyOneDescribed, onlyBlocked: false, limit: limit, fullDocument: "wp://status")
            #expect(digest == expected, "limit \(limit)")
            #expect(try JSONOutput.encode(digest) == JSONOutput.encode(expected))
            // Beyond the limit, entries carry no blockers: nothing was walked for them.
            let described = some.blocked.filter { !$0.blockers.isEmpty }.count
            #expect(described <= limit)
        }
    }
}
