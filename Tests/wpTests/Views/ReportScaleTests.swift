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
}
