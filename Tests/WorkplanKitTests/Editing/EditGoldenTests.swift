import Foundation
import Testing
@testable import WorkplanKit

/// One edit, the whole file it must produce (Snapshots/editing/<name>.md) and
/// the lines it may touch.
struct GoldenEdit: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: [UInt8]]
    var path: String
    var edit: @Sendable (WorkplanEditor) throws -> EditPlan
    /// Lines the edit removes and adds (compared as multisets; CR kept on CRLF lines).
    var removed: [String]
    var added: [String]

    var testDescription: String { name }

    init(_ name: String, main: String = GoldFixture.main, path: String = GoldFixture.mainPath, extra: [String: String] = [:],
         removed: [String], added: [String], edit: @escaping @Sendable (WorkplanEditor) throws -> EditPlan) {
        self.name = name
        var files = [GoldFixture.mainPath: Array(main.utf8), GoldFixture.otherPath: Array(GoldFixture.other.utf8)]
        for (path, text) in extra { files[path] = Array(text.utf8) }
        self.files = files
        self.path = path
        self.edit = edit
        self.removed = removed
        self.added = added
    }
}

@Suite struct EditGoldenTests {
    static let updatedBefore = #"updated: "2026-05-02""#
    static let updatedAfter = #"updated: "2026-06-01""#

