/// A YAML value with the source position of every node, keeping key order.
///
/// Blocks and front matter are kept in this form so that nothing a user wrote
/// is dropped (unknown keys survive) and every later check can point at the
/// exact key or value at fault.
public indirect enum YAMLValue: Hashable, Sendable {
    case scalar(Scalar)
    case sequence([YAMLValue], SourceLocation)
    case mapping([Entry], SourceLocation)

    /// A scalar as written, with the type YAML's core schema resolves it to.
    public struct Scalar: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable, Codable {
            case string, int, float, bool, null, timestamp
        }

        public enum Style: String, Hashable, Sendable, Codable {
            case plain, singleQuoted, doubleQuoted, literal, folded
        }

        public var text: String
        public var kind: Kind
        public var style: Style
        public var location: SourceLocation

        public init(text: String, kind: Kind, style: Style, location: SourceLocation) {
            self.text = text
            self.kind = kind
            self.style = style
            self.location = location
        }
    }

    /// One `key: value` pair of a mapping.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: YAMLValue

        public init(key: String, keyLocation: SourceLocation, value: YAMLValue) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .sequence(_, let location), .mapping(_, let location): location
        }
    }

    /// The entries of a mapping, or nil.
    public var entries: [Entry]? {
        if case .mapping(let entries, _) = self { return entries }
        return nil
    }

    /// The entry for `key` in a mapping.
    public func entry(_ key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// The value for `key` in a mapping.
    public subscript(key: String) -> YAMLValue? {
        entry(key)?.value
    }

    /// The scalar text, for any scalar that is not `null`.
    public var string: String? {
        if case .scalar(let scalar) = self, scalar.kind != .null { return scalar.text }
        return nil
    }

    public var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.kind == .null }
        return false
    }

    /// The items of a sequence, or nil.
    public var items: [YAMLValue]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    /// A short name of the value's type for messages ("string", "list", ...).
    public var typeName: String {
        switch self {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: "string"
            case .int: "integer"
            case .float: "number"
            case .bool: "boolean"
            case .null: "null"
            case .timestamp: "date"
            }
        case .sequence: "list"
        case .mapping: "mapping"
        }
    }
}
