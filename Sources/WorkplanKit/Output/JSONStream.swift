import Foundation

/// A JSON document described so that its large arrays can be written one element at a time
/// (``JSONOutput/stream(_:to:)``): objects and arrays the writer lays out itself, and leaves
/// that ``JSONOutput``'s encoder encodes whole.
///
/// The bytes are exactly ``JSONOutput/encode(_:)``'s for the same value: keys in the
/// encoder's sorted order, the encoder's pretty-printing (two spaces a level, `"key" : value`,
/// an empty array or object as `[` blank line `]`), the same display escapes, a final newline.
/// Optional members are the caller's to leave out when nil, as synthesized `Encodable` does.
public struct StreamedJSON {
    indirect enum Shape {
        case encoded(any Encodable)
        case array(AnySequence<StreamedJSON>)
        case object([String: StreamedJSON])
    }

    let shape: Shape

    /// `value`, encoded whole.
    public static func encoded(_ value: some Encodable) -> StreamedJSON {
        StreamedJSON(shape: .encoded(value))
    }

    /// An array whose elements are encoded one at a time, in the sequence's order.
    /// A lazy sequence (`items.lazy.map(Entry.init)`) builds each element only when it is written.
    public static func array<Elements: Sequence>(_ elements: Elements) -> StreamedJSON where Elements.Element: Encodable {
        StreamedJSON(shape: .array(AnySequence(elements.lazy.map { StreamedJSON.encoded($0) })))
    }

    /// An array of streamed values (arrays or objects laid out element by element themselves).
    public static func array<Elements: Sequence>(streaming elements: Elements) -> StreamedJSON where Elements.Element == StreamedJSON {
        StreamedJSON(shape: .array(AnySequence(elements)))
    }

    /// An object; the members are written in the encoder's key order, not the dictionary's.
    public static func object(_ members: [String: StreamedJSON]) -> StreamedJSON {
        StreamedJSON(shape: .object(members))
    }
}

extension JSONOutput {
    /// Writes `document` to `sink` as it is produced: the bytes of ``encode(_:)`` for the same
    /// value, in chunks cut between array elements, so that neither the whole text nor the
    /// encoder's tree of the whole document is ever held (one element at a time is).
    ///
    /// Errors: a value that cannot be encoded ends the output with ``RenderError/json(_:)``.
    /// The sink's pending bytes are dropped; when none had been written out yet (a
    /// ``FileDescriptorSink`` writes nothing before its first ``Limits/outputBufferBytes``),
    /// nothing was printed, as with ``encode(_:)``. Otherwise the output already printed stops
    /// mid-document, never closed, so no JSON reader takes it for a whole answer, and the error
    /// says so (``JSONOutputError/incomplete``); wp exits 2 either way. A failed write is
    /// ``RenderError/output(_:)``.
    public static func stream(_ document: StreamedJSON, to sink: inout some OutputSink) throws(RenderError) {
        var writer = JSONStreamWriter(encoder: makeEncoder())
        do {
            try writer.write(document, depth: 0, to: &sink)
            writer.pending.append(UInt8(ascii: "\n"))
            try writer.emit(to: &sink)
        } catch {
            switch error {
            case .encoding(let failure):
                var failure = failure
                failure.incomplete = sink.discardPending()
                throw .json(failure)
            case .output(let failure):
                _ = sink.discardPending()
                throw .output(failure)
            }
        }
    }
}

extension JSONOutput {
    /// `document` as one string: ``stream(_:to:)`` collected in memory (the bytes of
    /// ``encode(_:)`` for the same value).
    public static func encode(_ document: StreamedJSON) throws(JSONOutputError) -> String {
        var sink = CollectingSink()
        do {
            try stream(document, to: &sink)
        } catch {
            switch error {
            case .json(let failure): throw failure
            // A collecting sink neither fails to write nor renders an unsupported format.
            case .output, .unsupported: throw JSONOutputError(reason: error.description)
            }
        }
        return sink.text
    }
}

/// Lays out a ``StreamedJSON`` as the encoder would, one element at a time.
struct JSONStreamWriter {
    enum Failure: Error {
        case encoding(JSONOutputError)
        case output(OutputWriteError)
    }

    let encoder: JSONEncoder
    /// Bytes laid out and not yet given to the sink: structure and whole elements.
    var pending: [UInt8] = []
    /// The bytes given to the sink at once; a chunk ends after an element, outside any string.
    static let chunkBytes = 16 * 1024

    init(encoder: JSONEncoder) {
        self.encoder = encoder
        pending.reserveCapacity(Self.chunkBytes * 2)
    }

