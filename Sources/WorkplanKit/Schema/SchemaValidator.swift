import Foundation

/// Walks a ``YAMLValue`` against compiled ``SchemaNode``s and words the findings.
struct SchemaValidator: Sendable {
    let nodes: [SchemaNode]
    /// Allowed values by path; they replace the schema's `enum` there.
    let allowedValues: [String: [String]]

    /// Validates a value found under a property or item, then applies any `allowedValues` for its path.
    ///
    /// The override is checked here, once per value, rather than in ``validate(_:_:path:field:)``,
    /// which may visit the same value several times through `$ref` and `oneOf`.
    func validateChild(_ index: Int, _ value: YAMLValue, path: String, field: String?) -> [SchemaViolation] {
        var found = validate(index, value, path: path, field: field)
        guard let allowed = allowedValues[path], !found.contains(where: { $0.path == path }) else { return found }
        if let text = value.string, !value.isContainer {
            if !allowed.contains(text) {
                found.append(unknownValue(text, allowed: allowed, value: value, path: path, field: field))
            }
        } else {
            found.append(violation(
                "\(Self.name(path)) must be one of: \(allowed.listedForMessage); found \(Self.describe(value))",
                value.location, "enum", path))
        }
        return found
    }

    func validate(_ index: Int, _ value: YAMLValue, path: String, field: String?) -> [SchemaViolation] {
        let node = nodes[index]
        if let constant = node.constant {
            return constant ? [] : [violation("\(Self.name(path)) is not allowed here; remove it", value.location, "false", path)]
        }
        var found: [SchemaViolation] = []
        if let ref = node.ref {
            found += validate(ref, value, path: path, field: field)
        }
        if let types = node.types, !types.contains(where: { Self.value(value, is: $0) }) {
            // Every other keyword would only restate that the value has the wrong shape.
            found.append(typeViolation(value, expected: types, node: node, path: path))
            return found
        }
        if let expected = node.constValue, !Self.equal(value, expected) {
            found.append(violation(
                "\(Self.name(path)) must be \(Self.quoted(expected)), found \(Self.describe(value))",
                value.location, "const", path))
        }
        if let options = node.enumValues, allowedValues[path] == nil, !options.contains(where: { Self.equal(value, $0) }) {
            let allowed = options.map(\.displayText)
            if let text = value.string, !value.isContainer {
                found.append(unknownValue(text, allowed: allowed, value: value, path: path, field: field))
            } else {
                found.append(violation(
                    "\(Self.name(path)) must be one of: \(allowed.listedForMessage); found \(Self.describe(value))",
                    value.location, "enum", path))
            }
        }
        if case .scalar(let scalar) = value, Self.value(value, is: .string) {
            found += checkString(scalar, node: node, path: path)
        }
        if Self.value(value, is: .number), let number = Self.number(value) {
            if let minimum = node.minimum, number < minimum {
                found.append(violation(
                    "\(Self.name(path)) must be at least \(Self.format(minimum)), found \((value.string ?? "").quotedForMessage)",
                    value.location, "minimum", path))
            }
            if let maximum = node.maximum, number > maximum {
                found.append(violation(
                    "\(Self.name(path)) must be at most \(Self.format(maximum)), found \((value.string ?? "").quotedForMessage)",
                    value.location, "maximum", path))
            }
        }
        if case .mapping(let entries, let location) = value {
            found += checkMapping(entries, location: location, node: node, path: path)
        }
        if case .sequence(let items, let location) = value {
            found += checkSequence(items, location: location, node: node, path: path)
        }
        for branch in node.allOf {
            found += validate(branch, value, path: path, field: field)
        }
        if !node.anyOf.isEmpty {
            found += checkAlternatives(node.anyOf, value, path: path, field: field, exactlyOne: false)
        }
        if !node.oneOf.isEmpty {
            found += checkAlternatives(node.oneOf, value, path: path, field: field, exactlyOne: true)
        }
        return found
    }

    // MARK: Keywords

