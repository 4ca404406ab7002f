import Foundation
import Testing

// `wp ready`, `wp show`, `wp impact`, `wp graph` and `wp report` as people run
// them: the built binary on two workspaces copied or written into temp dirs,
// with the date pinned (`WP_TODAY`). Every output format has a golden file
// under Snapshots/ (re-record with WP_RECORD_SNAPSHOTS=1); the expectations
// besides the goldens are read off the fixture's files, not off the code.

/// A two-repo planning workspace with ready and blocked work across repos.
///
/// acme-platform: PLAT-WP-0001 (active, planning high/1): T01 done, T02 in_progress, T03 ← T02, T04.
///   PLAT-WP-0002 (paused, critical/1): T01 — never ready. PLAT-WP-0003 finished (updated long ago: not stale).
/// acme-apps: APPS-WP-0001 (active, high/2, updated 2026-04-01: stale): T02 ← platform T03, T03 ← pending D-01,
///   T04 ← T02 + T03, T05 (owner alice), T06, T07 ← T06, T08.
///   APPS-WP-0002 (active, medium/1): T01 critical, T02 wait. APPS-WP-0003 (active, high/3): T02 and T01, both critical,
///   written in that order. APPS-WP-0004 (draft, low) depends on the whole of APPS-WP-0001.
///   docs/shop-runbook.md: gate shop/launch (fails) requires T04, the platform workplan, D-01, evidence, gate shop/beta (passes).
private enum PlanningFixture {
    static let files: [(path: String, text: String)] = [
        ("apps/.wp.yaml", """
            repo: acme-apps
            include: [workplans/**/*.md, docs/**/*.md]
            peers:
              acme-platform: {path: ../platform}

            """),
        ("apps/workplans/APPS-WP-0001-shop.md", """
            ---
            id: APPS-WP-0001
            type: workplan
            title: Ship the shop
            status: active
            owner: apps-team
            created: "2026-03-01"
            updated: "2026-04-01"
            planning_priority: high
            planning_order: 2
            ---

            # Ship the shop

            ## T01 — Scaffold the shop service

            ```task
            id: APPS-WP-0001-T01
            status: done
            priority: high
            ```

            ## T02 — Provision the shop database

            ```task
            id: APPS-WP-0001-T02
            status: todo
            priority: high
            depends_on: [acme-platform:PLAT-WP-0001-T03]
            ```

            **Done when:** the shop connects to its database from inside the cluster.

            ## T03 — Integrate the payment provider

            ```task
            id: APPS-WP-0001-T03
            status: todo
            priority: high
            ```

            ```decision
            id: D-01
            title: Payment provider
            status: pending
            blocks: [T03]
            ```

            ## T04 — Launch the shop

            ```task
            id: APPS-WP-0001-T04
            status: todo
            priority: medium
            depends_on: [T02, T03]
            ```

            ## T05 — Write the shop FAQ

            ```task
            id: APPS-WP-0001-T05
            status: todo
            priority: low
            owner: alice
            ```

            ## T06 — Add the shop to the status page

            ```task
            id: APPS-WP-0001-T06
            status: todo
            priority: low
            ```

            ## T07 — Alert on status page failures

            ```task
            id: APPS-WP-0001-T07
            status: todo
            priority: low
            depends_on: [T06]
            ```

            ## T08 — Load-test the checkout

            ```task
            id: APPS-WP-0001-T08
            status: todo
            priority: medium
            ```

            """),
        ("apps/workplans/APPS-WP-0002-analytics.md", """
            ---
            id: APPS-WP-0002
            type: workplan
            title: Shop analytics
            status: active
            owner: apps-team
            created: "2026-06-01"
            updated: "2026-06-25"
            planning_priority: medium
            planning_order: 1
            ---

            # Shop analytics

            ## T01 — Track checkout events

            ```task
            id: APPS-WP-0002-T01
            status: todo
            priority: critical
            ```

            ## T02 — Import the vendor dashboards

            ```task
            id: APPS-WP-0002-T02
            status: wait
            priority: high
            reason: waiting for the vendor contract
            ```

            """),
        ("apps/workplans/APPS-WP-0003-mobile.md", """
            ---
            id: APPS-WP-0003
            type: workplan
            title: Shop mobile app
            status: active
            owner: apps-team
            created: "2026-05-01"
            updated: "2026-06-01"
            planning_priority: high
            planning_order: 3
            ---

            # Shop mobile app

            ## T02 — Publish to the app stores

            ```task
            id: APPS-WP-0003-T02
            status: todo
            priority: critical
            ```

            ## T01 — Build the mobile client

            ```task
            id: APPS-WP-0003-T01
            status: todo
            priority: critical
            ```

            """),
        ("apps/workplans/APPS-WP-0004-shop-v2.md", """
            ---
            id: APPS-WP-0004
            type: workplan
            title: Shop v2
            status: draft
            owner: apps-team
            created: "2026-06-10"
            planning_priority: low
            depends_on: [APPS-WP-0001]
            ---

            # Shop v2

            ## T01 — Redesign the catalogue

            ```task
            id: APPS-WP-0004-T01
            status: todo
            priority: medium
            ```

            """),
        ("apps/docs/shop-runbook.md", """
            # Shop runbook

            ```gate
            id: shop/launch
            title: Launch the shop to customers
            requires:
              - APPS-WP-0001-T04
              - acme-platform:PLAT-WP-0001
              - APPS-WP-0001-D01
              - evidence: load-test
                max_age: 14d
              - gate: shop/beta
            ```

            ```gate
            id: shop/beta
            title: Open the shop beta
            requires:
              - APPS-WP-0001-T01
            ```

            """),
        ("platform/.wp.yaml", """
            repo: acme-platform
            peers:
              acme-apps: {path: ../apps}

            """),
        ("platform/workplans/PLAT-WP-0001-db-cluster.md", """
            ---
            id: PLAT-WP-0001
            type: workplan
            title: Shared database cluster
            status: active
            owner: platform-team
            created: "2026-05-01"
            updated: "2026-06-20"
            planning_priority: high
            planning_order: 1
            ---

            # Shared database cluster

            ## T01 — Size the cluster

            ```task
            id: PLAT-WP-0001-T01
            status: done
            priority: high
            ```

            ## T02 — Deploy the cluster

            ```task
            id: PLAT-WP-0001-T02
            status: in_progress
            priority: high
            ```

            ## T03 — Open the network policy for apps

            ```task
            id: PLAT-WP-0001-T03
            status: todo
            priority: medium
            depends_on: [T02]
            ```

            ## T04 — Write the operator runbook

            ```task
            id: PLAT-WP-0001-T04
            status: todo
            priority: low
            ```

            """),
        ("platform/workplans/PLAT-WP-0002-metrics.md", """
            ---
            id: PLAT-WP-0002
            type: workplan
            title: Metrics stack
            status: paused
            owner: platform-team
            created: "2026-05-01"
            updated: "2026-06-28"
            planning_priority: critical
            planning_order: 1
            ---

            # Metrics stack

            ## T01 — Deploy Prometheus

            ```task
            id: PLAT-WP-0002-T01
            status: todo
            priority: critical
            ```

            """),
        ("platform/workplans/PLAT-WP-0003-legacy.md", """
            ---
            id: PLAT-WP-0003
            type: workplan
            title: Decommission the legacy database
            status: finished
            owner: platform-team
            created: "2025-10-01"
            updated: "2025-12-01"
            planning_priority: critical
            planning_order: 1
            ---

            # Decommission the legacy database

            ## T01 — Switch off the legacy database

            ```task
            id: PLAT-WP-0003-T01
            status: done
            priority: high
            ```

            """),
    ]

