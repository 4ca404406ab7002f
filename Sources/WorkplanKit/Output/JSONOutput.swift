import Foundation

/// JSON output could not be produced. Nothing was printed; wp exits 2.
public struct JSONOutputError: Error, Sendable, CustomStringConvertible {
    /// What the encoder said.
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String {
        "error: cannot produce the JSON output: \(reason.terminalSafe); nothing was printed (please report this with the input that caused it)"
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch let error as EncodingError {
            throw JSONOutputError(reason: describe(error))
        } catch {
            throw JSONOutputError(reason: "\(error)")
        }
        return String(decoding: escapeForDisplay(Array(data)), as: UTF8.self) + "\n"
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
        out.reserveCapacity(bytes.count)
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
        return out
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
