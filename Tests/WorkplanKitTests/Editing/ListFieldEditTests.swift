import Foundation
import Testing
@testable import WorkplanKit

/// `wp set ID depends_on "A, B"` on lists that do not exist yet, and on lists given in
/// another order: one key, written in the file's style; items that stay keep their bytes.
@Suite struct ListFieldEditTests {
    static let path = "workplans/LIST-WP-0001-lists.md"

    /// A workplan whose task blocks write lists as `style` shows (`flow` or `block`), with a
    /// T03 that has no `depends_on`, and T01, T02 done.
    static func workplan(blockLists: Bool, lineEnding: String = "\n") -> String {
        let list = blockLists ? "depends_on:\n    - LIST-WP-0001-T01   # the first\n    - \"LIST-WP-0001-T02\"" : "depends_on: [LIST-WP-0001-T01, \"LIST-WP-0001-T02\"]"
        return """
            ---
            id: LIST-WP-0001
            title: Lists
            status: active
            created: "2026-05-01"
            updated: "2026-05-01"
            ---

            ## T01 — One

            ```task
            id: LIST-WP-0001-T01
            status: done
            ```

            ## T02 — Two

            ```task
            id: LIST-WP-0001-T02
            status: done
            ```

            ## T03 — Three

            ```task
            id: LIST-WP-0001-T03
            status: todo
            priority: low
            ```

            ## T04 — Four

            ```task
            id: LIST-WP-0001-T04
            status: todo
            \(list)
            ```

            """.replacingOccurrences(of: "\n", with: lineEnding)
    }

    func repo(blockLists: Bool, lineEnding: String = "\n") throws -> EditRepo {
        try EditRepo(texts: [Self.path: Self.workplan(blockLists: blockLists, lineEnding: lineEnding)])
    }

    func set(_ repo: EditRepo, _ id: String, _ field: String, _ value: String) throws -> String {
        try repo.editor().plan(EditRequest(id: id, changes: [.set(field: field, value: value)])).commit()
        return try repo.text(Self.path)
    }

    @Test("a list key the task lacks takes any number of items, in flow style where the file writes flow lists")
    func absentKeyFlow() throws {
        for items in [["LIST-WP-0001-T01"], ["LIST-WP-0001-T01", "T02"], ["T01", "T02", "LIST-WP-0001-T04"]] {
            let repo = try repo(blockLists: false)
            let before = try repo.text(Self.path)
            let after = try set(repo, "LIST-WP-0001-T03", "depends_on", items.joined(separator: ", "))
            let diff = changedLines(Array(before.utf8), Array(after.utf8))
            #expect(diff.removed == [#"updated: "2026-05-01""#])
            #expect(diff.added == [#"updated: "2026-06-01""#, "depends_on: [\(items.joined(separator: ", "))]"])
            #expect(after.contains("priority: low\ndepends_on: [\(items.joined(separator: ", "))]\n```"))
            #expect(try repo.lintErrors().map(\.description) == [])
        }
    }

    @Test("a list key the task lacks is a block list, indented as the file's, where the file writes block lists")
    func absentKeyBlock() throws {
        let repo = try repo(blockLists: true)
        let after = try set(repo, "LIST-WP-0001-T03", "depends_on", "T02, LIST-WP-0001-T01")
        #expect(after.contains("priority: low\ndepends_on:\n    - T02\n    - LIST-WP-0001-T01\n```"))
        #expect(try repo.lintErrors().map(\.description) == [])
        let workspace = try repo.load()
        let task = try #require(workspace.workplans.first?.tasks.first { $0.id == "LIST-WP-0001-T03" })
        #expect(task.dependsOn.map(\.text) == ["T02", "LIST-WP-0001-T01"])
    }

