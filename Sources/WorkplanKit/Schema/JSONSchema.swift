import Foundation

/// One way a YAML value fails a schema: what is wrong, where, and what to do.
public struct SchemaViolation: Hashable, Sendable, CustomStringConvertible {
    /// A sentence that says what is wrong and, where possible, how to fix it.
    public var message: String
    /// The value at fault, or the mapping that lacks a required field, or the unknown key.
    public var location: SourceLocation
    /// The JSON Schema keyword that failed (`type`, `enum`, `required`, ...).
    public var keyword: String
    /// Where in the document: `status`, `depends_on[1]`, `requires[0].max_age`; empty for the whole document.
    public var path: String
    /// The value the user probably meant, for typos in enum values and field names.
    public var suggestion: String?

    public init(message: String, location: SourceLocation, keyword: String, path: String, suggestion: String? = nil) {
        self.message = message
        self.location = location
        self.keyword = keyword
        self.path = path
        self.suggestion = suggestion
    }

    /// `path:line:col: message`.
    public var description: String { "\(location): \(message)" }
}

/// A JSON Schema (a subset of draft 2020-12) that validates ``YAMLValue``s.
///
/// Supported: `type`, `enum`, `const`, `pattern`, `format: date`, `minLength`,
/// `maxLength`, `minimum`, `maximum`, `required`, `properties`,
/// `additionalProperties`, `items`, `minItems`, `maxItems`, `uniqueItems`,
/// `allOf`, `anyOf`, `oneOf`, `$ref` within the document, `$defs`, and the
/// annotations (`title`, `description`, `examples`, ...). Any other keyword
/// makes ``init(json:)`` throw, so a schema never silently means more than this
/// validator checks. Unlike plain 2020-12, `format: date` is asserted, not just
/// an annotation; other formats are annotations.
public struct JSONSchema: Sendable {
    /// Why a schema could not be loaded.
    public enum LoadError: Error, Sendable, CustomStringConvertible, Equatable {
        case invalidJSON(String)
        case invalidSchema(pointer: String, message: String)

        public var description: String {
            switch self {
            case .invalidJSON(let detail): "schema is not valid JSON: \(detail)"
            case .invalidSchema(let pointer, let message): "schema \(pointer): \(message)"
            }
        }
    }

    /// Every subschema, root first; children refer to each other by index so the tree stays a value type.
    let nodes: [SchemaNode]
    /// The schema's `$id`, if any.
    public let id: String?
    /// The schema's `title`, if any.
    public let title: String?

    /// Loads a schema from JSON text (UTF-8).
    public init(json: [UInt8]) throws {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(json))
        } catch {
            throw LoadError.invalidJSON(String(describing: error))
        }
        var compiler = SchemaCompiler()
        _ = try compiler.compile(document, pointer: "#")
        try compiler.resolveReferences()
        nodes = compiler.nodes
        if case .object(let members) = document {
            if case .string(let value)? = members["$id"] { id = value } else { id = nil }
            if case .string(let value)? = members["title"] { title = value } else { title = nil }
        } else {
            id = nil
            title = nil
        }
    }

    /// Loads a schema from JSON text.
    public init(json: String) throws {
        try self.init(json: Array(json.utf8))
    }

    /// Every way `value` fails the schema, in document order; empty when it is valid.
    ///
    /// `allowedValues` replaces the `enum` at a path (`"status"`), so a lifecycle
    /// configured in `.wp.yaml` decides which statuses are valid, not the schema.
    public func validate(_ value: YAMLValue, allowedValues: [String: [String]] = [:]) -> [SchemaViolation] {
        let validator = SchemaValidator(nodes: nodes, allowedValues: allowedValues)
        let found = validator.validateChild(0, value, path: "", field: nil)
        // Stable sort keeps the traversal order for findings at the same place.
        let ordered = found.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
        var seen = Set<SchemaViolation>()
        return ordered.filter { seen.insert($0).inserted }
    }

    /// True when `value` has no violations.
    public func isValid(_ value: YAMLValue, allowedValues: [String: [String]] = [:]) -> Bool {
        validate(value, allowedValues: allowedValues).isEmpty
    }
}

/// The JSON types a schema's `type` keyword names.
enum InstanceType: String, Sendable, CaseIterable {
    case string, integer, number, boolean, array, object, null

    /// How the type is named in messages, in YAML's words.
    var phrase: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean (true or false)"
        case .array: "a list"
        case .object: "a mapping"
        case .null: "empty (null)"
        }
    }
}

/// One compiled subschema.
struct SchemaNode: Sendable {
    /// A `true`/`false` schema.
    var constant: Bool?
    var pointer: String
    var title: String?
    var examples: [JSONValue] = []
    var types: [InstanceType]?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var pattern: CompiledPattern?
    var format: String?
    var minLength: Int?
    var maxLength: Int?
    var minimum: Double?
    var maximum: Double?
    var required: [String] = []
    var properties: [String: Int] = [:]
    var additionalProperties: Int?
    var items: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var refPointer: String?
    var ref: Int?

    init(pointer: String) {
        self.pointer = pointer
    }
}

/// A `pattern` with its compiled form.
///
/// `NSRegularExpression` is immutable and documented as safe to use from many
/// threads, but not every Foundation marks it `Sendable`; this says so once.
struct CompiledPattern: @unchecked Sendable {
    let source: String
    let regex: NSRegularExpression

    /// ECMA-262 semantics: the pattern may match anywhere unless it is anchored.
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Turns a schema document into ``SchemaNode``s, refusing keywords it does not implement.
struct SchemaCompiler {
    var nodes: [SchemaNode] = []
    private var indexByPointer: [String: Int] = [:]

