import Foundation
import Testing
@testable import WorkplanKit

/// Edits the checks refuse: nothing is written, the reason is given.
@Suite struct EditRefusalTests {
    /// Plans `request` and expects a refusal of `kind` whose message contains every fragment;
    /// the workplan files must be byte-identical afterwards.
    @discardableResult
    func expectRefusal(
        _ repo: EditRepo, kind: EditError.Kind = .refused, containing fragments: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation, _ make: (WorkplanEditor) throws -> EditPlan
    ) throws -> EditError? {
        let before = try [GoldFixture.mainPath, GoldFixture.otherPath].map { try repo.bytes($0) }
        var caught: EditError?
        do {
            let plan = try make(try repo.editor())
            try plan.commit()
            Issue.record("the edit was not refused", sourceLocation: sourceLocation)
        } catch let error as EditError {
            caught = error
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.exitCode == (kind == .refused ? 1 : 2), sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(error.message.contains(fragment), "message lacks '\(fragment)': \(error.message)", sourceLocation: sourceLocation)
            }
        }
        let after = try [GoldFixture.mainPath, GoldFixture.otherPath].map { try repo.bytes($0) }
        #expect(after == before, "a refused edit writes nothing", sourceLocation: sourceLocation)
        #expect(try repo.entries("workplans") == ["GOLD-WP-0001-golden-edits.md", "GOLD-WP-0002-other.md"], sourceLocation: sourceLocation)
        return caught
    }

    @Test func doneIsFinalByDefault() throws {
        let repo = try GoldFixture.repo()
        try expectRefusal(repo, containing: ["\(GoldFixture.mainPath):", "does not allow done → todo", "--force"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T04", changes: [.set(field: "status", value: "todo")]))
        }
    }

    @Test func aWorkspaceLifecycleDecidesTheMoves() throws {
        let config = "repo: gold\nlifecycles:\n  task:\n    transitions: {done: [todo], todo: [in_progress, done], in_progress: [done, todo]}\n"
        let repo = try GoldFixture.repo(config: config)
        try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T04", changes: [.set(field: "status", value: "todo")])).commit()
        #expect(try repo.text(GoldFixture.mainPath).contains("id: GOLD-WP-0001-T04\nstatus: todo\n"))
        // …and forbids what it leaves out.
        try expectRefusal(repo, containing: ["does not allow todo → blocked", "from todo it allows in_progress, done"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "status", value: "blocked")]))
        }
    }

    @Test func doneWaitsForOpenDependencies() throws {
        let repo = try GoldFixture.repo()
        // T02 depends on T01, which is todo.
        try expectRefusal(repo, containing: ["GOLD-WP-0001-T02 cannot be done yet", "GOLD-WP-0001-T01, which is todo", "--force"]) {
            try $0.planDone("GOLD-WP-0001-T02")
        }
        // T03 is blocked by two pending decisions, one of them in prose.
        let error = try expectRefusal(repo, containing: ["decision GOLD-WP-0001-D01 that blocks it is pending"]) {
            try $0.planDone("GOLD-WP-0001-T03")
        }
        #expect(error?.message.contains("decision GOLD-WP-0001-D02 that blocks it is pending") == true)
    }

    @Test func forceOverridesAndSaysWhat() throws {
        let repo = try GoldFixture.repo()
        let plan = try repo.editor().planDone("GOLD-WP-0001-T02", force: true)
        #expect(plan.overridden.count == 1)
        #expect(plan.overridden.first?.contains("warning: GOLD-WP-0001-T02 cannot be done yet: it depends on GOLD-WP-0001-T01, which is todo (overridden by --force)") == true)
        try plan.commit()
        #expect(try repo.text(GoldFixture.mainPath).contains(#"status: "done""#))
        // Lifecycle moves too; and the new lint errors it causes are listed, not hidden.
        let back = try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T04", changes: [.set(field: "status", value: "todo")], force: true))
        #expect(back.overridden.contains { $0.contains("does not allow done → todo") })
    }

    @Test func requiredFieldsAreNotForceable() throws {
        let config = "repo: gold\nlifecycles:\n  task:\n    require: {done: [evidence]}\n"
        let repo = try GoldFixture.repo(config: config)
        // GOLD-WP-0002-T01 is done without evidence: lint already reports it; edits must not add more.
        let existing = try repo.lintErrors().map(\.message)
        #expect(existing == ["task GOLD-WP-0002-T01 is done but has no `evidence`, which .wp.yaml requires for that status; add `evidence:`"])
        for force in [false, true] {
            try expectRefusal(repo, containing: ["needs `evidence`", "wp done GOLD-WP-0001-T01 --evidence TEXT"]) {
                try $0.planDone("GOLD-WP-0001-T01", force: force)
            }
        }
        try repo.editor().planDone("GOLD-WP-0001-T01", evidence: "ci run 9").commit()
        #expect(try repo.lintErrors().map(\.message) == existing)
    }

    @Test func theSchemaIsNotForceable() throws {
        let repo = try GoldFixture.repo()
        for force in [false, true] {
            try expectRefusal(repo, containing: ["task GOLD-WP-0001-T01", "priority", "schema"]) {
                try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "priority", value: "urgent")], force: force))
            }
        }
        try expectRefusal(repo, containing: ["front matter", "planning_order"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001", changes: [.set(field: "planning_order", value: "first")]))
        }
    }

    @Test func unknownStatusesAndFieldsGetSuggestions() throws {
        let repo = try GoldFixture.repo()
        try expectRefusal(repo, containing: ["'in-progress' is not a task status", "did you mean 'in_progress'"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "status", value: "in-progress")]))
        }
        try expectRefusal(repo, containing: ["unknown task field 'staus'", "did you mean 'status'"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "staus", value: "done")]))
        }
        try expectRefusal(repo, containing: ["an id is not changed"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "id", value: "GOLD-WP-0001-T09")]))
        }
        try expectRefusal(repo, containing: ["title is the heading"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "title", value: "New")]))
        }
    }

    @Test func unknownIDsExitTwo() throws {
        let repo = try GoldFixture.repo()
        try expectRefusal(repo, kind: .unknownID, containing: ["no workplan, task or decision has id 'GOLD-WP-0001-T9'"]) {
            try $0.planStart("GOLD-WP-0001-T9")
        }
        try expectRefusal(repo, kind: .unknownID, containing: ["did you mean 'GOLD-WP-0001-T01'"]) {
            try $0.planStart("GOLD-WP-0001-T1")
        }
        try expectRefusal(repo, kind: .unknownID, containing: ["no workplan"]) {
            try $0.planNewTask(workplan: "NOPE-WP-0001", title: "x")
        }
    }

    @Test func editsThatAddLintErrorsAreRefused() throws {
        let repo = try GoldFixture.repo()
        try expectRefusal(repo, containing: ["'NOPE-WP-0009'", "[unresolved-reference] (new lint error)"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.add(field: "depends_on", item: "NOPE-WP-0009")]))
        }
        // A cycle: T01 would depend on T02, which depends on T01.
        try expectRefusal(repo, containing: ["[dependency-cycle] (new lint error)"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.add(field: "depends_on", item: "GOLD-WP-0001-T02")]))
        }
        // Starting a task a pending decision blocks.
        try expectRefusal(repo, containing: ["[in-progress-with-pending-decision] (new lint error)"]) {
            try $0.planStart("GOLD-WP-0001-T03")
        }
        try expectRefusal(repo, containing: ["`depends_on` does not list 'GOLD-WP-0001-T04'", "it lists GOLD-WP-0001-T01, GOLD-WP-0002-T01"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "depends_on", value: "-GOLD-WP-0001-T04")]))
        }
    }

    @Test func proseDecisionsOnlyResolve() throws {
        let repo = try GoldFixture.repo()
        try expectRefusal(repo, containing: ["written in prose", "wp resolve GOLD-WP-0001-D02"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-D02", changes: [.set(field: "status", value: "rejected")]))
        }
        try repo.editor().planResolve("GOLD-WP-0001-D02", option: "A", by: "bernd").commit()
        let decision = try #require(try repo.load().workplans.first?.decisions.first { $0.id == "GOLD-WP-0001-D02" })
        #expect(decision.status == .resolved)
        #expect(decision.decidedBy == "bernd")
        #expect(decision.decidedOn == EditRepo.today)
        try expectRefusal(repo, containing: ["already has a resolution"]) {
            try $0.planResolve("GOLD-WP-0001-D02", option: "B", by: "bernd")
        }
    }

    @Test func aSecondResolutionOfABlockDecisionFollowsTheLifecycle() throws {
        let repo = try GoldFixture.repo()
        try repo.editor().planResolve("GOLD-WP-0001-D01", option: "B", by: "bernd").commit()
        try expectRefusal(repo, containing: ["does not allow resolved → rejected"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-D01", changes: [.set(field: "status", value: "rejected")]))
        }
    }

    @Test func sameValueWritesNothing() throws {
        let repo = try GoldFixture.repo()
        let plan = try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T01", changes: [.set(field: "priority", value: "medium")]))
        #expect(plan.isNoChange)
        #expect(plan.diff() == "")
        let path = repo.directory.absolute(GoldFixture.mainPath)
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        try plan.commit()
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode, "not even rewritten")
        #expect(try repo.text(GoldFixture.mainPath) == GoldFixture.main)
    }
}

