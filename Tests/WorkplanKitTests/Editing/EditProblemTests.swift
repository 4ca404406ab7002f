import Foundation
import Testing
@testable import WorkplanKit

/// Refusals are data: a typed reason, a position, whether `--force` may override it.
@Suite struct EditProblemTests {
    func statusLocation(of id: String, in repo: EditRepo) throws -> WorkplanKit.SourceLocation? {
        try repo.load().workplans.flatMap(\.tasks).first { $0.id == id }?.fields["status"]?.location
    }

    @Test func anOpenDependencyIsAForceableProblemAtTheStatus() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) { try repo.editor().planDone("GOLD-WP-0001-T02") }
        let problem = try #require(error?.problems.first)
        #expect(error?.problems.count == 1)
        #expect(problem.reason == .openDependency(
            id: "GOLD-WP-0001-T02", status: .done, blocker: .dependency(id: "GOLD-WP-0001-T01", status: "todo")))
        #expect(problem.location == (try statusLocation(of: "GOLD-WP-0001-T02", in: repo)))
        #expect(problem.isForceable)
        #expect(problem.severity == .error)
        #expect(!problem.isOverridden)
        #expect(error?.advice == .useForce)
        #expect(error?.lines.last == "nothing was written; use --force to make the edit anyway")

        // --force: the same problem, now a warning that says it was overridden.
        let plan = try repo.editor().planDone("GOLD-WP-0001-T02", force: true)
        #expect(plan.overrides.map(\.reason) == [problem.reason])
        #expect(plan.overrides.map(\.location) == [problem.location])
        #expect(plan.overrides.allSatisfy { $0.severity == .warning && $0.isOverridden })
        #expect(plan.overridden == plan.overrides.map(\.description))
    }

    @Test func aLifecycleMoveSaysWhatIsAllowed() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) {
            try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T04", changes: [.set(field: "status", value: "todo")]))
        }
        #expect(error?.problems.map(\.reason) == [.moveNotAllowed(what: "task", from: .done, to: .todo, allowed: [])])
        #expect(error?.problems.first?.location == (try statusLocation(of: "GOLD-WP-0001-T04", in: repo)))
    }

    @Test func theSchemaIsNeitherForceableNorFollowedByForceAdvice() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) {
            try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "priority", value: "urgent")], force: true))
        }
        let problems = try #require(error?.problems)
        guard case .schema(let what, _)? = problems.first?.reason else {
            Issue.record("expected a schema problem first: \(problems)")
            return
        }
        #expect(what == "task GOLD-WP-0001-T01")
        #expect(problems.first?.location?.path == GoldFixture.mainPath)
        #expect(problems.last?.reason == .resultBreaksSchema)
        #expect(problems.allSatisfy { !$0.isForceable && $0.severity == .error })
        #expect(error?.advice == nil)
    }

    @Test func aNewLintErrorKeepsTheFinding() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) {
            try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.add(field: "depends_on", item: "NOPE-WP-0009")]))
        }
        let problem = try #require(error?.problems.first)
        guard case .newLintError(let finding) = problem.reason else {
            Issue.record("expected a new lint error: \(problem)")
            return
        }
        #expect(finding.rule == "unresolved-reference")
        #expect(finding.location.path == GoldFixture.mainPath)
        #expect(problem.location == finding.location)
        #expect(problem.isForceable)
        #expect(problem.description == "\(finding) (new lint error)")
    }

    @Test func unknownIDsHaveNoPosition() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) { try repo.editor().planStart("GOLD-WP-0001-T1") }
        #expect(error?.kind == .unknownID)
        #expect(error?.problems.map(\.reason) == [.unknownID(id: "GOLD-WP-0001-T1", suggestion: "GOLD-WP-0001-T01")])
        #expect(error?.problems.first?.location == nil)
        #expect(error?.message == "error: no workplan, task or decision has id 'GOLD-WP-0001-T1'; did you mean 'GOLD-WP-0001-T01'?")
    }

    @Test func anEditorReusesAGraphItIsGiven() throws {
        let repo = try GoldFixture.repo()
        let editor = WorkplanEditor(graph: WorkspaceGraph(try repo.load()), today: try #require(CalendarDate(EditRepo.today)))
        let plan = try editor.planStart("GOLD-WP-0001-T01")
        #expect(plan.changes.first == "GOLD-WP-0001-T01 status: todo → in_progress")
        #expect(plan.changes.last == "updated: 2026-05-02 → 2026-06-01")
    }
}