    static let today = "2026-06-30"

    static func write(into directory: TemporaryDirectory) throws {
        for (path, text) in files { try directory.write(path, text) }
    }

    /// The ready tasks in the order the rules give, worked out by hand from the files above:
    /// PLAT-WP-0001 (high, order 1) before APPS-WP-0001 (high, 2) before APPS-WP-0003 (high, 3) before
    /// APPS-WP-0002 (medium); inside APPS-WP-0001, T08 (medium) before T06 and T05 (low), and T06
    /// (unblocks T07 and, through APPS-WP-0001, APPS-WP-0004-T01) before T05 (only APPS-WP-0004-T01);
    /// APPS-WP-0003-T01 before T02 by id. PLAT-WP-0001-T02 is in progress: started, not ready (issue 13).
    static let readyOrder = [
        "PLAT-WP-0001-T04", "APPS-WP-0001-T08", "APPS-WP-0001-T06", "APPS-WP-0001-T05",
        "APPS-WP-0003-T01", "APPS-WP-0003-T02", "APPS-WP-0002-T01",
    ]
    /// Open tasks each ready task unblocks: through APPS-WP-0001 (which APPS-WP-0004 depends on)
    /// APPS-WP-0004-T01, besides the tasks of its own plan.
    static let readyUnblocks = [0, 1, 2, 1, 0, 0, 0]
    /// The started task, and what it unblocks: PLAT T02 ← PLAT T03 ← APPS T02 ← APPS T04.
    static let started = "PLAT-WP-0001-T02"
    static let startedUnblocks = 4

    static let blocked: Set<String> = [
        "APPS-WP-0001-T02", "APPS-WP-0001-T03", "APPS-WP-0001-T04", "APPS-WP-0001-T07", "APPS-WP-0002-T02",
        "APPS-WP-0004-T01", "PLAT-WP-0001-T03",
    ]
}

/// One run of wp whose stdout is a golden file.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    var snapshot: String
    var arguments: [String]
    var testDescription: String { "\(snapshot): wp \(arguments.joined(separator: " "))" }
}

/// A workspace in a temp dir, with a private peer cache and the date pinned.
struct ReportWorkspace {
    let directory: TemporaryDirectory
    /// The local repo, where wp runs.
    let root: String

    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    /// examples/railiance-apps and examples/railiance-platform, copied so paths are stable.
    static func examplesCopy() throws -> ReportWorkspace {
        let directory = try TemporaryDirectory("wp-e2e-report")
        for repo in ["railiance-apps", "railiance-platform"] {
            try directory.copy(examples.appendingPathComponent(repo), to: repo)
        }
        return ReportWorkspace(directory: directory, root: directory.absolute("railiance-apps"))
    }

    static func planning() throws -> ReportWorkspace {
        let directory = try TemporaryDirectory("wp-e2e-report")
        try PlanningFixture.write(into: directory)
        return ReportWorkspace(directory: directory, root: directory.absolute("apps"))
    }

    func wp(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        var env = ["WP_TODAY": PlanningFixture.today]
        for (key, value) in environment { env[key] = value }
        return try wpTests.wp(arguments, in: root, cache: directory.absolute("cache"), environment: env)
    }

    /// Runs wp and expects success, an empty stderr and no temp path in stdout.
    func succeed(_ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try wp(arguments, environment: environment)
        #expect(result.status == 0, "wp \(arguments.joined(separator: " ")): exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == "", sourceLocation: sourceLocation)
        expectNoTempPath(result.stdout, sourceLocation: sourceLocation)
        return result.stdout
    }

    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let text = try succeed(arguments, sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "JSON output must be an object", sourceLocation: sourceLocation)
    }

    /// An environment whose `dot` reads its input and fails, so wp falls back to Mermaid
    /// deterministically (a missing `dot` should do the same: see `htmlWithoutGraphviz`).
    func failingDot() throws -> [String: String] {
        let path = directory.absolute("fake-bin/dot")
        try directory.write("fake-bin/dot", "#!/bin/sh\n/bin/cat >/dev/null\nexit 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return ["PATH": directory.absolute("fake-bin")]
    }

    func expectNoTempPath(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.contains(directory.path), "output contains the temp dir", sourceLocation: sourceLocation)
        #expect(!output.contains(directory.name), "output contains the temp dir's name", sourceLocation: sourceLocation)
    }
}

