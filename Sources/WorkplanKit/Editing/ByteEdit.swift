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