/// The file changes between wp reading it and wp replacing it.
@Suite struct EditConcurrencyTests {
    @Test func aChangeBeforeCommitRefusesTheEdit() throws {
        let repo = try GoldFixture.repo()
        let plan = try repo.editor().planStart("GOLD-WP-0001-T01")
        let path = repo.directory.absolute(GoldFixture.mainPath)
        let theirs = Array(GoldFixture.main.replacingOccurrences(of: "priority: medium", with: "priority: low").utf8)
        var hookRan = false
        let error = #expect(throws: EditError.self) {
            try plan.commit(beforeCommit: {
                hookRan = true
                // Another writer saves the file while wp's new bytes wait in the temporary file.
                try Data(theirs).write(to: URL(fileURLWithPath: path))
                #expect(try repo.entries("workplans").contains { $0.contains(".wp-tmp-") }, "the new bytes are staged beside the file")
            })
        }
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("changed on disk after wp read it") == true)
        #expect(hookRan)
        #expect(try repo.bytes(GoldFixture.mainPath) == theirs, "their change survives")
        #expect(try repo.entries("workplans") == ["GOLD-WP-0001-golden-edits.md", "GOLD-WP-0002-other.md"], "no temporary file left")
    }

    @Test func aChangeAfterLoadingRefusesThePlan() throws {
        let repo = try GoldFixture.repo()
        let editor = try repo.editor()
        try repo.directory.write(GoldFixture.mainPath, GoldFixture.main + "\nA late line.\n")
        let error = #expect(throws: EditError.self) {
            try editor.planStart("GOLD-WP-0001-T01")
        }
        #expect(error?.message.contains("changed on disk while wp was reading it") == true)
        #expect(try repo.text(GoldFixture.mainPath) == GoldFixture.main + "\nA late line.\n")
    }
}
