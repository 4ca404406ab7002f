import Foundation
import MCP
import WorkplanKit

/// The CLI's JSON output, as MCP values: a tool's structured content is the same
/// document `wp … --format json` prints.
enum JSONValues {
    /// `json` (one of wp's JSON outputs) as a value. Strings stay strings: MCP's own
    /// decoder turns any string that looks like a `data:` URL into bytes.
    static func value(ofJSON json: String) throws -> Value {
        try JSONDecoder().decode(PlainJSON.self, from: Data(json.utf8)).value
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

/// JSON as it is: `true` is not `1`, and a string is a string.
private indirect enum PlainJSON: Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([PlainJSON])
    case object([String: PlainJSON])

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
        } else if let value = try? container.decode([PlainJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: PlainJSON].self))
        }
    }

    var value: Value {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.value))
        case .object(let members): .object(members.mapValues(\.value))
        }
    }
}
