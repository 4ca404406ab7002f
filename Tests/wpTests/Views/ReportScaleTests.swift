import Foundation
import Testing

/// Issue 13, item 5 (in part): a team-sized report draws its graph one node per workplan.
@Suite("wp report at team scale: the graph per workplan (end to end)")
struct ReportScaleTests {
    /// 70 active workplans of 5 open tasks (420 open elements, above Limits.reportGraphElements = 300);
    /// each plan's T01 waits on the previous plan's T05.
    static func workspace(plans: Int) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-report-scale")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        for number in 1...plans {
            let id = String(format: "W-WP-%04d", number)
            let previous = String(format: "W-WP-%04d-T05", number - 1)
            try directory.write("apps/workplans/\(id).md", ViewFixtures.plan(id, "active", [
                ("T01", number == 1 ? "status: todo" : "status: todo\ndepends_on: [\(previous)]"),
                ("T02", "status: todo"), ("T03", "status: todo"), ("T04", "status: todo"), ("T05", "status: todo"),
            ]))
        }
        return directory
    }

    func report(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(["report"] + arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
    }

    @Test("above 300 open elements: one node per workplan, plan-to-plan edges, and the report says so")
    func perWorkplan() throws {
        let directory = try Self.workspace(plans: 70)
        let json = try report(["--format", "json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let mermaid = try #require(object["mermaid"] as? String)
        #expect(!mermaid.contains("W-WP-0001-T01"), "no task nodes")
        #expect(mermaid.contains("W-WP-0001") && mermaid.contains("W-WP-0070"))
        // 69 plan-to-plan edges: each plan waits on the one before.
        #expect(mermaid.components(separatedBy: "-->|waits on|").count - 1 == 69, "\(mermaid.prefix(2_000))")
        #expect(!mermaid.contains("subgraph wp"), "a plan is a node, not a cluster")
        let markdown = try report([], in: directory).stdout
        #expect(markdown.contains("## Dependency graph\n\nMore than 300 open elements: one node per workplan, an edge where one plan waits on another (`wp graph ID` draws a plan in full).\n\n```mermaid\n"))
        let html = try report(["--format", "html"], in: directory).stdout
        #expect(html.contains("<p>More than 300 open elements: one node per workplan"))
        // Graphviz lays the flat per-workplan graph out (scripts/install-deps installs it).
        #expect(html.contains("<div class=\"svg\"><svg"), "\(html.components(separatedBy: "Dependency graph").last?.prefix(300) ?? "")")
    }

    @Test("at or below 300 open elements the graph is drawn element by element")
    func elementByElement() throws {
        let directory = try Self.workspace(plans: 50)  // 300 open elements
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try report(["--format", "json"], in: directory).stdout.utf8)) as? [String: Any])
        let mermaid = try #require(object["mermaid"] as? String)
        #expect(mermaid.contains("W-WP-0001-T01"))
        #expect(!(try report([], in: directory).stdout.contains("More than 300 open elements")))
    }

    @Test("above 150 open workplans as well: one node per repo, waits between repos counted, and the report says so")
    func perRepo() throws {
        // Two repos of 80 active plans, two open tasks each (480 open elements, 160 plans); each plan
        // of `ops` waits on the plan of `apps` with its number, and each `apps` plan after the first
        // on the one before it.
        let directory = try TemporaryDirectory("wp-e2e-report-repos")
        try directory.write("apps/.wp.yaml", "repo: apps\npeers:\n  ops: {path: ../ops}\n")
        try directory.write("ops/.wp.yaml", "repo: ops\npeers:\n  apps: {path: ../apps}\n")
        for number in 1...80 {
            let app = String(format: "A-WP-%04d", number), op = String(format: "O-WP-%04d", number)
            let previous = String(format: "A-WP-%04d-T02", number - 1)
            try directory.write("apps/workplans/\(app).md", ViewFixtures.plan(app, "active", [
                ("T01", number == 1 ? "status: todo" : "status: todo\ndepends_on: [\(previous)]"), ("T02", "status: todo"),
            ]))
            try directory.write("ops/workplans/\(op).md", ViewFixtures.plan(op, "active", [
                ("T01", "status: todo\ndepends_on: [\"apps:\(app)-T02\"]"), ("T02", "status: todo"),
            ]))
        }
        let json = try report(["--format", "json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let mermaid = try #require(object["mermaid"] as? String)
        #expect(mermaid == """
            flowchart LR
              r0["apps<br/>80 open workplans · 240 open elements<br/>79 plan-to-plan waits inside"]
              r1["ops<br/>80 open workplans · 240 open elements"]
              r0 -->|80 waits| r1

            """)
        let markdown = try report([], in: directory).stdout
        #expect(markdown.contains("## Dependency graph\n\nMore than 300 open elements and 150 open workplans: one node per repo"))
        let html = try report(["--format", "html"], in: directory).stdout
        #expect(html.contains("<p>More than 300 open elements and 150 open workplans: one node per repo"))
        #expect(html.contains("<div class=\"svg\"><svg"), "Graphviz lays out the repo graph")
        #expect(html.contains(">80 waits</text>"))
    }
}