    @Test("two additions to a key the task lacks make one key, not a duplicate")
    func twoAdditionsToAnAbsentKey() throws {
        let repo = try repo(blockLists: false)
        try repo.editor().plan(EditRequest(id: "LIST-WP-0001-T03", changes: [
            .add(field: "depends_on", item: "T01"), .add(field: "depends_on", item: "T02"), .add(field: "depends_on", item: "T01"),
        ])).commit()
        let text = try repo.text(Self.path)
        #expect(text.contains("priority: low\ndepends_on: [T01, T02]\n```"))
        #expect(text.components(separatedBy: "depends_on:").count == 3, "one key in T03, one in T04")
    }

    @Test("a block list in another order: each item moves with its whole line, its comment and quotes kept")
    func reorderBlock() throws {
        let repo = try repo(blockLists: true)
        let after = try set(repo, "LIST-WP-0001-T04", "depends_on", "LIST-WP-0001-T02, LIST-WP-0001-T01")
        #expect(after.contains("depends_on:\n    - \"LIST-WP-0001-T02\"\n    - LIST-WP-0001-T01   # the first\n```"))
        // Another order with a new item: the new one quoted as the first item is.
        let again = try set(repo, "LIST-WP-0001-T04", "depends_on", "T03, LIST-WP-0001-T01, LIST-WP-0001-T02")
        #expect(again.contains("depends_on:\n    - \"T03\"\n    - LIST-WP-0001-T01   # the first\n    - \"LIST-WP-0001-T02\"\n```"))
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test("a flow list in another order keeps each item's bytes and the list's separator")
    func reorderFlow() throws {
        let repo = try repo(blockLists: false)
        let after = try set(repo, "LIST-WP-0001-T04", "depends_on", "[LIST-WP-0001-T02, T03, LIST-WP-0001-T01]")
        #expect(after.contains("depends_on: [\"LIST-WP-0001-T02\", T03, LIST-WP-0001-T01]\n```"))
    }

    @Test("CRLF: the new block list's lines end in CRLF like every other line")
    func crlf() throws {
        let repo = try repo(blockLists: true, lineEnding: "\r\n")
        let after = try set(repo, "LIST-WP-0001-T03", "depends_on", "T01, T02")
        #expect(after.contains("priority: low\r\ndepends_on:\r\n    - T01\r\n    - T02\r\n```"))
        #expect(!after.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("a comment line between block items belongs to neither: reordering is refused, nothing written")
    func commentBetweenItems() throws {
        let repo = try EditRepo(texts: [Self.path: Self.workplan(blockLists: true)
            .replacingOccurrences(of: "# the first\n", with: "# the first\n    # why the second\n")])
        let before = try repo.text(Self.path)
        let error = #expect(throws: EditError.self) {
            try repo.editor().plan(EditRequest(id: "LIST-WP-0001-T04", changes: [
                .set(field: "depends_on", value: "LIST-WP-0001-T02, LIST-WP-0001-T01"),
            ])).commit()
        }
        #expect(error?.message.contains("cannot reorder `depends_on` in place") == true)
        #expect(try repo.text(Self.path) == before)
    }

    @Test("list style: the file's own kind of mapping first, block only when most lists are, flow on a tie")
    func listStyleOfTheFile() throws {
        let block = try EditableFile(parsed: parse(Self.workplan(blockLists: true)))
        #expect(block.listStyle(for: .task) == MappingEditor.ListStyle(isBlock: true, indent: 4))
        // The front matter has no list: the whole file's style.
        #expect(block.listStyle(for: .frontMatter).isBlock)
        let flow = try EditableFile(parsed: parse(Self.workplan(blockLists: false)))
        #expect(flow.listStyle(for: .task) == .flow)
        let tie = try EditableFile(parsed: parse(Self.workplan(blockLists: true) + "\n```task\nid: LIST-WP-0001-T05\nstatus: todo\ndepends_on: [T01]\n```\n"))
        #expect(tie.listStyle(for: .task) == .flow)
    }

    func parse(_ text: String) -> ParsedFile {
        WorkplanParser(repo: "gold").parse(path: Self.path, absolutePath: "/nonexistent/" + Self.path, bytes: Array(text.utf8))
    }
}
