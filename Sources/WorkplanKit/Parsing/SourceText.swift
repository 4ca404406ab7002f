#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input file, made ready for parsing without losing positions.
///
/// A UTF-8 byte-order mark is dropped and CRLF (or a lone CR) becomes LF: none changes a
/// line number or a column, so every position computed on these bytes is also
/// a position in the original file.
struct SourceText: Sendable {
    let path: String
    let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    let lineStarts: [Int]

    init(path: String, normalizedBytes: [UInt8]) {
        self.path = path
        self.bytes = normalizedBytes
        var starts = [0]
        starts.reserveCapacity(normalizedBytes.count / 40 + 1)
        normalizedBytes.withUnsafeBufferPointer { buffer in
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
            return .success(SourceText(path: path, normalizedBytes: start == 0 ? raw : Array(raw[start...])))
        }
        var normalized: [UInt8] = []
        normalized.reserveCapacity(raw.count - start)
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
                    index += 1
                    continue
                }
                // A lone CR ends a line too (CommonMark says so, and cmark counts it).
                normalized.append(byte == 13 ? 10 : byte)
                if byte == 10 || byte == 13 {
                    line += 1
                    lineStart = index + 1
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
        return .success(SourceText(path: path, normalizedBytes: normalized))
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
