import Foundation
import Testing
@testable import WorkplanKit

/// What an editor asks of a workspace (`wp lsp`'s answers before they become LSP values), on
/// real files: positions are byte offsets of the file as read.
@Suite("Editor queries: element at a position, completion, fixes, symbols")
struct EditorQueryTests {
    static let plan = """
        ---
        id: EQ-WP-0001
        title: Editor queries
        status: active
        updated: "2026-06-01"
        ---

        ## T01 — First

        ```task
        id: EQ-WP-0001-T01
        status: in_progress
        ```

        ## T02 — Second

        ```task
        id: EQ-WP-0001-T02
        status: todo
        depends_on: [T01]
        ```

        Blocked on: the review — see EQ-WP-0001-T01.

        """

    static func session(_ text: String = plan) throws -> (TemporaryDirectory, WorkspaceSession) {
        let directory = try TemporaryDirectory("wp-editor")
        try directory.write(".wp.yaml", "repo: eq\n")
        try directory.write("workplans/EQ-WP-0001-plan.md", text)
        let options = WorkspaceSession.Options(directory: directory.path, keepingSources: .all, environment: ["WP_TODAY": "2026-06-30"])
        return (directory, try WorkspaceSession(options: options))
    }

    static let path = "workplans/EQ-WP-0001-plan.md"

    static func offset(of needle: String, occurrence: Int = 0, plus: Int = 0, in text: String = plan) -> Int {
        var range = text.range(of: needle)!
        for _ in 0..<occurrence { range = text.range(of: needle, range: range.upperBound..<text.endIndex)! }
        return text.utf8.distance(from: text.startIndex, to: range.lowerBound) + plus
    }

    @Test("a short id inside its workplan and a full id in prose both name their task; the span is the id only")
    func elementAtOffset() throws {
        let (_, session) = try Self.session()
        let short = try #require(session.element(atOffset: Self.offset(of: "[T01]", plus: 2), inFile: Self.path))
        #expect(session.graph.nodes[short.node].id == "EQ-WP-0001-T01")
        #expect(short.span.range == Self.offset(of: "[T01]", plus: 1)..<Self.offset(of: "[T01]", plus: 4))
        let prose = try #require(session.element(atOffset: Self.offset(of: "EQ-WP-0001-T01.", plus: 3), inFile: Self.path))
        #expect(session.graph.nodes[prose.node].id == "EQ-WP-0001-T01")
        #expect(prose.span.range.count == "EQ-WP-0001-T01".utf8.count)
        #expect(session.element(atOffset: Self.offset(of: "the review"), inFile: Self.path) == nil)
    }

    @Test("the summary of a task waiting on an open one says it is blocked, and by what")
    func summary() throws {
        let (_, session) = try Self.session()
        let found = try #require(session.summary(atOffset: Self.offset(of: "id: EQ-WP-0001-T02", plus: 5), inFile: Self.path))
        #expect(found.summary.blocked == true)
        #expect(found.summary.blockers.map(\.id) == ["EQ-WP-0001-T01"])
        #expect(found.summary.markdown.contains("Blocked by:"))
    }

    @Test("status completion offers what the lifecycle allows from the status on disk, filtered by what is typed")
    func statusCompletion() throws {
        let (_, session) = try Self.session()
        let end = Self.offset(of: "status: todo", plus: "status: ".utf8.count)
        let all = session.completions(atOffset: end, inFile: Self.path)
        #expect(all.candidates.allSatisfy { $0.kind == .status })
        #expect(Set(all.candidates.map(\.label)).isSuperset(of: ["in_progress", "done"]))
        let typed = session.completions(atOffset: end + 2, inFile: Self.path)
        #expect(typed.candidates.map(\.label) == ["todo"])
        #expect(typed.candidates.first?.replacing.range == end..<(end + 2))
    }

    @Test("the status fix replaces only the typo's bytes, and the result parses with the suggested status")
    func statusFix() throws {
        let typo = Self.plan.replacingOccurrences(of: "status: todo", with: "status: tdo")
        let (_, session) = try Self.session(typo)
        let findings = session.lint(baseSnapshot: nil).diagnostics.filter { $0.rule == "schema" }
        #expect(findings.count == 1)
        let fixes = session.fixes(for: findings, inFile: Self.path)
        let fix = try #require(fixes.first)
        #expect(fix.replacements.count == 1)
        var bytes = Array(typo.utf8)
        let replacement = fix.replacements[0]
        bytes.replaceSubrange(replacement.span.range, with: Array(replacement.text.utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == Self.plan)
    }

    @Test("document symbols nest the tasks under the workplan; workspace symbols put ids starting with the query first")
    func symbols() throws {
        let (_, session) = try Self.session()
        let outline = session.documentSymbols(inFile: Self.path)
        #expect(outline.map(\.id) == ["EQ-WP-0001"])
        #expect(outline.first?.children.map(\.id) == ["EQ-WP-0001-T01", "EQ-WP-0001-T02"])
        #expect(session.workspaceSymbols(matching: "eq-wp-0001-t").map(\.id) == ["EQ-WP-0001-T01", "EQ-WP-0001-T02"])
        #expect(session.workspaceSymbols(matching: "", limit: 2).count == 2)
    }
}
