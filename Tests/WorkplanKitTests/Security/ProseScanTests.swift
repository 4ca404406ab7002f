import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10, item 11: one paragraph of 40,000 ids (430 KB) took over 30 s, because the scanner
/// rescanned the paragraph (and the line, for columns) once per id. The scanner is now one pass;
/// these tests check it finds exactly what the old one found. The timed end-to-end run is in
/// wpTests' HostileParsingTests.
@Suite("Prose scan (one pass)")
struct ProseScanTests {
    /// Both scanners over the same document, with what the parser would give them (`oracle` only when asked:
    /// it is quadratic).
    static func scans(_ markdown: String, oracle: Bool = true) throws -> (linear: [Reference], oracle: [Reference]) {
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
        return (ProseReferenceScanner(source: source, excludedLines: excluded, paragraphs: paragraphs).scan(),
                oracle ? OracleProseScanner(source: source, excludedLines: excluded, paragraphs: paragraphs).scan() : [])
    }

    static let pieces = [
        "RAILIANCE-WP-0003", "AB-WP-12", "-WP-", "-WP-7", "WP", "X-", "T04", " T04", "-T05", "-D01", "-I3", "railiance-platform",
        " in ", "in other-repo", "repo-b:", ":", " ", " ", "  ", "\t", "\n", "\n\n", "blocked on ", "Blocked\nOn ", "waits for ",
        "depends on", "*", "**", "`", "_", "x", "y", "Größe", "é", "1", "22", "-", "A", "B9", "ab-", "(", ")", ".", ",",
        "**Decision D-01 — t** (pending; required before T04)\n\n", "\n```\ncode AB-WP-1\n```\n", "\n<div>\nAB-WP-2\n</div>\n\n",
        "\n- item AB-WP-3 ", "\n> quote X-WP-4 ", "\n# Heading Q-WP-5\n", "1-WP-1", "A-WP-A-WP-", "Z-WP-1-WP-2",
    ]

    @Test("the one-pass scanner finds what the old one did, on 3,000 random documents", arguments: 0..<6)
    func sameReferencesAsTheOldScanner(batch: Int) throws {
        var random = SplitMix64(seed: UInt64(1_000 + batch))
        var found: [Reference] = []
        for _ in 0..<500 {
            let count = Int(random.next() % 60) + 1
            let text = (0..<count).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined()
            let (linear, oracle) = try Self.scans(text)
            #expect(linear == oracle, "\(text.debugDescription)")
            found += linear
        }
        // The documents exercise every part of a match: many ids, item suffixes, repos before and after, claims.
        #expect(found.count > 1_000)
        #expect(found.contains { $0.id.hasSuffix("-T04") && $0.text.contains(" ") })
        #expect(found.contains { $0.repo != nil } && found.contains { $0.claimsBlocking } && found.contains { !$0.claimsBlocking })
    }

    @Test("40,000 ids in one paragraph: every one found, with its column and its blocking claim")
    func fortyThousandIDsInOneParagraph() throws {
        let ids = (0..<40_000).map { String(format: "PX-WP-%05d", $0) }
        let text = "Before, see " + ids[0..<20_000].joined(separator: " ") + " then blocked on "
            + ids[20_000...].joined(separator: " ") + ".\n"
        let (linear, _) = try Self.scans(text, oracle: false)
        #expect(linear.count == 40_000)
        #expect(linear.map(\.id) == ids)
        #expect(linear.first?.location.column == 13)
        #expect(linear.last?.location.column == text.utf8.count - "PX-WP-39999.\n".utf8.count + 1)
        #expect(linear.prefix(20_000).allSatisfy { !$0.claimsBlocking })
        #expect(linear.suffix(20_000).allSatisfy { $0.claimsBlocking })
    }

