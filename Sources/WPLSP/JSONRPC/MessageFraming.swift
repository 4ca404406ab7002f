import WorkplanKit

/// What the byte stream from a client holds next.
public enum Frame: Sendable, Equatable {
    /// One message's body (JSON, not yet parsed).
    case message([UInt8])
    /// A header wp could not read (no `Content-Length`, not a number, too long): the bytes up
    /// to the end of that header were skipped, and reading goes on after it.
    case badHeader(String)
    /// A body longer than ``Limits/lspMessageSize``: skipped unread.
    case tooLarge(Int)
}

/// Splits the byte stream of the base protocol into messages: header lines
/// (`Content-Length: N`, optionally `Content-Type`) ended by an empty line, then N bytes.
///
/// Bounded: a header may hold at most ``Limits/lspHeaderSize`` bytes and a body at most
/// ``Limits/lspMessageSize``; what exceeds them is skipped as it arrives, never buffered.
public struct MessageReader: Sendable {
    private enum State: Sendable {
        case header
        /// Skipping a header that grew too long, until it ends.
        case skippingHeader
        case body(length: Int)
        /// Skipping this many more bytes of a body that is too large.
        case skippingBody(remaining: Int)
    }

    private var buffer: [UInt8] = []
    private var state = State.header
    private let headerLimit: Int
    private let bodyLimit: Int

    public init(headerLimit: Int = Limits.lspHeaderSize, bodyLimit: Int = Limits.lspMessageSize) {
        self.headerLimit = headerLimit
        self.bodyLimit = bodyLimit
    }

    /// Bytes held while waiting for the rest of a message.
    public var buffered: Int { buffer.count }

    /// Adds bytes read from the stream and returns the frames they complete, in order.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Frame] {
        buffer.append(contentsOf: bytes)
        var frames: [Frame] = []
        while let frame = step() { frames.append(frame) }
        return frames
    }

    /// The next frame the buffer completes; nil when it needs more bytes.
    private mutating func step() -> Frame? {
        switch state {
        case .header:
            guard let end = Self.headerEnd(in: buffer) else {
                if buffer.count > headerLimit {
                    // Keep the last bytes: the end of the header may straddle two reads.
                    buffer.removeFirst(buffer.count - 3)
                    state = .skippingHeader
                    return .badHeader("a header longer than \(headerLimit) bytes")
                }
                return nil
            }
            let header = Array(buffer[..<end.start])
            buffer.removeFirst(end.after)
            switch Self.contentLength(header) {
            case .success(let length) where length > bodyLimit:
                state = .skippingBody(remaining: length)
                return .tooLarge(length)
            case .success(let length):
                state = .body(length: length)
                return step()
            case .failure(let problem):
                return .badHeader(problem.reason)
            }
        case .skippingHeader:
            guard let end = Self.headerEnd(in: buffer) else {
                if buffer.count > 3 { buffer.removeFirst(buffer.count - 3) }
                return nil
            }
            buffer.removeFirst(end.after)
            state = .header
            return step()
        case .body(let length):
            guard buffer.count >= length else { return nil }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            state = .header
            return .message(body)
        case .skippingBody(let remaining):
            let dropped = min(remaining, buffer.count)
            buffer.removeFirst(dropped)
            if dropped == remaining {
                state = .header
                return step()
            }
            state = .skippingBody(remaining: remaining - dropped)
            return nil
        }
    }

    private struct HeaderProblem: Error {
        var reason: String
    }

    /// Where the header ends: `\r\n\r\n` (or, leniently, `\n\n`).
    private static func headerEnd(in bytes: [UInt8]) -> (start: Int, after: Int)? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return (index > 0 && bytes[index - 1] == 13 ? index - 1 : index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    private static func contentLength(_ header: [UInt8]) -> Result<Int, HeaderProblem> {
        let text = String(decoding: header, as: UTF8.self)
        var length: Int?
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(HeaderProblem(reason: "a header line without ':'"))
            }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            if name == "content-length" {
                guard !value.isEmpty, value.utf8.count <= 18, value.allSatisfy(\.isASCIIDigit), let number = Int(value) else {
                    return .failure(HeaderProblem(reason: "Content-Length is not a number of bytes"))
                }
                length = number
            }
        }
        guard let length else { return .failure(HeaderProblem(reason: "a header without Content-Length")) }
        return .success(length)
    }

    /// The base protocol's frame around `body`.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