    static let cases: [GoldenEdit] = [
        GoldenEdit("task-start-plain-with-comment",
                   removed: [updatedBefore, "status: todo   # moved by wp start"],
                   added: [updatedAfter, "status: in_progress   # moved by wp start"]) { try $0.planStart("GOLD-WP-0001-T01") },
        GoldenEdit("task-priority-single-quoted",
                   removed: [updatedBefore, "priority: 'low'"], added: [updatedAfter, "priority: 'high'"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "priority", value: "high")]))
        },
        GoldenEdit("task-owner-double-quoted",
                   removed: [updatedBefore, #"owner: "ops""#], added: [updatedAfter, #"owner: "dev team""#]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "owner", value: "dev team")]))
        },
        GoldenEdit("task-status-double-quoted",
                   removed: [updatedBefore, #"status: "in_progress""#], added: [updatedAfter, #"status: "blocked""#]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "status", value: "blocked")]))
        },
        GoldenEdit("flow-list-add",
                   removed: [updatedBefore, #"depends_on: [GOLD-WP-0001-T01, "GOLD-WP-0002-T01"]"#],
                   added: [updatedAfter, #"depends_on: [GOLD-WP-0001-T01, "GOLD-WP-0002-T01", GOLD-WP-0001-T04]"#]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "depends_on", value: "+GOLD-WP-0001-T04")]))
        },
        GoldenEdit("flow-list-remove",
                   removed: [updatedBefore, #"depends_on: [GOLD-WP-0001-T01, "GOLD-WP-0002-T01"]"#],
                   added: [updatedAfter, #"depends_on: ["GOLD-WP-0002-T01"]"#]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "depends_on", value: "-GOLD-WP-0001-T01")]))
        },
        GoldenEdit("flow-list-replace",
                   removed: [updatedBefore, #"depends_on: [GOLD-WP-0001-T01, "GOLD-WP-0002-T01"]"#],
                   added: [updatedAfter, "depends_on: [GOLD-WP-0001-T04]"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T02", changes: [.set(field: "depends_on", value: "[GOLD-WP-0001-T04]")]))
        },
        GoldenEdit("block-list-add",
                   removed: [updatedBefore], added: [updatedAfter, "  - GOLD-WP-0001-T04"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T03", changes: [.set(field: "depends_on", value: "+GOLD-WP-0001-T04")]))
        },
        GoldenEdit("block-list-remove",
                   removed: [updatedBefore, "  - GOLD-WP-0001-T01   # first"], added: [updatedAfter]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T03", changes: [.remove(field: "depends_on", item: "GOLD-WP-0001-T01")]))
        },
        GoldenEdit("block-list-remove-last-item",
                   main: GoldFixture.main.replacingOccurrences(of: "  - GOLD-WP-0001-T01   # first\n", with: ""),
                   removed: [updatedBefore, "depends_on:", "  - GOLD-WP-0001-T02"], added: [updatedAfter, "depends_on: []"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T03", changes: [.set(field: "depends_on", value: "-GOLD-WP-0001-T02")]))
        },
        GoldenEdit("task-done-inserts-evidence",
                   removed: [updatedBefore, "status: todo   # moved by wp start"],
                   added: [updatedAfter, "status: done   # moved by wp start", "evidence: ci run 7", "done_on: 2026-06-01"]) {
            try $0.planDone("GOLD-WP-0001-T01", evidence: "ci run 7")
        },
        GoldenEdit("task-block",
                   removed: [updatedBefore, "status: todo   # moved by wp start"],
                   added: [updatedAfter, "status: blocked   # moved by wp start", "depends_on: [GOLD-WP-0002-T01]",
                           #"reason: "waits for: the other plan""#]) {
            try $0.planBlock("GOLD-WP-0001-T01", on: "GOLD-WP-0002-T01", reason: "waits for: the other plan")
        },
        GoldenEdit("block-scalar-keeps-style",
                   removed: [updatedBefore, "  line one", "  line two"], added: [updatedAfter, "  new proof"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T04", changes: [.set(field: "evidence", value: "new proof")]))
        },
        GoldenEdit("workplan-status",
                   removed: ["status: active", updatedBefore], added: ["status: paused", updatedAfter]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001", changes: [.set(field: "status", value: "paused")]))
        },
        GoldenEdit("workplan-integer",
                   removed: [updatedBefore, "planning_order: 3"], added: [updatedAfter, "planning_order: 4"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001", changes: [.set(field: "planning_order", value: "4")]))
        },
        GoldenEdit("workplan-block-list-add",
                   removed: [updatedBefore], added: [updatedAfter, "  - GOLD-WP-0002-T01"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001", changes: [.add(field: "depends_on", item: "GOLD-WP-0002-T01")]))
        },
        GoldenEdit("decision-block-resolve",
                   removed: [updatedBefore, "status: pending   # waiting for ops"],
                   added: [updatedAfter, "status: resolved   # waiting for ops", #"resolution: "Chart B: the small one""#,
                           "decided_on: 2026-06-01", "decided_by: bernd"]) {
            try $0.planResolve("GOLD-WP-0001-D01", option: "Chart B: the small one", by: "bernd")
        },
        GoldenEdit("decision-prose-resolve",
                   removed: [updatedBefore], added: [updatedAfter, "", "**Resolution (2026-06-01, bernd):** Option A"]) {
            try $0.planResolve("GOLD-WP-0001-D02", option: "Option A", by: "bernd")
        },
        GoldenEdit("new-task",
                   removed: [updatedBefore],
                   added: [updatedAfter, "", "### T05 — Fourth: more", "", "```task", "id: GOLD-WP-0001-T05", "status: todo", "```", "",
                           "**Done when:** (say what proves this task done)"]) {
            try $0.planNewTask(workplan: "GOLD-WP-0001", title: "Fourth: more")
        },
        GoldenEdit("crlf-bom-done",
                   main: "\u{FEFF}" + GoldFixture.main.replacingOccurrences(of: "\n", with: "\r\n"),
                   removed: [updatedBefore + "\r", "status: todo   # moved by wp start\r"],
                   added: [updatedAfter + "\r", "status: done   # moved by wp start\r", "evidence: ci run 7\r", "done_on: 2026-06-01\r"]) {
            try $0.planDone("GOLD-WP-0001-T01", evidence: "ci run 7")
        },
        GoldenEdit("crlf-bom-block-list-add",
                   main: "\u{FEFF}" + GoldFixture.main.replacingOccurrences(of: "\n", with: "\r\n"),
                   removed: [updatedBefore + "\r"], added: [updatedAfter + "\r", "  - GOLD-WP-0001-T04\r"]) {
            try $0.plan(EditRequest(id: "GOLD-WP-0001-T03", changes: [.add(field: "depends_on", item: "GOLD-WP-0001-T04")]))
        },
        GoldenEdit("no-final-newline-adds-updated",
                   path: "workplans/BARE-WP-0001-bare.md",
                   extra: ["workplans/BARE-WP-0001-bare.md": """
                       ---
                       id: BARE-WP-0001
                       title: Bare
                       status: active
                       ---

                       ```task
                       id: BARE-WP-0001-T01
                       status: todo
                       ```

                       The last line has no newline.
                       """],
                   removed: ["status: todo"], added: [#"updated: "2026-06-01""#, "status: in_progress"]) {
            try $0.planStart("BARE-WP-0001-T01")
        },
        GoldenEdit("indented-fence-in-list",
                   path: "workplans/LIST-WP-0001-list.md",
                   extra: ["workplans/LIST-WP-0001-list.md": """
                       ---
                       id: LIST-WP-0001
                       title: List
                       status: active
                       created: 2026-05-01
                       updated: 2026-05-01
                       ---

                       1. First step:

                          ```task
                          id: LIST-WP-0001-T01
                          status: todo
                          ```

                       """],
                   removed: ["updated: 2026-05-01", "   status: todo"],
                   added: ["updated: 2026-06-01", "   status: done", "   evidence: \"yes\"", "   done_on: 2026-06-01"]) {
            try $0.planDone("LIST-WP-0001-T01", evidence: "yes")
        },
    ]

    @Test(arguments: cases)
    func editChangesOnlyItsBytes(_ golden: GoldenEdit) throws {
        let repo = try EditRepo(files: golden.files)
        #expect(try repo.lintErrors().map(\.description) == [], "the fixture itself must be lint-clean")
        let before = try repo.bytes(golden.path)
        let plan = try golden.edit(try repo.editor())
        #expect(plan.overridden.isEmpty)
        #expect(!plan.isNoChange)
        try plan.commit()
        let after = try repo.bytes(golden.path)
        #expect(after == plan.updated)
        assertEditSnapshot(after, named: golden.name + ".md")
        let diff = changedLines(before, after)
        #expect(diff.removed.sorted() == golden.removed.sorted(), "removed lines")
        #expect(diff.added.sorted() == golden.added.sorted(), "added lines")
        // Byte-level facts the line diff cannot see.
        #expect(after.starts(with: [0xEF, 0xBB, 0xBF]) == before.starts(with: [0xEF, 0xBB, 0xBF]), "BOM kept")
        #expect(after.last == before.last, "final newline kept (or its absence)")
        #expect(before.contains(13) == after.contains(13))
        if before.contains(13) {
            let lone = zip(after, after.dropFirst() + [0]).filter { $0.0 == 10 }.count
            let crlf = zip(after, after.dropFirst()).filter { $0.0 == 13 && $0.1 == 10 }.count
            #expect(lone == crlf, "every line of a CRLF file still ends in CRLF")
        }
        #expect(try repo.lintErrors().map(\.description) == [], "wp lint passes after the edit")
        // Every other file is untouched.
        for (path, bytes) in golden.files where path != golden.path {
            #expect(try repo.bytes(path) == bytes)
        }
    }

    @Test func newWorkplanMatchesItsSnapshotAndLints() throws {
        let repo = try GoldFixture.repo()
        let plan = try repo.editor().planNewWorkplan(id: nil, title: #"Golden "two": more # not a comment"#)
        #expect(plan.id == "GOLD-WP-0003")
        #expect(plan.displayPath == "workplans/GOLD-WP-0003-golden-two-more-not-a-comment.md")
        #expect(plan.original == nil)
        try plan.commit()
        let bytes = try repo.bytes(plan.displayPath)
        assertEditSnapshot(bytes, named: "new-workplan.md")
        #expect(try repo.lintErrors().map(\.description) == [])
        let workplan = try #require(try repo.load().workplans.first { $0.id == "GOLD-WP-0003" })
        #expect(workplan.title == #"Golden "two": more # not a comment"#)
        #expect(workplan.status == .draft)
        #expect(workplan.created == EditRepo.today)
        // The new workplan takes tasks the same way.
        try repo.editor().planNewTask(workplan: "GOLD-WP-0003", title: "First").commit()
        let tasks = try #require(try repo.load().workplans.first { $0.id == "GOLD-WP-0003" }).tasks
        #expect(tasks.map(\.id) == ["GOLD-WP-0003-T01"])
        #expect(tasks.first?.title == "T01 — First")
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test func newTaskWithoutTasksSectionAddsOne() throws {
        let repo = try EditRepo(texts: ["workplans/PLAIN-WP-0007-plain.md": "---\nid: PLAIN-WP-0007\ntitle: Plain\nstatus: active\n---\n\n# Plain\n\nJust prose."])
        let plan = try repo.editor().planNewTask(workplan: "PLAIN-WP-0007", title: "Start")
        try plan.commit()
        let text = try repo.text("workplans/PLAIN-WP-0007-plain.md")
        #expect(text.hasSuffix("Just prose.\n\n## Tasks\n\n### T01 — Start\n\n```task\nid: PLAIN-WP-0007-T01\nstatus: todo\n```\n\n**Done when:** (say what proves this task done)"))
        #expect(!text.hasSuffix("\n"), "the file had no final newline and still has none")
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test func nextNumbersContinueFromTheHighest() throws {
        let repo = try GoldFixture.repo(main: GoldFixture.main.replacingOccurrences(of: "GOLD-WP-0001-T04", with: "GOLD-WP-0001-T117"))
        let plan = try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "Next")
        #expect(plan.id == "GOLD-WP-0001-T118")
        let other = try EditRepo(texts: [
            "workplans/ACME-WP-0009-a.md": "---\nid: ACME-WP-0009\ntitle: A\nstatus: active\n---\n",
            "workplans/ACME-WP-0010-b.md": "---\nid: ACME-WP-0010\ntitle: B\nstatus: active\n---\n",
            "workplans/ZED-WP-0500-c.md": "---\nid: ZED-WP-0500\ntitle: C\nstatus: active\n---\n",
        ])
        #expect(try other.editor().planNewWorkplan(id: nil, title: "Next").id == "ACME-WP-0011")
    }
}
