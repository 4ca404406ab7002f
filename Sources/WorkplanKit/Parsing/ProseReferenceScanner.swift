/// Finds workplan and item IDs mentioned in prose, with their positions.
///
/// Recognised forms: `RAILIANCE-WP-0003`, `RAILIANCE-WP-0004-I03`, the spaced
/// `RAILIANCE-WP-0002 T04`, and a repo written just before (`railiance-platform
/// RAILIANCE-WP-0003`, `railiance-platform:RAILIANCE-WP-0003`) or after
/// (`RAILIANCE-WP-0003 in railiance-platform`), and the repo-prefixed form teams
/// write in runbooks (`railiance-apps-WP-0004 I03`: the workplan numbered 0004 of repo
/// `railiance-apps`, its item I03). Code blocks, HTML blocks and front matter are not prose.
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

    /// One pass over the bytes: every byte is looked at a bounded number of times
    /// however many ids a paragraph or a line holds (a 430 KB paragraph of 40,000
    /// ids used to be rescanned once per id).
    func scan() -> [Reference] { scanMatches().map(\.reference) }

    /// Every reference of the file: ``scan()``'s, and the repo-prefixed form
    /// (`railiance-apps-WP-0004 I03`) where no other reference overlaps it, in text order.
    /// A second pass keeps the first one exactly as it was (ProseScanTests compares it with
    /// the scanner before it); both are linear.
    func scanAll() -> [Reference] {
        let main = scanMatches()
        let prefixed = scanRepoPrefixed()
        guard !prefixed.isEmpty else { return main.map(\.reference) }
        var merged: [Reference] = []
        merged.reserveCapacity(main.count + prefixed.count)
        var next = 0
        for candidate in prefixed {
            while next < main.count, main[next].end <= candidate.start {
                merged.append(main[next].reference)
                next += 1
            }
            // Overlaps the next reference of the first pass (which starts before candidate.end): that one wins.
            if next < main.count, main[next].start < candidate.end { continue }
            merged.append(candidate.reference)
        }
        merged += main[next...].map(\.reference)
        return merged
    }

    /// The repo-prefixed references, one pass over the `-WP-` markers; each walk back stops at the
    /// previous marker, so no byte is walked twice.
    private func scanRepoPrefixed() -> [Match] {
        var excluded = [Bool](repeating: false, count: source.lineCount + 2)
        for range in excludedLines {
            for line in range where line < excluded.count { excluded[line] = true }
        }
        var claims = BlockingClaims(scanner: self)
        let bytes = source.bytes
        let marker = Array("-WP-".utf8)
        var state = ScanState()
        var matches: [Match] = []
        var index = 0
        var line = 1
        var previousMarker = 0
        while let found = bytes.firstOffset(of: marker, from: index) {
            while line < source.lineCount, source.lineStarts[line] <= found { line += 1 }
            let range = source.byteRange(ofLine: line)
            let lowerBound = Swift.max(range.lowerBound, previousMarker, matches.last?.end ?? 0)
            previousMarker = found
            index = found + 4
            guard !excluded[line], var match = repoPrefixedID(marker: found, lowerBound: lowerBound, line: line, lineRange: range, state: &state) else {
                continue
            }
            match.reference.claimsBlocking = claims.claim(line: line, start: match.start)
            matches.append(match)
            index = match.end
        }
        return matches
    }

    /// Which mentions claim blocking: a phrase earlier in the same paragraph (computed once per paragraph).
    private struct BlockingClaims {
        let scanner: ProseReferenceScanner
        var paragraphOfLine: [Int]
        var phraseEnds: [Int: Int] = [:]

        init(scanner: ProseReferenceScanner) {
            self.scanner = scanner
            paragraphOfLine = [Int](repeating: -1, count: scanner.source.lineCount + 2)
            for (index, paragraph) in scanner.paragraphs.enumerated() {
                for line in paragraph.line...max(paragraph.line, paragraph.endLine) where line < paragraphOfLine.count {
                    paragraphOfLine[line] = index
                }
            }
        }

        mutating func claim(line: Int, start: Int) -> Bool {
            let paragraph = paragraphOfLine[line]
            guard paragraph >= 0 else { return false }
            let end = phraseEnds[paragraph] ?? scanner.earliestBlockingPhraseEnd(in: scanner.paragraphs[paragraph])
            phraseEnds[paragraph] = end
            return end <= start
        }
    }

    private func scanMatches() -> [Match] {
        var excluded = [Bool](repeating: false, count: source.lineCount + 2)
        for range in excludedLines {
            for line in range where line < excluded.count { excluded[line] = true }
        }
        // The paragraph each line belongs to (a later paragraph wins a shared line), by index.
        var paragraphOfLine = [Int](repeating: -1, count: source.lineCount + 2)
        for (index, paragraph) in paragraphs.enumerated() {
            for line in paragraph.line...max(paragraph.line, paragraph.endLine) where line < paragraphOfLine.count {
                paragraphOfLine[line] = index
            }
        }
        var phraseEnds: [Int: Int] = [:]  // paragraph index -> end of its earliest-ending blocking phrase (or Int.max)
        let bytes = source.bytes
        var references: [Match] = []
        let marker = Array("-WP-".utf8)
        var state = ScanState()
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
            if var match = match(at: found, line: line, lineRange: range, state: &state) {
                let paragraph = paragraphOfLine[line]
                if paragraph >= 0 {
                    let phraseEnd = phraseEnds[paragraph] ?? earliestBlockingPhraseEnd(in: paragraphs[paragraph])
                    phraseEnds[paragraph] = phraseEnd
                    match.reference.claimsBlocking = phraseEnd <= match.start
                }
                references.append(match)
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

    /// What earlier markers taught about the text before later ones, so no byte is scanned twice.
    private struct ScanState {
        /// Where the last reference ended: an id never starts inside the one before it.
        var previousEnd = 0
        /// The run of `[A-Z0-9-]` holding the last marker looked at, valid while `floor` is unchanged.
        var floor = -1
        var lastMarker = -1
        var runStart = -1
        /// The start whose id did not match (the same start gives the same answer).
        var failedStart = -1
        /// Scalar column at a byte of the current line, for columns without rescanning the line.
        var columnLine = 0
        var columnByte = 0
        var column = 1
    }

    private func match(at marker: Int, line: Int, lineRange: Range<Int>, state: inout ScanState) -> Match? {
        let bytes = source.bytes
        let floor = Swift.max(lineRange.lowerBound, state.previousEnd)
        if state.floor != floor {
            state = ScanState(previousEnd: state.previousEnd, floor: floor, columnLine: state.columnLine,
                              columnByte: state.columnByte, column: state.column)
        }
        // Back to the start of the run of capitals, digits and hyphens that ends at the marker;
        // the part up to the previous marker of the same run is already known.
        var start = marker
        let known = state.lastMarker >= floor ? state.lastMarker : floor
        while start > known, bytes[start - 1].isUppercaseASCII || bytes[start - 1].isDigitASCII || bytes[start - 1] == dash {
            start -= 1
        }
        if start == state.lastMarker, state.lastMarker >= floor { start = state.runStart }
        state.lastMarker = marker
        state.runStart = start
        while start < marker, !bytes[start].isUppercaseASCII { start += 1 }
        // The next marker of this run starts from the same capital: remember it, not the run's start.
        state.runStart = start
        guard start < marker, start != state.failedStart else { return nil }
        guard let found = matchID(from: start, line: line, lineRange: lineRange, state: &state) else {
            state.failedStart = start
            return nil
        }
        state.previousEnd = found.end
        return found
    }

    private func matchID(from start: Int, line: Int, lineRange: Range<Int>, state: inout ScanState) -> Match? {
        let bytes = source.bytes
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
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let reference = Reference(
            text: text, repo: repo, id: id, kind: .prose,
            location: source.location(line: line, column: column(ofByte: start, line: line, state: &state)))
        return Match(reference: reference, start: start, end: end)
    }

    /// `railiance-apps-WP-0004`, `railiance-apps-WP-0004-I03`, `railiance-apps-WP-0004 I03`: a repo slug
    /// (lowercase, with a hyphen, not part of a path or word) right before the marker. The walk back
    /// stops at `lowerBound` (the previous marker or reference), so no byte is walked twice.
    private func repoPrefixedID(marker: Int, lowerBound: Int, line: Int, lineRange: Range<Int>, state: inout ScanState) -> Match? {
        let bytes = source.bytes
        var start = marker
        while start > lowerBound, bytes[start - 1].isLowercaseASCII || bytes[start - 1].isDigitASCII || bytes[start - 1] == dash {
            start -= 1
        }
        while start < marker, !bytes[start].isLowercaseASCII { start += 1 }
        guard start < marker else { return nil }
        if start > lineRange.lowerBound, bytes[start - 1].isWordASCII || bytes[start - 1] == slash || bytes[start - 1] == dot { return nil }
        guard let repo = slug(bytes[start..<marker]) else { return nil }
        var end = marker + 4
        guard end < lineRange.upperBound, bytes[end].isDigitASCII else { return nil }
        while end < lineRange.upperBound, bytes[end].isDigitASCII { end += 1 }
        if end < bytes.count, bytes[end].isWordASCII { return nil }
        // `railiance-apps-WP-0004-app-deployment.md` is a file name, not a reference.
        if end + 1 < lineRange.upperBound, bytes[end] == dash, bytes[end + 1].isLowercaseASCII { return nil }
        var id = String(decoding: bytes[marker..<end], as: UTF8.self)
        if let suffixEnd = IDGrammar.scanItemSuffix(bytes, from: end), suffixEnd <= lineRange.upperBound {
            id = String(decoding: bytes[marker..<suffixEnd], as: UTF8.self)
            end = suffixEnd
        } else if let (short, shortEnd) = spacedShortID(after: end, limit: lineRange.upperBound) {
            id += "-" + short
            end = shortEnd
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let reference = Reference(
            text: text, repo: repo, id: id, kind: .prose,
            location: source.location(line: line, column: column(ofByte: start, line: line, state: &state)))
        return Match(reference: reference, start: start, end: end)
    }

    /// The scalar column of `offset` on `line`, counted on from the last column asked for on that line.
    private func column(ofByte offset: Int, line: Int, state: inout ScanState) -> Int {
        let bytes = source.bytes
        if state.columnLine != line || state.columnByte > offset {
            state.columnLine = line
            state.columnByte = source.lineStarts[line - 1]
            state.column = 1
        }
        while state.columnByte < offset {
            if bytes[state.columnByte] & 0xC0 != 0x80 { state.column += 1 }
            state.columnByte += 1
        }
        return state.column
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

    /// Where the earliest-ending blocking phrase of the paragraph ends (`Int.max` without one).
    ///
    /// A mention claims blocking when a whole phrase sits between the start of its paragraph's
    /// first line and the mention: exactly when this end is at or before the mention. One pass,
    /// comparing case-insensitively with line breaks read as spaces.
    fileprivate func earliestBlockingPhraseEnd(in paragraph: MarkdownOutline.Paragraph) -> Int {
        let bytes = source.bytes
        let start = source.lineStarts[paragraph.line - 1]
        let end = source.byteRange(ofLine: Swift.max(paragraph.line, paragraph.endLine)).upperBound
        func folded(_ byte: UInt8) -> UInt8 { byte.isUppercaseASCII ? byte + 32 : (byte == newline ? space : byte) }
        var earliest = Int.max
        var index = start
        // A phrase starting at or after `earliest` cannot end before it.
        while index < end, index < earliest {
            let first = folded(bytes[index])
            for phrase in Self.blockingPhrases where phrase[0] == first && index + phrase.count <= end {
                var offset = 1
                while offset < phrase.count, folded(bytes[index + offset]) == phrase[offset] { offset += 1 }
                if offset == phrase.count { earliest = Swift.min(earliest, index + phrase.count) }
            }
            index += 1
        }
        return earliest
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
