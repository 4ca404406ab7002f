import Foundation

/// A JSON value: a document as read from a schema file, and the parts of a
/// `wp lsp` message whose shape depends on its method (WPLSP's `JSON`).
///
/// Decoded with `JSONDecoder` rather than `JSONSerialization` because the
/// latter hands back `NSNumber` for both `true` and `1`, and `enum`/`const`
/// must tell them apart.
///
/// Not `indirect`: arrays and dictionaries already hold their elements out of line, and
/// the boxes of an indirect enum built in this `init(from:)` leaked (LeakSanitizer, every
/// run of `wp`; `make test-sanitizers`).
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as JSON text, for messages (`'workplan'` style quoting is added by callers).
    var displayText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .array(let items): "[" + items.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\($0): \(members[$0]!.displayText)" }.joined(separator: ", ") + "}"
        }
    }

    var numericValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
