import Foundation
import WPTestSupport
import Testing
@testable import WorkplanKit

/// Gates lint only the workplans whose elements their requirements may confirm
/// (`LintContext(analysis:scope:onlyWorkplans:)`). That is sound only when every finding
/// about an element of those workplans is the one a lint of the whole workspace makes:
/// checked here workplan by workplan, on a workspace that trips the rules which look
/// across files (a cycle through two files, an id defined twice, a done task whose
/// dependency in another file is open) as well as rules of one file.
@Suite("Gate lint of some workplans agrees with lint of the workspace")
struct GateLintScopeTests {
    static func workplan(_ id: String, status: String = "active", tasks: String) -> String {
        """
        ---
        id: \(id)
        type: workplan
        title: "Plan \(id)"
        status: \(status)
        owner: ops
        created: "2026-01-01"
        updated: "2026-01-02"
        ---

        # Plan \(id)

        \(tasks)
        """
    }

    static func task(_ id: String, _ yaml: String) -> String {
        "## \(id)\n\n```task\nid: \(id)\n\(yaml)\n```\n\n"
    }

    func workspace() throws -> (TemporaryDirectory, Workspace) {
        let directory = try TemporaryDirectory("gate-lint-scope")
        _ = try directory.write(".wp.yaml", "repo: ops\n")
        // A cycle through two files: the reference that reports it is in the file sorted first (A).
        _ = try directory.write("workplans/OPS-WP-0001-a.md", Self.workplan("OPS-WP-0001", tasks:
            Self.task("OPS-WP-0001-T01", "status: todo\ndepends_on: [OPS-WP-0002-T01]")
            + Self.task("OPS-WP-0001-T02", "status: done\ndepends_on: [OPS-WP-0003-T01]")))
        _ = try directory.write("workplans/OPS-WP-0002-b.md", Self.workplan("OPS-WP-0002", tasks:
            Self.task("OPS-WP-0002-T01", "status: todo\ndepends_on: [OPS-WP-0001-T01]")
            + Self.task("OPS-WP-0002-T02", "status: in_progress\npriority: [not, a, priority]")))
        // An id defined in two files; an open task another file's done task depends on.
        _ = try directory.write("workplans/OPS-WP-0003-c.md", Self.workplan("OPS-WP-0003", tasks:
            Self.task("OPS-WP-0003-T01", "status: todo")
            + Self.task("OPS-WP-0004-T01", "status: blocked")))
        _ = try directory.write("workplans/OPS-WP-0004-d.md", Self.workplan("OPS-WP-0004", status: "finished", tasks:
            Self.task("OPS-WP-0004-T01", "status: todo")
            + Self.task("OPS-WP-0004-T02", "status: wat")))
        let workspace = try WorkspaceLoader(offline: true, environment: [:]).load(from: directory.path)
        return (directory, workspace)
    }

    @Test("every workplan alone: the findings about its elements are the whole lint's, errors included")
    func eachWorkplanAlone() throws {
        let (directory, workspace) = try workspace()
        _ = directory
        let analysis = BlockingAnalysis(WorkspaceGraph(workspace))
        let graph = analysis.graph
        let engine = LintEngine(config: workspace.config)
        let whole = engine.run(LintContext(analysis: analysis, scope: .workspace)).diagnostics
        #expect(whole.contains { $0.rule == "dependency-cycle" }, "the fixture must have a cycle: \(whole.map(\.rule))")
        #expect(whole.contains { $0.rule == "duplicate-id" }, "the fixture must have a duplicate id: \(whole.map(\.rule))")
        #expect(whole.contains { $0.severity == .error }, "the fixture must have errors")
        // Each element a gate could ask about (every workplan, task and decision), alone.
        for node in graph.nodes.indices where graph.nodes[node].workplanIndex != nil {
            var members = [node]
            if graph.nodes[node].kind == .workplan, let index = graph.nodes[node].workplanIndex {
                members += graph.taskNodes[index] + graph.decisionNodes[index]
            }
            let subjects = Set(members.map { Diagnostic.Subject(repo: graph.nodes[$0].repo, id: graph.nodes[$0].id) })
            let about = { (findings: [Diagnostic]) in findings.filter { $0.subject.map(subjects.contains) ?? false } }
            let linted = GateEvaluator.workplansToLint(for: [node], graph: graph)
            #expect(linted.count < graph.workplans.count || graph.nodes[node].id == "OPS-WP-0004-T01",
                    "\(graph.nodes[node].id): lints every workplan")
            let some = engine.run(LintContext(analysis: analysis, scope: .workspace, onlyWorkplans: linted)).diagnostics
            #expect(about(some) == about(whole), "\(graph.nodes[node].id): \(about(some)) vs \(about(whole))")
        }
        // The duplicated id: both files are linted, each holding errors filed under that id.
        let duplicated = graph.nodes(withID: "OPS-WP-0004-T01")
        #expect(duplicated.count == 2)
        #expect(GateEvaluator.workplansToLint(for: [duplicated[0]], graph: graph).count == 2)
        // The cycle is reported in A; checking B alone must not move it there.
        let b = try #require(graph.workplans.firstIndex { $0.id == "OPS-WP-0002" })
        let bAlone = engine.run(LintContext(analysis: analysis, scope: .workspace, onlyWorkplans: [b])).diagnostics
        #expect(!bAlone.contains { $0.rule == "dependency-cycle" && $0.location.path.contains("OPS-WP-0002") })
    }
}
