/// A YAML value reduced to what it says: text, type and order, no positions.
///
/// Two parses of the same YAML give equal shapes wherever the bytes moved, so
/// comparing shapes before and after an edit shows exactly what the edit changed.
indirect enum YAMLShape: Hashable, Sendable, CustomStringConvertible {
    enum Kind: String, Hashable, Sendable {
        /// Text, including a plain date (the schemas read a timestamp as its text).
        case text, int, float, bool, null
    }

    struct Pair: Hashable, Sendable {
        var key: String
        var value: YAMLShape
    }

    case scalar(String, Kind)
    case list([YAMLShape])
    case map([Pair])

    init(_ value: YAMLValue) {
        switch value {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string, .timestamp: self = .scalar(scalar.text, .text)
            case .int: self = .scalar(scalar.text, .int)
            case .float: self = .scalar(scalar.text, .float)
            case .bool: self = .scalar(scalar.text, .bool)
            case .null: self = .scalar("", .null)
            }
        case .sequence(let items, _):
            self = .list(items.map(YAMLShape.init))
        case .mapping(let entries, _):
            self = .map(entries.map { Pair(key: $0.key, value: YAMLShape($0.value)) })
        }
    }

    static func text(_ text: String, kind: ValueKind) -> YAMLShape {
        .scalar(text, kind == .integer ? .int : .text)
    }

    var description: String {
        switch self {
        case .scalar(let text, let kind): kind == .null ? "null" : kind == .text ? "\"\(text)\"" : text
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let pairs): "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
