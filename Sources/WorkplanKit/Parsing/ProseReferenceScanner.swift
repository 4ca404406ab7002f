/// Finds workplan and item IDs mentioned in prose, with their positions.
///
/// Recognised forms: `RAILIANCE-WP-0003`, `RAILIANCE-WP-0004-I03`, the spaced
/// `RAILIANCE-WP-0002 T04`, and a repo written just before (`railiance-platform
/// RAILIANCE-WP-0003`, `railiance-platform:RAILIANCE-WP-0003`) or after
/// (`RAILIANCE-WP-0003 in railiance-platform`). Code blocks, HTML blocks and
/// front matter are not prose.
struct ProseReferenceScanner {
    let source: SourceText
    let excludedLines: [ClosedRange<Int>]
    let paragraphs: [MarkdownOutline.Paragraph]

    /// Phrases that, earlier in the same paragraph, make a mention a claim that
    /// the surrounding task is blocked on the mentioned id.
    static let blockingPhrases: [[UInt8]] = [
        "blocked on", "blocked by", "blocked until", "waits for", "waits on", "waiting for", "waiting on",
        "depends on", "wait for",
    ].map { Array($0.utf8) }

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
        while let found = bytes.firstOffset(of: marker, from: index) {
            // Occurrences come in order, so the line only ever moves forward.
            while line < source.lineCount, source.lineStarts[line] <= found { line += 1 }
            let range = source.byteRange(ofLine: line)
            guard !excluded[line] else {
                index = Swift.max(range.upperBound, found + 1)
                continue
            }
            if let match = match(at: found, lineRange: range) {
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

    private func match(at marker: Int, lineRange: Range<Int>) -> Match? {
        let bytes = source.bytes
        var start = marker
        while start > lineRange.lowerBound,
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
