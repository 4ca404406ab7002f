import Foundation
import Testing
@testable import WorkplanKit

/// Gates lint only the workplans their requirements may confirm (``GateEvaluator/workplansToLint(for:graph:)``).
/// Sound only when that never changes an answer, so on every workspace at hand (examples/, the
/// real corpus with gates on its elements, the gate fixtures, random workspaces) two things are
/// compared with a lint of every workplan:
///
/// - for every workplan, task and decision alone, the findings about it (for a workplan: about
///   its tasks and decisions too) when only the workplans it needs are linted;
/// - every gate's result, the evaluator linting what its requirements need
///   (``GateEvaluator/LintCoverage/requirements``) and every workplan (``GateEvaluator/LintCoverage/everyWorkplan``).
@Suite("Gate lint scope agrees with a lint of every workplan")
struct GateLintScopePropertyTests {
    static let today = CalendarDate("2026-11-28")!

    /// Compares, on `workspace`, what is described above; returns how many elements and gates were compared.
    @discardableResult
    static func expectAgreement(_ workspace: Workspace, today: CalendarDate = today, _ label: String,
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (elements: Int, gates: Int) {
        let analysis = BlockingAnalysis(WorkspaceGraph(workspace))
        let graph = analysis.graph
        let engine = LintEngine(config: workspace.config)
        let clock = WorkplanClock.pinned(today)
        let whole = engine.run(LintContext(analysis: analysis, scope: .workspace, clock: clock), bounded: false).diagnostics
        var elements = 0
        for node in graph.nodes.indices where graph.nodes[node].workplanIndex != nil && graph.nodes[node].kind != .gate {
            var members = [node]
            if graph.nodes[node].kind == .workplan, let index = graph.nodes[node].workplanIndex {
                members += graph.taskNodes[index] + graph.decisionNodes[index]
            }
            let subjects = Set(members.map { Diagnostic.Subject(graph.nodes[$0]) })
            let about = { (findings: [Diagnostic]) in Set(findings.filter { $0.subject.map(subjects.contains) ?? false }) }
            let linted = GateEvaluator.workplansToLint(for: [node], graph: graph)
            let some = engine.run(LintContext(analysis: analysis, scope: .workspace, clock: clock, onlyWorkplans: linted), bounded: false).diagnostics
            let (scoped, full) = (about(some), about(whole))
            let difference = "\(label): \(graph.nodes[node].repo):\(graph.nodes[node].id): only in the scoped lint: "
                + "\(scoped.subtracting(full).map(\.description)); only in the whole lint: \(full.subtracting(scoped).map(\.description))"
            #expect(scoped == full, "\(difference)", sourceLocation: sourceLocation)
            elements += 1
        }
        let scoped = GateEvaluator(analysis: analysis, today: today, lintCoverage: .requirements).evaluateAll()
        let full = GateEvaluator(analysis: analysis, today: today, lintCoverage: .everyWorkplan).evaluateAll()
        #expect(scoped.count == full.count, "\(label)", sourceLocation: sourceLocation)
        for (one, other) in zip(scoped, full) {
            let difference = "\(label): gate \(one.qualifiedID): \(one.result) \(one.requirements.map(\.reason)) "
                + "vs every workplan linted: \(other.result) \(other.requirements.map(\.reason))"
            #expect(one == other, "\(difference)", sourceLocation: sourceLocation)
        }
        return (elements, scoped.count)
    }

    static func load(_ path: String) throws -> Workspace {
        try WorkspaceLoader(offline: true, environment: [:]).load(from: path)
    }

    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples").path

    @Test("examples/: every element and every gate", arguments: ["railiance-apps", "in-flight/railiance-apps"])
    func examplesWorkspace(_ repo: String) throws {
        let workspace = try Self.load(Self.examples + "/" + repo)
        #expect(workspace.repos.allSatisfy { $0.isAvailable })
        for today in ["2026-05-19", "2026-06-30", "2026-11-28"] {
            let (elements, gates) = Self.expectAgreement(workspace, today: CalendarDate(today)!, "examples/\(repo) on \(today)")
            #expect(elements > 20 && gates >= 2, "examples/\(repo): \(elements) elements, \(gates) gates")
        }
    }

    /// The real corpus (both repos, the platform as a peer) with a runbook of gates: one on each
    /// workplan's first and last task, one per workplan, one on evidence, in turn.
    @Test("the real corpus, a gate on each of its elements in turn")
    func corpusWithGates() throws {
        let corpus = URL(fileURLWithPath: "/work/shared/corpus").path
        let source = FileManager.default.fileExists(atPath: corpus) ? corpus : Fixtures.corpus.path
        let directory = try TemporaryDirectory("gate-lint-scope-corpus")
        for repo in ["railiance-apps", "railiance-platform"] {
            try FileManager.default.copyItem(atPath: source + "/" + repo, toPath: directory.absolute(repo))
        }
        _ = try directory.write("railiance-platform/.wp.yaml", "repo: railiance-platform\n")
        _ = try directory.write("railiance-apps/.wp.yaml",
                                "repo: railiance-apps\ninclude: [workplans/**/*.md, docs/**/*.md]\npeers:\n  railiance-platform: {path: ../railiance-platform}\n")
        let graph = WorkspaceGraph(try Self.load(directory.absolute("railiance-apps")))
        #expect(graph.workplans.count >= 3)
        var targets: [String] = []
        for (index, workplan) in graph.workplans.enumerated() {
            let qualified = { (id: String) in "\(workplan.repo):\(id)" }
            targets.append(qualified(workplan.id))
            for node in [graph.taskNodes[index].first, graph.taskNodes[index].last, graph.decisionNodes[index].first].compactMap({ $0 }) {
                targets.append(qualified(graph.nodes[node].id))
            }
        }
        var compared = 0
        for (offset, target) in targets.enumerated() {
            let evidence = offset.isMultiple(of: 2) ? "" : "  - evidence: restore-drill\n    max_age: 30d\n"
            _ = try directory.write("railiance-apps/docs/gates.md",
                                    "# Gates\n\n```gate\nid: scope/\(offset)\nrequires:\n  - \(target)\n\(evidence)```\n")
            let (_, gates) = Self.expectAgreement(try Self.load(directory.absolute("railiance-apps")), "corpus, gate on \(target)")
            compared += gates
        }
        #expect(compared == targets.count)
    }

    @Test("the gate fixtures of GateTests (path, git and missing peers)", arguments: GateWorkspace.Peer.allCases)
    func gateFixtures(_ peer: GateWorkspace.Peer) throws {
        let runbook = GateWorkspace.gate("scope/all", "- railiance-platform:RAILIANCE-WP-0003", "- RAILIANCE-WP-0002-T05",
                                         "- evidence: restore-drill", "  max_age: 30d", "- gate: scope/workplan")
            + GateWorkspace.gate("scope/workplan", "- RAILIANCE-WP-0002")
        let fixture = try GateWorkspace(peer: peer, runbook: runbook)
        Self.expectAgreement(try fixture.workspace(), today: CalendarDate(GateWorkspace.today)!, "GateWorkspace \(peer)")
    }

    @Test("the fuzz finding's runbook on a task of a file that does not read whole")
    func fuzzFindingFixture() throws {
        let directory = try TemporaryDirectory("gate-lint-scope-fuzz")
        _ = try directory.write(".wp.yaml", "repo: fuzz\ninclude: [workplans/**/*.md, docs/**/*.md]\n")
        _ = try directory.write("workplans/FUZZ-WP-0001-first.md", bytes: try FuzzFinding.input("workspace-gate-on-task-of-unreadable-file.md"))
        _ = try directory.write("docs/runbook.md", bytes: try FuzzFinding.input("workspace-gate-on-task-of-unreadable-file.runbook.md"))
        Self.expectAgreement(try Self.load(directory.path), "fuzz finding")
    }

    /// Seeds 1…cases, each replayable alone (`RandomWorkspace(seed:)`); about 10 s on a debug build.
    static let cases: UInt64 = 300

    @Test("random workspaces: cross-file and cross-repo dependencies, duplicate ids, cycles, evidence, gates")
    func randomWorkspaces() throws {
        var failingOnLint = 0
        var gates = 0
        for seed in 1...Self.cases {
            let generated = RandomWorkspace(seed: seed)
            let directory = try TemporaryDirectory("gate-lint-scope-random")
            for (path, text) in generated.files { _ = try directory.write(path, text) }
            let workspace = try Self.load(directory.absolute("ops"))
            Self.expectAgreement(workspace, "random workspace, seed \(seed):\n\(generated.description)")
            let results = GateEvaluator(analysis: BlockingAnalysis(WorkspaceGraph(workspace)), today: Self.today).evaluateAll()
            gates += results.count
            failingOnLint += results.filter { $0.requirements.contains { $0.reason.contains("lint reports an error") } }.count
        }
        // The generator must reach the interesting case: a gate unmet because of lint alone.
        #expect(failingOnLint > 0 && gates > Int(Self.cases), "\(failingOnLint) of \(gates) gates unmet on lint")
    }

    /// `wp lint` runs with the day (`date-in-future` is an error there); the gates' lint ran without
    /// one, so a task `done_on` a day to come met a requirement, and its evidence counted.
    @Test("regression: a done task dated after today meets no requirement, as wp lint reports it")
    func doneTaskDatedAfterTodayLeavesItsRequirementUnmet() throws {
        let directory = try TemporaryDirectory("gate-lint-scope-future")
        _ = try directory.write(".wp.yaml", "repo: ops\ninclude: [workplans/**/*.md, docs/**/*.md]\n")
        _ = try directory.write("workplans/OPS-WP-0001-a.md", RandomWorkspace.workplanText(id: "OPS-WP-0001", status: "active", body:
            "## T01\n\n```task\nid: OPS-WP-0001-T01\nstatus: done\nevidence: drill\ndone_on: 2027-01-15\n```\n\n"
            + "## T02\n\n```task\nid: OPS-WP-0001-T02\nstatus: done\ndone_on: 2026-11-27\n```\n"))
        _ = try directory.write("docs/gates.md", "```gate\nid: task\nrequires: [OPS-WP-0001-T01]\n```\n\n"
            + "```gate\nid: drill\nrequires:\n  - evidence: drill\n```\n\n```gate\nid: yesterday\nrequires: [OPS-WP-0001-T02]\n```\n")
        let workspace = try Self.load(directory.path)
        let clock = WorkplanClock.pinned(Self.today)
        let lint = LintEngine(config: workspace.config).run(LintContext(workspace: workspace, clock: clock)).diagnostics
        #expect(lint.contains { $0.rule == "date-in-future" && $0.severity == .error && $0.location.line == 19 }, "\(lint)")
        let results = GateEvaluator(analysis: BlockingAnalysis(WorkspaceGraph(workspace)), today: Self.today).evaluateAll()
        #expect(results.map(\.result) == [.fail, .fail, .pass], "\(results.map { ($0.id, $0.result, $0.requirements.map(\.reason)) })")
        #expect(results.first?.requirements.first?.reason.contains("[date-in-future]") == true)
        Self.expectAgreement(workspace, "done_on after today")
    }

    /// Suppressions were matched to findings by path alone, and a local file may be named like a
    /// git peer's file is shown (`peer:workplans/….md`): its `wp-lint: ignore` silenced the peer's
    /// error, for the gates and for a lint of the workspace.
    @Test("regression: a local file named like a git peer's file does not silence the peer's findings")
    func localFileNamedLikeAPeerFileSilencesNothingOfThePeer() throws {
        let directory = try TemporaryDirectory("gate-lint-scope-spoof")
        let peerFile = "workplans/PEER-WP-0001-a.md"
        let task = "## T01\n\n```task\nid: WRONG-T01\nstatus: done\n```\n"
        _ = try directory.write("peer/.wp.yaml", "repo: peer\n")
        _ = try directory.write("peer/\(peerFile)", RandomWorkspace.workplanText(id: "PEER-WP-0001", status: "active", body: task))
        try git(["init", "--quiet"], in: directory.absolute("peer"))
        try git(["add", "-A"], in: directory.absolute("peer"))
        try git(["commit", "--quiet", "-m", "peer"], in: directory.absolute("peer"))
        _ = try directory.write("apps/.wp.yaml", "repo: apps\ninclude: [\"**/*.md\"]\npeers:\n  peer: {git: \"file://\(directory.absolute("peer"))\", ref: main}\n")
        // The same lines as the peer's file, the task's id line under a reasoned suppression.
        let spoof = RandomWorkspace.workplanText(id: "APPS-WP-0001", status: "active", body:
            "## T01\n\n<!-- wp-lint: ignore task-id-prefix -- not ours -->\n```task\nid: APPS-WP-0001-T01\nstatus: done\n```\n")
        _ = try directory.write("apps/peer:\(peerFile)", spoof)
        _ = try directory.write("apps/docs/gates.md", "```gate\nid: peer-task\nrequires: [peer:WRONG-T01, APPS-WP-0001-T01]\n```\n")
        let workspace = try WorkspaceLoader(cacheDirectory: directory.absolute("cache"), environment: [:]).load(from: directory.absolute("apps"))
        #expect(workspace.repos.allSatisfy { $0.isAvailable })
        let graph = WorkspaceGraph(workspace)
        let spoofed = try #require(graph.workplans.first { $0.repo == "apps" && $0.id == "APPS-WP-0001" })
        let peer = try #require(graph.workplans.first { $0.repo == "peer" })
        #expect(spoofed.path == peer.path, "the local file must be shown at the peer file's path: \(spoofed.path) vs \(peer.path)")
        #expect(spoofed.suppressions.first?.location.line == peer.tasks.first.map { $0.location(ofField: "id").line - 1 }, "the suppression covers the peer's id line")
        let lint = LintEngine(config: workspace.config).run(LintContext(workspace: workspace, scope: .workspace)).diagnostics
        #expect(lint.contains { $0.rule == "task-id-prefix" && $0.subject?.repo == "peer" }, "\(lint)")
        let results = GateEvaluator(analysis: BlockingAnalysis(graph), today: Self.today).evaluateAll()
        #expect(results.first?.result == .fail, "\(results.map { ($0.id, $0.result, $0.requirements.map(\.reason)) })")
        #expect(results.first?.requirements.first?.reason.contains("[task-id-prefix]") == true)
        Self.expectAgreement(workspace, "local file named like a peer's")
    }

    /// A finding past the first ``Limits/findingsPerRuleAndFile`` of its rule in its file is one
    /// `wp lint` leaves out (it prints a count, about no element): the gate on that task passed.
    @Test("regression: a lint error past wp lint's per-file cap still leaves its element unmet")
    func errorPastTheFindingsCapLeavesTheElementUnmet() throws {
        let count = Limits.findingsPerRuleAndFile + 2
        let tasks = (1...count).map { "## Step \($0)\n\n```task\nid: STEP-\($0)\nstatus: done\n```\n\n" }.joined()
        let directory = try TemporaryDirectory("gate-lint-scope-cap")
        _ = try directory.write(".wp.yaml", "repo: ops\ninclude: [workplans/**/*.md, docs/**/*.md]\n")
        _ = try directory.write("workplans/OPS-WP-0001-a.md", RandomWorkspace.workplanText(id: "OPS-WP-0001", status: "active", body: tasks))
        _ = try directory.write("docs/gates.md", "```gate\nid: first\nrequires: [STEP-1]\n```\n\n```gate\nid: last\nrequires: [STEP-\(count)]\n```\n")
        let workspace = try Self.load(directory.path)
        let shown = LintEngine(config: workspace.config).run(LintContext(workspace: workspace)).diagnostics
        #expect(shown.filter { $0.rule == "task-id-prefix" }.count == Limits.findingsPerRuleAndFile + 1,
                "wp lint shows the first findings and a count: \(shown.count)")
        let evaluator = GateEvaluator(analysis: BlockingAnalysis(WorkspaceGraph(workspace)), today: Self.today)
        let results = evaluator.evaluateAll()
        #expect(results.map(\.result) == [.fail, .fail], "\(results.map { ($0.id, $0.result, $0.requirements.map(\.reason)) })")
        #expect(results.last?.requirements.first?.reason.contains("[task-id-prefix]") == true)
        Self.expectAgreement(workspace, "findings cap")
    }
}

