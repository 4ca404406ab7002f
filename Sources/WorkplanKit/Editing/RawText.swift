/// The bytes of a file exactly as they are on disk, with the line table the
/// parser's positions refer to.
///
/// Lines end at LF, CRLF or a lone CR, as ``SourceText`` counts them; columns
/// count Unicode scalars; a UTF-8 byte-order mark is part of no line. So a
/// ``SourceLocation`` from the parser maps to one byte offset here, and an edit
/// can replace exactly the bytes of one value and nothing else.
struct RawText: Sendable {
    struct Line: Sendable, Hashable {
        /// First byte of the line (after the BOM on line 1).
        var start: Int
        /// Where the line's content ends: its terminator starts here.
        var contentEnd: Int
        /// After the terminator (`contentEnd` for a last line without one).
        var end: Int
    }

    let bytes: [UInt8]
    /// 3 when the file starts with a UTF-8 byte-order mark, else 0.
    let bomLength: Int
    /// `lines[0]` is line 1. A file that ends with a newline has an empty last line.
    let lines: [Line]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        bomLength = bom
        var lines: [Line] = []
        var start = bom
        var index = bom
        while index < bytes.count {
            switch bytes[index] {
            case 10:
                lines.append(Line(start: start, contentEnd: index, end: index + 1))
                index += 1
                start = index
            case 13:
                let end = index + 1 < bytes.count && bytes[index + 1] == 10 ? index + 2 : index + 1
                lines.append(Line(start: start, contentEnd: index, end: end))
                index = end
                start = index
            default:
                index += 1
            }
        }
        lines.append(Line(start: start, contentEnd: bytes.count, end: bytes.count))
        self.lines = lines
    }

    var lineCount: Int { lines.count }

    /// The 1-based line `number` (clamped to the file).
    func line(_ number: Int) -> Line {
        lines[min(max(number, 1), lines.count) - 1]
    }

    /// The bytes that end line `number`: CRLF, LF, CR, or nothing for the last line.
    func terminator(ofLine number: Int) -> [UInt8] {
        let line = line(number)
        return Array(bytes[line.contentEnd..<line.end])
    }

    /// The line ending new lines get: the file's first one, LF when it has none.
    var preferredLineEnding: [UInt8] {
        lines.first { $0.end > $0.contentEnd }.map { Array(bytes[$0.contentEnd..<$0.end]) } ?? [10]
    }

    /// True when the last byte is a line terminator.
    var endsWithNewline: Bool {
        guard let last = bytes.last, bytes.count > bomLength else { return false }
        return last == 10 || last == 13
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
        var low = 0
        var high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].start <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
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

/// One replacement of a byte range; several insertions at one offset keep their order.
struct ByteEdit: Sendable, Hashable {
    var range: Range<Int>
    var replacement: [UInt8]

    init(_ range: Range<Int>, _ replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    init(insert text: [UInt8], at offset: Int) {
        self.init(offset..<offset, text)
    }

    /// Applies edits given against the same original bytes; overlapping ranges are a bug in the caller.
    static func apply(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8]? {
        let ordered = edits.enumerated().sorted {
            ($0.element.range.lowerBound, $0.element.range.isEmpty ? 0 : 1, $0.offset)
                < ($1.element.range.lowerBound, $1.element.range.isEmpty ? 0 : 1, $1.offset)
        }.map(\.element)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + ordered.reduce(0) { $0 + $1.replacement.count })
        var position = 0
        for edit in ordered {
            guard edit.range.lowerBound >= position, edit.range.upperBound <= bytes.count else { return nil }
            result.append(contentsOf: bytes[position..<edit.range.lowerBound])
            result.append(contentsOf: edit.replacement)
            position = edit.range.upperBound
        }
        result.append(contentsOf: bytes[position...])
        return result
    }
}