    private func checkString(_ scalar: YAMLValue.Scalar, node: SchemaNode, path: String) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        let text = scalar.text
        // JSON Schema counts code points; counted only as far as a bound needs, since one long
        // value can stand in thousands of places through YAML aliases.
        let bound = Swift.max(node.minLength ?? 0, node.maxLength ?? 0)
        let scalars = text.unicodeScalars
        let length = scalars.index(scalars.startIndex, offsetBy: bound + 1, limitedBy: scalars.endIndex)
            .map { _ in bound + 1 } ?? scalars.count
        if let minimum = node.minLength, length < minimum {
            let message = minimum == 1
                ? "\(Self.name(path)) must not be empty"
                : "\(Self.name(path)) must be at least \(minimum) characters long, found \(length)"
            found.append(violation(message, scalar.location, "minLength", path))
        }
        let tooLong = node.maxLength.map { length > $0 } ?? false
        if let maximum = node.maxLength, tooLong {
            found.append(violation(
                "\(Self.name(path)) must be at most \(maximum) characters long, found a longer one ('\(text.quotedForMessage)')",
                scalar.location, "maxLength", path))
        }
        // An over-long value is reported for its length alone: the pattern would read all of it.
        if let pattern = node.pattern, !tooLong, !pattern.matches(text) {
            found.append(violation(
                "\(Self.name(path)) must match \(pattern.source)\(exampleHint(node)), found '\(text.quotedForMessage)'",
                scalar.location, "pattern", path))
        }
        if node.format == "date", CalendarDate(text) == nil {
            found.append(violation(
                "\(Self.name(path)) must be a date YYYY-MM-DD, found '\(text.quotedForMessage)'", scalar.location, "format", path))
        }
        return found
    }

    private func checkMapping(
        _ entries: [YAMLValue.Entry], location: SourceLocation, node: SchemaNode, path: String
    ) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        let present = Set(entries.map(\.key))
        for name in node.required where !present.contains(name) {
            let place = path.isEmpty ? "" : " in \(Self.name(path))"
            found.append(violation("missing required field '\(name)'\(place)", location, "required", path))
        }
        for entry in entries {
            let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            if let property = node.properties[entry.key] {
                found += validateChild(property, entry.value, path: childPath, field: entry.key)
            } else if let additional = node.additionalProperties {
                if nodes[additional].constant == false {
                    found.append(unknownField(entry, node: node, path: path))
                } else {
                    found += validateChild(additional, entry.value, path: childPath, field: nil)
                }
            }
        }
        return found
    }

    private func checkSequence(
        _ items: [YAMLValue], location: SourceLocation, node: SchemaNode, path: String
    ) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        if let minimum = node.minItems, items.count < minimum {
            found.append(violation(
                "\(Self.name(path)) must have at least \(minimum) item\(minimum == 1 ? "" : "s"), found \(items.count)",
                location, "minItems", path))
        }
        if let maximum = node.maxItems, items.count > maximum {
            found.append(violation(
                "\(Self.name(path)) must have at most \(maximum) item\(maximum == 1 ? "" : "s"), found \(items.count)",
                location, "maxItems", path))
        }
        if node.uniqueItems {
            // Items are compared only with earlier ones of the same hash: comparing each with every
            // earlier one made a list of 100,000 ids take minutes.
            let canonical = items.map(Self.json)
            var seen: [Int: [Int]] = [:]
            for (offset, item) in canonical.enumerated() {
                var hasher = Hasher()
                Self.hashJSON(item, into: &hasher)
                let hash = hasher.finalize()
                if seen[hash]?.contains(where: { Self.sameJSON(canonical[$0], item) }) == true {
                    found.append(violation(
                        "\(Self.name(path)) lists \(Self.describe(items[offset])) more than once; remove the repeat",
                        items[offset].location, "uniqueItems", "\(path)[\(offset)]"))
                }
                seen[hash, default: []].append(offset)
            }
        }
        if let itemSchema = node.items {
            for (offset, item) in items.enumerated() {
                found += validateChild(itemSchema, item, path: "\(path)[\(offset)]", field: nil)
            }
        }
        return found
    }

    /// `anyOf`/`oneOf`: when nothing matches, report the branch the user was evidently writing.
    private func checkAlternatives(
        _ branches: [Int], _ value: YAMLValue, path: String, field: String?, exactlyOne: Bool
    ) -> [SchemaViolation] {
        let results = branches.map { validate($0, value, path: path, field: field) }
        let passing = results.indices.filter { results[$0].isEmpty }
        if passing.count == 1 || (!exactlyOne && !passing.isEmpty) { return [] }
        let options = branches.map(branchPhrase).joined(separator: ", ")
        if passing.count > 1 {
            return [violation(
                "\(Self.name(path)) matches more than one of: \(options); make it match exactly one",
                value.location, "oneOf", path)]
        }
        // The branch whose type fits and which declares most of the keys written is the one meant;
        // with no such clear favourite, listing the shapes helps more than one branch's complaints.
        let keys = Set(value.entries?.map(\.key) ?? [])
        let candidates = branches.indices.filter { acceptsType(branches[$0], value) }
        let scored = candidates.map { (offset: $0, overlap: keys.intersection(declaredProperties(branches[$0])).count) }
        let bestOverlap = scored.map(\.overlap).max() ?? 0
        let favourites = scored.filter { $0.overlap == bestOverlap }.map(\.offset)
        let clear = !favourites.isEmpty && (value.entries == nil || bestOverlap > 0 || favourites.count == 1)
        if clear, let best = favourites.min(by: { results[$0].count < results[$1].count }) {
            return results[best]
        }
        return [violation(
            "\(Self.name(path)) must be one of: \(options); found \(Self.describe(value))",
            value.location, exactlyOne ? "oneOf" : "anyOf", path)]
    }

    // MARK: Branch helpers

    /// Whether the branch's `type` (through `$ref`s) admits the value's type.
    private func acceptsType(_ index: Int, _ value: YAMLValue) -> Bool {
        let node = nodes[index]
        if node.constant == false { return false }
        if let types = node.types, !types.contains(where: { Self.value(value, is: $0) }) { return false }
        if let ref = node.ref { return acceptsType(ref, value) }
        return true
    }

    private func declaredProperties(_ index: Int) -> Set<String> {
        let node = nodes[index]
        var names = Set(node.properties.keys).union(node.required)
        if let ref = node.ref { names.formUnion(declaredProperties(ref)) }
        return names
    }

    /// A branch as the user should read it: its title, else its type.
    private func branchPhrase(_ index: Int) -> String {
        var node = nodes[index]
        while node.title == nil, node.types == nil, let ref = node.ref { node = nodes[ref] }
        if let title = node.title { return title }
        if let types = node.types { return types.map(\.phrase).joined(separator: " or ") }
        return "schema \(node.pointer)"
    }

    private func exampleHint(_ node: SchemaNode) -> String {
        guard let first = node.examples.first else { return "" }
        return " (for example \(Self.quoted(first)))"
    }

    // MARK: Messages

    private func violation(
        _ message: String, _ location: SourceLocation, _ keyword: String, _ path: String, suggestion: String? = nil
    ) -> SchemaViolation {
        SchemaViolation(message: message, location: location, keyword: keyword, path: path, suggestion: suggestion)
    }

    private func unknownValue(
        _ text: String, allowed: [String], value: YAMLValue, path: String, field: String?
    ) -> SchemaViolation {
        let guess = suggestion(for: text, among: allowed)
        let head = field.map { "unknown \($0.quotedForMessage) '\(text.quotedForMessage)'" }
            ?? "unknown value '\(text.quotedForMessage)' for \(Self.name(path))"
        let hint = guess.map { "; did you mean '\($0.quotedForMessage)'?" } ?? ""
        return violation(
            "\(head)\(hint) (allowed: \(allowed.listedForMessage))", value.location, "enum", path,
            suggestion: guess)
    }

    private func unknownField(_ entry: YAMLValue.Entry, node: SchemaNode, path: String) -> SchemaViolation {
        let allowed = node.properties.keys.sorted()
        let guess = suggestion(for: entry.key, among: allowed)
        let place = path.isEmpty ? "" : " in \(Self.name(path))"
        let hint = guess.map { "; did you mean '\($0)'?" } ?? ""
        return violation(
            "unknown field '\(entry.key.quotedForMessage)'\(place)\(hint) (allowed: \(allowed.listedForMessage))",
            entry.keyLocation, "additionalProperties", path.isEmpty ? entry.key : "\(path).\(entry.key)",
            suggestion: guess)
    }

    private func typeViolation(
        _ value: YAMLValue, expected: [InstanceType], node: SchemaNode, path: String
    ) -> SchemaViolation {
        // A date is a string to JSON but not to the reader, so name what is really wanted.
        let isDate = expected == [.string] && node.format == "date"
        let wanted = isDate ? "a date YYYY-MM-DD" : expected.map(\.phrase).joined(separator: " or ")
        var message = "\(Self.name(path)) must be \(wanted), found \(value.typeName)"
        // A quoted number or an unquoted number where text is wanted is the usual cause; say so.
        if case .scalar(let scalar) = value {
            if expected.contains(.string), !isDate, scalar.kind != .null {
                message += "; put it in quotes"
            } else if scalar.style != .plain, expected.contains(where: { $0 == .integer || $0 == .number }),
                      Self.integer(scalar.text) != nil || Self.float(scalar.text) != nil {
                message += "; remove the quotes"
            } else if scalar.style != .plain, expected.contains(.boolean), ["true", "false"].contains(scalar.text) {
                message += "; remove the quotes"
            }
        }
        return violation(message, value.location, "type", path)
    }

    /// `'status'`, `'depends_on[1]'`; the document itself when the path is empty.
    static func name(_ path: String) -> String {
        path.isEmpty ? "the document" : "'\(path.quotedForMessage)'"
    }

    static func quoted(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "'\(text.quotedForMessage)'" }
        return value.displayText
    }

    /// A value for a message: scalars with their text, containers by kind.
    static func describe(_ value: YAMLValue) -> String {
        switch value {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string, .timestamp: "'\(scalar.text.quotedForMessage)'"
            case .null: "nothing (null)"
            case .int, .float, .bool: "\(value.typeName) \(scalar.text.quotedForMessage)"
            }
        case .sequence:
            "a list"
        case .mapping(let entries, _):
            entries.isEmpty ? "an empty mapping" : "a mapping with keys \(entries.map(\.key).listedForMessage)"
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    // MARK: The JSON data model of YAML values

    /// Whether a YAML value is an instance of a JSON type, as a YAML-to-JSON conversion would make it.
    static func value(_ value: YAMLValue, is type: InstanceType) -> Bool {
        switch value {
        case .sequence: return type == .array
        case .mapping: return type == .object
        case .scalar(let scalar):
            switch scalar.kind {
            // A timestamp has no JSON type; converted to JSON it is its text.
            case .string, .timestamp: return type == .string
            case .int: return type == .integer || type == .number
            case .float:
                if type == .number { return true }
                // JSON Schema counts 1.0 as an integer.
                guard type == .integer, let number = float(scalar.text) else { return false }
                return number.isFinite && number == number.rounded()
            case .bool: return type == .boolean
            case .null: return type == .null
            }
        }
    }

    static func number(_ value: YAMLValue) -> Double? {
        guard case .scalar(let scalar) = value else { return nil }
        switch scalar.kind {
        case .int: return integer(scalar.text).map(Double.init) ?? float(scalar.text)
        case .float: return float(scalar.text)
        default: return nil
        }
    }

    /// A YAML value in the JSON data model, for `enum`, `const` and `uniqueItems`.
    static func json(_ value: YAMLValue) -> JSONValue {
        switch value {
        case .sequence(let items, _):
            return .array(items.map(json))
        case .mapping(let entries, _):
            var members: [String: JSONValue] = [:]
            for entry in entries { members[entry.key] = json(entry.value) }
            return .object(members)
        case .scalar(let scalar):
            switch scalar.kind {
            case .string, .timestamp: return .string(scalar.text)
            case .null: return .null
            case .bool: return .bool(["true", "yes", "on"].contains(scalar.text.lowercased()))
            case .int:
                if let number = integer(scalar.text) { return .int(number) }
                return float(scalar.text).map(JSONValue.double) ?? .string(scalar.text)
            case .float:
                return float(scalar.text).map(JSONValue.double) ?? .string(scalar.text)
            }
        }
    }

    static func equal(_ value: YAMLValue, _ expected: JSONValue) -> Bool {
        sameJSON(json(value), expected)
    }

    /// JSON equality, where `1` and `1.0` are the same number.
    /// A hash that agrees with ``sameJSON(_:_:)``: numbers by value (`1` and `1.0` alike), members in any order.
    static func hashJSON(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .array(let items):
            hasher.combine(1)
            hasher.combine(items.count)
            for item in items { hashJSON(item, into: &hasher) }
        case .object(let members):
            hasher.combine(2)
            hasher.combine(members.count)
            var combined = 0
            for (key, member) in members {
                var memberHasher = Hasher()
                memberHasher.combine(key)
                hashJSON(member, into: &memberHasher)
                combined &+= memberHasher.finalize()
            }
            hasher.combine(combined)
        default:
            if let number = value.numericValue {
                hasher.combine(3)
                hasher.combine(number)
            } else {
                hasher.combine(value)
            }
        }
    }

    static func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { sameJSON(value, $0) } ?? false }
        default:
            if let x = a.numericValue, let y = b.numericValue { return x == y }
            return a == b
        }
    }

    /// YAML 1.1 integers as Yams resolves them: signs, `_` separators, 0b, 0o/0, 0x, and base 60.
    static func integer(_ text: String) -> Int? {
        var digits = text.replacingOccurrences(of: "_", with: "")
        var sign = 1
        if digits.hasPrefix("-") || digits.hasPrefix("+") {
            if digits.hasPrefix("-") { sign = -1 }
            digits.removeFirst()
        }
        let magnitude: Int?
        if digits.hasPrefix("0b") {
            magnitude = Int(digits.dropFirst(2), radix: 2)
        } else if digits.hasPrefix("0x") {
            magnitude = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0o") {
            magnitude = Int(digits.dropFirst(2), radix: 8)
        } else if digits.count > 1, digits.hasPrefix("0") {
            magnitude = Int(digits.dropFirst(), radix: 8)
        } else if digits.contains(":") {
            magnitude = digits.split(separator: ":").reduce(Optional(0)) { total, part in
                guard let total, let part = Int(part) else { return nil }
                return total * 60 + part
            }
        } else {
            magnitude = Int(digits)
        }
        return magnitude.map { sign * $0 }
    }

    static func float(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: "_", with: "").lowercased()
        switch cleaned {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(cleaned)
        }
    }

    /// `YYYY-MM-DD` naming a day that exists (so `2026-02-30` fails).
}

extension YAMLValue {
    fileprivate var isContainer: Bool {
        if case .scalar = self { return false }
        return true
    }
}
