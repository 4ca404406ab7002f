import Foundation
import Testing
@testable import WorkplanKit

// The reports under `wp ready`, `wp show`, `wp impact` and `wp report`, one
// rule at a time, on small workspaces written for each rule. Every expected
// value is read off the files the test writes, never off the code.

/// A workspace of two repos (`apps`, local; `platform`, its peer) written from literal files.
private struct PlanWorkspace {
    static let appsConfig = "repo: apps\ninclude: [workplans/**/*.md, docs/**/*.md]\npeers:\n  platform: {path: ../platform}\n"

    let directory: TemporaryDirectory
    let workspace: Workspace
    let index: DependencyIndex
    var graph: WorkspaceGraph { index.graph }

    /// `files` by path under the workspace directory; `apps/.wp.yaml` and `platform/.wp.yaml` are added when missing.
    /// Gates are evaluated on `today`.
    init(_ files: [String: String], today: String = "2026-06-30", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        directory = try TemporaryDirectory("wp-report")
        var all = files
        all["apps/.wp.yaml"] = all["apps/.wp.yaml"] ?? Self.appsConfig
        all["platform/.wp.yaml"] = all["platform/.wp.yaml"] ?? "repo: platform\n"
        for (path, text) in all { try directory.write(path, text) }
        workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute("cache"), environment: [:])
            .load(from: directory.absolute("apps"))
        index = WorkspaceSession(workspace, today: today).index
    }

    func node(_ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
        let nodes = graph.nodes(withID: id)
        try #require(nodes.count == 1, "\(id): \(nodes.count) nodes", sourceLocation: sourceLocation)
        return nodes[0]
    }

    func ready(repo: String? = nil, owner: String? = nil, limit: Int? = nil) -> ReadyList {
        ReadyList(index: index, repo: repo, owner: owner, limit: limit)
    }

    func impact(_ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ImpactReport {
        ImpactReport(node: try node(id, sourceLocation: sourceLocation), index: index)
    }

    func detail(_ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ElementDetail {
        ElementDetail(node: try node(id, sourceLocation: sourceLocation), index: index)
    }

    /// The gate's result today (2026-06-30).
    func evaluate(_ gate: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> GateResult.Outcome {
        let evaluator = GateEvaluator(analysis: index.analysis, today: day("2026-06-30"))
        guard case .found(let definition) = evaluator.lookup(gate) else {
            Issue.record("no gate \(gate)", sourceLocation: sourceLocation)
            return .error
        }
        return evaluator.evaluate(definition).result
    }

    /// The text of a file the test wrote.
    func text(_ path: String) throws -> String { try String(contentsOfFile: directory.absolute(path), encoding: .utf8) }
}

/// A workplan file: front matter (`extra` lines added), then one `## SHORT — Task SHORT` section per task.
private func plan(_ id: String, status: String = "active", _ extra: [String] = [], tasks: [(String, String)], body: String = "") -> String {
    var text = "---\nid: \(id)\ntitle: Plan \(id)\nstatus: \(status)\n" + extra.map { $0 + "\n" }.joined() + "---\n\n# Plan \(id)\n\n"
    for (short, yaml) in tasks {
        text += "## \(short) — Task \(short)\n\n```task\nid: \(id)-\(short)\n\(yaml)\n```\n\n"
    }
    return text + body
}

/// Validates JSON documents against `schemas/<name>.schema.json` with python-jsonschema in one run.
/// A missing python3 or jsonschema fails the test: the contract is not optional.
private func validate(_ documents: [(schema: String, json: String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let scratch = try TemporaryDirectory("wp-report-schema")
    var arguments: [String] = []
    for (offset, document) in documents.enumerated() {
        arguments.append(ReportSchemas.url(document.schema).path)
        arguments.append(try scratch.write("\(offset).json", document.json))
    }
    let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError as error:
            sys.exit("missing Python package: %s (pip install jsonschema; scripts/install-deps installs it)" % error)
        # The schemas let consumers expect new keys; the tests do not: every key must be documented.
        def strict(node):
            if isinstance(node, list):
                return [strict(item) for item in node]
            if not isinstance(node, dict):
                return node
            result = {key: value if key in ("enum", "const", "examples") else strict(value) for key, value in node.items()}
            if "properties" in result and "additionalProperties" not in result:
                result["additionalProperties"] = False
            return result
        failures = []
        for schema_path, instance_path in zip(sys.argv[1::2], sys.argv[2::2]):
            schema = json.load(open(schema_path, encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
            instance = json.load(open(instance_path, encoding="utf-8"))
            for error in jsonschema.Draft202012Validator(strict(schema)).iter_errors(instance):
                failures.append("%s (%s) /%s: %s" % (instance_path, schema_path.rsplit("/", 1)[-1], "/".join(str(p) for p in error.absolute_path), error.message))
        print("\\n".join(failures))
        sys.exit(1 if failures else 0)
        """
    let result = try run("/usr/bin/env", ["python3", "-c", script] + arguments, in: scratch.path)
    if result.status != 0, result.status != 1 || result.stderr.contains("missing Python package") {
        Issue.record("schema validation needs python3 with jsonschema: exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        return
    }
    #expect(result.status == 0, "output does not match its schema:\n\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
}

/// The four output schemas of the planning commands.
enum ReportSchemas {
    static let names = ["ready-output", "show-output", "impact-output", "report-output"]

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    static func url(_ name: String) -> URL { directory.appendingPathComponent("\(name).schema.json") }
}

@Suite("Reports: ready, show, impact, report")
struct ReportTests {
    // MARK: wp ready — which tasks

    @Test("ready: open, unblocked tasks of workplans that are not finished, cancelled or paused")
    func readyWhichTasks() throws {
        let main = plan("MAIN-WP-0001", tasks: [
            ("T01", "status: todo"),
            ("T02", "status: in_progress"),
            ("T03", "status: done"),
            ("T04", "status: cancelled"),
            ("T05", "status: blocked\nreason: vendor"),
            ("T06", "status: wait\nreason: hardware"),
            ("T07", "status: todo\ndepends_on: [T01]"),
            ("T08", "status: todo"),
            ("T09", "status: todo"),
            ("T10", "status: todo\ndepends_on: [NOPE-WP-0001]"),
            ("T11", "status: todo\ndepends_on: [T03, T04]"),
        ], body: """
            ```decision
            id: D-01
            title: Pending
            status: pending
            blocks: [T08]
            ```

            ```decision
            id: D-02
            title: Resolved
            status: resolved
            blocks: [T09]
            ```

            """)
        var files = ["apps/workplans/MAIN-WP-0001.md": main]
        for (number, status) in ["draft", "proposed", "backlog", "finished", "cancelled", "paused"].enumerated() {
            let id = "STAT-WP-000\(number + 1)"
            files["apps/workplans/\(id).md"] = plan(id, status: status, tasks: [("T01", "status: todo")])
        }
        let workspace = try PlanWorkspace(files)
        // Issue 13: by default only what can start now, in active workplans; T02 is already in progress.
        #expect(Set(workspace.ready().tasks.map(\.id)) == ["MAIN-WP-0001-T01", "MAIN-WP-0001-T09", "MAIN-WP-0001-T11"])
        #expect(workspace.ready().total == 3)
        #expect(workspace.ready().started == nil, "started work is listed only when asked for")
        // --all widens it to workplans not yet active; paused, finished and cancelled ones still offer nothing.
        let all = ReadyList(index: workspace.index, scope: .all, includeStarted: true)
        #expect(Set(all.tasks.map(\.id)) == [
            "MAIN-WP-0001-T01", "MAIN-WP-0001-T09", "MAIN-WP-0001-T11",
            "STAT-WP-0001-T01", "STAT-WP-0002-T01", "STAT-WP-0003-T01",
        ])
        #expect(all.total == 6)
        #expect(all.started?.map(\.id) == ["MAIN-WP-0001-T02"])
        #expect(all.started?.first?.blocked == false)
    }

    // MARK: wp ready — the ordering rules, one at a time

    @Test("ordering rule 1: workplan planning_priority (critical, high, medium, low, then none or unknown) beats task priority")
    func readyPlanningPriority() throws {
        // Ids run against the expected order; task priorities run against it too.
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("PP-WP-0001", ["planning_priority: low"], tasks: [("T01", "status: todo\npriority: critical")]),
            "apps/workplans/b.md": plan("PP-WP-0002", ["planning_priority: high"], tasks: [("T01", "status: todo\npriority: low")]),
            "apps/workplans/c.md": plan("PP-WP-0003", ["planning_priority: medium"], tasks: [("T01", "status: todo\npriority: low")]),
            "apps/workplans/d.md": plan("PP-WP-0004", tasks: [("T01", "status: todo\npriority: critical")]),
            "apps/workplans/e.md": plan("PP-WP-0005", ["planning_priority: critical"], tasks: [("T01", "status: todo\npriority: low")]),
        ])
        #expect(workspace.ready().tasks.map(\.workplan) == ["PP-WP-0005", "PP-WP-0002", "PP-WP-0003", "PP-WP-0001", "PP-WP-0004"])
        #expect(workspace.ready().tasks.map(\.planningPriority) == ["critical", "high", "medium", "low", nil])
    }

    @Test("ordering rule 2: with equal planning_priority, planning_order ascending (numerically; none last) beats task priority")
    func readyPlanningOrder() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("PO-WP-0001", ["planning_priority: high", "planning_order: 10"], tasks: [("T01", "status: todo\npriority: critical")]),
            "apps/workplans/b.md": plan("PO-WP-0002", ["planning_priority: high", "planning_order: 2"], tasks: [("T01", "status: todo\npriority: low")]),
            "apps/workplans/c.md": plan("PO-WP-0003", ["planning_priority: high"], tasks: [("T01", "status: todo\npriority: critical")]),
            "platform/workplans/d.md": plan("PO-WP-0004", ["planning_priority: high", "planning_order: 1"], tasks: [("T01", "status: todo\npriority: low")]),
        ])
        #expect(workspace.ready().tasks.map(\.workplan) == ["PO-WP-0004", "PO-WP-0002", "PO-WP-0001", "PO-WP-0003"])
        #expect(workspace.ready().tasks.map(\.planningOrder) == [1, 2, 10, nil])
    }

    @Test("ordering rule 3: inside one workplan, task priority critical, high, medium, low, then none")
    func readyTaskPriority() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("TP-WP-0001", tasks: [
                ("T01", "status: todo\npriority: low"),
                ("T02", "status: todo"),
                ("T03", "status: todo\npriority: critical"),
                ("T04", "status: todo\npriority: medium"),
                ("T05", "status: todo\npriority: high"),
            ]),
        ])
        #expect(workspace.ready().tasks.map(\.id) == ["TP-WP-0001-T03", "TP-WP-0001-T05", "TP-WP-0001-T04", "TP-WP-0001-T01", "TP-WP-0001-T02"])
    }

    @Test("ordering rule 4: with equal priorities, the task that unblocks more open tasks (transitively, across repos) first")
    func readyUnblocks() throws {
        // T01 ← platform X01 ← X02 ← X03: 3.  T03 ← T04 ← T05: 2.  T02 ← T06: 1.  T07 ← T08 (done): 0.
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("UB-WP-0001", tasks: [
                ("T01", "status: todo\npriority: medium"),
                ("T02", "status: todo\npriority: medium"),
                ("T03", "status: todo\npriority: medium"),
                ("T04", "status: todo\npriority: medium\ndepends_on: [T03]"),
                ("T05", "status: todo\npriority: medium\ndepends_on: [T04]"),
                ("T06", "status: todo\npriority: medium\ndepends_on: [T02]"),
                ("T07", "status: todo\npriority: medium"),
                ("T08", "status: done\npriority: medium\ndepends_on: [T07]"),
            ]),
            "platform/workplans/x.md": plan("UX-WP-0001", tasks: [
                ("X01", "status: todo\ndepends_on: [\"apps:UB-WP-0001-T01\"]"),
                ("X02", "status: todo\ndepends_on: [X01]"),
                ("X03", "status: todo\ndepends_on: [X02]"),
            ]),
        ])
        let ready = workspace.ready(repo: "apps")
        #expect(ready.tasks.map(\.id) == ["UB-WP-0001-T01", "UB-WP-0001-T03", "UB-WP-0001-T02", "UB-WP-0001-T07"])
        #expect(ready.tasks.map(\.unblocks) == [3, 2, 1, 0])
    }

    @Test("ordering rule 5: ties are broken by id, whatever the file order")
    func readyIDTieBreak() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("TB-WP-0001", tasks: [("T02", "status: todo\npriority: high"), ("T01", "status: todo\npriority: high")]),
        ])
        #expect(workspace.ready().tasks.map(\.id) == ["TB-WP-0001-T01", "TB-WP-0001-T02"])
    }

    // MARK: wp ready — filters and text

    @Test("--repo, --owner (the task's, else its workplan's) and --limit (total counts before it)")
    func readyFilters() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("FI-WP-0001", ["owner: apps-team"], tasks: [
                ("T01", "status: todo\npriority: high"),
                ("T02", "status: todo\npriority: medium\nowner: alice"),
                ("T03", "status: todo\npriority: low"),
            ]),
            "platform/workplans/b.md": plan("FP-WP-0001", tasks: [
                ("T01", "status: todo\nowner: alice"),
                ("T02", "status: todo"),
            ]),
        ])
        #expect(workspace.ready(repo: "platform").tasks.map(\.id) == ["FP-WP-0001-T01", "FP-WP-0001-T02"])
        #expect(workspace.ready(repo: "apps").tasks.map(\.id) == ["FI-WP-0001-T01", "FI-WP-0001-T02", "FI-WP-0001-T03"])
        #expect(workspace.ready(owner: "alice").tasks.map(\.id) == ["FI-WP-0001-T02", "FP-WP-0001-T01"])
        #expect(workspace.ready(owner: "apps-team").tasks.map(\.id) == ["FI-WP-0001-T01", "FI-WP-0001-T03"])
        #expect(workspace.ready(owner: "apps-team").tasks.map(\.owner) == ["apps-team", "apps-team"])
        #expect(workspace.ready(repo: "platform", owner: "alice").tasks.map(\.id) == ["FP-WP-0001-T01"])
        #expect(workspace.ready(owner: "nobody").tasks.isEmpty)
        let limited = workspace.ready(limit: 2)
        #expect(limited.tasks.map(\.id) == ["FI-WP-0001-T01", "FI-WP-0001-T02"])
        #expect(limited.total == 5)
        #expect(workspace.ready(limit: 50).tasks.count == 5)
        #expect(workspace.ready(repo: "apps", limit: 1).total == 3)
    }

    @Test("ready text: says how it is ordered, shows what each task unblocks, and how many --limit left out")
    func readyText() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("RT-WP-0001", tasks: [
                ("T01", "status: todo\npriority: high"),
                ("T02", "status: in_progress"),
                ("T03", "status: todo\ndepends_on: [T01]"),
            ]),
        ])
        let text = workspace.ready().renderText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "ordered by workplan planning_priority, planning_order, task priority, then open tasks it unblocks")
        // Issue 13: T02 is in progress, so not ready; --include-started lists it in a section of its own.
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("RT-WP-0001-T01  high     todo  T01 — Task T01  unblocks 1  (apps)"), "\(lines[1])")
        let started = ReadyList(index: workspace.index, includeStarted: true).renderText().split(separator: "\n").map(String.init)
        #expect(started.suffix(2) == ["Started (1)", "  RT-WP-0001-T02  -        in_progress  T02 — Task T02  (apps)"], "\(started)")
        #expect(!text.contains("\u{1B}"))
        // T02 is started, so only T01 is ready here; two ready tasks show what --limit leaves out.
        let two = try PlanWorkspace(["apps/workplans/a.md": plan("RL-WP-0001", tasks: [("T01", "status: todo"), ("T02", "status: todo")])])
        let limited = two.ready(limit: 1).renderText()
        #expect(limited.hasSuffix("… 1 more (raise --limit)\n"), "\(limited)")
        let colour = workspace.ready().renderText(style: TerminalStyle(enabled: true))
        #expect(colour.contains("\u{1B}["))
        let none = try PlanWorkspace(["apps/workplans/a.md": plan("RN-WP-0001", tasks: [("T01", "status: done")])])
        #expect(none.ready().renderText() == "No task is ready: every open task is blocked or in a closed workplan.\n")
    }

    @Test("--limit 0: the text must not claim that no task is ready when some are")
    func readyLimitZeroText() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/a.md": plan("LZ-WP-0001", tasks: [("T01", "status: todo"), ("T02", "status: todo")]),
        ])
        let list = workspace.ready(limit: 0)
        #expect(list.tasks.isEmpty)
        #expect(list.total == 2)
        // Two tasks are ready; "No task is ready: every open task is blocked" is false here.
        let text = list.renderText()
        #expect(!text.contains("No task is ready"), "\(text)")
        #expect(text.contains("2 "), "says how many are ready: \(text)")
    }

    // MARK: wp impact

    /// apps: CH-WP-0001 T01 ← T02 ← T03 (also ← T05; T04 done); platform PX-WP-0001 T01 ← apps T02; a gate on T01.
    static let chain: [String: String] = [
        "apps/workplans/ch.md": plan("CH-WP-0001", tasks: [
            ("T01", "status: todo"),
            ("T02", "status: todo\ndepends_on: [T01]"),
            ("T03", "status: todo\ndepends_on: [T02, T05, T04]"),
            ("T04", "status: done"),
            ("T05", "status: todo"),
        ]),
        "platform/workplans/px.md": plan("PX-WP-0001", tasks: [("T01", "status: todo\ndepends_on: [\"apps:CH-WP-0001-T02\"]")]),
        "apps/docs/runbook.md": "# Runbook\n\n```gate\nid: ch/release\nrequires:\n  - CH-WP-0001-T01\n```\n",
    ]

    @Test("impact: every open element waiting on ID, with its distance, per repo; which ones ID alone unblocks")
    func impactItems() throws {
        let workspace = try PlanWorkspace(Self.chain)
        let impact = try workspace.impact("CH-WP-0001-T01")
        #expect(impact.id == "CH-WP-0001-T01")
        struct Expected: Equatable {
            var distance: Int
            var direct: Bool
            var repo: String
            var kind: String
        }
        let got = Dictionary(uniqueKeysWithValues: impact.items.map {
            ($0.id, Expected(distance: $0.distance, direct: $0.unblockedDirectly, repo: $0.repo, kind: $0.kind))
        })
        #expect(got == [
            // T02 waits on T01 alone; the workplan also waits on T02, T03, T05; the gate on T01 alone.
            "CH-WP-0001-T02": Expected(distance: 1, direct: true, repo: "apps", kind: "task"),
            "CH-WP-0001": Expected(distance: 1, direct: false, repo: "apps", kind: "workplan"),
            "ch/release": Expected(distance: 1, direct: true, repo: "apps", kind: "gate"),
            "CH-WP-0001-T03": Expected(distance: 2, direct: false, repo: "apps", kind: "task"),
            "PX-WP-0001-T01": Expected(distance: 2, direct: false, repo: "platform", kind: "task"),
            "PX-WP-0001": Expected(distance: 3, direct: false, repo: "platform", kind: "workplan"),
        ])
        #expect(impact.items.map(\.distance) == impact.items.map(\.distance).sorted(), "nearest first")
        #expect(impact.repos == ["apps", "platform"])
        #expect(!impact.items.contains { $0.id == "CH-WP-0001-T04" }, "complete elements are not listed")

        let text = impact.renderText()
        #expect(text.hasPrefix("Completing CH-WP-0001-T01\n"))
        #expect(text.contains("\napps\n"))
        #expect(text.contains("\nplatform\n"))
        #expect(text.contains("  CH-WP-0001-T02  task  todo  unblocked\n"))
        #expect(text.contains("  PX-WP-0001-T01  task  todo  closer (2 steps away)\n"))
        #expect(text.contains("  CH-WP-0001  workplan  active  closer (1 step away)\n"))
        let lines = text.split(separator: "\n").map(String.init)
        let appsLine = try #require(lines.firstIndex(of: "apps"))
        let platformLine = try #require(lines.firstIndex(of: "platform"))
        #expect(lines[appsLine..<platformLine].contains { $0.contains("CH-WP-0001-T03") })
        #expect(lines[platformLine...].contains { $0.contains("PX-WP-0001-T01") })
        #expect(!text.contains("Critical path"), "nothing open below T01")

        let nothing = try workspace.impact("CH-WP-0001-T04")
        #expect(nothing.items.map(\.id).sorted() == ["CH-WP-0001", "CH-WP-0001-T03"])
        let leaf = try workspace.impact("PX-WP-0001")
        #expect(leaf.items.isEmpty)
        #expect(leaf.renderText().contains("unblocks nothing"))
    }

    @Test("critical path: the longest chain of incomplete dependencies below ID, across repos and through a workplan's tasks")
    func impactCriticalPath() throws {
        let workspace = try PlanWorkspace(Self.chain)
        // T03 → T02 → T01 is longer than T03 → T05; T04 is done and so not on any path.
        #expect(try workspace.impact("CH-WP-0001-T03").criticalPath == ["CH-WP-0001-T03", "CH-WP-0001-T02", "CH-WP-0001-T01"])
        #expect(try workspace.impact("CH-WP-0001-T01").criticalPath == ["CH-WP-0001-T01"])
        #expect(try workspace.impact("CH-WP-0001").criticalPath == ["CH-WP-0001", "CH-WP-0001-T03", "CH-WP-0001-T02", "CH-WP-0001-T01"])
        #expect(try workspace.impact("PX-WP-0001").criticalPath == ["PX-WP-0001", "PX-WP-0001-T01", "CH-WP-0001-T02", "CH-WP-0001-T01"])
        #expect(try workspace.impact("ch/release").criticalPath == ["ch/release", "CH-WP-0001-T01"])
        let text = try workspace.impact("PX-WP-0001").renderText()
        #expect(text.hasSuffix("""

            Critical path (longest chain of incomplete dependencies below PX-WP-0001):
              PX-WP-0001 → PX-WP-0001-T01 → CH-WP-0001-T02 → CH-WP-0001-T01

            """), "\(text)")
    }

    @Test("a dependency cycle ends the critical path where it closes, and impact terminates")
    func impactCycle() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/cy.md": plan("CY-WP-0001", tasks: [
                ("T01", "status: todo\ndepends_on: [T02]"),
                ("T02", "status: todo\ndepends_on: [T03]"),
                ("T03", "status: todo\ndepends_on: [T01]"),
            ]),
        ])
        let impact = try workspace.impact("CY-WP-0001-T01")
        #expect(impact.criticalPath.first == "CY-WP-0001-T01")
        #expect(Set(impact.criticalPath) == ["CY-WP-0001-T01", "CY-WP-0001-T02", "CY-WP-0001-T03"])
        #expect(Set(impact.items.map(\.id)) == ["CY-WP-0001", "CY-WP-0001-T02", "CY-WP-0001-T03"])
    }

    @Test("unblockedDirectly is false while something else still holds the element: an unresolved reference, unmet evidence, a waiting status")
    func impactUnblockedDirectlyCountsEverythingOpen() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/ub.md": plan("UD-WP-0001", tasks: [
                ("T01", "status: todo"),
                // Also waits on a reference that resolves to nothing: "unknown, never complete".
                ("T02", "status: todo\ndepends_on: [T01, NOPE-WP-0042]"),
                // Waits by its own status as well.
                ("T03", "status: wait\nreason: vendor\ndepends_on: [T01]"),
                ("T04", "status: todo\ndepends_on: [T01]"),
                ("T05", "status: done"),
            ]),
            "apps/docs/runbook.md": Self.passingGates + "```gate\nid: ud/release\nrequires:\n  - UD-WP-0001-T01\n  - evidence: soak-test\n```\n",
        ])
        let items = Dictionary(uniqueKeysWithValues: try workspace.impact("UD-WP-0001-T01").items.map { ($0.id, $0.unblockedDirectly) })
        #expect(items["UD-WP-0001-T04"] == true, "T01 is all T04 waits on")
        #expect(items["UD-WP-0001-T02"] == false, "T02 stays blocked on NOPE-WP-0042 after T01 is done")
        #expect(items["UD-WP-0001-T03"] == false, "T03 stays waiting (status wait) after T01 is done")
        #expect(items["ud/release"] == false, "the gate still lacks its soak-test evidence after T01 is done")
        // ud/ship needs T01 and the gate ud/smoke, which passes: T01 is all it lacks.
        #expect(try workspace.evaluate("ud/smoke") == .pass)
        #expect(items["ud/ship"] == true, "ud/smoke passes; only T01 holds ud/ship")
    }

    /// ud/ship requires T01 and gate ud/smoke; ud/smoke requires gate ud/base; ud/base requires the done T05: both pass.
    static let passingGates = """
        # Runbook

        ```gate
        id: ud/ship
        requires:
          - UD-WP-0001-T01
          - gate: ud/smoke
        ```

        ```gate
        id: ud/smoke
        requires:
          - gate: ud/base
        ```

        ```gate
        id: ud/base
        requires:
          - UD-WP-0001-T05
        ```


        """

    @Test("critical path: a gate that passes is not an incomplete dependency")
    func criticalPathSkipsPassingGates() throws {
        let workspace = try PlanWorkspace([
            "apps/workplans/ub.md": plan("UD-WP-0001", tasks: [("T01", "status: todo"), ("T05", "status: done")]),
            "apps/docs/runbook.md": Self.passingGates,
        ])
        #expect(try workspace.evaluate("ud/smoke") == .pass)
        #expect(try workspace.evaluate("ud/base") == .pass)
        // The only open thing below ud/ship is T01; ud/smoke → ud/base pass and end nowhere open.
        #expect(try workspace.impact("ud/ship").criticalPath == ["ud/ship", "UD-WP-0001-T01"])
    }

    // MARK: wp show

    static let showFiles: [String: String] = [
        "apps/workplans/sh.md": """
            ---
            id: SH-WP-0001
            title: Show me
            status: active
            owner: apps-team
            updated: "2026-06-01"
            depends_on: ["platform:SP-WP-0001"]
            ---

            # Show me

            ## T01 — First step

            ```task
            id: SH-WP-0001-T01
            status: done
            ```

            ## T02 — Second step

            ```task
            id: SH-WP-0001-T02
            status: todo
            priority: high
            depends_on: [T01, NOPE-WP-0007, "nowhere:SH-WP-0001-T01"]
            labels: {area: db, tags: [a, b]}
            ```

            Some prose.

            **Done when:** the second
            step   is done.

            **Decision D-01 — Pick a database** (pending; required before T02)

            ```decision
            id: D-02
            title: Pick a name
            status: resolved
            resolution: "Shop"
            decided_by: bernd
            decided_on: 2026-05-01
            blocks: [T02]
            ```

            """,
        "platform/workplans/sp.md": plan("SP-WP-0001", tasks: [("T01", "status: todo")]),
        "apps/docs/runbook.md": "# Runbook\n\n```gate\nid: sh/release\ntitle: Release it\nrequires:\n  - SH-WP-0001-T02\n  - gate: sh/smoke\n```\n\n```gate\nid: sh/smoke\nrequires: [SH-WP-0001-T01]\n```\n",
    ]

    @Test("show a task: where, fields with their lines, Done when, every dependency with how it is linked, and dependents")
    func showTask() throws {
        let workspace = try PlanWorkspace(Self.showFiles)
        let text = try workspace.text("apps/workplans/sh.md")
        let detail = try workspace.detail("SH-WP-0001-T02")
        #expect(detail.kind == "task")
        #expect(detail.title == "T02 — Second step")
        #expect(detail.status == "todo")
        #expect(detail.repo == "apps")
        #expect(detail.path == "workplans/sh.md")
        #expect(detail.line == (TextScan.lineNumber(of: "id: SH-WP-0001-T02", in: text) ?? 0) - 1)
        #expect(detail.column == 1)
        #expect(detail.workplan == "SH-WP-0001")
        #expect(detail.blocked == true)
        #expect(detail.doneWhen == "the second step is done.")
        #expect(detail.progress == nil)
        #expect(detail.fields.map(\.key) == ["id", "status", "priority", "depends_on", "labels"])
        #expect(detail.fields.map(\.line) == ["id: SH-WP-0001-T02", "status: todo", "priority: high", "depends_on:", "labels:"].map {
            TextScan.lineNumber(containing: $0, in: text, after: (TextScan.lineNumber(of: "id: SH-WP-0001-T02", in: text) ?? 1) - 1) ?? 0
        })
        #expect(detail.fields.last?.value == "{area: db, tags: [a, b]}")
        #expect(detail.fields[3].value == "[T01, NOPE-WP-0007, nowhere:SH-WP-0001-T01]")

        struct Link: Equatable {
            var ref: String
            var id: String?
            var via: String
            var complete: Bool
            var problem: String?
        }
        #expect(detail.dependsOn.map { Link(ref: $0.ref, id: $0.id, via: $0.via, complete: $0.complete, problem: $0.problem) } == [
            Link(ref: "T01", id: "SH-WP-0001-T01", via: "depends_on", complete: true, problem: nil),
            Link(ref: "NOPE-WP-0007", id: nil, via: "depends_on", complete: false, problem: "not found"),
            Link(ref: "nowhere:SH-WP-0001-T01", id: nil, via: "depends_on", complete: false, problem: "unknown repo"),
            Link(ref: "platform:SP-WP-0001", id: "SP-WP-0001", via: "workplan", complete: false, problem: nil),
            Link(ref: "SH-WP-0001-D01", id: "SH-WP-0001-D01", via: "decision", complete: false, problem: nil),
            Link(ref: "SH-WP-0001-D02", id: "SH-WP-0001-D02", via: "decision", complete: true, problem: nil),
        ])
        #expect(detail.dependsOn[3].repo == "platform")
        #expect(detail.dependsOn[3].kind == "workplan")
        #expect(Set(detail.dependents.map { "\($0.id ?? "?") via \($0.via)" }) == ["sh/release via requires", "SH-WP-0001 via its workplan"])

        let rendered = detail.renderText()
        #expect(rendered.hasPrefix("SH-WP-0001-T02  task  todo\n  T02 — Second step\n  workplans/sh.md:\(detail.line):1 (apps)\n  workplan: SH-WP-0001\n  blocked\n"))
        #expect(rendered.contains("\nDone when\n  the second step is done.\n"))
        #expect(rendered.contains("  NOPE-WP-0007  not found  via depends_on\n"))
        #expect(rendered.contains("  SP-WP-0001  active  via workplan, platform\n"))
        #expect(rendered.contains("\nDepended on by\n"))
    }

    @Test("show a workplan, a prose decision, a block decision and a gate")
    func showOtherKinds() throws {
        let workspace = try PlanWorkspace(Self.showFiles)
        let text = try workspace.text("apps/workplans/sh.md")

        let workplan = try workspace.detail("SH-WP-0001")
        #expect(workplan.kind == "workplan")
        #expect(workplan.workplan == nil)
        #expect(workplan.blocked == nil)
        #expect(workplan.progress == StatusReport.Progress(complete: 1, total: 2))
        #expect(workplan.fields.map(\.key) == ["id", "title", "status", "owner", "updated", "depends_on"])
        #expect(workplan.fields.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(workplan.dependsOn.map(\.id) == ["SP-WP-0001"])
        #expect(workplan.dependsOn.map(\.via) == ["depends_on"])
        #expect(workplan.renderText().contains("  progress: 1/2 tasks complete\n"))

        let prose = try workspace.detail("SH-WP-0001-D01")
        #expect(prose.kind == "decision")
        #expect(prose.title == "Pick a database")
        #expect(prose.status == "pending")
        #expect(prose.line == TextScan.lineNumber(containing: "**Decision D-01", in: text))
        #expect(prose.fields.map(\.key) == ["status"])
        #expect(prose.dependents.map(\.id) == ["SH-WP-0001-T02"])
        #expect(prose.dependents.map(\.via) == ["decision"])

        let block = try workspace.detail("SH-WP-0001-D02")
        #expect(block.fields.map(\.key) == ["id", "title", "status", "resolution", "decided_by", "decided_on", "blocks"])
        #expect(block.fields.first { $0.key == "resolution" }?.value == "Shop")
        #expect(block.status == "resolved")

        let gate = try workspace.detail("sh/release")
        #expect(gate.kind == "gate")
        #expect(gate.status == "fail", "a gate's status is its result; T02 is still todo")
        #expect(gate.workplan == nil)
        #expect(gate.title == "Release it")
        #expect(gate.path == "docs/runbook.md")
        #expect(gate.fields.first { $0.key == "requires" }?.value == "[SH-WP-0001-T02, {gate: sh/smoke}]")
        #expect(gate.dependsOn.map(\.id) == ["SH-WP-0001-T02", "sh/smoke"])
        #expect(gate.dependsOn.map(\.kind) == ["task", "gate"])
        #expect(gate.dependsOn.allSatisfy { $0.via == "requires" })
        // sh/smoke passes, so the gate link is complete (and shows the gate's result as its status).
        #expect(gate.dependsOn.map(\.complete) == [false, true])
        #expect(gate.dependsOn.map(\.status) == ["todo", "pass"])
        #expect(try workspace.detail("sh/smoke").dependents.map(\.id) == ["sh/release"])
    }

    @Test("show: a required gate that passes is a complete link, as graph and impact count it")
    func showGateLinksFollowGateResults() throws {
        let workspace = try PlanWorkspace(Self.showFiles)
        // sh/smoke requires only SH-WP-0001-T01, which is done: it passes.
        let evaluator = GateEvaluator(analysis: workspace.index.analysis, today: day("2026-06-30"))
        guard case .found(let smoke) = evaluator.lookup("sh/smoke") else { Issue.record("no gate sh/smoke"); return }
        #expect(evaluator.evaluate(smoke).result == .pass)
        #expect(workspace.index.isComplete(try workspace.node("sh/smoke")), "graph, impact and ready count it complete")
        let link = try #require(try workspace.detail("sh/release").dependsOn.first { $0.id == "sh/smoke" })
        #expect(link.complete, "wp show lists the passing gate sh/smoke as not complete")
    }

    // MARK: wp report

    static let reportFiles: [String: String] = [
        "apps/workplans/r1.md": plan("RP-WP-0001", ["updated: \"2026-05-31\""], tasks: [
            ("T01", "status: done"), ("T02", "status: todo\ndepends_on: [T01]"), ("T03", "status: todo\ndepends_on: [T02]"),
        ], body: "```decision\nid: D-01\ntitle: Open question\nstatus: pending\nblocks: [T03]\n```\n\n```decision\nid: D-02\ntitle: Settled\nstatus: resolved\n```\n"),
        "apps/workplans/r2.md": plan("RP-WP-0002", ["updated: \"2026-05-30\""], tasks: [("T01", "status: todo")]),
        "apps/workplans/r3.md": plan("RP-WP-0003", status: "finished", ["updated: \"2025-01-01\""], tasks: [("T01", "status: done")]),
        "apps/workplans/r4.md": plan("RP-WP-0004", status: "cancelled", ["updated: \"2025-01-01\""], tasks: [("T01", "status: cancelled")]),
        "apps/workplans/r5.md": plan("RP-WP-0005", status: "paused", ["updated: \"2025-12-31\""], tasks: [("T01", "status: todo")]),
        "apps/workplans/r6.md": plan("RP-WP-0006", tasks: [("T01", "status: todo")]),
        "platform/workplans/p1.md": plan("PR-WP-0001", ["updated: \"2026-06-29\""], tasks: [
            ("T01", "status: done\nevidence: soak-test\ndone_on: 2026-06-25"),
        ]),
        "apps/docs/runbook.md": "# Runbook\n\n```gate\nid: rp/release\ntitle: Release\nrequires:\n  - evidence: soak-test\n    max_age: 7d\n```\n",
    ]

    @Test("stale: open (not finished, not cancelled) and updated more than --stale-days before today; the boundary is exclusive")
    func reportStale() throws {
        let workspace = try PlanWorkspace(Self.reportFiles)
        let report = WorkspaceReport(index: workspace.index, staleAfterDays: 30)
        let rows = Dictionary(uniqueKeysWithValues: report.workplans.map { ($0.id, $0) })
        // 2026-05-31 → 2026-06-30 is 30 days: not more than 30. 2026-05-30 is 31 days.
        #expect(rows["RP-WP-0001"]?.daysSinceUpdate == 30)
        #expect(rows["RP-WP-0001"]?.stale == false)
        #expect(rows["RP-WP-0002"]?.daysSinceUpdate == 31)
        #expect(rows["RP-WP-0002"]?.stale == true)
        #expect(rows["RP-WP-0003"]?.stale == false, "finished is never stale")
        #expect(rows["RP-WP-0004"]?.stale == false, "cancelled is never stale")
        #expect(rows["RP-WP-0005"]?.stale == true, "a paused plan is still open")
        #expect(rows["RP-WP-0005"]?.daysSinceUpdate == 181)
        #expect(rows["RP-WP-0006"]?.stale == false, "no `updated`: cannot be stale")
        #expect(rows["RP-WP-0006"]?.daysSinceUpdate == nil)
        #expect(rows["PR-WP-0001"]?.daysSinceUpdate == 1)
        #expect(report.staleAfterDays == 30)

        let stricter = WorkspaceReport(index: workspace.index, staleAfterDays: 29)
        #expect(stricter.workplans.filter(\.stale).map(\.id) == ["RP-WP-0001", "RP-WP-0002", "RP-WP-0005"])
        let lenient = WorkspaceReport(index: workspace.index, staleAfterDays: 365)
        #expect(lenient.workplans.filter(\.stale).isEmpty)
        #expect(lenient.renderMarkdown().contains("Open workplans whose `updated` is more than 365 days old.\n\nNone.\n"))
    }

    @Test("report contents: progress, blocked tasks, pending decisions only, gates evaluated on the report's date, the graph")
    func reportContents() throws {
        let workspace = try PlanWorkspace(Self.reportFiles)
        let report = WorkspaceReport(index: workspace.index)
        #expect(report.generated == "2026-06-30")
        #expect(report.repo == "apps")
        #expect(report.staleAfterDays == 30, "the default stale age")
        #expect(report.workplans.map(\.id) == ["RP-WP-0001", "RP-WP-0002", "RP-WP-0003", "RP-WP-0004", "RP-WP-0005", "RP-WP-0006", "PR-WP-0001"])
        #expect(report.workplans.first?.progress == StatusReport.Progress(complete: 1, total: 3))
        #expect(report.workplans.first { $0.id == "RP-WP-0004" }?.progress == StatusReport.Progress(complete: 1, total: 1))
        #expect(report.blocked.map(\.id) == ["RP-WP-0001-T03"])
        #expect(Set(report.blocked.first?.blockers.map { $0.id ?? "" } ?? []) == ["RP-WP-0001-T02", "RP-WP-0001-D01"])
        #expect(report.pendingDecisions.map(\.id) == ["RP-WP-0001-D01"])
        #expect(report.pendingDecisions.first?.blocks == ["T03"])
        #expect(report.pendingDecisions.first?.path == "workplans/r1.md")
        #expect(report.problems.isEmpty)
        // Issue 13: the report draws open work only (wp graph --open).
        let mermaid = try GraphExport(index: workspace.index, openOnly: true).render(.mermaid)
        #expect(report.mermaid == mermaid)

        // Evidence done 2026-06-25 is 5 days old on 2026-06-30 (≤ 7d) and 15 days old on 2026-07-10.
        #expect(report.gates.map(\.result) == [.pass])
        let laterWorkspace = try PlanWorkspace(Self.reportFiles, today: "2026-07-10")
        let later = WorkspaceReport(index: laterWorkspace.index)
        #expect(later.gates.map(\.result) == [.fail])
        #expect(later.renderMarkdown().contains("- **rp/release**: `fail` — Release\n  - ✗ evidence soak-test"))
    }

    @Test("report markdown: sections in order, summary line, progress bars, stale marks, a mermaid block")
    func reportMarkdown() throws {
        let workspace = try PlanWorkspace(Self.reportFiles)
        let markdown = WorkspaceReport(index: workspace.index).renderMarkdown()
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
        #expect(headings == ["# Workplan report: apps", "## Progress", "## Blocked tasks", "## Pending decisions", "## Gates",
                             "## Stale workplans", "## Dependency graph"])
        #expect(markdown.contains("\nGenerated 2026-06-30 by wp \(WorkplanKitVersion.current).\n"))
        // 7 workplans; tasks 3+1+1+1+1+1+1 = 9, complete 1+0+1+1+0+0+1 = 4.
        #expect(markdown.contains("\n7 workplans, 4/9 tasks complete, 1 blocked, 1 pending decision, 1/1 gates passing.\n"))
        #expect(markdown.contains("| **RP-WP-0001** Plan RP-WP-0001 | apps | active | `███░░░░░░░` 1/3 | 2026-05-31 |\n"))
        #expect(markdown.contains("| **RP-WP-0002** Plan RP-WP-0002 | apps | active | `░░░░░░░░░░` 0/1 | 2026-05-30 ⚠ stale |\n"))
        #expect(markdown.contains("| **RP-WP-0006** Plan RP-WP-0006 | apps | active | `░░░░░░░░░░` 0/1 | — |\n"))
        #expect(markdown.contains("- **RP-WP-0002** Plan RP-WP-0002: updated 2026-05-30 (31 days ago)\n"))
        #expect(markdown.contains("- **RP-WP-0001-D01** Open question — blocks T03 (workplans/r1.md:"))
        #expect(markdown.contains("- **RP-WP-0001-T03** T03 — Task T03 (`todo`, apps)\n  - blocked on **RP-WP-0001-T02** (apps, todo)\n"))
        #expect(markdown.hasSuffix("## Dependency graph\n\n```mermaid\n\(try GraphExport(index: workspace.index, openOnly: true).render(.mermaid))```\n"))
        #expect(WorkspaceReport.bar(.init(complete: 0, total: 0)) == "░░░░░░░░░░")
        #expect(WorkspaceReport.bar(.init(complete: 1, total: 8)) == "█░░░░░░░░░")
        #expect(WorkspaceReport.bar(.init(complete: 2, total: 3)) == "███████░░░")
        #expect(WorkspaceReport.bar(.init(complete: 5, total: 5)) == "██████████")
    }

    @Test("report: problems met while reading are listed; a cell's pipe is escaped")
    func reportProblems() throws {
        var files = Self.reportFiles
        files["apps/workplans/broken.md"] = "---\nid: BR-WP-0001\ntitle: Broken: here\nstatus: active\n---\n"
        files["apps/workplans/pipe.md"] = "---\nid: PI-WP-0001\ntitle: \"a | b\"\nstatus: active\n---\n"
        let workspace = try PlanWorkspace(files)
        let report = WorkspaceReport(index: workspace.index)
        #expect(report.problems.map(\.rule) == ["yaml-syntax"])
        #expect(report.problems.first?.location.path == "workplans/broken.md")
        #expect(report.renderMarkdown().contains("| **PI-WP-0001** a \\| b | apps |"))
    }

    // MARK: HTML

    /// Tags that must open and close in order; void elements and `/>` are skipped, comments removed.
    static func unbalancedTag(in html: String) -> String? {
        let withoutComments = html.replacing(#/<!--[\s\S]*?-->/#, with: "")
        let void: Set<String> = ["!doctype", "meta", "br", "img", "hr", "input", "link", "source", "wbr", "col", "area", "base"]
        var stack: [String] = []
        for match in withoutComments.matches(of: #/<(/?)([A-Za-z!][A-Za-z0-9:-]*)([^>]*)>/#) {
            let name = match.2.lowercased()
            if void.contains(name) || match.3.hasSuffix("/") { continue }
            if match.1.isEmpty {
                stack.append(name)
            } else {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")> (open: \(stack.suffix(4)))" }
                stack.removeLast()
            }
        }
        return stack.isEmpty ? nil : "never closed: \(stack)"
    }

    /// The self-containment rules of the HTML report.
    static func expectSelfContained(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"), sourceLocation: sourceLocation)
        #expect(html.contains("<style>"), "inline CSS", sourceLocation: sourceLocation)
        // One script, the filter box's, inline (no src) and the page's last element; no other.
        #expect(html.lowercased().components(separatedBy: "<script").count - 1 == 1, "one script", sourceLocation: sourceLocation)
        #expect(html.hasSuffix("\n<script>\(WorkspaceReport.filterScript)</script>\n</body>\n</html>\n"), "wp's own script, inline", sourceLocation: sourceLocation)
        #expect(!html.lowercased().contains("<link"), "no linked stylesheets", sourceLocation: sourceLocation)
        #expect(!html.contains("@import"), sourceLocation: sourceLocation)
        #expect(html.firstMatch(of: #/(?i)<[^>]*\b(src|href)\s*=\s*["']?\s*(https?:|//)[^>]*>/#) == nil, "no fetch through src/href", sourceLocation: sourceLocation)
        #expect(html.firstMatch(of: #/(?i)url\(\s*["']?\s*(https?:|//)/#) == nil, "no fetch through url()", sourceLocation: sourceLocation)
        #expect(html.firstMatch(of: #/(?i)<(iframe|object|embed|img)\b/#) == nil, "nothing embedded from elsewhere", sourceLocation: sourceLocation)
        #expect(unbalancedTag(in: html) == nil, "\(unbalancedTag(in: html) ?? "")", sourceLocation: sourceLocation)
        for tag in ["html", "head", "body", "header", "section", "table", "ul", "div", "pre", "style"] {
            let opening = (try? Regex("<\(tag)[\\s>]")).map { html.matches(of: $0).count } ?? -1
            #expect(opening == html.components(separatedBy: "</\(tag)>").count - 1, "<\(tag)> balanced", sourceLocation: sourceLocation)
        }
    }

    @Test("HTML without Graphviz: self-contained, balanced, the graph as escaped Mermaid in <pre>; hostile titles are escaped")
    func htmlWithoutSVG() throws {
        var files = Self.reportFiles
        files["apps/workplans/x.md"] = plan("XS-WP-0001", tasks: [("T01", "status: todo")])
            .replacingOccurrences(of: "title: Plan XS-WP-0001", with: "title: '<script>alert(\"x\")</script> & <img src=https://evil.example/x.png>'")
        let workspace = try PlanWorkspace(files)
        let report = WorkspaceReport(index: workspace.index)
        let html = report.renderHTML(svg: nil)
        Self.expectSelfContained(html)
        #expect(!html.contains("<svg"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=https://evil.example/x.png&gt;"))
        let pre = try #require(html.firstMatch(of: #/<pre>([\s\S]*?)</pre>/#))
        let unescaped = String(pre.1).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        #expect(unescaped == report.mermaid, "the <pre> holds the Mermaid source, escaped")
        for section in ["Progress", "Blocked tasks", "Pending decisions", "Gates", "Stale workplans", "Dependency graph"] {
            #expect(html.contains("<h2>\(section)</h2>"), "\(section)")
        }
        #expect(html.contains("<td><strong>RP-WP-0002</strong><br><span class=\"title\">Plan RP-WP-0002</span></td>"))
        #expect(html.contains("2026-05-30 <span class=\"stale\">stale</span>"))
        #expect(html.contains("<div class=\"bar\" role=\"img\" aria-label=\"33%\"><div style=\"width:33%\"></div></div>"))
    }

    @Test("HTML with Graphviz: the graph is inline SVG (no XML prolog or DOCTYPE), still self-contained and balanced",
          .enabled(if: Graphviz.isInstalled, "Graphviz `dot` is not installed (scripts/install-deps installs it)"))
    func htmlWithSVG() throws {
        let workspace = try PlanWorkspace(Self.reportFiles)
        let report = WorkspaceReport(index: workspace.index)
        let svg = try #require(Graphviz.svg(try GraphExport(index: workspace.index).render(.dot)))
        #expect(svg.hasPrefix("<svg"))
        let html = report.renderHTML(svg: svg)
        Self.expectSelfContained(html)
        #expect(html.contains("<div class=\"svg\"><svg"))
        #expect(!html.contains("<?xml"))
        #expect(!html.contains("<!DOCTYPE svg"))
        #expect(!html.contains("<pre>"))
        #expect(html.components(separatedBy: "<svg").count == 2, "one inline SVG")
    }

    // MARK: Schemas

    @Test(arguments: ReportSchemas.names)
    func outputSchemaFollowsTheConventions(name: String) throws {
        let data = try Data(contentsOf: ReportSchemas.url(name))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(root["$id"] as? String == "https://wp.dev/schemas/\(name).schema.json")
        #expect((root["title"] as? String)?.isEmpty == false)
        #expect((root["description"] as? String)?.isEmpty == false)
        var properties = 0
        func walk(_ value: Any, _ pointer: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if key == "properties", let children = child as? [String: Any] {
                        for (property, schema) in children {
                            properties += 1
                            #expect((schema as? [String: Any])?["description"] is String, "\(name): \(pointer)/properties/\(property) has no description")
                            walk(schema, "\(pointer)/properties/\(property)")
                        }
                    } else if !["enum", "const", "examples", "required"].contains(key) {
                        walk(child, "\(pointer)/\(key)")
                    }
                }
            } else if let array = value as? [Any] {
                for (offset, child) in array.enumerated() { walk(child, "\(pointer)/\(offset)") }
            }
        }
        walk(root, "#")
        #expect(properties > 5)
        // wp's own validator implements a subset of 2020-12; the schema must stay inside it.
        #expect(BuiltinSchemas.named(name) != nil, "wp's JSONSchema cannot load \(name)")
        #expect(BuiltinSchemas.source(named: name).map { Array($0.utf8) } == [UInt8](data), "run scripts/embed-schemas.sh")
    }

    @Test("the schemas hold for the rarer shapes: unresolved links, problems, a gate cycle, nested gates, limits")
    func outputsValidateAgainstTheSchemas() throws {
        var files = Self.showFiles
        files["apps/workplans/broken.md"] = "---\nid: BR-WP-0001\ntitle: Broken: here\nstatus: active\n---\n"
        files["apps/docs/cycle.md"] = "# Cycle\n\n```gate\nid: cy/a\nrequires:\n  - gate: cy/b\n```\n\n```gate\nid: cy/b\nrequires:\n  - gate: cy/a\n```\n"
        let workspace = try PlanWorkspace(files)
        let report = WorkspaceReport(index: workspace.index)
        #expect(!report.problems.isEmpty)
        #expect(report.gates.contains { $0.result == .error })
        #expect(report.gates.contains { $0.requirements.contains { $0.gate != nil } })
        var documents: [(schema: String, json: String)] = [("report-output", try report.render(.json))]
        for id in ["SH-WP-0001", "SH-WP-0001-T02", "SH-WP-0001-D01", "SH-WP-0001-D02", "sh/release", "cy/a", "SP-WP-0001-T01"] {
            documents.append(("show-output", try workspace.detail(id).render(.json)))
            documents.append(("impact-output", try workspace.impact(id).render(.json)))
        }
        for limit in [nil, 0, 1] as [Int?] {
            documents.append(("ready-output", try workspace.ready(limit: limit).render(.json)))
        }
        documents.append(("ready-output", try workspace.ready(owner: "nobody").render(.json)))
        try validate(documents)
    }
}
