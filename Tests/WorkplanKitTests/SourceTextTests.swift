import Foundation
import Testing
@testable import WorkplanKit

/// One line table for parsing and editing: positions the parser computes on the
/// normalised bytes land on the same characters of the bytes on disk.
@Suite struct SourceTextTests {
    /// Lines as a reader of the raw bytes sees them: LF, CRLF and a lone CR each end one;
    /// a UTF-8 byte-order mark belongs to no line. Independent of ``SourceText``.
    static func lines(of raw: [UInt8]) -> [SourceText.OnDisk.Line] {
        let bom = raw.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines: [SourceText.OnDisk.Line] = []
        var start = bom
        var index = bom
        while index < raw.count {
            if raw[index] == 10 || raw[index] == 13 {
                let end = raw[index] == 13 && index + 1 < raw.count && raw[index + 1] == 10 ? index + 2 : index + 1
                lines.append(.init(start: start, contentEnd: index, end: end))
                start = end
                index = end
            } else {
                index += 1
            }
        }
        lines.append(.init(start: start, contentEnd: raw.count, end: raw.count))
        return lines
    }

    static let texts = [
        "", "one line", "a\nb\n", "a\r\nb\r\n", "a\rb\r", "mixed\r\nends\rhere\nand\r\r\nthere",
        "\u{FEFF}---\r\nid: X\r\n---\r\n", "é ü\r\n\r\n🙂 x\ry", "\r\n", "\n\n\r",
    ]

    @Test(arguments: texts)
    func theFileOnDiskHasTheParsersLines(_ text: String) throws {
        for raw in [Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8)] where !(text.hasPrefix("\u{FEFF}") && raw.count > text.utf8.count) {
            let source = try SourceText.decode(path: "f.md", raw: raw).get()
            let disk = source.onDisk
            let expected = Self.lines(of: raw)
            #expect(disk.bytes == raw, "the bytes on disk are kept as read")
            #expect(source.lineCount == expected.count)
            #expect((1...disk.lineCount).map(disk.line) == expected)
            for number in 1...source.lineCount {
                #expect(disk.text(ofLine: number) == source.lineText(number), "line \(number) of \(raw)")
            }
            for (number, line) in expected.enumerated() {
                for offset in line.start..<max(line.end, line.start + 1) where offset < raw.count {
                    #expect(disk.lineNumber(ofOffset: offset) == number + 1, "offset \(offset) of \(raw)")
                }
            }
            // Every character the parser can point at is the same character on disk.
            for number in 1...source.lineCount {
                let scalars = Array(source.lineText(number).unicodeScalars)
                for (index, scalar) in scalars.enumerated() {
                    let offset = disk.offset(line: number, column: index + 1)
                    let onDisk = String(decoding: raw[offset...].prefix(4), as: UTF8.self).unicodeScalars.first
                    #expect(onDisk == scalar, "line \(number) column \(index + 1) of \(raw)")
                    #expect(disk.column(ofOffset: offset) == index + 1)
                }
            }
        }
    }

    @Test func newLinesFollowTheFilesFirstLineEnding() throws {
        #expect(try SourceText.decode(path: "f", raw: Array("a\r\nb\nc".utf8)).get().onDisk.preferredLineEnding == [13, 10])
        #expect(try SourceText.decode(path: "f", raw: Array("a\rb".utf8)).get().onDisk.preferredLineEnding == [13])
        #expect(try SourceText.decode(path: "f", raw: Array("no end".utf8)).get().onDisk.preferredLineEnding == [10])
    }
}

/// A parsed file keeps what an edit needs, and the workspace keeps every parsed file.
@Suite struct SourceInModelTests {
    @Test func aLoadedWorkplanKeepsItsFileAsRead() throws {
        let repo = try GoldFixture.repo(main: GoldFixture.main.replacingOccurrences(of: "\n", with: "\r\n"))
        let workspace = try repo.load()
        let workplan = try #require(workspace.workplans.first { $0.id == "GOLD-WP-0001" })
        let source = try #require(workspace.source(of: workplan))
        #expect(source.absolutePath == repo.directory.absolute(GoldFixture.mainPath))
        #expect(source.displayPath == GoldFixture.mainPath)
        #expect(source.bytes == (try repo.bytes(GoldFixture.mainPath)), "the bytes on disk, CRLF and all")
        #expect(source.frontMatterLines == 1...14)
        let fences = try #require(source.outline).blocks.compactMap { block -> Int? in
            if case .codeBlock(let code) = block, code.language == "task" { return code.line }
            return nil
        }
        #expect(fences == workplan.tasks.map(\.location.line))
        #expect(workspace.repos[0].sources.count == 2)
    }

    @Test func aFileThatIsNotAWorkplanIsKeptToo() throws {
        let parsed = WorkplanParser(repo: "r").parse(path: "docs/runbook.md", absolutePath: "/r/docs/runbook.md", bytes: Array("# Runbook\n".utf8))
        #expect(parsed.workplan == nil)
        let source = try #require(parsed.source)
        #expect(source.absolutePath == "/r/docs/runbook.md")
        #expect(source.frontMatterLines == nil)
        #expect(source.outline?.blocks.count == 1)
        // Bytes that are not text have no source to keep.
        #expect(WorkplanParser(repo: "r").parse(path: "b.md", bytes: [0x41, 0x00]).source == nil)
    }

    @Test func contentHashIsFNV1a() {
        // The published FNV-1a 64-bit test vectors.
        #expect(FNV1a.hash("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash("foobar".utf8) == 0x8594_4171_f739_67e8)
        let parsed = WorkplanParser(repo: "r").parse(path: "w.md", bytes: Array("---\nid: R-WP-0001\ntitle: T\nstatus: active\n---\n".utf8))
        #expect(parsed.workplan?.contentHash == FNV1a.hash("---\nid: R-WP-0001\ntitle: T\nstatus: active\n---\n".utf8))
    }
}