/// An edit finds its target by a scan of the workspace when the id names one element, by the
/// graph otherwise: both must say the same for every id.
@Suite struct EditTargetTests {
    @Test func theScanAndTheGraphFindTheSameTarget() throws {
        let directory = try TemporaryDirectory("wp-edit-locate")
        try directory.write("gold/.wp.yaml", "repo: gold\ninclude: [workplans/**/*.md, docs/**/*.md]\npeers:\n  other: {path: ../other}\n")
        try directory.write("gold/" + GoldFixture.mainPath, GoldFixture.main)
        try directory.write("gold/" + GoldFixture.otherPath, GoldFixture.other)
        try directory.write("gold/docs/runbook.md", "# Runbook\n\n```gate\nid: gold/promote\nrequires: [GOLD-WP-0001]\n```\n")
        let shared = "---\nid: SHARED-WP-0001\ntitle: Shared\nstatus: active\n---\n"
        try directory.write("gold/workplans/SHARED-WP-0001-shared.md", shared)
        try directory.write("other/workplans/SHARED-WP-0001-shared.md", shared)
        try directory.write("other/workplans/OTHER-WP-0001-other.md", "---\nid: OTHER-WP-0001\ntitle: Other\nstatus: active\n---\n")
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute(".cache"), environment: [:])
            .load(from: directory.absolute("gold"))
        let today = try #require(CalendarDate(EditRepo.today))
        let scanning = WorkplanEditor(workspace: workspace, today: today)
        let resolving = WorkplanEditor(graph: WorkspaceGraph(workspace), today: today)

        func outcome(_ editor: WorkplanEditor, _ id: String) -> Result<WorkplanEditor.Target, EditError> {
            do { return .success(try editor.locate(id)) } catch { return .failure(error) }
        }
        let ids = [
            "GOLD-WP-0001", "GOLD-WP-0001-T01", "gold:GOLD-WP-0001-T01", "GOLD-WP-0001-D01", "GOLD-WP-0001-D02",
            "other:GOLD-WP-0001-T01", "nope:GOLD-WP-0001", "SHARED-WP-0001", "gold:SHARED-WP-0001", "other:SHARED-WP-0001",
            "OTHER-WP-0001", "gold/promote", "GOLD-WP-0001-T9", "T01", "",
        ]
        for id in ids {
            let scanned = outcome(scanning, id)
            #expect("\(scanned)" == "\(outcome(resolving, id))", "\(id)")
        }
        #expect(try scanning.locate("gold:SHARED-WP-0001").workplanIndex == workspace.workplans.firstIndex { $0.id == "SHARED-WP-0001" })
        #expect(throws: EditError(.unknownID, .ambiguousID(id: "SHARED-WP-0001", repos: ["gold", "other"]))) {
            try scanning.locate("SHARED-WP-0001")
        }
        #expect(throws: EditError(.unknownID, .unknownRepo(repo: "nope"))) { try scanning.locate("nope:GOLD-WP-0001") }
        let peer = #expect(throws: EditError.self) { try scanning.locate("OTHER-WP-0001") }
        #expect(peer?.problems.first?.reason == .elementInPeer(id: "OTHER-WP-0001", repo: "other"))
        let gate = #expect(throws: EditError.self) { try scanning.locate("gold/promote") }
        #expect(gate?.problems.first?.reason == .gateInRunbook(id: "gold/promote"))
        #expect(gate?.problems.first?.location?.path == "docs/runbook.md")
    }
}
