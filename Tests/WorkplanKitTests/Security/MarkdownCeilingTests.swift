import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10, item 4: cmark-gfm's table extension padded every short row to a wide header
/// (72 KB took over 8 GB), and cmark-gfm 0.29.0.gfm.6 itself has a quadratic case and a
/// tree of ~200 bytes per mark. The extension is off; two ceilings bound the rest, each
/// tested here at its limit and one past it. The runs of the real binary are in wpTests'
/// HostileParsingTests.
@Suite("Markdown ceilings")
struct MarkdownCeilingTests {
    static func source(_ text: String) -> SourceText {
        SourceText(path: "m.md", normalizedBytes: Array(text.utf8))
    }

    @Test("a wide table header followed by short lines is one paragraph: no table extension")
    func wideTableIsAParagraph() throws {
        let table = "|" + String(repeating: "a|", count: 500) + "\n|" + String(repeating: "-|", count: 500) + "\n"
            + String(repeating: "x\n", count: 500)
        let outline = try MarkdownOutline.read(Self.source("Intro.\n\n" + table)).get()
        let paragraphs = outline.blocks.compactMap { block -> MarkdownOutline.Paragraph? in
            if case .paragraph(let paragraph) = block { return paragraph }
            return nil
        }
        #expect(paragraphs.map(\.line) == [1, 3])
        #expect(paragraphs.last?.endLine == 504)
    }

    @Test("2,000 `[` between blank lines are read; the 2,001st is refused where it is")
    func bracketsPerParagraph() throws {
        let limit = Limits.markdownBracketsPerParagraph
        let atLimit = "Intro [\n" + String(repeating: "[", count: limit - 1) + "\n"
        #expect(MarkdownOutline.excess(in: Self.source(atLimit)) == nil)
        let excess = try #require(MarkdownOutline.excess(in: Self.source(atLimit + "[x\n")))
        #expect(excess == MarkdownOutline.TooComplex(reason: .brackets, line: 3, column: 1))
        #expect(excess.message.hasPrefix("more than 2000 `[` with no blank line between them"))
        // A blank line (spaces and tabs count as blank) starts the count again.
        #expect(MarkdownOutline.excess(in: Self.source(atLimit + " \t\n[x\n")) == nil)
        // Columns count Unicode scalars.
        let wide = try #require(MarkdownOutline.excess(in: Self.source("é" + String(repeating: "[", count: limit + 1))))
        #expect(wide == MarkdownOutline.TooComplex(reason: .brackets, line: 1, column: limit + 2))
    }

    @Test("500,000 lines and marks per file are read; one more is refused where it is")
    func nodesPerFile() throws {
        let limit = Limits.markdownNodeBudget
        // Each "a*\n" line is two: the mark and the newline.
        let atLimit = String(repeating: "a*\n", count: limit / 2)
        #expect(MarkdownOutline.excess(in: Self.source(atLimit)) == nil)
        let excess = try #require(MarkdownOutline.excess(in: Self.source(atLimit + "bc_\n")))
        #expect(excess == MarkdownOutline.TooComplex(reason: .nodes, line: limit / 2 + 1, column: 3))
        #expect(excess.message.hasPrefix("more than 500000 lines and markdown marks by here"))
        // Passed at a newline: reported at the start of the next line.
        let atNewline = try #require(MarkdownOutline.excess(in: Self.source(atLimit + "bc\n")))
        #expect(atNewline == MarkdownOutline.TooComplex(reason: .nodes, line: limit / 2 + 2, column: 1))
        // Plain words cost nothing.
        #expect(MarkdownOutline.excess(in: Self.source(String(repeating: "plain words only ", count: 100_000))) == nil)
    }

    @Test("a refused file is not read at all: no workplan, a diagnostic at the position")
    func refusedFileIsNotRead() throws {
        let text = "---\nid: CEIL-WP-0001\ntitle: C\nstatus: finished\n---\n\n```task\nid: CEIL-WP-0001-T01\nstatus: todo\n```\n\n"
            + String(repeating: "[", count: Limits.markdownBracketsPerParagraph + 1) + "\n"
        let parsed = WorkplanParser(repo: "r").parse(path: "c.md", bytes: Array(text.utf8))
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["markdown-too-complex"])
        #expect(parsed.diagnostics.first?.location == WorkplanKit.SourceLocation(path: "c.md", line: 12, column: 2_001))
    }
}
