#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of one input file: the bytes the parser reads, the bytes as they are
/// on disk, and the one line table every position goes through.
///
/// The parser reads ``bytes``: the file with a UTF-8 byte-order mark dropped and
/// CRLF (or a lone CR) made LF. None of that changes a line number or a column,
/// so every position computed on ``bytes`` is also a position in the file, and
/// ``onDisk`` maps it to the byte offset in ``original`` that an edit replaces.
struct SourceText: Sendable {
    let path: String
    /// UTF-8 with LF line ends and no byte-order mark: what the parser and cmark read.
    let bytes: [UInt8]
    /// Byte offset in ``bytes`` where each line starts; `lineStarts[0] == 0`.
    let lineStarts: [Int]
    /// The bytes exactly as read (the same storage as ``bytes`` for a file without a BOM or a CR).
    let original: [UInt8]
    /// 3 when ``original`` starts with a UTF-8 byte-order mark, else 0.
    let bomLength: Int
    /// For each line, the CRs of CRLF line ends above it: bytes ``original`` has before
    /// the line and ``bytes`` has not. Empty when the file has no CRLF.
    private let crsBefore: [Int]

    /// Text that is already UTF-8 with LF line ends (a blanked copy, a test's input).
    init(path: String, normalizedBytes: [UInt8]) {
        self.init(path: path, bytes: normalizedBytes, original: normalizedBytes, bomLength: 0, crsBefore: [])
    }

    private init(path: String, bytes: [UInt8], original: [UInt8], bomLength: Int, crsBefore: [Int]) {
        self.path = path
        self.bytes = bytes
        self.original = original
        self.bomLength = bomLength
        self.crsBefore = crsBefore
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 10, buffer.count - offset) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                starts.append(index + 1)
                offset = index + 1
            }
        }
        self.lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// Byte range of a 1-based line, without its newline.
    func byteRange(ofLine line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end < start { end = start }
        return start..<end
    }

    func lineText(_ line: Int) -> String {
        String(decoding: bytes[byteRange(ofLine: line)], as: UTF8.self)
    }

    /// Text of lines `first...last` joined with LF.
    func text(lines first: Int, through last: Int) -> String {
        guard first <= last else { return "" }
        let start = byteRange(ofLine: first).lowerBound
        let end = byteRange(ofLine: last).upperBound
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Converts a 1-based byte column (as cmark reports it) to a Unicode-scalar column.
    func column(line: Int, byteColumn: Int) -> Int {
        let range = byteRange(ofLine: line)
        let limit = min(range.lowerBound + max(byteColumn - 1, 0), range.upperBound)
        var column = 1
        var offset = range.lowerBound
        while offset < limit {
            if bytes[offset] & 0xC0 != 0x80 { column += 1 }
            offset += 1
        }
        return column
    }

    /// Line and scalar column of a byte offset.
    func position(ofByte offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let line = low + 1
        return (line, column(line: line, byteColumn: offset - lineStarts[low] + 1))
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    /// Where 1-based `line` starts in ``original``.
    fileprivate func originalStart(ofLine line: Int) -> Int {
        lineStarts[line - 1] + bomLength + (crsBefore.isEmpty ? 0 : crsBefore[line - 1])
    }
}

/// Why a file could not be read as a workplan at all.
enum SourceDecodingError: Error, Sendable {
    case notText(line: Int, column: Int)
    case invalidUTF8(line: Int, column: Int)
}

extension SourceText {
    /// Validates and normalises raw file bytes.
    static func decode(path: String, raw: [UInt8]) -> Result<SourceText, SourceDecodingError> {
        var start = 0
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { start = 3 }
        // Fast path, the common case: no NUL, no CR, valid UTF-8 — the bytes are used as they are.
        let clean = raw.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            return memchr(base, 0, buffer.count) == nil && memchr(base, 13, buffer.count) == nil
        }
        if clean, String(validating: raw[start...], as: UTF8.self) != nil {
            return .success(SourceText(
                path: path, bytes: start == 0 ? raw : Array(raw[start...]), original: raw, bomLength: start, crsBefore: []))
        }
        var normalized: [UInt8] = []
        normalized.reserveCapacity(raw.count - start)
        var crsBefore = [0]
        var droppedCRs = 0
        var line = 1
        var lineStart = start
        var index = start
        while index < raw.count {
            let byte = raw[index]
            if byte == 0 {
                return .failure(.notText(line: line, column: scalarColumn(raw, lineStart, index)))
            }
            if byte < 0x80 {
                if byte == 13, index + 1 < raw.count, raw[index + 1] == 10 {
                    droppedCRs += 1
                    index += 1
                    continue
                }
                // A lone CR ends a line too (CommonMark says so, and cmark counts it).
                normalized.append(byte == 13 ? 10 : byte)
                if byte == 10 || byte == 13 {
                    line += 1
                    lineStart = index + 1
                    crsBefore.append(droppedCRs)
                }
                index += 1
                continue
            }
            let length = utf8SequenceLength(raw, at: index)
            guard length > 0 else {
                return .failure(.invalidUTF8(line: line, column: scalarColumn(raw, lineStart, index)))
            }
            normalized.append(contentsOf: raw[index..<index + length])
            index += length
        }
        return .success(SourceText(
            path: path, bytes: normalized, original: raw, bomLength: start, crsBefore: droppedCRs == 0 ? [] : crsBefore))
    }

    private static func scalarColumn(_ raw: [UInt8], _ lineStart: Int, _ offset: Int) -> Int {
        var column = 1
        for index in lineStart..<offset where raw[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// Length of a valid UTF-8 sequence at `index`, or 0 when it is malformed.
    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return 0 }
        return length
    }
}

