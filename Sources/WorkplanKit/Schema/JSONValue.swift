import Foundation

/// A JSON document as read from a schema file.
///
/// Decoded with `JSONDecoder` rather than `JSONSerialization` because the
/// latter hands back `NSNumber` for both `true` and `1`, and `enum`/`const`
/// must tell them apart.
///
/// Not `indirect`: arrays and dictionaries already hold their elements out of line, and
/// the boxes of an indirect enum built in this `init(from:)` leaked (LeakSanitizer, every
/// run of `wp`; `make test-sanitizers`).
enum JSONValue: Hashable, Sendable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
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
