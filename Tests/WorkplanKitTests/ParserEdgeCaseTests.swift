import Foundation
import Testing
@testable import WorkplanKit

/// Inputs the corpus does not have but real files will: other fence shapes,
/// code that looks like a task, other encodings and line endings, broken YAML.
@Suite("Parser edge cases")
struct ParserEdgeCaseTests {
    static let path = "workplans/EDGE-WP-0001-edge.md"
    static let frontMatter = "---\nid: EDGE-WP-0001\ntitle: Edge cases\nstatus: active\n---\n"

    static func parse(_ text: String, path: String = path) -> ParsedFile {
        WorkplanParser(repo: "edge-repo").parse(path: path, bytes: Array(text.utf8))
    }

    static func parse(bytes: [UInt8], path: String = path) -> ParsedFile {
        WorkplanParser(repo: "edge-repo").parse(path: path, bytes: bytes)
    }

    static func location(_ line: Int, _ column: Int, path: String = path) -> WorkplanKit.SourceLocation {
        WorkplanKit.SourceLocation(path: path, line: line, column: column)
    }

    /// Line of the opening fence of the block whose first line is `id: <id>`.
    static func fenceLine(of id: String, in text: String) throws -> Int {
        try #require(TextScan.lineNumber(containing: "id: \(id)", in: text)) - 1
    }

    // MARK: Fences

    @Test("backtick and tilde fences of length 3 and 5 are task blocks")
    func fenceShapes() throws {
        let text = Self.frontMatter + """

            # Edge

            ## T01 — three backticks

            ```task
            id: EDGE-WP-0001-T01
            status: todo
            ```

            ## T02 — five backticks

            `````task
            id: EDGE-WP-0001-T02
            status: in_progress
            `````

            ## T03 — three tildes

            ~~~task
            id: EDGE-WP-0001-T03
            status: wait
            ~~~

            ## T04 — five tildes

            ~~~~~task
            id: EDGE-WP-0001-T04
            status: done
            ~~~~~

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let tasks = try #require(parsed.workplan?.tasks)
        #expect(tasks.map(\.id) == ["EDGE-WP-0001-T01", "EDGE-WP-0001-T02", "EDGE-WP-0001-T03", "EDGE-WP-0001-T04"])
        #expect(tasks.map(\.status) == [.todo, .inProgress, .wait, .done])
        #expect(tasks.map(\.title) == ["T01 — three backticks", "T02 — five backticks", "T03 — three tildes", "T04 — five tildes"])
        for task in tasks {
            #expect(task.location == Self.location(try Self.fenceLine(of: task.id, in: text), 1))
        }
    }

    @Test("a task fence inside a four-backtick code block is an example, not a task")
    func taskInsideLongerFence() throws {
        let text = Self.frontMatter + """

            ## How to write a task

            ````markdown
            ```task
            id: EDGE-WP-0001-T09
            status: todo
            ```
            ````

            ## T01 — real

            ```task
            id: EDGE-WP-0001-T01
            status: todo
            ```

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let workplan = try #require(parsed.workplan)
        #expect(workplan.tasks.map(\.id) == ["EDGE-WP-0001-T01"])
        #expect(!workplan.proseReferences.contains { $0.id == "EDGE-WP-0001-T09" })
    }

    @Test("an indented code block with task-like content is not a task")
    func indentedCodeBlock() throws {
        let text = Self.frontMatter + """

            Example of the syntax:

                ```task
                id: EDGE-WP-0001-T10
                status: todo
                ```

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let workplan = try #require(parsed.workplan)
        #expect(workplan.tasks.isEmpty)
        #expect(workplan.proseReferences.isEmpty, "code is not prose: \(workplan.proseReferences)")
    }

    @Test("a fence inside an HTML block is not a task")
    func fenceInsideHTMLBlock() throws {
        let text = Self.frontMatter + """

            <div>
            ```task
            id: EDGE-WP-0001-T11
            status: todo
            ```
            </div>

            After the block.

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let workplan = try #require(parsed.workplan)
        #expect(workplan.tasks.isEmpty)
        #expect(workplan.proseReferences.isEmpty, "HTML is not prose: \(workplan.proseReferences)")
    }