// MARK: On disk

extension SourceText {
    /// The file as it is on disk, seen through the same line table: what an edit
    /// needs to replace exactly the bytes of one value and nothing else.
    var onDisk: OnDisk { OnDisk(text: self) }

    /// Lines and columns as the parser counts them, byte offsets into ``SourceText/original``.
    ///
    /// Lines end at LF, CRLF or a lone CR; columns count Unicode scalars; a
    /// byte-order mark is part of no line. So a ``SourceLocation`` from the parser
    /// maps to one byte offset here.
    struct OnDisk: Sendable {
        struct Line: Sendable, Hashable {
            /// First byte of the line (after the BOM on line 1).
            var start: Int
            /// Where the line's content ends: its terminator starts here.
            var contentEnd: Int
            /// After the terminator (`contentEnd` for a last line without one).
            var end: Int
        }

        let text: SourceText
        /// The bytes on disk.
        let bytes: [UInt8]

        init(text: SourceText) {
            self.text = text
            self.bytes = text.original
        }

        /// A file that ends with a line terminator has an empty last line.
        var lineCount: Int { text.lineCount }

        /// The 1-based line `number` (clamped to the file).
        func line(_ number: Int) -> Line {
            let number = min(max(number, 1), text.lineCount)
            let start = text.originalStart(ofLine: number)
            let contentEnd = start + text.byteRange(ofLine: number).count
            let end = number < text.lineCount ? text.originalStart(ofLine: number + 1) : bytes.count
            return Line(start: start, contentEnd: contentEnd, end: end)
        }

        /// The bytes that end line `number`: CRLF, LF, CR, or nothing for the last line.
        func terminator(ofLine number: Int) -> [UInt8] {
            let line = line(number)
            return Array(bytes[line.contentEnd..<line.end])
        }

        /// The line ending new lines get: the file's first one, LF when it has none.
        var preferredLineEnding: [UInt8] {
            lineCount > 1 ? terminator(ofLine: 1) : [10]
        }

        /// Byte offset of a 1-based line and Unicode-scalar column (clamped to the line's content).
        func offset(line number: Int, column: Int) -> Int {
            let line = line(number)
            var offset = line.start
            var current = 1
            while current < column, offset < line.contentEnd {
                offset += 1
                while offset < line.contentEnd, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                current += 1
            }
            return offset
        }

        /// Offset of a parser position.
        func offset(of location: SourceLocation) -> Int {
            offset(line: location.line, column: location.column)
        }

        /// 1-based line holding byte `offset` (a terminator belongs to its line).
        func lineNumber(ofOffset offset: Int) -> Int {
            var low = 1
            var high = text.lineCount
            while low < high {
                let mid = (low + high + 1) / 2
                if text.originalStart(ofLine: mid) <= offset { low = mid } else { high = mid - 1 }
            }
            return low
        }

        /// 1-based scalar column of byte `offset` on its line.
        func column(ofOffset offset: Int) -> Int {
            let line = line(lineNumber(ofOffset: offset))
            var column = 1
            var index = line.start
            while index < offset {
                if bytes[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
            return column
        }

        /// The content of line `number` as text.
        func text(ofLine number: Int) -> String {
            let line = line(number)
            return String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self)
        }

        func text(_ range: Range<Int>) -> String {
            String(decoding: bytes[range], as: UTF8.self)
        }

        /// True when line `number` holds only spaces and tabs.
        func isBlank(line number: Int) -> Bool {
            let line = line(number)
            return bytes[line.start..<line.contentEnd].allSatisfy { $0 == 32 || $0 == 9 }
        }

        /// Scalar column of the first character that is not a space or tab (nil for a blank line).
        func indentationColumn(ofLine number: Int) -> Int? {
            let line = line(number)
            var offset = line.start
            while offset < line.contentEnd, bytes[offset] == 32 || bytes[offset] == 9 { offset += 1 }
            return offset < line.contentEnd ? column(ofOffset: offset) : nil
        }

        /// The first non-blank byte of line `number`, if any.
        func firstContentByte(ofLine number: Int) -> UInt8? {
            let line = line(number)
            return bytes[line.start..<line.contentEnd].first { $0 != 32 && $0 != 9 }
        }
    }
}
