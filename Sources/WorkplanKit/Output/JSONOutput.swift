import Foundation

/// JSON output could not be produced; wp exits 2.
///
/// Nothing was printed, unless a streamed document (``JSONOutput/stream(_:to:)``) failed after
/// its first ``Limits/outputBufferBytes`` had been written out: then ``incomplete`` is true and
/// the message says that the output stops mid-document.
public struct JSONOutputError: Error, Sendable, CustomStringConvertible {
    /// What the encoder said.
    public var reason: String
    /// The beginning of the document was already written out (it cannot be unprinted); the
    /// document stops where the failure was found and does not parse as JSON.
    public var incomplete: Bool

    public init(reason: String, incomplete: Bool = false) {
        self.reason = reason
        self.incomplete = incomplete
    }

    public var description: String {
        let printed = incomplete
            ? "the output printed before this message stops mid-document and is not valid JSON"
            : "nothing was printed"
        return "error: cannot produce the JSON output: \(reason.terminalSafe); \(printed) (please report this with the input that caused it)"
    }
}

/// The one JSON encoder of every wp output: deterministic (sorted keys),
/// pretty-printed, slashes unescaped, ending in a newline.
///
/// A value that cannot be encoded is an error, never `{}`: a consumer must not
/// read "nothing to report" where wp could not say. The text is also safe on a
/// terminal and in a CI log: besides the C0 controls JSON always escapes, DEL,
/// C1 controls, U+2028/U+2029 and bidi controls are written `\uXXXX`, and the
/// second `#` of a legacy workflow command opener (`##[`, `##vso[`) is written
/// `\u0023`. Parsing gives back exactly the original strings.
public enum JSONOutput {
    public static func encode(_ value: some Encodable) throws(JSONOutputError) -> String {
        let data = try encoded(value, with: makeEncoder())
        return String(decoding: escapeForDisplay(Array(data)), as: UTF8.self) + "\n"
    }

    /// The encoder of every output: sorted keys, pretty-printed, slashes unescaped.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` through `encoder` (before ``escapeForDisplay(_:)``), a failure said as a ``JSONOutputError``.
    static func encoded(_ value: some Encodable, with encoder: JSONEncoder) throws(JSONOutputError) -> Data {
        do {
            return try encoder.encode(value)
        } catch let error as EncodingError {
            throw JSONOutputError(reason: describe(error))
        } catch {
            throw JSONOutputError(reason: "\(error)")
        }
    }

    private static func describe(_ error: EncodingError) -> String {
        switch error {
        case .invalidValue(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let cause = context.underlyingError.map { " \($0)" } ?? ""
            return context.debugDescription + cause + (path.isEmpty ? "" : " (at \(path))")
        @unknown default:
            return "\(error)"
        }
    }

    /// Rewrites, inside JSON strings, what a terminal or CI runner would act on.
    ///
    /// Works on UTF-8 bytes: the lead bytes matched (0x7F, 0xC2, 0xD8, 0xE2, `#`) only
    /// ever start a scalar, and outside strings JSON is plain ASCII punctuation.
    static func escapeForDisplay(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        escapeForDisplay(bytes, into: &out)
        return out
    }

    /// ``escapeForDisplay(_:)`` appending to `out`. `bytes` must hold whole JSON strings (a
    /// streamed document escapes one element at a time, cut between elements).
    static func escapeForDisplay(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count)
        var index = 0
        func unicodeEscape(_ value: UInt32) {
            let hex = String(value, radix: 16)
            out += Array(("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).utf8)
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            switch byte {
            case 0x7F:
                unicodeEscape(0x7F)
                index += 1
            case 0xC2 where (0x80...0x9F).contains(next):
                unicodeEscape(UInt32(next))
                index += 2
            case 0xD8 where next == 0x9C:
                unicodeEscape(0x061C)
                index += 2
            case 0xE2 where next == 0x80 && (third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third)),
                 0xE2 where next == 0x81 && (0xA6...0xA9).contains(third):
                let scalar = (UInt32(byte & 0x0F) << 12) | (UInt32(next & 0x3F) << 6) | UInt32(third & 0x3F)
                unicodeEscape(scalar)
                index += 3
            case UInt8(ascii: "#") where next == UInt8(ascii: "#") && opensLegacyCommand(bytes, at: index + 2):
                out.append(byte)
                unicodeEscape(0x23)
                index += 2
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private static func opensLegacyCommand(_ bytes: [UInt8], at start: Int) -> Bool {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "[") { return true }
            guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) else { return false }
            index += 1
        }
        return false
    }
}
