/// How a ``Position``'s `character` counts: negotiated at `initialize`
/// (`general.positionEncodings`); UTF-16 code units when the client names none wp prefers.
public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"

    /// UTF-8 when the client offers it (no counting needed), else UTF-16, which every client supports.
    public static func negotiate(offered: [String]?) -> PositionEncoding {
        offered?.contains(PositionEncoding.utf8.rawValue) == true ? .utf8 : .utf16
    }
}

/// Byte offsets of one text ↔ LSP positions. Lines end at `\n` (a `\r` before it belongs to
/// no line's content); a position past a line's end means the end of that line, and a line
/// past the last means the end of the text, as the protocol asks.
public struct TextPositions: Sendable {
    public let bytes: [UInt8]
    public let encoding: PositionEncoding
    /// Offset where each line starts; the first is 0.
    private let lineStarts: [Int]

    public init(_ bytes: [UInt8], encoding: PositionEncoding) {
        self.bytes = bytes
        self.encoding = encoding
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The position of byte `offset` (clamped to the text).
    public func position(ofOffset offset: Int) -> Position {
        let offset = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        switch encoding {
        case .utf8:
            return Position(line: low, character: offset - start)
        case .utf16:
            var index = start
            var units = 0
            while index < offset {
                let length = Self.sequenceLength(bytes[index])
                units += length == 4 ? 2 : 1
                index += length
            }
            return Position(line: low, character: units)
        }
    }

    /// The byte offset of `position`, never inside a UTF-8 sequence.
    public func offset(of position: Position) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let start = lineStarts[position.line]
        var end = position.line + 1 < lineStarts.count ? lineStarts[position.line + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let wanted = max(position.character, 0)
        switch encoding {
        case .utf8:
            var offset = min(start + wanted, end)
            while offset > start, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            return offset
        case .utf16:
            var index = start
            var units = 0
            while index < end, units < wanted {
                let length = Self.sequenceLength(bytes[index])
                units += length == 4 ? 2 : 1
                index += length
            }
            return min(index, end)
        }
    }

    public func range(of offsets: Range<Int>) -> LSPRange {
        LSPRange(start: position(ofOffset: offsets.lowerBound), end: position(ofOffset: offsets.upperBound))
    }

    public func offsets(of range: LSPRange) -> Range<Int> {
        let start = offset(of: range.start)
        return start..<max(start, offset(of: range.end))
    }

    /// Bytes of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