    @Test("a task inside a list item keeps its positions (fence and YAML values)")
    func taskInListItem() throws {
        let text = Self.frontMatter + """

            ## Steps

            - First step

              ```task
              id: EDGE-WP-0001-T12
              status: todo
              depends_on: [T13]
              ```

            > ```task
            > id: EDGE-WP-0001-T13
            > status: done
            > ```

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let tasks = try #require(parsed.workplan?.tasks)
        try #require(tasks.count == 2)
        let listed = tasks[0]
        let idLine = try #require(TextScan.lineNumber(containing: "id: EDGE-WP-0001-T12", in: text))
        let idColumn = try #require(TextScan.column(of: "EDGE-WP-0001-T12", in: TextScan.lines(text)[idLine - 1]))
        #expect(listed.id == "EDGE-WP-0001-T12")
        #expect(listed.location == Self.location(idLine - 1, 3))
        #expect(listed.fields["id"]?.location == Self.location(idLine, idColumn))
        let dependsLine = try #require(TextScan.lineNumber(containing: "depends_on: [T13]", in: text))
        let dependsColumn = try #require(TextScan.column(of: "T13", in: TextScan.lines(text)[dependsLine - 1]))
        #expect(listed.dependsOn.map(\.location) == [Self.location(dependsLine, dependsColumn)])

        let quoted = tasks[1]
        let quotedIDLine = try #require(TextScan.lineNumber(containing: "id: EDGE-WP-0001-T13", in: text))
        #expect(quoted.id == "EDGE-WP-0001-T13")
        #expect(quoted.location == Self.location(quotedIDLine - 1, 3))
    }

    // MARK: Encodings and line endings

    /// A document exercising most of the model, with non-ASCII text before references.
    static let richDocument = frontMatter + """

        # Edge — Übersicht

        Größe: see EDGE-WP-0002 and the peer’s `other-repo EDGE-WP-0003 T02`.

        ## T01 — first

        ```task
        id: EDGE-WP-0001-T01
        status: todo
        depends_on: [other-repo:EDGE-WP-0003]
        ```

        Blocked on EDGE-WP-0003 in other-repo.

        **Done when:** the thing
        works.

        ```decision
        id: D-01
        status: pending
        blocks: [T01]
        ```

        ## T02 — broken

        ```task
        id: EDGE-WP-0001-T02
        status: todo: really
        ```

        """

    @Test("CRLF and BOM files give the same model and diagnostics as the LF file")
    func lineEndingsAndBOM() throws {
        let lf = Self.parse(Self.richDocument)
        let lfWorkplan = try #require(lf.workplan)
        // The LF model is not trivial: the comparison below means something.
        #expect(lfWorkplan.tasks.count == 1)
        #expect(lfWorkplan.decisions.count == 1)
        #expect(lfWorkplan.proseReferences.count == 3)
        #expect(lf.diagnostics.map(\.rule) == ["yaml-syntax"])

        let crlfText = Self.richDocument.replacingOccurrences(of: "\n", with: "\r\n")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let variants: [(String, [UInt8])] = [
            ("CRLF", Array(crlfText.utf8)),
            ("BOM", bom + Array(Self.richDocument.utf8)),
            ("BOM+CRLF", bom + Array(crlfText.utf8)),
        ]
        for (name, bytes) in variants {
            let other = Self.parse(bytes: bytes)
            #expect(other.workplan == lf.workplan, "\(name)")
            #expect(other.diagnostics == lf.diagnostics, "\(name)")
            // Spelled out for the positions a reader sees.
            #expect(other.workplan?.tasks.map(\.location) == lfWorkplan.tasks.map(\.location), "\(name)")
            #expect(other.workplan?.proseReferences.map(\.location) == lfWorkplan.proseReferences.map(\.location), "\(name)")
            #expect(other.workplan?.tasks.first?.doneWhen == "the thing works.", "\(name)")
        }
    }

    @Test("a table right after a paragraph line: no crash, references keep their positions")
    func tableInterruptingParagraph() async {
        // cmark-gfm gives the paragraph a table interrupts no position (line 0); run in a
        // child process so a crash fails only this test.
        await #expect(processExitsWith: .success) {
            let text = ParserEdgeCaseTests.frontMatter + "Owner notes\nSee EDGE-WP-0002 first.\n| Task | Note |\n|---|---|\n| EDGE-WP-0003 | later |\n"
            let parsed = ParserEdgeCaseTests.parse(text)
            guard let references = parsed.workplan?.proseReferences else { exit(3) }
            guard let see = TextScan.position(of: "EDGE-WP-0002", onLineContaining: "See EDGE", in: text),
                  let cell = TextScan.position(of: "EDGE-WP-0003", onLineContaining: "| EDGE-WP-0003", in: text) else { exit(4) }
            let found = references.map { [$0.location.line, $0.location.column] }
            guard found == [[see.line, see.column], [cell.line, cell.column]] else { exit(5) }
        }
    }

    @Test("classic Mac line endings (lone CR): no crash, same model as the LF file")
    func loneCarriageReturns() async {
        // cmark-gfm ends lines at a lone CR too; positions must agree with it.
        await #expect(processExitsWith: .success) {
            let lf = ParserEdgeCaseTests.parse(ParserEdgeCaseTests.richDocument)
            let cr = ParserEdgeCaseTests.parse(ParserEdgeCaseTests.richDocument.replacingOccurrences(of: "\n", with: "\r"))
            guard lf.workplan != nil else { exit(3) }
            guard cr.workplan == lf.workplan else { exit(4) }
            guard cr.diagnostics == lf.diagnostics else { exit(5) }
        }
    }

    @Test("columns count Unicode scalars, not bytes")
    func scalarColumns() throws {
        let lf = Self.parse(Self.richDocument)
        let references = try #require(lf.workplan?.proseReferences)
        let line = try #require(TextScan.lineNumber(containing: "Größe: see EDGE-WP-0002", in: Self.richDocument))
        let text = TextScan.lines(Self.richDocument)[line - 1]
        let first = try #require(references.first { $0.id == "EDGE-WP-0002" })
        #expect(first.location == Self.location(line, try #require(TextScan.column(of: "EDGE-WP-0002", in: text))))
        let spaced = try #require(references.first { $0.id == "EDGE-WP-0003-T02" })
        #expect(spaced.location == Self.location(line, try #require(TextScan.column(of: "EDGE-WP-0003 T02", in: text))))
        #expect(spaced.repo == "other-repo")
        #expect(spaced.text == "EDGE-WP-0003 T02")
        let after = try #require(references.first { $0.text == "EDGE-WP-0003" && $0.location.line != line })
        #expect(after.repo == "other-repo", "`ID in repo` form")
        #expect(after.claimsBlocking)
    }

    @Test("tabs in prose count as one column and separate words")
    func tabsInProse() throws {
        let text = Self.frontMatter + "\nSee\tEDGE-WP-0002\there; this waits for\tother-repo\tEDGE-WP-0003.\n"
        let references = try #require(Self.parse(text).workplan?.proseReferences)
        try #require(references.count == 2)
        let line = try #require(TextScan.lineNumber(containing: "See\t", in: text))
        let lineText = TextScan.lines(text)[line - 1]
        #expect(references[0].id == "EDGE-WP-0002")
        #expect(references[0].location == Self.location(line, 5))
        #expect(references[0].location.column == TextScan.column(of: "EDGE-WP-0002", in: lineText))
        #expect(references[0].claimsBlocking == false)
        #expect(references[1].id == "EDGE-WP-0003")
        #expect(references[1].repo == "other-repo")
        #expect(references[1].claimsBlocking)
        #expect(references[1].location.column == TextScan.column(of: "EDGE-WP-0003", in: lineText))
    }

    // MARK: Front matter

    @Test("unterminated front matter is one diagnostic at 1:1 and no workplan")
    func unterminatedFrontMatter() {
        let parsed = Self.parse("---\nid: EDGE-WP-0001\ntitle: Open\nstatus: active\n\n# Heading\n\n```task\nid: EDGE-WP-0001-T01\nstatus: todo\n```\n")
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["front-matter"])
        #expect(parsed.diagnostics.first?.location == Self.location(1, 1))
        #expect(parsed.diagnostics.first?.severity == .error)
    }

    @Test("front matter is not markdown: the H1 gives the title when front matter has none")
    func frontMatterIsBlanked() throws {
        // Fed to cmark, `---` … `status: active` / `---` would be a thematic break and a setext heading.
        let parsed = Self.parse("---\nid: EDGE-WP-0001\nstatus: active\n---\n# The real title\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.workplan?.title == "The real title")
        #expect(parsed.workplan?.proseReferences.isEmpty == true)
    }

    @Test("`...` also closes front matter")
    func dotsCloseFrontMatter() {
        let parsed = Self.parse("---\nid: EDGE-WP-0001\ntitle: Dots\nstatus: active\n...\n\nText.\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.workplan?.title == "Dots")
    }

    @Test("without `id:` the workplan id comes from the file name")
    func idFromFileName() {
        let parsed = Self.parse("---\ntitle: Named by file\nstatus: draft\n---\n", path: "workplans/EDGE-WP-0042-named.md")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.workplan?.id == "EDGE-WP-0042")
        let anonymous = Self.parse("---\ntitle: Nameless\nstatus: draft\n---\n", path: "workplans/notes.md")
        #expect(anonymous.diagnostics.map(\.rule) == ["front-matter"])
    }

    @Test("front matter that is not a mapping is a diagnostic")
    func frontMatterNotMapping() {
        let parsed = Self.parse("---\n- a\n- b\n---\n")
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["front-matter"])
        #expect(parsed.diagnostics.first?.location == Self.location(2, 1))
    }

    @Test("a task block in a file without front matter is reported")
    func taskWithoutFrontMatter() {
        let parsed = Self.parse("# Notes\n\n```task\nid: EDGE-WP-0001-T01\nstatus: todo\n```\n")
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["front-matter"])
        #expect(parsed.diagnostics.first?.location == Self.location(3, 1))
    }

    // MARK: Broken YAML

    @Test("invalid YAML in one task block: a diagnostic at the file position, the other tasks still read")
    func invalidYAMLInTask() throws {
        let text = Self.frontMatter + """

            ## T01

            ```task
            id: EDGE-WP-0001-T01
            status: todo
            ```

            ## T02

            ```task
            id: EDGE-WP-0001-T02
            status: todo: really
            ```

            ## T03

            - nested

              ```task
              id: EDGE-WP-0001-T03
              status: todo: indeed
              ```

            ## T04

            ```task
            id: EDGE-WP-0001-T04
            status: done
            ```

            """
        let parsed = Self.parse(text)
        #expect(parsed.workplan?.tasks.map(\.id) == ["EDGE-WP-0001-T01", "EDGE-WP-0001-T04"])
        let lines = TextScan.lines(text)
        let first = try #require(TextScan.lineNumber(containing: "status: todo: really", in: text))
        let second = try #require(TextScan.lineNumber(containing: "status: todo: indeed", in: text))
        // libyaml reports "mapping values are not allowed" at the second colon.
        let expected = [
            Self.location(first, try #require(TextScan.column(of: ": really", in: lines[first - 1]))),
            Self.location(second, try #require(TextScan.column(of: ": indeed", in: lines[second - 1]))),
        ]
        #expect(parsed.diagnostics.map(\.rule) == ["yaml-syntax", "yaml-syntax"])
        #expect(parsed.diagnostics.map(\.location) == expected)
        #expect(parsed.diagnostics.allSatisfy { $0.message.contains("task block") })
    }

    @Test("an indented fence: YAML positions are file columns on every line")
    func indentedFence() throws {
        // Content indented like the fence: cmark strips two spaces from each line.
        let even = Self.frontMatter + "\n  ```task\n  id: EDGE-WP-0001-T01\n  status: todo: even\n  ```\n"
        let evenLine = try #require(TextScan.lineNumber(containing: "todo: even", in: even))
        let evenColumn = try #require(TextScan.column(of: ": even", in: TextScan.lines(even)[evenLine - 1]))
        #expect(Self.parse(even).diagnostics.map(\.location) == [Self.location(evenLine, evenColumn)])
        // A content line indented less than the fence loses fewer spaces (here none).
        let uneven = Self.frontMatter + "\n  ```task\n  id: EDGE-WP-0001-T01\nstatus: todo: uneven\n  ```\n"
        let unevenLine = try #require(TextScan.lineNumber(containing: "todo: uneven", in: uneven))
        let unevenColumn = try #require(TextScan.column(of: ": uneven", in: TextScan.lines(uneven)[unevenLine - 1]))
        #expect(Self.parse(uneven).diagnostics.map(\.location) == [Self.location(unevenLine, unevenColumn)])
    }

    @Test("invalid YAML in front matter points into the front matter")
    func invalidYAMLInFrontMatter() throws {
        let text = "---\nid: EDGE-WP-0001\ntitle: Broken: here\nstatus: active\n---\n"
        let parsed = Self.parse(text)
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["yaml-syntax"])
        let column = try #require(TextScan.column(of: ": here", in: "title: Broken: here"))
        #expect(parsed.diagnostics.first?.location == Self.location(3, column))
    }

    @Test("a duplicate key is a YAML error that names the key")
    func duplicateKey() throws {
        let text = Self.frontMatter + "\n```task\nid: EDGE-WP-0001-T01\nstatus: todo\nstatus: done\n```\n"
        let parsed = Self.parse(text)
        #expect(parsed.workplan?.tasks.isEmpty == true)
        let diagnostic = try #require(parsed.diagnostics.first)
        #expect(parsed.diagnostics.count == 1)
        #expect(diagnostic.rule == "yaml-syntax")
        #expect(diagnostic.message.contains("'status'"))
        let firstKey = try #require(TextScan.lineNumber(of: "status: todo", in: text))
        #expect([firstKey, firstKey + 1].contains(diagnostic.location.line), "points at one of the two `status` keys")
        #expect(diagnostic.location.column == 1)
    }

    /// Nine anchors, each a list of nine aliases of the one before: 9^9 values once expanded.
    static func billionLaughs(indent: String = "") -> String {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = [indent + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append(indent + "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("billion laughs in front matter is refused, not expanded")
    func billionLaughsFrontMatter() throws {
        let text = "---\nid: EDGE-WP-0001\ntitle: Laughs\nstatus: active\n" + Self.billionLaughs() + "---\n\nText.\n"
        let parsed = Self.parse(text)
        #expect(parsed.workplan == nil)
        let diagnostic = try #require(parsed.diagnostics.first)
        #expect(parsed.diagnostics.map(\.rule) == ["yaml-too-large"])
        let closing = try #require(TextScan.lineNumber(of: "---", in: text, after: 1))
        #expect((2..<closing).contains(diagnostic.location.line))
    }

    @Test("billion laughs in a task block is refused; the other tasks are read")
    func billionLaughsTask() throws {
        let text = Self.frontMatter + "\n```task\nid: EDGE-WP-0001-T01\nstatus: todo\n" + Self.billionLaughs() + "```\n\n```task\nid: EDGE-WP-0001-T02\nstatus: todo\n```\n"
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.map(\.rule) == ["yaml-too-large"])
        #expect(parsed.workplan?.tasks.map(\.id) == ["EDGE-WP-0001-T02"])
    }

    // MARK: Bytes that are not UTF-8 text

    struct BadBytes: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    static let invalidSequences = [
        BadBytes(name: "lone continuation byte", bytes: [0x80]),
        BadBytes(name: "invalid lead byte", bytes: [0xFF]),
        BadBytes(name: "lead byte without continuation", bytes: [0xC3, 0x28]),
        BadBytes(name: "overlong encoding", bytes: [0xC0, 0xAF]),
        BadBytes(name: "overlong three-byte", bytes: [0xE0, 0x80, 0xAF]),
        BadBytes(name: "UTF-16 surrogate", bytes: [0xED, 0xA0, 0x80]),
        BadBytes(name: "above U+10FFFF", bytes: [0xF4, 0x90, 0x80, 0x80]),
        BadBytes(name: "lead byte F5", bytes: [0xF5, 0x80, 0x80, 0x80]),
    ]

    @Test("invalid UTF-8 is one diagnostic at the bad byte's line and column", arguments: invalidSequences)
    func invalidUTF8(_ bad: BadBytes) {
        let before = Self.frontMatter + "\nSome prose.\nCafé "
        let bytes = Array(before.utf8) + bad.bytes + Array(" and more\n".utf8)
        let parsed = Self.parse(bytes: bytes)
        let lines = TextScan.lines(before)
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["invalid-utf8"])
        #expect(parsed.diagnostics.first?.location == Self.location(lines.count, lines.last!.unicodeScalars.count + 1))
    }

    @Test("a truncated sequence at the end of the file is invalid UTF-8")
    func truncatedAtEnd() {
        let parsed = Self.parse(bytes: Array("---\nid: X\n".utf8) + [0xE2, 0x82])
        #expect(parsed.diagnostics.map(\.location) == [Self.location(3, 1)])
        #expect(parsed.diagnostics.map(\.rule) == ["invalid-utf8"])
    }

    @Test("the position of a bad byte ignores a BOM and CRLF")
    func invalidUTF8AfterBOMAndCRLF() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let first = Self.parse(bytes: bom + Array("ab".utf8) + [0xFF])
        #expect(first.diagnostics.map(\.location) == [Self.location(1, 3)])
        let second = Self.parse(bytes: Array("a\r\nbc".utf8) + [0xFF] + Array("\r\n".utf8))
        #expect(second.diagnostics.map(\.location) == [Self.location(2, 3)])
    }

    @Test("a NUL byte makes the file not text")
    func nulByte() {
        let parsed = Self.parse(bytes: Array("---\nid: X".utf8) + [0] + Array("\n---\n".utf8))
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["not-text"])
        #expect(parsed.diagnostics.first?.location == Self.location(2, 6))
    }

    // MARK: Block contents

    @Test("an unknown status is kept verbatim")
    func unknownStatus() throws {
        let parsed = Self.parse(Self.frontMatter + "\n```task\nid: EDGE-WP-0001-T01\nstatus: in-progress\n```\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.workplan?.tasks.first?.status == Status("in-progress"))
        #expect(parsed.workplan?.tasks.first?.status != .inProgress)
    }

    @Test("a decision block: short id made global, blocks list, fields kept")
    func decisionBlock() throws {
        let text = Self.frontMatter + """

            ## Choose the cluster

            ```decision
            id: D-02
            title: Which cluster hosts the database
            status: resolved
            decided_by: bernd
            decided_on: 2026-05-18
            resolution: Option D.
            blocks: [T01, EDGE-WP-0001-T02]
            review: yearly
            ```

            ```decision
            id: D-03
            status: pending
            blocks: T03
            ```

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let decisions = try #require(parsed.workplan?.decisions)
        try #require(decisions.count == 2)
        let decision = decisions[0]
        #expect(decision.id == "EDGE-WP-0001-D02")
        #expect(decision.title == "Which cluster hosts the database")
        #expect(decision.status == .resolved)
        #expect(decision.decidedBy == "bernd")
        #expect(decision.decidedOn == "2026-05-18")
        #expect(decision.resolution == "Option D.")
        #expect(decision.blocks.map(\.text) == ["T01", "EDGE-WP-0001-T02"])
        #expect(decision.blocks.allSatisfy { $0.kind == .blocks })
        #expect(decision.form == .block)
        #expect(decision.fields?["review"]?.string == "yearly")
        #expect(decision.location == Self.location(try Self.fenceLine(of: "D-02", in: text), 1))
        // Without a title the heading names it; a single value is a one-item list.
        #expect(decisions[1].id == "EDGE-WP-0001-D03")
        #expect(decisions[1].title == "Choose the cluster")
        #expect(decisions[1].blocks.map(\.text) == ["T03"])
    }