/// A workspace of a local repo `ops` and, often, a path peer `peer`: a few workplans each, tasks
/// whose `depends_on` cross files and repos (and sometimes name nothing, or close a cycle), ids
/// written twice or without their workplan's prefix, decisions that block tasks, prose that
/// claims a blocker, suppressions with and without a reason, `rules:` severities, evidence, and
/// gates (in a runbook and in workplans) requiring elements, evidence and each other.
struct RandomWorkspace: CustomStringConvertible {
    private(set) var files: [String: String] = [:]

    static func workplanText(id: String, status: String, extra: String = "", body: String) -> String {
        "---\nid: \(id)\ntype: workplan\ntitle: \"Plan \(id)\"\nstatus: \(status)\nowner: ops\ncreated: \"2026-01-01\"\nupdated: \"2026-01-02\"\n\(extra)---\n\n# Plan \(id)\n\n\(body)"
    }

    var description: String {
        files.keys.sorted().map { "--- \($0)\n\(files[$0]!)" }.joined(separator: "\n")
    }

    /// The workspace of `seed`: the choices are SplitMix64's bytes from it.
    init(seed: UInt64) {
        var state = seed
        var bytes: [UInt8] = []
        for _ in 0..<64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            bytes += (0..<8).map { UInt8(truncatingIfNeeded: mixed >> (8 * $0)) }
        }
        var choices = Choices(bytes)
        self.init(&choices)
    }

    init(_ choices: inout Choices) {
        let hasPeer = choices.choose(4) != 0
        let repos = hasPeer ? [("ops", "OPS"), ("peer", "PEER")] : [("ops", "OPS")]
        // Ids first, so that any element may name any other.
        struct Plan {
            var repo: String
            var id: String
            var tasks: [String]
            var decisions: [String]
        }
        var plans: [Plan] = []
        for (repo, prefix) in repos {
            for number in 1...(1 + choices.choose(3)) {
                let id = "\(prefix)-WP-000\(number)"
                var tasks: [String] = []
                for step in 1...(1 + choices.choose(4)) {
                    switch choices.choose(10) {
                    case 0 where !plans.isEmpty || !tasks.isEmpty:
                        // An id written twice: in another workplan, or in this one.
                        let pool = plans.flatMap(\.tasks) + tasks
                        tasks.append(choices.pick(pool))
                    case 1: tasks.append("STEP-\(step)")
                    default: tasks.append("\(id)-T0\(step)")
                    }
                }
                let decisions = choices.choose(3) == 0 ? ["\(id)-D01"] : []
                plans.append(Plan(repo: repo, id: id, tasks: tasks, decisions: decisions))
            }
        }
        let everything = plans.flatMap { [$0.id] + $0.tasks + $0.decisions }
        func reference(from repo: String) -> String {
            switch choices.choose(12) {
            case 0: return "NOWHERE-WP-0009-T01"
            case 1 where hasPeer:
                let plan = choices.pick(plans)
                return "\(plan.repo):\(choices.pick([plan.id] + plan.tasks))"
            case 2: return "T0\(1 + choices.choose(3))"
            default: return choices.pick(everything)
            }
        }
        func list(_ count: Int, from repo: String) -> String {
            "[" + (0..<count).map { _ in reference(from: repo) }.joined(separator: ", ") + "]"
        }
        let statuses = ["todo", "in_progress", "blocked", "done", "done", "done", "cancelled", "wat"]
        let rules = ["done-with-open-dependency", "task-id-prefix", "dependency-cycle", "unresolved-reference", "finished-with-open-work", "schema"]
        var gateIDs: [String] = []
        var gateBlocks: [String: [String]] = [:]
        for _ in 0..<(1 + choices.choose(3)) { gateIDs.append("g/\(gateIDs.count + 1)") }
        func gate(_ id: String, repo: String) -> String {
            var requires: [String] = []
            for _ in 0..<(1 + choices.choose(3)) {
                switch choices.choose(8) {
                case 0: requires.append("- evidence: drill")
                case 1: requires.append("- evidence: drill\n    max_age: 30d")
                case 2: requires.append("- gate: \(choices.pick(gateIDs))")
                case 3: requires.append("- ref: \(reference(from: repo))\n    status: [done, cancelled]")
                default: requires.append("- \(reference(from: repo))")
                }
            }
            return "```gate\nid: \(id)\nrequires:\n" + requires.map { "  \($0)\n" }.joined() + "```\n\n"
        }
        for gateID in gateIDs where choices.bool() {
            gateBlocks[choices.pick(plans).id, default: []].append(gate(gateID, repo: "ops"))
        }
        let inRunbook = gateIDs.filter { id in !gateBlocks.values.joined().contains { $0.contains("id: \(id)\n") } }

        for plan in plans {
            var body = ""
            for (offset, task) in plan.tasks.enumerated() {
                body += "## Step \(offset + 1)\n\n"
                if choices.choose(4) == 0 { body += "Blocked on \(reference(from: plan.repo)) for now.\n\n" }
                if choices.choose(6) == 0 {
                    let reason = choices.bool() ? " -- known, tracked elsewhere" : ""
                    body += "<!-- wp-lint: ignore \(choices.pick(rules))\(reason) -->\n"
                }
                var yaml = "id: \(task)\nstatus: \(choices.pick(statuses))\n"
                if choices.bool() { yaml += "depends_on: \(list(1 + choices.choose(2), from: plan.repo))\n" }
                if choices.choose(3) == 0 {
                    yaml += "evidence: \(choices.pick(["drill", "smoke"]))\n"
                    if let day = choices.pick(["2026-11-01", "2026-11-20", "2026-12-30", nil]) { yaml += "done_on: \(day)\n" }
                }
                if choices.choose(5) == 0 { yaml += "priority: [not, a, priority]\n" }
                body += "```task\n\(yaml)```\n\n"
            }
            for decision in plan.decisions {
                var yaml = "id: \(decision)\ntitle: Which way\nstatus: \(choices.pick(["pending", "resolved", "resolved"]))\n"
                if choices.bool() { yaml += "resolution: \"Option B\"\n" }
                if choices.bool() { yaml += "blocks: [\(choices.pick(plan.tasks))]\n" }
                body += "```decision\n\(yaml)```\n\n"
            }
            body += (gateBlocks[plan.id] ?? []).joined()
            let extra = choices.choose(4) == 0 ? "depends_on: \(list(1, from: plan.repo))\n" : ""
            let status = choices.pick(["active", "active", "finished", "finished", "wat"])
            let slug = plan.id.lowercased()
            files["\(plan.repo)/workplans/\(plan.id)-\(slug).md"] = Self.workplanText(id: plan.id, status: status, extra: extra, body: body)
        }
        if !inRunbook.isEmpty {
            files["ops/docs/gates.md"] = "# Gates\n\n" + inRunbook.map { gate($0, repo: "ops") }.joined()
        }
        var config = "repo: ops\ninclude: [workplans/**/*.md, docs/**/*.md]\n"
        if hasPeer {
            config += "peers:\n  peer: {path: ../peer}\n"
            files["peer/.wp.yaml"] = "repo: peer\ninclude: [workplans/**/*.md, docs/**/*.md]\n"
        }
        if choices.choose(4) == 0 { config += "rules:\n  \(choices.pick(rules)): \(choices.pick(["off", "warning", "error"]))\n" }
        files["ops/.wp.yaml"] = config
    }
}
