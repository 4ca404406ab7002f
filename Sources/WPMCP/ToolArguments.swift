import MCP
import WorkplanKit

/// One input of a tool: what its JSON Schema says, and how a call's value is checked.
struct ToolParameter: Sendable {
    enum Kind: Sendable {
        /// An id, `repo:ID`, a repo or a field name: one token, never a path or an option.
        case identifier
        /// A git revision (`lint`'s `base`, e.g. `origin/main`): one token, never an option.
        case revision
        /// Free text: a title, evidence, a reason, a value.
        case text
        case boolean
        /// A whole number from `minimum`, up to `maximum` when there is one.
        case integer(minimum: Int, maximum: Int? = nil)
        /// A list of identifiers.
        case identifiers
    }

    var name: String
    var kind: Kind
    var required = false
    var description: String

    static func identifier(_ name: String, required: Bool = false, _ description: String) -> ToolParameter {
        ToolParameter(name: name, kind: .identifier, required: required, description: description)
    }

    static func text(_ name: String, required: Bool = false, _ description: String) -> ToolParameter {
        ToolParameter(name: name, kind: .text, required: required, description: description)
    }

    static func flag(_ name: String, _ description: String) -> ToolParameter {
        ToolParameter(name: name, kind: .boolean, description: description)
    }

    /// An id's shape in JSON Schema: no leading `-` or `/`, no whitespace, no `\`
    /// (``ToolArguments`` also refuses `..` segments).
    static let idPattern = "^[^-/\\\\\\s][^\\\\\\s]*$"

    /// The parameter's JSON Schema.
    var schema: Value {
        var schema: [String: Value] = ["description": .string(description)]
        switch kind {
        case .identifier, .revision:
            schema["type"] = "string"
            schema["minLength"] = 1
            schema["maxLength"] = .int(Limits.mcpArgumentCharacters)
            schema["pattern"] = .string(kind.isRevision ? "^[^-\\s][^\\s]*$" : Self.idPattern)
        case .text:
            schema["type"] = "string"
            schema["maxLength"] = .int(Limits.mcpArgumentCharacters)
        case .boolean:
            schema["type"] = "boolean"
        case .integer(let minimum, let maximum):
            schema["type"] = "integer"
            schema["minimum"] = .int(minimum)
            if let maximum { schema["maximum"] = .int(maximum) }
        case .identifiers:
            schema["type"] = "array"
            schema["maxItems"] = .int(Limits.mcpArgumentItems)
            schema["items"] = [
                "type": "string", "minLength": 1, "maxLength": .int(Limits.mcpArgumentCharacters),
                "pattern": .string(Self.idPattern),
            ]
        }
        return .object(schema)
    }
}

extension ToolParameter.Kind {
    var isRevision: Bool {
        if case .revision = self { return true }
        return false
    }
}

/// A call's arguments, checked against the tool's parameters: every value present has
/// the declared type and shape, every required one is there, no other is.
struct ToolArguments: Sendable {
    private var values: [String: Value]

    func string(_ name: String) -> String? { values[name].flatMap(JSONValues.string) }

    func flag(_ name: String) -> Bool { values[name]?.boolValue ?? false }

    func integer(_ name: String) -> Int? { values[name]?.intValue }

    func strings(_ name: String) -> [String] { values[name]?.arrayValue?.compactMap(JSONValues.string) ?? [] }

    /// Checks `raw` against `parameters` of the tool `tool`; the message says what to send instead.
    static func read(_ raw: [String: Value]?, tool: String, parameters: [ToolParameter]) throws(ToolFailure) -> ToolArguments {
        // A null is an absent optional value, as many clients send them.
        let given = (raw ?? [:]).filter { !$0.value.isNull }
        let known = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0) })
        for name in given.keys.sorted() where known[name] == nil {
            let names = parameters.map(\.name)
            throw ToolFailure.usage(
                "unknown argument '\(name.terminalSafe)' for \(tool)"
                    + (names.isEmpty ? "; it takes none" : "; it takes: \(names.joined(separator: ", "))"))
        }
        for parameter in parameters {
            guard let value = given[parameter.name] else {
                if parameter.required { throw ToolFailure.usage("\(tool) needs `\(parameter.name)`: \(parameter.description)") }
                continue
            }
            try check(value, against: parameter, tool: tool)
        }
        return ToolArguments(values: given)
    }

    private static func check(_ value: Value, against parameter: ToolParameter, tool: String) throws(ToolFailure) {
        let name = parameter.name
        switch parameter.kind {
        case .identifier, .revision:
            guard let text = JSONValues.string(value) else { throw .usage("`\(name)` of \(tool) is a string") }
            try checkToken(text, name: name, tool: tool, revision: parameter.kind.isRevision)
        case .text:
            guard let text = JSONValues.string(value) else { throw .usage("`\(name)` of \(tool) is a string") }
            try checkLength(text, name: name, tool: tool)
            if text.unicodeScalars.contains("\u{0}") { throw .usage("`\(name)` of \(tool) cannot hold a NUL character") }
        case .boolean:
            guard value.boolValue != nil else { throw .usage("`\(name)` of \(tool) is true or false") }
        case .integer(let minimum, let maximum):
            guard let number = value.intValue, number >= minimum, number <= maximum ?? .max else {
                throw .usage("`\(name)` of \(tool) is a whole number, at least \(minimum)" + (maximum.map { " and at most \($0)" } ?? ""))
            }
        case .identifiers:
            guard let items = value.arrayValue else { throw .usage("`\(name)` of \(tool) is a list of ids") }
            guard items.count <= Limits.mcpArgumentItems else {
                throw .usage("`\(name)` of \(tool) holds at most \(Limits.mcpArgumentItems) ids")
            }
            for item in items {
                guard let text = JSONValues.string(item) else { throw .usage("`\(name)` of \(tool) is a list of strings") }
                try checkToken(text, name: name, tool: tool, revision: false)
            }
        }
    }

    private static func checkLength(_ text: String, name: String, tool: String) throws(ToolFailure) {
        guard text.unicodeScalars.count <= Limits.mcpArgumentCharacters else {
            throw .usage("`\(name)` of \(tool) is at most \(Limits.mcpArgumentCharacters) characters")
        }
    }

    /// An id, a repo, a field or a revision is one token: no whitespace or control
    /// character, no leading `-` (never an option), and, but for a revision, nothing
    /// that reads as a path: no `\`, no leading `/`, no `..` segment. Inner `/` stays:
    /// gate ids are written `area/name`.
    private static func checkToken(_ text: String, name: String, tool: String, revision: Bool) throws(ToolFailure) {
        try checkLength(text, name: name, tool: tool)
        let shown = "'\(text.terminalSafe)'"
        guard !text.isEmpty else { throw .usage("`\(name)` of \(tool) is empty; give an id") }
        guard !text.hasPrefix("-") else { throw .usage("`\(name)` of \(tool) cannot start with '-': \(shown)") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            throw .usage("`\(name)` of \(tool) is one word, without spaces or control characters: \(shown)")
        }
        if !revision, text.hasPrefix("/") || text.contains("\\") || text.split(separator: "/").contains("..") {
            throw .usage("`\(name)` of \(tool) is an id, not a path: \(shown)")
        }
    }
}