    /// Writes `value`, whose first line stands `depth` levels in (its opening is already placed).
    ///
    /// Recursion follows the document's shape, which the code writes (a view's top-level object,
    /// its arrays, SARIF's run): a few levels, never data-driven. Below that the encoder nests.
    mutating func write(_ value: StreamedJSON, depth: Int, to sink: inout some OutputSink) throws(Failure) {
        switch value.shape {
        case .encoded(let leaf):
            try append(leaf, depth: depth)
        case .array(let elements):
            var empty = true
            pending.append(UInt8(ascii: "["))
            for element in elements {
                pending += empty ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")]
                indent(depth + 1)
                empty = false
                try write(element, depth: depth + 1, to: &sink)
                if pending.count >= Self.chunkBytes { try emit(to: &sink) }
            }
            close(UInt8(ascii: "]"), depth: depth, empty: empty)
        case .object(let members):
            var empty = true
            pending.append(UInt8(ascii: "{"))
            for (key, encodedKey) in try orderedKeys(members.keys) {
                pending += empty ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")]
                indent(depth + 1)
                empty = false
                JSONOutput.escapeForDisplay(encodedKey, into: &pending)
                pending += Array(" : ".utf8)
                if let member = members[key] { try write(member, depth: depth + 1, to: &sink) }
                if pending.count >= Self.chunkBytes { try emit(to: &sink) }
            }
            close(UInt8(ascii: "}"), depth: depth, empty: empty)
        }
    }

    /// Gives the pending bytes to the sink.
    mutating func emit(to sink: inout some OutputSink) throws(Failure) {
        guard !pending.isEmpty else { return }
        do {
            try sink.write(pending)
        } catch {
            throw .output(error)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// `leaf` encoded, escaped for display and indented to `depth`: the encoder indents from
    /// column 0, and every newline it writes is structure (a string's newline is `\n`), so each
    /// line but an empty one (inside `[` `]` of an empty array) gets `depth` levels more.
    private mutating func append(_ leaf: any Encodable, depth: Int) throws(Failure) {
        let data: Data
        do {
            data = try JSONOutput.encoded(leaf, with: encoder)
        } catch {
            throw .encoding(error)
        }
        var escaped: [UInt8] = []
        JSONOutput.escapeForDisplay(Array(data), into: &escaped)
        guard depth > 0 else {
            pending += escaped
            return
        }
        pending.reserveCapacity(pending.count + escaped.count)
        var index = 0
        while index < escaped.count {
            let byte = escaped[index]
            pending.append(byte)
            index += 1
            if byte == UInt8(ascii: "\n"), index < escaped.count, escaped[index] != UInt8(ascii: "\n") {
                indent(depth)
            }
        }
    }

    private mutating func indent(_ depth: Int) {
        pending += repeatElement(UInt8(ascii: " "), count: 2 * depth)
    }

    /// The closing bracket of a container opened at `depth`; an empty one is `[` blank line `]`, as the encoder writes it.
    private mutating func close(_ bracket: UInt8, depth: Int, empty: Bool) {
        pending += empty ? [UInt8(ascii: "\n"), UInt8(ascii: "\n")] : [UInt8(ascii: "\n")]
        indent(depth)
        pending.append(bracket)
    }

    /// The keys in the order the encoder writes them, each with its encoded form: learned from
    /// the encoder itself (an object of these keys), so the order is its `.sortedKeys` order
    /// whatever that is, and a key's escaping is its own.
    private func orderedKeys(_ keys: Dictionary<String, StreamedJSON>.Keys) throws(Failure) -> [(key: String, encoded: [UInt8])] {
        var byEncoded: [[UInt8]: String] = [:]
        for key in keys {
            byEncoded[try encodedBytes(key)] = key
        }
        let probe = try encodedBytes(Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) }))
        // `{`, then one `  "key" : 0` line per key (`,` after all but the last), then `}`.
        let suffix = Array(" : 0".utf8)
        var ordered: [(key: String, encoded: [UInt8])] = []
        for line in probe.split(separator: UInt8(ascii: "\n")) where line.count > 2 + suffix.count {
            var member = Array(line.dropFirst(2))
            if member.last == UInt8(ascii: ",") { member.removeLast() }
            guard member.count > suffix.count, Array(member.suffix(suffix.count)) == suffix else { continue }
            member.removeLast(suffix.count)
            if let key = byEncoded[member] { ordered.append((key, member)) }
        }
        guard ordered.count == keys.count else {
            throw .encoding(JSONOutputError(reason: "the encoder's key order could not be read for \(keys.sorted())"))
        }
        return ordered
    }

    private func encodedBytes(_ value: some Encodable) throws(Failure) -> [UInt8] {
        do {
            return Array(try JSONOutput.encoded(value, with: encoder))
        } catch {
            throw .encoding(error)
        }
    }
}
