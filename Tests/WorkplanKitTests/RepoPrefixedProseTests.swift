import Foundation
import Testing
@testable import WorkplanKit

/// Issue 13, item 3: `railiance-apps-WP-0004 I03`, as runbooks write it, is a reference to repo
/// railiance-apps's workplan 0004, item I03.
@Suite("Prose: the repo-prefixed form")
struct RepoPrefixedProseTests {
    static func scanAll(_ markdown: String) throws -> [Reference] {
        let source = SourceText(path: "p.md", normalizedBytes: Array(markdown.utf8))
        let outline = try MarkdownOutline.read(source).get()
        var excluded: [ClosedRange<Int>] = []
        var paragraphs: [MarkdownOutline.Paragraph] = []
        for block in outline.blocks {
            switch block {
            case .codeBlock(let code): excluded.append(code.line...max(code.line, code.endLine))
            case .opaque(let start, let end): excluded.append(start...max(start, end))
            case .paragraph(let paragraph): paragraphs.append(paragraph)
            case .heading: break
            }
        }
        let scanner = ProseReferenceScanner(source: source, excludedLines: excluded, paragraphs: paragraphs)
        let all = scanner.scanAll()
        // The first pass is kept whole, in order, inside the result.
        let first = scanner.scan()
        var position = 0
        for reference in all where position < first.count && reference == first[position] { position += 1 }
        #expect(position == first.count, "scanAll lost or reordered a reference of scan()")
        return all
    }

    @Test("the forms: with a spaced short id, a dashed item, alone; repo, id, column and blocking claim")
    func forms() throws {
        let found = try Self.scanAll("Keep railiance-apps-WP-0004 I03 in wait; blocked on railiance-apps-WP-0004-I01, see railiance-apps-WP-0004.\n")
        #expect(found.map(\.text) == ["railiance-apps-WP-0004 I03", "railiance-apps-WP-0004-I01", "railiance-apps-WP-0004"])
        #expect(found.map(\.id) == ["-WP-0004-I03", "-WP-0004-I01", "-WP-0004"])
        #expect(found.allSatisfy { $0.repo == "railiance-apps" })
        #expect(found.first?.location.column == 6)
        #expect(found.map(\.claimsBlocking) == [false, true, true])
        #expect(IDGrammar.repoPrefixedNumber("-WP-0004-I03")! == ("-WP-0004", "-I03"))
        #expect(IDGrammar.repoPrefixedNumber("RAILIANCE-WP-0004") == nil)
    }

    @Test("not references: paths, file names, a plain word before the marker, code")
    func notReferences() throws {
        let text = """
            See workplans/railiance-apps-WP-0004-app-deployment.md and railiance-apps-WP-0004-app-notes.md,
            apps-WP-0004 (no hyphen: not a repo) and x.railiance-apps-WP-0001.

            ```
            railiance-apps-WP-0004 I03
            ```

            """
        #expect(try Self.scanAll(text).isEmpty)
    }

    @Test("next to the usual forms: an id in capitals wins where the two overlap")
    func overlap() throws {
        let found = try Self.scanAll("See RAILIANCE-WP-0002 T04 and railiance-platform RAILIANCE-WP-0003 and other-repo-WP-7-WP-Z-WP-1.\n")
        #expect(found.map(\.text) == ["RAILIANCE-WP-0002 T04", "RAILIANCE-WP-0003", "WP-7-WP-Z-WP-1"])
        #expect(found[1].repo == "railiance-platform")
    }

    @Test("40,000 repo-prefixed ids in one paragraph: every one found, in order (one pass)")
    func many() throws {
        let ids = (0..<40_000).map { String(format: "acme-apps-WP-%05d", $0) }
        let found = try Self.scanAll("Before, " + ids.joined(separator: " ") + ".\n")
        #expect(found.count == 40_000)
        #expect(found.map(\.text) == ids)
    }
}
