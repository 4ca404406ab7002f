import Foundation
import Testing
@testable import WorkplanKit

/// Less common shapes of YAML: each edit either stays in place or is refused.
@Suite struct EditInPlaceTests {
    static let path = "workplans/ODD-WP-0001-odd.md"

    func repo(_ block: String, frontMatter: String = "") throws -> EditRepo {
        try EditRepo(texts: [Self.path: """
            ---
            id: ODD-WP-0001
            title: Odd
            status: active
            updated: "2026-06-01"
            \(frontMatter)---

            ```task
            \(block)
            ```

            """])
    }

    func edit(_ repo: EditRepo, _ changes: [FieldChange], id: String = "ODD-WP-0001-T01") throws -> String {
        try repo.editor().plan(EditRequest(id: id, changes: changes)).commit()
        return try repo.text(Self.path)
    }

    @Test func aPlainScalarOverSeveralLinesIsReplacedWhole() throws {
        let repo = try repo("id: ODD-WP-0001-T01\nstatus: todo\nowner: a team\n  with a long name   # who\npriority: low")
        let text = try edit(repo, [.set(field: "owner", value: "ops")])
        #expect(text.contains("status: todo\nowner: ops   # who\npriority: low\n"))
    }

    @Test func aFlowMappingBlockTakesNewValuesButNotNewKeys() throws {
        let repo = try repo("{id: ODD-WP-0001-T01, status: todo, owner: me}")
        #expect(try edit(repo, [.set(field: "status", value: "in_progress")]).contains("{id: ODD-WP-0001-T01, status: in_progress, owner: me}\n"))
        let before = try repo.text(Self.path)
        let error = #expect(throws: EditError.self) { try edit(repo, [.set(field: "priority", value: "high")]) }
        #expect(error?.message.contains("flow style") == true)
        #expect(try repo.text(Self.path) == before)
    }

    @Test func listsEmptyReplaceAndKeepTheirStyle() throws {
        let repo = try EditRepo(texts: [
            Self.path: "---\nid: ODD-WP-0001\ntitle: Odd\nstatus: active\nupdated: \"2026-06-01\"\n---\n\n```task\nid: ODD-WP-0001-T01\nstatus: todo\ndepends_on:\n- ODD-WP-0001-T02\n- ODD-WP-0001-T03\npriority: low\n```\n\n```task\nid: ODD-WP-0001-T02\nstatus: done\n```\n\n```task\nid: ODD-WP-0001-T03\nstatus: done\n```\n\n```task\nid: ODD-WP-0001-T04\nstatus: done\n```\n",
        ])
        // An indentless block list is replaced item by item, in its style.
        var text = try edit(repo, [.set(field: "depends_on", value: "ODD-WP-0001-T04")])
        #expect(text.contains("depends_on:\n- ODD-WP-0001-T04\npriority: low\n"))
        text = try edit(repo, [.set(field: "depends_on", value: "ODD-WP-0001-T04, ODD-WP-0001-T02")])
        #expect(text.contains("depends_on:\n- ODD-WP-0001-T04\n- ODD-WP-0001-T02\npriority: low\n"))
        text = try edit(repo, [.set(field: "depends_on", value: "[]")])
        #expect(text.contains("depends_on: []\npriority: low\n"))
        text = try edit(repo, [.set(field: "depends_on", value: "+ODD-WP-0001-T03")])
        #expect(text.contains("depends_on: [ODD-WP-0001-T03]\npriority: low\n"))
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test func repoQualifiedIDsAndUnknownFields() throws {
        let repo = try repo("id: ODD-WP-0001-T01\nstatus: todo")
        let text = try edit(repo, [.set(field: "ticket", value: "OPS-12: urgent")], id: "gold:ODD-WP-0001-T01")
        #expect(text.contains("status: todo\nticket: \"OPS-12: urgent\"\n```"))
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test func anExplicitUpdatedWins() throws {
        let repo = try repo("id: ODD-WP-0001-T01\nstatus: todo")
        let text = try edit(repo, [.set(field: "updated", value: "2026-06-02")], id: "ODD-WP-0001")
        #expect(text.contains("status: active\nupdated: \"2026-06-02\"\n---"))
    }

    @Test func valuesThatYAMLWouldReadAsSomethingElseAreQuoted() throws {
        let repo = try repo("id: ODD-WP-0001-T01\nstatus: todo\nowner: me")
        // Plain stays plain while the text allows it; once quoted, a value stays quoted.
        for (value, written) in [("plain words", "plain words"), ("yes", "\"yes\""), ("null", "\"null\""), ("12", "\"12\""),
                                 ("#1", "\"#1\""), ("a: b", "\"a: b\""), ("", "\"\""), ("- x", "\"- x\""),
                                 ("tab\there", "\"tab\\there\""), ("plain again", "\"plain again\"")] {
            let text = try edit(repo, [.set(field: "owner", value: value)])
            #expect(text.contains("\nowner: \(written)\n"), "\(value) → \(written)")
            let task = try #require(try repo.load().workplans.first?.tasks.first)
            #expect(task.owner == value)
        }
    }
}