/// Validates JSON documents against `schemas/<name>.schema.json` with python-jsonschema in one run;
/// a missing python3 or jsonschema fails the test, never skips it.
private func validateAgainstSchemas(_ documents: [(schema: String, json: String, label: String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let schemas = ReportWorkspace.examples.deletingLastPathComponent().appendingPathComponent("schemas")
    let scratch = try TemporaryDirectory("wp-e2e-report-schema")
    var arguments: [String] = []
    for (offset, document) in documents.enumerated() {
        let name = "\(offset)-\(document.label.replacingOccurrences(of: "/", with: "_")).json"
        try scratch.write(name, document.json)
        arguments += [schemas.appendingPathComponent("\(document.schema).schema.json").path, scratch.absolute(name)]
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
                failures.append("%s /%s: %s" % (instance_path.rsplit("/", 1)[-1], "/".join(str(p) for p in error.absolute_path), error.message))
        print("\\n".join(failures))
        sys.exit(1 if failures else 0)
        """
    let result = try run("/usr/bin/env", ["python3", "-c", script] + arguments, in: scratch.path)
    if result.status != 0, result.status != 1 || result.stderr.contains("missing Python package") {
        Issue.record("validating JSON output needs python3 with jsonschema: exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        return
    }
    #expect(result.status == 0, "output does not match its schema:\n\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
}

private let dotInstalled: Bool = (try? run("/usr/bin/env", ["dot", "-V"], in: "/"))?.status == 0

/// Element ids named by the node labels of `wp graph` Mermaid output.
private func mermaidElementIDs(_ mermaid: String) -> Set<String> {
    var ids: Set<String> = []
    for line in mermaid.split(separator: "\n") {
        if let match = line.firstMatch(of: #/^\s*n[0-9]+\[\["([^<"]+)<br/>/#) {
            ids.insert(String(match.1))
        } else if let match = line.firstMatch(of: #/^\s*n[0-9]+[\[{]".*<br/>([^<"]+) · [^"]*"[\]}]$/#) {
            ids.insert(String(match.1))
        } else if let match = line.firstMatch(of: #/^\s*n[0-9]+\{\{"gate ([^"<]+)(?:<br/>[^"]*)?"\}\}$/#) {
            ids.insert(String(match.1))
        }
    }
    return ids
}

/// Tags that must open and close in order (void elements and `/>` skipped, comments removed).
private func unbalancedTag(in html: String) -> String? {
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

/// One self-contained file: inline CSS, one inline script (the filter box) and no other,
/// nothing fetched (no src/href to http(s) or to another file), tags balanced.
func expectSelfContainedHTML(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(html.hasPrefix("<!DOCTYPE html>\n"), sourceLocation: sourceLocation)
    #expect(html.contains("<style>"), "inline CSS", sourceLocation: sourceLocation)
    let scripts = html.lowercased().components(separatedBy: "<script").count - 1
    #expect(scripts == 1, "one script, wp's own (found \(scripts))", sourceLocation: sourceLocation)
    #expect(html.contains("\n<script>(function () {") && html.hasSuffix("})();</script>\n</body>\n</html>\n"),
            "the script is inline, has no src, and ends the page", sourceLocation: sourceLocation)
    #expect(html.firstMatch(of: #/(?i)\bsrc\s*=/#) == nil, "no src attribute at all", sourceLocation: sourceLocation)
    // Links go to an anchor of the page or (with --link-base) to the forge, never to a file beside the report.
    for match in html.matches(of: #/(?i)\bhref\s*=\s*"([^"]*)"/#) {
        let target = String(match.1)
        #expect(target.hasPrefix("#") || target.hasPrefix("https://") || target.hasPrefix("http://"),
                "href to another file: \(target)", sourceLocation: sourceLocation)
    }
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "),
            "a policy that loads nothing", sourceLocation: sourceLocation)
    #expect(!html.lowercased().contains("<link"), "no linked stylesheets", sourceLocation: sourceLocation)
    #expect(!html.contains("@import"), sourceLocation: sourceLocation)
    #expect(html.firstMatch(of: #/(?i)<(?!a\s)[^>]*\b(src|href)\s*=\s*["']?\s*(https?:|//)[^>]*>/#) == nil, "no fetch through src/href (only <a> links out)", sourceLocation: sourceLocation)
    #expect(html.firstMatch(of: #/(?i)url\(\s*["']?\s*(https?:|//)/#) == nil, "no fetch through url()", sourceLocation: sourceLocation)
    #expect(html.firstMatch(of: #/(?i)<(iframe|object|embed|img)\b/#) == nil, "nothing embedded from elsewhere", sourceLocation: sourceLocation)
    #expect(unbalancedTag(in: html) == nil, "\(unbalancedTag(in: html) ?? "")", sourceLocation: sourceLocation)
    for tag in ["html", "head", "body", "main", "header", "section", "table", "ul", "div", "pre", "style", "svg"] {
        let opening = (try? Regex("<\(tag)[\\s>]")).map { html.matches(of: $0).count } ?? -1
        #expect(opening == html.components(separatedBy: "</\(tag)>").count - 1, "<\(tag)> balanced", sourceLocation: sourceLocation)
    }
}

/// The HTML report without its graph section, which alone depends on Graphviz.
private func withoutGraph(_ html: String) -> String {
    html.replacing(#/<section class="graph">[\s\S]*?</section>/#, with: "<section class=\"graph\"></section>")
}

@Suite("wp ready, show, impact, graph, report (end to end)")
struct ReportCommandTests {
    // MARK: Goldens

    static let examplesCases: [GoldenCase] = [
        GoldenCase(snapshot: "ready-examples.txt", arguments: ["ready"]),
        GoldenCase(snapshot: "ready-examples.json", arguments: ["ready", "--format", "json"]),
        GoldenCase(snapshot: "ready-examples-all.txt", arguments: ["ready", "--all", "--include-started"]),
        GoldenCase(snapshot: "show-examples-task.txt", arguments: ["show", "RAILIANCE-WP-0004-I03"]),
        GoldenCase(snapshot: "show-examples-task.json", arguments: ["show", "RAILIANCE-WP-0004-I03", "--format", "json"]),
        GoldenCase(snapshot: "show-examples-workplan.txt", arguments: ["show", "RAILIANCE-WP-0002"]),
        GoldenCase(snapshot: "show-examples-workplan.json", arguments: ["show", "RAILIANCE-WP-0002", "--format", "json"]),
        GoldenCase(snapshot: "show-examples-decision.txt", arguments: ["show", "RAILIANCE-WP-0002-D01"]),
        GoldenCase(snapshot: "show-examples-decision.json", arguments: ["show", "RAILIANCE-WP-0002-D01", "--format", "json"]),
        GoldenCase(snapshot: "show-examples-gate.txt", arguments: ["show", "vergabe-teilnahme/promote-production"]),
        GoldenCase(snapshot: "show-examples-gate.json", arguments: ["show", "vergabe-teilnahme/promote-production", "--format", "json"]),
        GoldenCase(snapshot: "impact-examples.txt", arguments: ["impact", "RAILIANCE-WP-0004-I03"]),
        GoldenCase(snapshot: "impact-examples.json", arguments: ["impact", "RAILIANCE-WP-0004-I03", "--format", "json"]),
        GoldenCase(snapshot: "graph-examples.mmd", arguments: ["graph"]),
        GoldenCase(snapshot: "graph-examples.dot", arguments: ["graph", "--format", "dot"]),
        GoldenCase(snapshot: "graph-examples-depth1.mmd", arguments: ["graph", "RAILIANCE-WP-0002-D01", "--depth", "1"]),
        GoldenCase(snapshot: "graph-examples-depth1.dot", arguments: ["graph", "RAILIANCE-WP-0002-D01", "--depth", "1", "--format", "dot"]),
        GoldenCase(snapshot: "report-examples.md", arguments: ["report"]),
        GoldenCase(snapshot: "report-examples.json", arguments: ["report", "--format", "json"]),
    ]

    static let planningCases: [GoldenCase] = [
        GoldenCase(snapshot: "ready-planning.txt", arguments: ["ready"]),
        GoldenCase(snapshot: "ready-planning.json", arguments: ["ready", "--format", "json"]),
        GoldenCase(snapshot: "ready-planning-started.txt", arguments: ["ready", "--include-started"]),
        GoldenCase(snapshot: "ready-planning-started.json", arguments: ["ready", "--include-started", "--all", "--format", "json"]),
        GoldenCase(snapshot: "show-planning-task.txt", arguments: ["show", "APPS-WP-0001-T04"]),
        GoldenCase(snapshot: "show-planning-task.json", arguments: ["show", "APPS-WP-0001-T04", "--format", "json"]),
        GoldenCase(snapshot: "show-planning-workplan.txt", arguments: ["show", "APPS-WP-0001"]),
        GoldenCase(snapshot: "show-planning-workplan.json", arguments: ["show", "APPS-WP-0001", "--format", "json"]),
        GoldenCase(snapshot: "show-planning-decision.txt", arguments: ["show", "APPS-WP-0001-D01"]),
        GoldenCase(snapshot: "show-planning-decision.json", arguments: ["show", "APPS-WP-0001-D01", "--format", "json"]),
        GoldenCase(snapshot: "show-planning-gate.txt", arguments: ["show", "shop/launch"]),
        GoldenCase(snapshot: "show-planning-gate.json", arguments: ["show", "shop/launch", "--format", "json"]),
        GoldenCase(snapshot: "impact-planning.txt", arguments: ["impact", "APPS-WP-0001-T04"]),
        GoldenCase(snapshot: "impact-planning.json", arguments: ["impact", "APPS-WP-0001-T04", "--format", "json"]),
        GoldenCase(snapshot: "impact-planning-cross.txt", arguments: ["impact", "acme-platform:PLAT-WP-0001-T02"]),
        GoldenCase(snapshot: "impact-planning-cross.json", arguments: ["impact", "acme-platform:PLAT-WP-0001-T02", "--format", "json"]),
        GoldenCase(snapshot: "graph-planning.mmd", arguments: ["graph"]),
        GoldenCase(snapshot: "graph-planning.dot", arguments: ["graph", "--format", "dot"]),
        GoldenCase(snapshot: "graph-planning-depth1.mmd", arguments: ["graph", "APPS-WP-0001-T02", "--depth", "1"]),
        GoldenCase(snapshot: "graph-planning-depth1.dot", arguments: ["graph", "APPS-WP-0001-T02", "--depth", "1", "--format", "dot"]),
        GoldenCase(snapshot: "report-planning.md", arguments: ["report"]),
        GoldenCase(snapshot: "report-planning.json", arguments: ["report", "--format", "json"]),
    ]

    @Test("golden output on the example workspace", arguments: examplesCases)
    func examplesGolden(_ golden: GoldenCase) throws {
        let workspace = try ReportWorkspace.examplesCopy()
        let output = try workspace.succeed(golden.arguments)
        #expect(!output.contains("\u{1B}"), "stdout is a pipe: no colour")
        assertSnapshot(output, named: golden.snapshot)
    }

    @Test("golden output on the planning fixture", arguments: planningCases)
    func planningGolden(_ golden: GoldenCase) throws {
        let workspace = try ReportWorkspace.planning()
        let output = try workspace.succeed(golden.arguments)
        #expect(!output.contains("\u{1B}"), "stdout is a pipe: no colour")
        assertSnapshot(output, named: golden.snapshot)
    }

    @Test("golden HTML (Mermaid fallback: Graphviz fails); with Graphviz only the graph section differs, and it is inline SVG",
          arguments: ["examples", "planning"])
    func htmlGolden(_ name: String) throws {
        let workspace = try name == "examples" ? ReportWorkspace.examplesCopy() : ReportWorkspace.planning()
        // When `dot` fails, the graph is the Mermaid source in <pre>: byte-stable on every machine.
        let fallback = try workspace.succeed(["report", "--format", "html"], environment: try workspace.failingDot())
        expectSelfContainedHTML(fallback)
        #expect(!fallback.contains("<svg"))
        // Issue 13: the page says what failed (`dot` ran and failed), not that it was missing.
        #expect(fallback.contains("<section class=\"graph\"><h2>Dependency graph</h2><p>Graphviz (<code>dot</code>) failed (exit status 1) when this report was made"))
        let markdown = try workspace.succeed(["report"])
        let mermaid = try #require(markdown.firstMatch(of: #/```mermaid\n([\s\S]*?)```\n/#)).1
        let escaped = String(mermaid).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        #expect(fallback.contains("<pre>\(escaped)</pre>"), "the <pre> holds the same Mermaid as the markdown report")
        assertSnapshot(fallback, named: "report-\(name).html")

        guard dotInstalled else { return }
        let html = try workspace.succeed(["report", "--format", "html"])
        expectSelfContainedHTML(html)
        #expect(html.contains("<div class=\"svg\"><svg"))
        #expect(!html.contains("<pre>"))
        #expect(withoutGraph(html) == withoutGraph(fallback))
    }

    @Test("HTML when Graphviz is not installed at all: the Mermaid fallback, not a crash (large workspace, so wp's write to `dot` cannot win the race)")
    func htmlWithoutGraphviz() throws {
        // 600 tasks make a DOT of about 95 KB, more than a pipe holds: wp's write to the `dot`
        // it tried to start blocks until the reader is gone. With `dot` missing, wp must still
        // write the report with the Mermaid fallback (exit 0), not die of SIGPIPE (exit 13/141).
        let directory = try TemporaryDirectory("wp-e2e-report-large")
        var text = "---\nid: BIG-WP-0001\ntitle: A large plan\nstatus: active\n---\n\n# A large plan\n\n"
        for number in 1...600 {
            let short = "T" + String(repeating: "0", count: 3 - String(number).count) + String(number)
            text += "## \(short) — Step \(number) of the large plan, with a title long enough\n\n```task\nid: BIG-WP-0001-\(short)\nstatus: todo\n```\n\n"
        }
        try directory.write("big/workplans/BIG-WP-0001-large.md", text)
        let result = try wp(["report", "--format", "html"], in: directory.absolute("big"), cache: directory.absolute("cache"),
                            environment: ["PATH": "/nonexistent", "WP_TODAY": PlanningFixture.today])
        #expect(result.status == 0, "exit \(result.status) (13 or 141: killed by SIGPIPE); stderr: \(result.stderr)")
        #expect(result.stdout.contains("<pre>flowchart LR\n"))
        #expect(result.stdout.hasSuffix("</html>\n"))
    }

    // MARK: wp ready

    @Test("ready on the planning fixture: exactly the open, unblocked tasks, in the order the rules give")
    func readyOrdering() throws {
        let workspace = try ReportWorkspace.planning()
        let object = try workspace.json(["ready", "--format", "json"])
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        let ids = tasks.compactMap { $0["id"] as? String }
        #expect(ids == PlanningFixture.readyOrder)
        #expect(tasks.compactMap { $0["unblocks"] as? Int } == PlanningFixture.readyUnblocks)
        #expect(object["total"] as? Int == PlanningFixture.readyOrder.count)
        func position(_ id: String) -> Int { ids.firstIndex(of: id) ?? -1 }
        // planning_priority first: a critical task of a medium workplan after a low task of a high one.
        #expect(position("APPS-WP-0002-T01") > position("APPS-WP-0001-T05"))
        // then planning_order: order 1 (another repo) before 2 before 3, whatever the task priorities.
        #expect(position("PLAT-WP-0001-T04") < position("APPS-WP-0001-T08"))
        #expect(position("APPS-WP-0003-T01") > position("APPS-WP-0001-T05"))
        // then task priority: medium T08 (unblocks 1) before low T06 (unblocks 2).
        #expect(position("APPS-WP-0001-T08") < position("APPS-WP-0001-T06"))
        // then unblocks: T06 (2) before T05 (1), although T05 has the smaller id.
        #expect(position("APPS-WP-0001-T06") < position("APPS-WP-0001-T05"))
        // then id: T01 before T02, although T02 is written first.
        #expect(position("APPS-WP-0003-T01") < position("APPS-WP-0003-T02"))
        // Never ready: blocked tasks, waiting tasks, done tasks, the paused workplan's task.
        #expect(Set(ids).isDisjoint(with: PlanningFixture.blocked))
        #expect(!ids.contains("PLAT-WP-0002-T01"))
        #expect(!ids.contains { $0.hasSuffix("-T01") && $0.hasPrefix("PLAT-WP-0001") })
        // Issue 13: in progress is not ready; --include-started lists it apart, with what it unblocks.
        #expect(!ids.contains(PlanningFixture.started))
        let withStarted = try workspace.json(["ready", "--include-started", "--format", "json"])
        let started = try #require(withStarted["started"] as? [[String: Any]])
        #expect(started.compactMap { $0["id"] as? String } == [PlanningFixture.started])
        #expect(started.first?["status"] as? String == "in_progress")
        #expect(started.first?["unblocks"] as? Int == PlanningFixture.startedUnblocks)
        #expect((withStarted["tasks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == PlanningFixture.readyOrder)

        let text = try workspace.succeed(["ready"])
        #expect(text.hasPrefix("ordered by workplan planning_priority, planning_order, task priority, then open tasks it unblocks\n"))
        let listed = text.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
        #expect(listed == PlanningFixture.readyOrder)
        #expect(text.contains("APPS-WP-0001-T06  low      todo  T06 — Add the shop to the status page  unblocks 2  (acme-apps)\n"))
    }

    @Test("ready --repo, --owner, --limit")
    func readyOptions() throws {
        let workspace = try ReportWorkspace.planning()
        func ids(_ arguments: [String]) throws -> [String] {
            let object = try workspace.json(["ready", "--format", "json"] + arguments)
            return (object["tasks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try ids(["--repo", "acme-platform"]) == ["PLAT-WP-0001-T04"])
        #expect(try ids(["--repo", "acme-apps"]) == Array(PlanningFixture.readyOrder.dropFirst(1)))
        // The task's owner wins over its workplan's.
        #expect(try ids(["--owner", "alice"]) == ["APPS-WP-0001-T05"])
        #expect(try ids(["--owner", "platform-team"]) == ["PLAT-WP-0001-T04"])
        #expect(try ids(["--owner", "apps-team"]) == ["APPS-WP-0001-T08", "APPS-WP-0001-T06", "APPS-WP-0003-T01", "APPS-WP-0003-T02", "APPS-WP-0002-T01"])
        #expect(try ids(["--owner", "alice", "--repo", "acme-platform"]) == [])
        #expect(try ids(["--limit", "3"]) == Array(PlanningFixture.readyOrder.prefix(3)))
        let limited = try workspace.json(["ready", "--format", "json", "--limit", "3"])
        #expect(limited["total"] as? Int == PlanningFixture.readyOrder.count, "total counts before --limit")
        let text = try workspace.succeed(["ready", "--limit", "3"])
        #expect(text.split(separator: "\n").count == 5)
        #expect(text.hasSuffix("… 4 more (raise --limit)\n"))
        // Issue 13: an owner nobody has is not "every open task is blocked".
        let none = try workspace.succeed(["ready", "--owner", "nobody"])
        #expect(none == "No task has owner 'nobody' (a task's owner, else its workplan's).\n")
        let usage = try workspace.wp(["ready", "--limit", "many"])
        #expect(usage.status == 64)
        #expect(usage.stdout == "")
    }

    @Test("ready --repo with a repo the workspace does not have: exit 2 and say so, like wp status")
    func readyUnknownRepo() throws {
        let workspace = try ReportWorkspace.planning()
        let result = try workspace.wp(["ready", "--repo", "acme-nope"])
        // README, exit codes: 2 when "an unknown repo" is named. A typo must not read as "nothing is ready".
        #expect(result.status == 2, "exit \(result.status), stdout: \(result.stdout)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("no repo named 'acme-nope'"), "\(result.stderr)")
    }

    // MARK: wp impact

    @Test("impact: per-repo items with distances, and the critical path (longest chain of incomplete dependencies)")
    func impact() throws {
        let workspace = try ReportWorkspace.planning()
        func items(_ object: [String: Any]) -> [String: (repo: String, distance: Int, direct: Bool)] {
            var result: [String: (repo: String, distance: Int, direct: Bool)] = [:]
            for item in object["items"] as? [[String: Any]] ?? [] {
                result[item["id"] as? String ?? "?"] = (item["repo"] as? String ?? "?", item["distance"] as? Int ?? -1, item["unblockedDirectly"] as? Bool ?? false)
            }
            return result
        }
        func summary(_ items: [String: (repo: String, distance: Int, direct: Bool)]) -> [String] {
            items.map { "\($0.key) \($0.value.repo) \($0.value.distance) \($0.value.direct)" }.sorted()
        }

        // Finishing platform T02: T03 waits on it alone; the rest wait further away, in both repos.
        let platform = try workspace.json(["impact", "PLAT-WP-0001-T02", "--format", "json"])
        #expect(summary(items(platform)) == [
            "APPS-WP-0001 acme-apps 3 false",
            "APPS-WP-0001-T02 acme-apps 2 false",
            "APPS-WP-0001-T04 acme-apps 3 false",
            "APPS-WP-0004 acme-apps 4 false",
            "APPS-WP-0004-T01 acme-apps 4 false",
            "PLAT-WP-0001 acme-platform 1 false",
            "PLAT-WP-0001-T03 acme-platform 1 true",
            "shop/launch acme-apps 2 false",
        ])
        #expect(platform["repos"] as? [String] == ["acme-platform", "acme-apps"])
        #expect(platform["criticalPath"] as? [String] == ["PLAT-WP-0001-T02"], "nothing open below T02")

        // Below APPS T04: T02 → platform T03 → platform T02 is longer than T03 → D-01.
        let launch = try workspace.json(["impact", "APPS-WP-0001-T04", "--format", "json"])
        #expect(launch["criticalPath"] as? [String] == ["APPS-WP-0001-T04", "APPS-WP-0001-T02", "PLAT-WP-0001-T03", "PLAT-WP-0001-T02"])
        #expect(summary(items(launch)) == [
            "APPS-WP-0001 acme-apps 1 false",
            "APPS-WP-0004 acme-apps 2 false",
            "APPS-WP-0004-T01 acme-apps 2 false",
            "shop/launch acme-apps 1 false",
        ])
        let text = try workspace.succeed(["impact", "APPS-WP-0001-T04"])
        #expect(text.contains("Critical path (longest chain of incomplete dependencies below APPS-WP-0001-T04):\n  APPS-WP-0001-T04 → APPS-WP-0001-T02 → PLAT-WP-0001-T03 → PLAT-WP-0001-T02\n"))

        // A workplan's path runs through its open tasks; the pending decision unblocks T03 at once.
        let plan = try workspace.json(["impact", "APPS-WP-0001", "--format", "json"])
        #expect(plan["criticalPath"] as? [String] == ["APPS-WP-0001", "APPS-WP-0001-T04", "APPS-WP-0001-T02", "PLAT-WP-0001-T03", "PLAT-WP-0001-T02"])
        #expect(summary(items(plan)) == ["APPS-WP-0004 acme-apps 1 false", "APPS-WP-0004-T01 acme-apps 1 true"])
        let decision = try workspace.json(["impact", "APPS-WP-0001-D01", "--format", "json"])
        #expect(items(decision)["APPS-WP-0001-T03"]?.direct == true)
        #expect(items(decision)["APPS-WP-0001-T03"]?.distance == 1)

        // Per repo in the text: each repo a heading, its items under it.
        let cross = try workspace.succeed(["impact", "PLAT-WP-0001-T02"])
        let lines = cross.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let platformHeading = try #require(lines.firstIndex(of: "acme-platform"))
        let appsHeading = try #require(lines.firstIndex(of: "acme-apps"))
        #expect(platformHeading < appsHeading)
        #expect(lines[platformHeading..<appsHeading].contains("  PLAT-WP-0001-T03  task  todo  unblocked"))
        #expect(lines[appsHeading...].contains("  APPS-WP-0001-T02  task  todo  closer (2 steps away)"))
    }

    @Test("impact of a resolved decision lists nothing it reaches only through complete elements, and no gate that passes")
    func impactStopsAtCompleteElements() throws {
        let workspace = try ReportWorkspace.examplesCopy()
        // In the corpus D-01 is resolved, T04 (which it blocked) is done and RAILIANCE-WP-0002 is finished;
        // the smoke gate requires only finished workplans, and passes.
        let smoke = try workspace.wp(["gate", "check", "vergabe-teilnahme/smoke"])
        #expect(smoke.status == 0, "the smoke gate passes: \(smoke.stdout)")
        let object = try workspace.json(["impact", "RAILIANCE-WP-0002-D01", "--format", "json"])
        let ids = (object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        // Reached only through D-01 → T04 (done) → RAILIANCE-WP-0002 (finished): completing D-01 brings it nothing.
        #expect(!ids.contains("vergabe-teilnahme/smoke"), "items: \(ids)")
    }

    // MARK: wp show

    @Test("show: a task, a workplan, a decision and a gate, across repos; qualified ids work")
    func show() throws {
        let workspace = try ReportWorkspace.planning()
        func links(_ object: [String: Any], _ key: String) -> [String] {
            (object[key] as? [[String: Any]] ?? []).map { "\($0["id"] as? String ?? "?") \($0["via"] as? String ?? "?")" }
        }
        let task = try workspace.json(["show", "APPS-WP-0001-T04", "--format", "json"])
        #expect(task["kind"] as? String == "task")
        #expect(task["blocked"] as? Bool == true)
        #expect(task["path"] as? String == "workplans/APPS-WP-0001-shop.md")
        #expect(links(task, "dependsOn") == ["APPS-WP-0001-T02 depends_on", "APPS-WP-0001-T03 depends_on"])
        #expect(Set(links(task, "dependents")) == ["shop/launch requires", "APPS-WP-0001 its workplan"])

        let t02 = try workspace.json(["show", "APPS-WP-0001-T02", "--format", "json"])
        #expect(t02["doneWhen"] as? String == "the shop connects to its database from inside the cluster.")
        let crossRepo = try #require((t02["dependsOn"] as? [[String: Any]])?.first)
        #expect(crossRepo["ref"] as? String == "acme-platform:PLAT-WP-0001-T03")
        #expect(crossRepo["repo"] as? String == "acme-platform")
        #expect(crossRepo["status"] as? String == "todo")

        let platformTask = try workspace.json(["show", "acme-platform:PLAT-WP-0001-T03", "--format", "json"])
        #expect(platformTask["repo"] as? String == "acme-platform")
        #expect(platformTask["path"] as? String == "../platform/workplans/PLAT-WP-0001-db-cluster.md")
        #expect(links(platformTask, "dependents").contains("APPS-WP-0001-T02 depends_on"), "dependents across repos")

        let plan = try workspace.json(["show", "APPS-WP-0001", "--format", "json"])
        #expect((plan["progress"] as? [String: Int]) == ["complete": 1, "total": 8])
        #expect(Set(links(plan, "dependents")) == ["APPS-WP-0004 depends_on", "APPS-WP-0004-T01 workplan"])

        let decision = try workspace.json(["show", "APPS-WP-0001-D01", "--format", "json"])
        #expect(decision["status"] as? String == "pending")
        #expect(decision["workplan"] as? String == "APPS-WP-0001")
        #expect(Set(links(decision, "dependents")) == ["APPS-WP-0001-T03 decision", "shop/launch requires"])

        let gate = try workspace.json(["show", "shop/launch", "--format", "json"])
        #expect(gate["kind"] as? String == "gate")
        #expect(gate["status"] as? String == "fail", "a gate shows its result as its status")
        #expect(gate["path"] as? String == "docs/shop-runbook.md")
        #expect(links(gate, "dependsOn") == ["APPS-WP-0001-T04 requires", "PLAT-WP-0001 requires", "APPS-WP-0001-D01 requires", "shop/beta requires"])

        let text = try workspace.succeed(["show", "APPS-WP-0001-T02"])
        #expect(text.hasPrefix("APPS-WP-0001-T02  task  todo\n  T02 — Provision the shop database\n  workplans/APPS-WP-0001-shop.md:"))
        #expect(text.contains("\nDone when\n  the shop connects to its database from inside the cluster.\n"))
        #expect(text.contains("\nDepends on\n  PLAT-WP-0001-T03  todo  via depends_on, acme-platform\n"))
    }

    @Test("an id that names nothing: exit 2, a suggestion on stderr, nothing on stdout", arguments: ["show", "impact", "graph"])
    func unknownID(_ command: String) throws {
        let workspace = try ReportWorkspace.planning()
        let result = try workspace.wp([command, "APPS-WP-0001-T4"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("error: no workplan, task, decision or gate 'APPS-WP-0001-T4'"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean"), "\(result.stderr)")
        let repo = try workspace.wp([command, "nowhere:APPS-WP-0001-T04"])
        #expect(repo.status == 2)
        #expect(repo.stderr.contains("no repo named 'nowhere'"), "\(repo.stderr)")
    }

    // MARK: wp graph

    @Test("graph: the whole workspace, or ID --depth 1: the element, what it waits on, what waits on it")
    func graph() throws {
        let workspace = try ReportWorkspace.planning()
        let whole = try workspace.succeed(["graph"])
        #expect(whole.hasPrefix("flowchart LR\n"))
        #expect(mermaidElementIDs(whole) == [
            "APPS-WP-0001", "APPS-WP-0001-T01", "APPS-WP-0001-T02", "APPS-WP-0001-T03", "APPS-WP-0001-T04", "APPS-WP-0001-T05",
            "APPS-WP-0001-T06", "APPS-WP-0001-T07", "APPS-WP-0001-T08", "APPS-WP-0001-D01", "APPS-WP-0002", "APPS-WP-0002-T01",
            "APPS-WP-0002-T02", "APPS-WP-0003", "APPS-WP-0003-T01", "APPS-WP-0003-T02", "APPS-WP-0004", "APPS-WP-0004-T01",
            "shop/launch", "shop/beta", "PLAT-WP-0001", "PLAT-WP-0001-T01", "PLAT-WP-0001-T02", "PLAT-WP-0001-T03",
            "PLAT-WP-0001-T04", "PLAT-WP-0002", "PLAT-WP-0002-T01", "PLAT-WP-0003", "PLAT-WP-0003-T01",
        ])
        // APPS T02 waits on platform T03; T04 and the workplan wait on T02.
        let near = try workspace.succeed(["graph", "APPS-WP-0001-T02", "--depth", "1"])
        #expect(mermaidElementIDs(near) == ["APPS-WP-0001-T02", "PLAT-WP-0001-T03", "APPS-WP-0001-T04", "APPS-WP-0001"])
        #expect(near.components(separatedBy: " -->|depends_on| ").count - 1 == 2)
        let zero = try workspace.succeed(["graph", "APPS-WP-0001-T02", "--depth", "0"])
        #expect(mermaidElementIDs(zero) == ["APPS-WP-0001-T02"])
        let two = try workspace.succeed(["graph", "APPS-WP-0001-T02", "PLAT-WP-0002-T01", "--depth", "0"])
        #expect(mermaidElementIDs(two) == ["APPS-WP-0001-T02", "PLAT-WP-0002-T01"])
        let dot = try workspace.succeed(["graph", "APPS-WP-0001-T02", "--depth", "1", "--format", "dot"])
        #expect(dot.hasPrefix("digraph wp {\n"))
        #expect(dot.contains("subgraph cluster_repo0 {\n    label=\"acme-apps\";"))
        #expect(dot.contains("subgraph cluster_repo1 {\n    label=\"acme-platform\";"))
    }

    @Test("graph --format dot is accepted by Graphviz (dot -Tsvg): both workspaces, whole and --depth 1",
          .enabled(if: dotInstalled, "Graphviz `dot` is not installed (scripts/install-deps installs it)"))
    func dotRendersToSVG() throws {
        let examples = try ReportWorkspace.examplesCopy()
        let planning = try ReportWorkspace.planning()
        for (workspace, id) in [(examples, "RAILIANCE-WP-0002-D01"), (planning, "APPS-WP-0001-T02")] {
            for arguments in [["graph", "--format", "dot"], ["graph", id, "--depth", "1", "--format", "dot"]] {
                let dot = try workspace.succeed(arguments)
                let scratch = try TemporaryDirectory("wp-e2e-dot")
                try scratch.write("graph.dot", dot)
                let svg = try run("/usr/bin/env", ["dot", "-Tsvg", "-o", scratch.absolute("graph.svg"), scratch.absolute("graph.dot")], in: scratch.path)
                #expect(svg.status == 0, "dot -Tsvg rejects wp \(arguments.joined(separator: " ")): \(svg.stderr)")
                let rendered = (try? String(contentsOfFile: scratch.absolute("graph.svg"), encoding: .utf8)) ?? ""
                #expect(rendered.contains("<svg") && rendered.contains("</svg>"))
            }
        }
    }

    // MARK: wp report

    @Test("report: today's date from WP_TODAY; stale age from --stale-days (exclusive); blocked, decisions, gates")
    func report() throws {
        let workspace = try ReportWorkspace.planning()
        let object = try workspace.json(["report", "--format", "json"])
        #expect(object["generated"] as? String == "2026-06-30")
        #expect(object["repo"] as? String == "acme-apps")
        #expect(object["staleAfterDays"] as? Int == 30)
        let rows = object["workplans"] as? [[String: Any]] ?? []
        #expect(rows.compactMap { $0["id"] as? String } == [
            "APPS-WP-0001", "APPS-WP-0002", "APPS-WP-0003", "APPS-WP-0004", "PLAT-WP-0001", "PLAT-WP-0002", "PLAT-WP-0003",
        ])
        // APPS-WP-0001: updated 2026-04-01, 90 days before 2026-06-30.
        #expect(rows.filter { $0["stale"] as? Bool == true }.compactMap { $0["id"] as? String } == ["APPS-WP-0001"])
        #expect(rows.first?["daysSinceUpdate"] as? Int == 90)
        #expect(Set((object["blocked"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == PlanningFixture.blocked)
        #expect((object["pendingDecisions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == ["APPS-WP-0001-D01"])
        let gates = object["gates"] as? [[String: Any]] ?? []
        #expect(gates.map { "\($0["id"] as? String ?? "?") \($0["result"] as? String ?? "?")" } == ["shop/launch fail", "shop/beta pass"])
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        // Issue 13: the report's graph is the open work (wp graph --open).
        let graph = try workspace.succeed(["graph", "--open"])
        #expect((object["mermaid"] as? String) == graph)

        func stale(_ days: String) throws -> [String] {
            let report = try workspace.json(["report", "--format", "json", "--stale-days", days])
            return (report["workplans"] as? [[String: Any]] ?? []).filter { $0["stale"] as? Bool == true }.compactMap { $0["id"] as? String }
        }
        #expect(try stale("90") == [], "90 days is not more than 90")
        #expect(try stale("89") == ["APPS-WP-0001"])
        // APPS-WP-0003 was updated 29 days ago; paused PLAT-WP-0002 2 days ago; finished PLAT-WP-0003 never counts.
        #expect(try stale("28") == ["APPS-WP-0001", "APPS-WP-0003"])
        #expect(try stale("0") == ["APPS-WP-0001", "APPS-WP-0002", "APPS-WP-0003", "PLAT-WP-0001", "PLAT-WP-0002"])
        let markdown = try workspace.succeed(["report", "--stale-days", "89"])
        #expect(markdown.contains("Open workplans whose `updated` is more than 89 days old.\n\n- **APPS-WP-0001** Ship the shop: updated 2026-04-01 (90 days ago)\n"))

        // Another day: the same files, another age.
        // 2026-07-02: APPS-WP-0003 (updated 2026-06-01) is now 31 days old; APPS-WP-0002 (2026-06-25) only 7.
        let later = try workspace.wp(["report", "--format", "json"], environment: ["WP_TODAY": "2026-07-02"])
        let laterObject = try #require(try JSONSerialization.jsonObject(with: Data(later.stdout.utf8)) as? [String: Any])
        #expect(laterObject["generated"] as? String == "2026-07-02")
        #expect((laterObject["workplans"] as? [[String: Any]] ?? []).filter { $0["stale"] as? Bool == true }.compactMap { $0["id"] as? String }
            == ["APPS-WP-0001", "APPS-WP-0003"])
    }

    @Test("report -o FILE writes the file (nothing on stdout); an unwritable path is exit 2")
    func reportOutputFile() throws {
        let workspace = try ReportWorkspace.planning()
        for format in ["markdown", "json", "html"] {
            let path = workspace.directory.absolute("out/report.\(format)")
            try FileManager.default.createDirectory(atPath: workspace.directory.absolute("out"), withIntermediateDirectories: true)
            let written = try workspace.wp(["report", "--format", format, "-o", path], environment: try workspace.failingDot())
            #expect(written.status == 0)
            #expect(written.stdout == "")
            #expect(written.stderr == "")
            let file = try String(contentsOfFile: path, encoding: .utf8)
            let printed = try workspace.succeed(["report", "--format", format], environment: try workspace.failingDot())
            #expect(file == printed)
        }
        let relative = try workspace.wp(["report", "--output", "relative.md"])
        #expect(relative.status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.directory.absolute("apps/relative.md")))
        let unwritable = try workspace.wp(["report", "-o", workspace.directory.absolute("missing/dir/report.md")])
        #expect(unwritable.status == 2)
        #expect(unwritable.stdout == "")
        #expect(unwritable.stderr.contains("cannot write"), "\(unwritable.stderr)")
    }

    @Test("usage errors are exit 64", arguments: [["ready", "--format", "xml"], ["graph", "--format", "svg"], ["report", "--format", "pdf"],
                                                  ["show"], ["impact", "--format", "dot", "APPS-WP-0001"], ["report", "--stale-days", "soon"]])
    func usageErrors(_ arguments: [String]) throws {
        let workspace = try ReportWorkspace.planning()
        let result = try workspace.wp(arguments)
        #expect(result.status == 64, "\(arguments): exit \(result.status)")
        #expect(result.stdout == "")
        #expect(!result.stderr.isEmpty)
    }

    // MARK: docs/report.md

    /// `$ wp …` blocks of a markdown page: the command's arguments and the expected output lines.
    static func consoleExamples(in markdown: String) -> [(arguments: [String], expected: [String])] {
        var examples: [(arguments: [String], expected: [String])] = []
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            guard let fence = lines[index].wholeMatch(of: #/(`{3,})console/#) else {
                index += 1
                continue
            }
            let closing = String(fence.1)
            var body: [String] = []
            index += 1
            while index < lines.count, !(lines[index].hasPrefix(closing) && lines[index].allSatisfy { $0 == "`" }) {
                body.append(lines[index])
                index += 1
            }
            index += 1
            if let command = body.first, command.hasPrefix("$ wp ") {
                examples.append((command.dropFirst("$ wp ".count).split(separator: " ").map(String.init), Array(body.dropFirst())))
            }
        }
        return examples
    }

    /// Whether `output` matches `expected`, where a line `…` stands for any lines
    /// (trailing spaces are ignored: editors strip them from docs).
    static func matches(_ output: String, _ expected: [String]) -> Bool {
        func trim(_ line: String) -> String { String(line.reversed().drop { $0 == " " }.reversed()) }
        var actual = output.split(separator: "\n", omittingEmptySubsequences: false).map { trim(String($0)) }
        if actual.last == "" { actual.removeLast() }
        var segments: [[String]] = [[]]
        for line in expected.map(trim) {
            if line == "…" { segments.append([]) } else { segments[segments.count - 1].append(line) }
        }
        if segments.count == 1 { return actual == segments[0] }
        guard actual.starts(with: segments[0]) else { return false }
        var position = segments[0].count
        for (offset, segment) in segments.enumerated().dropFirst() where !segment.isEmpty {
            let last = offset == segments.count - 1
            if last {
                return actual.count - segment.count >= position && Array(actual.suffix(segment.count)) == segment
            }
            guard let found = (position...max(position, actual.count - segment.count)).first(where: {
                $0 + segment.count <= actual.count && Array(actual[$0..<$0 + segment.count]) == segment
            }) else { return false }
            position = found + segment.count
        }
        return true
    }

    @Test("docs/report.md: every `$ wp …` example is what wp prints on the example workspace")
    func docsExamplesAreCurrent() throws {
        let page = ReportWorkspace.examples.deletingLastPathComponent().appendingPathComponent("docs/report.md")
        let markdown = try String(contentsOf: page, encoding: .utf8)
        let examples = Self.consoleExamples(in: markdown)
        #expect(examples.count >= 10)
        for command in ["ready", "show", "impact", "graph", "report"] {
            #expect(examples.contains { $0.arguments.first == command }, "docs/report.md shows no `wp \(command)` example")
        }
        #expect(markdown.contains("![wp report](report.png)"))
        #expect(FileManager.default.fileExists(atPath: page.deletingLastPathComponent().appendingPathComponent("report.png").path))
        let workspace = try ReportWorkspace.examplesCopy()
        for example in examples {
            let output = try workspace.succeed(example.arguments)
            #expect(Self.matches(output, example.expected), """
                docs/report.md: `wp \(example.arguments.joined(separator: " "))` prints:
                \(output)
                """)
        }
        // The matcher itself: gaps, prefixes and suffixes.
        #expect(Self.matches("a\nb\nc\nd\n", ["a", "…", "c", "…"]))
        #expect(Self.matches("a\nb\nc\nd\n", ["a", "…", "d"]))
        #expect(!Self.matches("a\nb\nc\nd\n", ["a", "…", "x", "…"]))
        #expect(!Self.matches("a\nb\n", ["a"]))
        #expect(Self.matches("a  \nb\n", ["a", "b"]))
    }

    // MARK: JSON contracts

    @Test("every JSON output validates against its schema (schemas/{ready,show,impact,report}-output.schema.json)")
    func jsonOutputsMatchTheSchemas() throws {
        var documents: [(schema: String, json: String, label: String)] = []
        let examples = try ReportWorkspace.examplesCopy()
        let planning = try ReportWorkspace.planning()
        let ids = [
            (examples, ["RAILIANCE-WP-0004-I03", "RAILIANCE-WP-0002", "RAILIANCE-WP-0002-D01", "RAILIANCE-WP-0003-T05",
                        "vergabe-teilnahme/promote-production", "vergabe-teilnahme/smoke"]),
            (planning, ["APPS-WP-0001-T04", "APPS-WP-0001-T02", "APPS-WP-0001", "APPS-WP-0001-D01", "APPS-WP-0004-T01",
                        "shop/launch", "shop/beta", "PLAT-WP-0001-T02", "PLAT-WP-0002"]),
        ]
        for (workspace, elements) in ids {
            for arguments in [["ready"], ["ready", "--limit", "1"], ["ready", "--owner", "nobody"]] {
                documents.append(("ready-output", try workspace.succeed(arguments + ["--format", "json"]), arguments.joined(separator: "_")))
            }
            documents.append(("report-output", try workspace.succeed(["report", "--format", "json"]), "report"))
            for id in elements {
                documents.append(("show-output", try workspace.succeed(["show", id, "--format", "json"]), "show-\(id)"))
                documents.append(("impact-output", try workspace.succeed(["impact", id, "--format", "json"]), "impact-\(id)"))
            }
        }
        #expect(documents.count == 2 * 4 + 2 * 15)
        try validateAgainstSchemas(documents)
    }
}