    /// Keywords that never affect validation here.
    private static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "examples", "default",
        "deprecated", "readOnly", "writeOnly",
    ]
    private static let draft202012 = "https://json-schema.org/draft/2020-12/schema"

    mutating func compile(_ json: JSONValue, pointer: String) throws -> Int {
        let index = nodes.count
        var node = SchemaNode(pointer: pointer)
        nodes.append(node)
        indexByPointer[pointer] = index
        guard case .object(let members) = json else {
            guard case .bool(let value) = json else {
                throw JSONSchema.LoadError.invalidSchema(pointer: pointer, message: "a schema must be an object or a boolean")
            }
            node.constant = value
            nodes[index] = node
            return index
        }
        func fail(_ message: String) -> JSONSchema.LoadError {
            .invalidSchema(pointer: pointer, message: message)
        }
        func child(_ key: String) -> String { pointer + "/" + Self.escape(key) }

        // Sorted so compiled indices, and thus error order, never depend on hashing.
        for key in members.keys.sorted() {
            let value = members[key]!
            switch key {
            case "$schema":
                guard case .string(let uri) = value, uri.trimmingSuffix("#") == Self.draft202012 else {
                    throw fail("only draft 2020-12 (\(Self.draft202012)) is supported")
                }
            case "title":
                if case .string(let text) = value { node.title = text }
            case "examples":
                guard case .array(let items) = value else { throw fail("`examples` must be an array") }
                node.examples = items
            case _ where Self.annotations.contains(key):
                break
            case "$defs":
                guard case .object(let definitions) = value else { throw fail("`$defs` must be an object") }
                for name in definitions.keys.sorted() {
                    _ = try compile(definitions[name]!, pointer: child(key) + "/" + Self.escape(name))
                }
            case "$ref":
                guard case .string(let target) = value, target == "#" || target.hasPrefix("#/") else {
                    throw fail("`$ref` must point inside this document (`#/$defs/NAME`)")
                }
                node.refPointer = target.removingPercentEncoding ?? target
            case "type":
                let names: [JSONValue]
                if case .array(let list) = value { names = list } else { names = [value] }
                node.types = try names.map { name in
                    guard case .string(let text) = name, let type = InstanceType(rawValue: text) else {
                        throw fail("unknown type \(name.displayText)")
                    }
                    return type
                }
            case "enum":
                guard case .array(let values) = value else { throw fail("`enum` must be an array") }
                node.enumValues = values
            case "const":
                node.constValue = value
            case "pattern":
                guard case .string(let source) = value else { throw fail("`pattern` must be a string") }
                do {
                    node.pattern = CompiledPattern(source: source, regex: try NSRegularExpression(pattern: source))
                } catch {
                    throw fail("`pattern` is not a valid regular expression: \(source)")
                }
            case "format":
                guard case .string(let format) = value else { throw fail("`format` must be a string") }
                node.format = format
            case "minLength": node.minLength = try Self.count(value, key, fail)
            case "maxLength": node.maxLength = try Self.count(value, key, fail)
            case "minItems": node.minItems = try Self.count(value, key, fail)
            case "maxItems": node.maxItems = try Self.count(value, key, fail)
            case "minimum", "maximum":
                guard let number = value.numericValue else { throw fail("`\(key)` must be a number") }
                if key == "minimum" { node.minimum = number } else { node.maximum = number }
            case "uniqueItems":
                guard case .bool(let flag) = value else { throw fail("`uniqueItems` must be a boolean") }
                node.uniqueItems = flag
            case "required":
                guard case .array(let names) = value else { throw fail("`required` must be an array of strings") }
                node.required = try names.map { name in
                    guard case .string(let text) = name else { throw fail("`required` must be an array of strings") }
                    return text
                }
            case "properties":
                guard case .object(let properties) = value else { throw fail("`properties` must be an object") }
                for name in properties.keys.sorted() {
                    node.properties[name] = try compile(properties[name]!, pointer: child(key) + "/" + Self.escape(name))
                }
            case "additionalProperties":
                node.additionalProperties = try compile(value, pointer: child(key))
            case "items":
                node.items = try compile(value, pointer: child(key))
            case "allOf", "anyOf", "oneOf":
                guard case .array(let branches) = value, !branches.isEmpty else {
                    throw fail("`\(key)` must be a non-empty array of schemas")
                }
                var indices: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    indices.append(try compile(branch, pointer: child(key) + "/\(offset)"))
                }
                switch key {
                case "allOf": node.allOf = indices
                case "anyOf": node.anyOf = indices
                default: node.oneOf = indices
                }
            default:
                throw fail("unsupported keyword `\(key)`; wp's validator implements a subset of draft 2020-12")
            }
        }
        nodes[index] = node
        return index
    }

    mutating func resolveReferences() throws {
        for index in nodes.indices {
            guard let target = nodes[index].refPointer else { continue }
            guard let resolved = indexByPointer[target] else {
                throw JSONSchema.LoadError.invalidSchema(
                    pointer: nodes[index].pointer, message: "`$ref` target \(target) does not exist")
            }
            nodes[index].ref = resolved
        }
    }

    private static func count(
        _ value: JSONValue, _ key: String, _ fail: (String) -> JSONSchema.LoadError
    ) throws -> Int {
        guard case .int(let number) = value, number >= 0 else { throw fail("`\(key)` must be a non-negative integer") }
        return number
    }

    /// RFC 6901 escaping, so `$ref` pointers match compiled locations.
    private static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
