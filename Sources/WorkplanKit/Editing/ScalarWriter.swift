import Yams

/// What a field's value must read back as.
enum ValueKind: Sendable, Hashable {
    /// Text; a plain date (a YAML timestamp) counts as text, as the schemas read it.
    case string
    /// A whole number written plainly (`planning_order: 3`).
    case integer
}

/// Writes one YAML scalar in a given style.
///
/// A value keeps its style when the new text can be written in it: a
/// double-quoted value stays double-quoted, a single-quoted one single-quoted.
/// A plain value stays plain when the text reads back as the same text
/// (and type) — checked by parsing it with Yams — otherwise it is
/// double-quoted, the one style that can hold any text.
enum ScalarWriter {
    static func render(_ text: String, style: YAMLValue.Scalar.Style, inFlow: Bool, kind: ValueKind) -> String {
        switch style {
        case .plain, .literal, .folded:
            return plain(text, inFlow: inFlow, kind: kind) ?? doubleQuoted(text)
        case .singleQuoted:
            return singleQuoted(text) ?? doubleQuoted(text)
        case .doubleQuoted:
            return doubleQuoted(text)
        }
    }

    /// The text as a plain scalar, or nil when a plain scalar would not read back as it.
    static func plain(_ text: String, inFlow: Bool, kind: ValueKind) -> String? {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return nil }
        if first == " " || last == " " || first == "\t" || last == "\t" { return nil }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }) { return nil }
        if text.contains(" #") || text.contains(": ") || text.hasSuffix(":") { return nil }
        if inFlow, text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return nil }
        if "#&*!|>'\"%@`{}[],".unicodeScalars.contains(first) { return nil }
        // wp reads YAML 1.1's words (`y`, `n`, `on`, `off`, …) as booleans and nulls, which Yams'
        // resolver below does not all know: written plain, `--title y` came back a boolean.
        if kind == .string, YAMLLoader.boolWords.contains(text) || YAMLLoader.nullWords.contains(text) { return nil }
        let document = inFlow ? "k: [\(text)]\n" : "k: \(text)\n"
        guard let node = try? Yams.compose(yaml: document), let value = node.mapping?.first?.value else { return nil }
        let scalarNode: Node?
        if inFlow {
            guard let items = value.sequence, items.count == 1 else { return nil }
            scalarNode = items.first
        } else {
            scalarNode = value
        }
        guard let scalar = scalarNode?.scalar, scalar.string == text else { return nil }
        let tag = scalarNode!.tag.rawValue
        switch kind {
        case .string:
            guard tag == Tag.Name.str.rawValue || tag == Tag.Name.timestamp.rawValue else { return nil }
        case .integer:
            guard tag == Tag.Name.int.rawValue else { return nil }
        }
        return text
    }

    /// `'text'` with `'` doubled; nil when the text holds a line break or control character.
    static func singleQuoted(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return nil }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `"text"` with YAML escapes; holds any text.
    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{FEFF}": result += "\\uFEFF"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