    @Test("ids in one run of capitals and hyphens never overlap, and the scan ends (it used to loop on `AB-WP-1-WP-2`)")
    func idsDoNotOverlap() throws {
        let (linear, _) = try Self.scans("See AB-WP-1-WP-2 and AB-WP-0001-X-WP-3 and A-WP-A-WP-A-WP-9.\n")
        #expect(linear.map(\.text) == ["AB-WP-1", "AB-WP-0001", "X-WP-3", "A-WP-A-WP-A-WP-9"])
    }
}

/// A small seeded generator (SplitMix64), so the random documents are the same on every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The scanner before it became one pass (issue 10, item 11), kept as the reference the new one
/// must agree with. One change: an id never starts before the end of the one found before it;
/// without it this scanner never ended on `AB-WP-1-WP-2` (it found the same id again and again).
private struct OracleProseScanner {
    let source: SourceText
    let excludedLines: [ClosedRange<Int>]
    let paragraphs: [MarkdownOutline.Paragraph]

    /// Phrases that, earlier in the same paragraph, make a mention a claim that
    /// the surrounding task is blocked on the mentioned id.
    static let blockingPhrases = ProseReferenceScanner.blockingPhrases

    /// The old `scan()`, rescanning per id.
    func scan() -> [Reference] {
        var excluded = [Bool](repeating: false, count: source.lineCount + 2)
        for range in excludedLines {
            for line in range where line < excluded.count { excluded[line] = true }
        }
        var paragraphStartOfLine: [Int: Int] = [:]
        for paragraph in paragraphs {
            for line in paragraph.line...max(paragraph.line, paragraph.endLine) {
                paragraphStartOfLine[line] = source.lineStarts[paragraph.line - 1]
            }
        }
        let bytes = source.bytes
        var references: [Reference] = []
        let marker = Array("-WP-".utf8)
        var index = 0
        var line = 1
        var previousEnd = 0
        while let found = bytes.firstOffset(of: marker, from: index) {
            // Occurrences come in order, so the line only ever moves forward.
            while line < source.lineCount, source.lineStarts[line] <= found { line += 1 }
            let range = source.byteRange(ofLine: line)
            guard !excluded[line] else {
                index = Swift.max(range.upperBound, found + 1)
                continue
            }
            if let match = match(at: found, lineRange: range, floor: Swift.max(range.lowerBound, previousEnd)) {
                previousEnd = match.end
                var reference = match.reference
                if let start = paragraphStartOfLine[line] {
                    reference.claimsBlocking = containsBlockingPhrase(bytes[start..<match.start])
                }
                references.append(reference)
                index = match.end
            } else {
                index = found + 4
            }
        }
        return references
    }

    private struct Match {
        var reference: Reference
        var start: Int
        var end: Int
    }

    private func match(at marker: Int, lineRange: Range<Int>, floor: Int) -> Match? {
        let bytes = source.bytes
        var start = marker
        while start > floor,
              bytes[start - 1].isUppercaseASCII || bytes[start - 1].isDigitASCII || bytes[start - 1] == dash {
            start -= 1
        }
        while start < marker, !bytes[start].isUppercaseASCII { start += 1 }
        guard start < marker else { return nil }
        if start > lineRange.lowerBound, bytes[start - 1].isWordASCII { return nil }
        guard var end = IDGrammar.scanWorkplanID(bytes, from: start), end <= lineRange.upperBound else { return nil }
        if end < bytes.count, bytes[end].isWordASCII { return nil }
        var id = String(decoding: bytes[start..<end], as: UTF8.self)
        if let suffixEnd = IDGrammar.scanItemSuffix(bytes, from: end), suffixEnd <= lineRange.upperBound {
            id = String(decoding: bytes[start..<suffixEnd], as: UTF8.self)
            end = suffixEnd
        } else if let (short, shortEnd) = spacedShortID(after: end, limit: lineRange.upperBound) {
            id += "-" + short
            end = shortEnd
        }
        let repo = repoBefore(start) ?? repoAfter(end, limit: lineRange.upperBound)
        let position = source.position(ofByte: start)
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let reference = Reference(
            text: text, repo: repo, id: id, kind: .prose,
            location: source.location(line: position.line, column: position.column))
        return Match(reference: reference, start: start, end: end)
    }

