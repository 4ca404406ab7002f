import Foundation
import MCP
import WorkplanKit

/// The CLI's JSON output, as MCP values: a tool's structured content is the same
/// document `wp … --format json` prints.
enum JSONValues {
    /// `json` (one of wp's JSON outputs) as a value. Strings stay strings: MCP's own
    /// decoder turns any string that looks like a `data:` URL into bytes.
    ///
    /// A small parser of its own: decoding through `Decodable` would try each JSON type in
    /// turn and throw for every miss, which made a 6 MB `status` answer take seconds.
    static func value(ofJSON json: String) throws -> Value {
        var parser = JSONValueParser(Array(json.utf8))
        return try parser.document()
    }

    /// A JSON Schema (or any JSON text wp ships) as a value; nil when it does not parse.
    static func schema(_ text: String?) -> Value? {
        text.flatMap { try? value(ofJSON: $0) }
    }

    /// The text of a string argument, also when MCP decoded it as a `data:` URL.
    static func string(_ value: Value) -> String? {
        switch value {
        case .string(let text): return text
        case .data:
            guard let data = try? JSONEncoder().encode(value) else { return nil }
            return try? JSONDecoder().decode(String.self, from: data)
        default: return nil
        }
    }
}

/// Why wp's own JSON text did not parse (it always should).
struct JSONValueError: Error, CustomStringConvertible {
    var offset: Int
    var description: String { "not JSON at byte \(offset)" }
}

/// JSON text to MCP values, as it is: `true` is not `1`, a string stays a string, an
/// integer without fraction or exponent is an `int`. Nesting is bounded (wp's outputs
/// are a few levels deep), so the recursion is too.
private struct JSONValueParser {
    private let bytes: [UInt8]
    private var index = 0
    private static let maximumDepth = 256

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(JSONValueError) -> Value {
        let value = try parse(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw JSONValueError(offset: index) }
        return value
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func parse(depth: Int) throws(JSONValueError) -> Value {
        guard depth < Self.maximumDepth else { throw JSONValueError(offset: index) }
        skipSpace()
        guard index < bytes.count else { throw JSONValueError(offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [String: Value] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                members[key] = try parse(depth: depth + 1)
                skipSpace()
                if try separator(closing: UInt8(ascii: "}")) { return .object(members) }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try parse(depth: depth + 1))
                skipSpace()
                if try separator(closing: UInt8(ascii: "]")) { return .array(items) }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try word("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try word("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try word("null"); return .null
        default:
            return try number()
        }
    }

    /// After a member or item: true at the closing bracket, false after a comma.
    private mutating func separator(closing: UInt8) throws(JSONValueError) -> Bool {
        guard index < bytes.count else { throw JSONValueError(offset: index) }
        if bytes[index] == closing { index += 1; return true }
        try expect(UInt8(ascii: ","))
        return false
    }

    private mutating func expect(_ byte: UInt8) throws(JSONValueError) {
        guard index < bytes.count, bytes[index] == byte else { throw JSONValueError(offset: index) }
        index += 1
    }

    private mutating func word(_ text: StaticString) throws(JSONValueError) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count,
              text.withUTF8Buffer({ Array($0) }) == Array(bytes[index..<index + count])
        else { throw JSONValueError(offset: index) }
        index += count
    }

    private mutating func number() throws(JSONValueError) -> Value {
        let start = index
        var isInteger = true
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                isInteger = false
            default:
                return try finishNumber(start: start, isInteger: isInteger)
            }
            index += 1
        }
        return try finishNumber(start: start, isInteger: isInteger)
    }

    private func finishNumber(start: Int, isInteger: Bool) throws(JSONValueError) -> Value {
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard !text.isEmpty, let value = Double(text) else { throw JSONValueError(offset: start) }
        return .double(value)
    }

    private mutating func string() throws(JSONValueError) -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var run = index  // start of bytes copied as they are
        var result = ""
        func flush(_ end: Int) {
            if end > run { result += String(decoding: bytes[run..<end], as: UTF8.self) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(index)
                index += 1
                return result
            }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            flush(index)
            guard index + 1 < bytes.count else { throw JSONValueError(offset: index) }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""): result += "\""
            case UInt8(ascii: "\\"): result += "\\"
            case UInt8(ascii: "/"): result += "/"
            case UInt8(ascii: "b"): result += "\u{08}"
            case UInt8(ascii: "f"): result += "\u{0C}"
            case UInt8(ascii: "n"): result += "\n"
            case UInt8(ascii: "r"): result += "\r"
            case UInt8(ascii: "t"): result += "\t"
            case UInt8(ascii: "u"):
                var unit = try hex4()
                if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    let low = try hex4()
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                scalars = String.UnicodeScalarView()
                scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                result += String(scalars)
            default:
                throw JSONValueError(offset: index - 1)
            }
            run = index
        }
        throw JSONValueError(offset: index)
    }

    private mutating func hex4() throws(JSONValueError) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw JSONValueError(offset: index)
        }
        index += 4
        return value
    }
}
