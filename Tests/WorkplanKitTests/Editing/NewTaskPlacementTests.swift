import Foundation
import Testing
@testable import WorkplanKit

/// `wp new task` follows the workplan it adds to: its id scheme, its heading level, the place
/// after its last task; `--id`, `--priority`, `--owner`, `--depends-on`, `--done-when` make a
/// complete task in one edit (issue 12, item 5); a finished workplan says how to reopen it (item 6).
@Suite struct NewTaskPlacementTests {
    static let corpusPath = "workplans/RAILIANCE-WP-0004-app-deployment-improvements.md"

    /// RAILIANCE-WP-0004 as the corpus has it: items I01…I07 under `## Ixx — …`, each ending in
    /// `---`, no Tasks section, `## Notes` last.
    static func corpusRepo() throws -> EditRepo {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corpus/railiance-apps/" + corpusPath)
        return try EditRepo(config: "repo: railiance-apps\n", files: [corpusPath: [UInt8](try Data(contentsOf: corpus))])
    }

    @Test("RAILIANCE-WP-0004: I08 under `## I08 — …` after I07's section and its `---`, before `## Notes`")
    func followsTheItemsOfTheCorpus() throws {
        let repo = try Self.corpusRepo()
        let before = try repo.text(Self.corpusPath)
        let plan = try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "Rotate the age key")
        #expect(plan.id == "RAILIANCE-WP-0004-I08")
        try plan.commit()
        let after = try repo.text(Self.corpusPath)
        let notes = try #require(before.range(of: "\n## Notes\n"))
        let expected = String(before[..<notes.lowerBound]) + """

            ## I08 — Rotate the age key

            ```task
            id: RAILIANCE-WP-0004-I08
            status: todo
            ```

            **Done when:** (say what proves this task done)

            ---

            """ + String(before[notes.lowerBound...])
        #expect(after == expected.replacingOccurrences(of: "updated: \"2026-05-19\"", with: "updated: \"\(EditRepo.today)\""))
        #expect(!after.contains("## Tasks"))
        #expect(try repo.lintErrors().map(\.description) == [])
        // The next one continues the scheme.
        #expect(try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "Next").id == "RAILIANCE-WP-0004-I09")
    }

    @Test("one command makes a complete task: id, priority, owner, dependencies, Done when")
    func aCompleteTask() throws {
        let repo = try Self.corpusRepo()
        let fields = NewTaskFields(id: "I20", priority: "high", owner: "platform team", dependsOn: ["I05, I01", "RAILIANCE-WP-0004-I02"],
                                   doneWhen: "every secret decrypts with the new key: `make check-sops` passes")
        let plan = try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "Rotate the age key", fields: fields)
        #expect(plan.id == "RAILIANCE-WP-0004-I20")
        #expect(plan.changes.prefix(5) == [
            "RAILIANCE-WP-0004-I20 new task: Rotate the age key (todo)",
            "RAILIANCE-WP-0004-I20 priority: high",
            "RAILIANCE-WP-0004-I20 owner: platform team",
            "RAILIANCE-WP-0004-I20 depends_on: [I05, I01, RAILIANCE-WP-0004-I02]",
            "RAILIANCE-WP-0004-I20 done when: every secret decrypts with the new key: `make check-sops` passes",
        ])
        try plan.commit()
        let text = try repo.text(Self.corpusPath)
        #expect(text.contains("""
            ## I20 — Rotate the age key

            ```task
            id: RAILIANCE-WP-0004-I20
            status: todo
            priority: high
            owner: platform team
            depends_on: [I05, I01, RAILIANCE-WP-0004-I02]
            ```

            **Done when:** every secret decrypts with the new key: `make check-sops` passes

            ---
            """))
        let task = try #require(try repo.load().workplans.first?.tasks.last)
        #expect(task.doneWhen == "every secret decrypts with the new key: `make check-sops` passes")
        #expect(task.dependsOn.map(\.text) == ["I05", "I01", "RAILIANCE-WP-0004-I02"])
        #expect(try repo.lintErrors().map(\.description) == [])
        // Numbering goes on after the highest number, whoever chose it.
        #expect(try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "Next").id == "RAILIANCE-WP-0004-I21")
    }

    @Test("--id: taken, or not a task id of the workplan, is refused with an example in the workplan's scheme")
    func givenIDs() throws {
        let repo = try Self.corpusRepo()
        let taken = #expect(throws: EditError.self) { try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "X", fields: NewTaskFields(id: "I03")) }
        #expect(taken?.message.contains("RAILIANCE-WP-0004-I03 is taken (task in \(Self.corpusPath))") == true)
        for bad in ["foo bar", "RAILIANCE-WP-0002-T09", "I"] {
            let error = #expect(throws: EditError.self) { try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "X", fields: NewTaskFields(id: bad)) }
            #expect(error?.message.contains("is not a task id of RAILIANCE-WP-0004; give a whole id like RAILIANCE-WP-0004-I08 or its short part, I08") == true,
                    "\(error?.message ?? "")")
        }
        let multiline = #expect(throws: EditError.self) {
            try repo.editor().planNewTask(workplan: "RAILIANCE-WP-0004", title: "X", fields: NewTaskFields(doneWhen: "one\ntwo"))
        }
        #expect(multiline?.message == "error: --done-when takes one non-empty line of text")
    }

    @Test("the id scheme: most tasks' letters, their width, the next free number; T01 in a workplan without tasks")
    func idScheme() throws {
        func workplan(_ ids: [String]) -> Workplan {
            let here = SourceLocation(path: "p", line: 1, column: 1)
            let empty = YAMLValue.scalar(.init(text: "", kind: .null, style: .plain, location: here))
            return Workplan(id: "EX-WP-0001", title: "A", status: .active, repo: "r", path: "p", location: here,
                            tasks: ids.map { Workplan.Task(id: $0, status: .todo, title: $0, fields: empty, location: here, sectionLines: 1...1) })
        }
        #expect(TaskIDScheme(of: workplan([])) == .default)
        #expect(TaskIDScheme(of: workplan(["EX-WP-0001-I01", "EX-WP-0001-I07"])) == TaskIDScheme(letters: "I", hyphen: false, width: 2))
        #expect(TaskIDScheme(of: workplan(["EX-WP-0001-T1", "EX-WP-0001-I001", "EX-WP-0001-T2"])) == TaskIDScheme(letters: "T", hyphen: false, width: 1))
        // A tie goes to the last task's scheme.
        #expect(TaskIDScheme(of: workplan(["EX-WP-0001-T01", "EX-WP-0001-S-001"])) == TaskIDScheme(letters: "S", hyphen: true, width: 3))
        #expect(TaskIDScheme(letters: "S", hyphen: true, width: 3).id(4, in: "EX-WP-0001") == "EX-WP-0001-S-004")
        // Ids without the workplan's prefix say nothing about its scheme.
        #expect(TaskIDScheme(of: workplan(["OTHER-WP-0002-X01", "T05"])) == .default)
    }

    @Test("a workplan whose tasks share one heading: the end of its Tasks section, one level below it")
    func tasksWithoutHeadingsOfTheirOwn() throws {
        let path = "workplans/LIST-WP-0001-list.md"
        let repo = try EditRepo(texts: [path: """
            ---
            id: LIST-WP-0001
            title: List
            status: active
            ---

            ## Tasks

            ```task
            id: LIST-WP-0001-T01
            status: todo
            ```

            ```task
            id: LIST-WP-0001-T02
            status: todo
            ```

            ## Later

            Prose.

            """])
        try repo.editor().planNewTask(workplan: "LIST-WP-0001", title: "Third", fields: NewTaskFields(doneWhen: "done")).commit()
        #expect(try repo.text(path).contains("status: todo\n```\n\n### T03 — Third\n\n```task\nid: LIST-WP-0001-T03\nstatus: todo\n```\n\n**Done when:** done\n\n## Later\n"))
    }

    @Test("a repo template without {{done_when}}: --done-when replaces the text after its label, or adds the paragraph")
    func repoTemplates() throws {
        let labelled = Template(kind: .task, text: "### {{short_id}} — {{title}}\n\n```task\nid: {{id}}\nstatus: {{status}}\npriority: low\n```\n\n**Done when:** TODO\nsay it here\n\nNotes.\n", source: ".wp/templates/task.md")
        let repo = try GoldFixture.repo()
        try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "Fifth", fields: NewTaskFields(priority: "high", doneWhen: "it ships"), template: labelled).commit()
        #expect(try repo.text(GoldFixture.mainPath).contains("id: GOLD-WP-0001-T05\nstatus: todo\npriority: high\n```\n\n**Done when:** it ships\n\nNotes.\n"))
        let bare = Template(kind: .task, text: "### {{short_id}} — {{title}}\n\n```task\nid: {{id}}\nstatus: {{status}}\n```\n", source: ".wp/templates/task.md")
        try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "Sixth", fields: NewTaskFields(doneWhen: "it ships too"), template: bare).commit()
        #expect(try repo.text(GoldFixture.mainPath).contains("id: GOLD-WP-0001-T06\nstatus: todo\n```\n\n**Done when:** it ships too\n"))
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test("a finished workplan takes no new task: the refusal says how to reopen it, and says nothing of --force")
    func finishedWorkplan() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) { try repo.editor().planNewTask(workplan: "GOLD-WP-0002", title: "More") }
        #expect(error?.message == "\(GoldFixture.otherPath):4:9: error: GOLD-WP-0002 is finished: a new task would be open work in a finished workplan; "
            + "reopen it first with `wp start GOLD-WP-0002`")
        #expect(error?.kind == .refused)
        // A lifecycle that reopens only to backlog names that status; one that allows nothing says so.
        let backlog = try GoldFixture.repo(config: "repo: gold\nlifecycles:\n  workplan:\n    transitions: {finished: [backlog]}\n")
        let viaSet = #expect(throws: EditError.self) { try backlog.editor().planNewTask(workplan: "GOLD-WP-0002", title: "More") }
        #expect(viaSet?.message.hasSuffix("reopen it first with `wp set GOLD-WP-0002 status backlog`") == true, "\(viaSet?.message ?? "")")
        let final = try GoldFixture.repo(config: "repo: gold\nlifecycles:\n  workplan:\n    transitions: {finished: []}\n")
        let none = #expect(throws: EditError.self) { try final.editor().planNewTask(workplan: "GOLD-WP-0002", title: "More") }
        #expect(none?.message.hasSuffix("the workplan lifecycle allows no move out of finished, so add the task to another workplan") == true)
    }

    @Test("a new task whose dependency does not resolve is refused without offering --force, which wp new task does not take for it")
    func newTaskLintRefusal() throws {
        let repo = try GoldFixture.repo()
        let error = #expect(throws: EditError.self) {
            try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "X", fields: NewTaskFields(dependsOn: ["NOPE-WP-0001"]))
        }
        #expect(error?.message.contains("NOPE-WP-0001") == true)
        #expect(error?.advice == .nothingWritten)
        #expect(error?.message.contains("--force") == false)
    }
}