    /// `RAILIANCE-WP-0002 T04`: a short id after one space.
    private func spacedShortID(after end: Int, limit: Int) -> (String, Int)? {
        let bytes = source.bytes
        guard end < limit, bytes[end] == space else { return nil }
        var index = end + 1
        let tokenStart = index
        while index < limit, bytes[index].isWordASCII || bytes[index] == dash { index += 1 }
        guard index > tokenStart else { return nil }
        let token = String(decoding: bytes[tokenStart..<index], as: UTF8.self)
        guard let short = IDGrammar.canonicalShortID(token) else { return nil }
        return (short, index)
    }

    private func repoBefore(_ start: Int) -> String? {
        let bytes = source.bytes
        var index = start
        if index > 0, bytes[index - 1] == colon {
            index -= 1
        } else {
            // Skip spaces and emphasis/code marks, but never into the previous paragraph (a blank line).
            while index > 0, [space, tab, newline, star, backtick, underscore].contains(bytes[index - 1]) {
                if bytes[index - 1] == newline, index >= 2, bytes[index - 2] == newline { return nil }
                index -= 1
            }
        }
        let end = index
        while index > 0, bytes[index - 1].isLowercaseASCII || bytes[index - 1].isDigitASCII || bytes[index - 1] == dash {
            index -= 1
        }
        guard index < end, bytes[index].isLowercaseASCII else { return nil }
        if index > 0, bytes[index - 1].isWordASCII || bytes[index - 1] == slash || bytes[index - 1] == dot { return nil }
        return slug(bytes[index..<end])
    }

    private func repoAfter(_ end: Int, limit: Int) -> String? {
        let bytes = source.bytes
        var index = end
        while index < limit, [space, star, backtick].contains(bytes[index]) { index += 1 }
        guard index + 3 < limit, bytes[index] == UInt8(ascii: "i"), bytes[index + 1] == UInt8(ascii: "n"),
              bytes[index + 2] == space else { return nil }
        index += 3
        while index < limit, [space, star, backtick].contains(bytes[index]) { index += 1 }
        let start = index
        while index < limit, bytes[index].isLowercaseASCII || bytes[index].isDigitASCII || bytes[index] == dash { index += 1 }
        guard index > start, bytes[start].isLowercaseASCII else { return nil }
        return slug(bytes[start..<index])
    }

    /// Repo names are lowercase with at least one hyphen; plain words are not repos.
    private func slug(_ bytes: ArraySlice<UInt8>) -> String? {
        var trimmed = bytes
        while let last = trimmed.last, last == dash { trimmed.removeLast() }
        guard trimmed.contains(dash) else { return nil }
        return String(decoding: trimmed, as: UTF8.self)
    }

    private func containsBlockingPhrase(_ text: ArraySlice<UInt8>) -> Bool {
        let lowered = text.map { $0.isUppercaseASCII ? $0 + 32 : ($0 == newline ? space : $0) }
        for phrase in Self.blockingPhrases where lowered.count >= phrase.count {
            var index = 0
            while index + phrase.count <= lowered.count {
                if lowered[index] == phrase[0], lowered[index..<index + phrase.count].elementsEqual(phrase) { return true }
                index += 1
            }
        }
        return false
    }

    private let dash = UInt8(ascii: "-")
    private let w = UInt8(ascii: "W")
    private let p = UInt8(ascii: "P")
    private let space = UInt8(ascii: " ")
    private let tab = UInt8(ascii: "\t")
    private let newline = UInt8(ascii: "\n")
    private let star = UInt8(ascii: "*")
    private let backtick = UInt8(ascii: "`")
    private let underscore = UInt8(ascii: "_")
    private let colon = UInt8(ascii: ":")
    private let slash = UInt8(ascii: "/")
    private let dot = UInt8(ascii: ".")
}