    @Test("a gate block is read into the workplan's gates")
    func gateBlock() throws {
        let text = Self.frontMatter + """

            ## Promotion

            ```gate
            id: edge-repo/promote-production
            title: Promote to production
            requires: [EDGE-WP-0001-T01, EDGE-WP-0001-D02]
            ```

            """
        let parsed = Self.parse(text)
        #expect(parsed.diagnostics.isEmpty)
        let gate = try #require(parsed.workplan?.gates.first)
        #expect(parsed.workplan?.gates.count == 1)
        #expect(gate.id == "edge-repo/promote-production")
        #expect(gate.title == "Promote to production")
        #expect(gate.fields["requires"]?.items?.compactMap(\.string) == ["EDGE-WP-0001-T01", "EDGE-WP-0001-D02"])
        #expect(gate.location == Self.location(try Self.fenceLine(of: "edge-repo/promote-production", in: text), 1))
        #expect(parsed.gates.isEmpty, "a workplan's gates belong to the workplan")
    }

    @Test("a gate in a runbook without front matter is a file gate")
    func gateInRunbook() throws {
        let parsed = Self.parse("# Runbook\n\n```gate\nid: edge-repo/promote\nrequires: [EDGE-WP-0001]\n```\n", path: "docs/runbook.md")
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.gates.map(\.id) == ["edge-repo/promote"])
        #expect(parsed.gates.first?.location == Self.location(3, 1, path: "docs/runbook.md"))
    }

    @Test("a task block without id is a block-shape diagnostic at its fence")
    func taskWithoutID() throws {
        let text = Self.frontMatter + "\n## T01\n\n```task\nstatus: todo\n```\n\n```task\nid: EDGE-WP-0001-T02\nstatus: todo\n```\n"
        let parsed = Self.parse(text)
        #expect(parsed.workplan?.tasks.map(\.id) == ["EDGE-WP-0001-T02"])
        #expect(parsed.diagnostics.map(\.rule) == ["block-shape"])
        let fence = try #require(TextScan.lineNumber(of: "```task", in: text))
        #expect(parsed.diagnostics.first?.location == Self.location(fence, 1))
    }

    @Test("an empty task block and a list task block are block-shape diagnostics")
    func badBlockShapes() throws {
        let text = Self.frontMatter + "\n```task\n```\n\n```task\n- id: EDGE-WP-0001-T01\n```\n"
        let parsed = Self.parse(text)
        #expect(parsed.workplan?.tasks.isEmpty == true)
        #expect(parsed.diagnostics.map(\.rule) == ["block-shape", "block-shape"])
        let empty = try #require(TextScan.lineNumber(of: "```task", in: text))
        let list = try #require(TextScan.lineNumber(containing: "- id: EDGE", in: text))
        #expect(parsed.diagnostics.map(\.location.line) == [empty, list])
    }

    @Test("a task block holding only a comment is reported, not silently dropped")
    func commentOnlyBlock() throws {
        let text = Self.frontMatter + "\n## T01\n\n```task\n# id: EDGE-WP-0001-T01 (to do)\n```\n"
        let parsed = Self.parse(text)
        #expect(parsed.workplan?.tasks.isEmpty == true)
        #expect(parsed.diagnostics.map(\.rule) == ["block-shape"])
        let fence = try #require(TextScan.lineNumber(of: "```task", in: text))
        #expect(parsed.diagnostics.first?.location.line == fence)
    }

    @Test("a single depends_on string is one reference; repo-qualified references are split")
    func dependsOnForms() throws {
        let text = Self.frontMatter + "\n```task\nid: EDGE-WP-0001-T01\nstatus: todo\ndepends_on: other-repo:EDGE-WP-0003\n```\n\n```task\nid: EDGE-WP-0001-T02\nstatus: todo\ndepends_on: [T01, EDGE-WP-0009-T01]\n```\n"
        let tasks = try #require(Self.parse(text).workplan?.tasks)
        #expect(tasks[0].dependsOn.map(\.repo) == ["other-repo"])
        #expect(tasks[0].dependsOn.map(\.id) == ["EDGE-WP-0003"])
        #expect(tasks[0].dependsOn.map(\.text) == ["other-repo:EDGE-WP-0003"])
        #expect(tasks[1].dependsOn.map(\.id) == ["T01", "EDGE-WP-0009-T01"])
        #expect(tasks[1].dependsOn.allSatisfy { $0.repo == nil && $0.kind == .dependsOn })
    }

    @Test("a repo name is only taken from the same paragraph")
    func repoDoesNotCrossParagraphs() throws {
        let text = Self.frontMatter + "\nThis is a follow-up\n\nEDGE-WP-0002 comes next.\n"
        let references = try #require(Self.parse(text).workplan?.proseReferences)
        #expect(references.map(\.id) == ["EDGE-WP-0002"])
        #expect(references.first?.repo == nil, "the repo was read from the paragraph before: \(references.first?.repo ?? "")")
    }

    @Test("a blocking phrase claims blocking only in its own paragraph")
    func blockingClaimScope() throws {
        let text = Self.frontMatter + "\nThis task is blocked on nothing.\n\nSee EDGE-WP-0002 for context.\n"
        let references = try #require(Self.parse(text).workplan?.proseReferences)
        #expect(references.map(\.claimsBlocking) == [false])
    }

    // MARK: ID grammar

    @Test("workplan and item id shapes")
    func idGrammar() {
        #expect(IDGrammar.isWorkplanID("RAILIANCE-WP-0003"))
        #expect(IDGrammar.isWorkplanID("RAIL-AP-WP-0001"))
        #expect(!IDGrammar.isWorkplanID("railiance-apps-WP-0004"))
        #expect(!IDGrammar.isWorkplanID("RAILIANCE-WP-"))
        #expect(!IDGrammar.isWorkplanID("WP-0003"))
        #expect(!IDGrammar.isWorkplanID("RAILIANCE-WP-0003-T01"))
        #expect(IDGrammar.workplanID(ofItem: "RAILIANCE-WP-0002-T04") == "RAILIANCE-WP-0002")
        #expect(IDGrammar.workplanID(ofItem: "RAILIANCE-WP-0002") == nil)
        #expect(IDGrammar.canonicalShortID("D-01") == "D01")
        #expect(IDGrammar.canonicalShortID("T05") == "T05")
        #expect(IDGrammar.canonicalShortID("I03") == "I03")
        #expect(IDGrammar.canonicalShortID("T") == nil)
        #expect(IDGrammar.canonicalShortID("ABCD1") == nil)
        #expect(IDGrammar.canonicalShortID("T05x") == nil)
    }

    @Test("Reference(parsing:) splits an optional repo qualifier and trims")
    func referenceParsing() {
        let location = Self.location(1, 1)
        let qualified = Reference(parsing: " railiance-platform:RAILIANCE-WP-0003 ", kind: .dependsOn, location: location)
        #expect(qualified.repo == "railiance-platform")
        #expect(qualified.id == "RAILIANCE-WP-0003")
        #expect(qualified.text == "railiance-platform:RAILIANCE-WP-0003")
        let bare = Reference(parsing: "T05", kind: .dependsOn, location: location)
        #expect(bare.repo == nil)
        #expect(bare.id == "T05")
    }
}
