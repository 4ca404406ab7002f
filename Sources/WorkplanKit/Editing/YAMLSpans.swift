/// Where YAML nodes end in the raw bytes.
///
/// The parser gives every node its start; an edit also needs its end, to
/// replace the value's bytes and nothing around them (the comment after it,
/// the line ending, the next key). Each scan follows the YAML rule for the
/// node's style; ``EditVerifier`` re-parses the result, so a value this scan
/// misjudges is refused, never written wrongly.
struct YAMLSpans: Sendable {
    let raw: SourceText.OnDisk
    /// The last line of the YAML text (the line before the closing fence or `---`).
    let lastLine: Int

    /// Byte range of `value`. `indent` is the column of the key (or `-`) that owns it:
    /// continuation lines of a plain or block scalar are indented further.
    func range(of value: YAMLValue, indent: Int, inFlow: Bool) -> Range<Int> {
        let start = raw.offset(of: value.location)
        switch value {
        case .scalar(let scalar):
            return start..<scalarEnd(scalar, from: start, indent: indent, inFlow: inFlow)
        case .sequence(let items, _):
            if start < raw.bytes.count, raw.bytes[start] == UInt8(ascii: "[") { return start..<flowEnd(from: start) }
            guard let last = items.last else { return start..<start }
            let dash = raw.column(ofOffset: start)
            return start..<range(of: last, indent: dash, inFlow: false).upperBound
        case .mapping(let entries, _):
            if start < raw.bytes.count, raw.bytes[start] == UInt8(ascii: "{") { return start..<flowEnd(from: start) }
            guard let last = entries.last else { return start..<start }
            return start..<range(of: last.value, indent: last.keyLocation.column, inFlow: false).upperBound
        }
    }

    /// True when the collection at `value` is written in flow style (`[a, b]`, `{a: 1}`).
    func isFlow(_ value: YAMLValue) -> Bool {
        let start = raw.offset(of: value.location)
        guard start < raw.bytes.count else { return false }
        switch value {
        case .sequence: return raw.bytes[start] == UInt8(ascii: "[")
        case .mapping: return raw.bytes[start] == UInt8(ascii: "{")
        case .scalar: return false
        }
    }

    /// True for a null written as nothing at all (`key:` and the end of the line).
    static func isEmptyNull(_ value: YAMLValue) -> Bool {
        if case .scalar(let scalar) = value { return scalar.kind == .null && scalar.text.isEmpty && scalar.style == .plain }
        return false
    }

    /// Offset just after the `:` that ends the key starting at `keyStart`.
    func colonEnd(afterKeyAt keyStart: Int) -> Int? {
        var index = keyStart
        let bytes = raw.bytes
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
            index = quotedEnd(from: index)
        }
        let lineEnd = raw.line(raw.lineNumber(ofOffset: keyStart)).contentEnd
        while index < lineEnd {
            if bytes[index] == UInt8(ascii: ":") {
                let next = index + 1
                if next >= lineEnd || bytes[next] == 32 || bytes[next] == 9 || bytes[next] == UInt8(ascii: ",")
                    || bytes[next] == UInt8(ascii: "}") {
                    return next
                }
            }
            index += 1
        }
        return nil
    }

    // MARK: Scalars

    private func scalarEnd(_ scalar: YAMLValue.Scalar, from start: Int, indent: Int, inFlow: Bool) -> Int {
        let bytes = raw.bytes
        guard start < bytes.count else { return start }
        switch scalar.style {
        case .doubleQuoted, .singleQuoted:
            return quotedEnd(from: start)
        case .literal, .folded:
            return blockScalarEnd(from: start, indent: indent)
        case .plain:
            if scalar.kind == .null, scalar.text.isEmpty { return start }
            return inFlow ? flowPlainEnd(from: start) : blockPlainEnd(from: start, indent: indent)
        }
    }

    /// After the closing quote of a quoted scalar starting at `start` (which holds the quote).
    func quotedEnd(from start: Int) -> Int {
        let bytes = raw.bytes
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == quote {
                if quote == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// A plain scalar in block context ends before ` #`, at the end of the line, and
    /// continues on following lines indented deeper than its key.
    private func blockPlainEnd(from start: Int, indent: Int) -> Int {
        var end = plainEndOnLine(from: start, stopAtFlowIndicators: false)
        var lineNumber = raw.lineNumber(ofOffset: start)
        while lineNumber < lastLine {
            let next = lineNumber + 1
            guard let column = raw.indentationColumn(ofLine: next), column > indent,
                  raw.firstContentByte(ofLine: next) != UInt8(ascii: "#") else { break }
            let line = raw.line(next)
            var contentStart = line.start
            while raw.bytes[contentStart] == 32 || raw.bytes[contentStart] == 9 { contentStart += 1 }
            end = plainEndOnLine(from: contentStart, stopAtFlowIndicators: false)
            lineNumber = next
        }
        return end
    }

    private func flowPlainEnd(from start: Int) -> Int {
        plainEndOnLine(from: start, stopAtFlowIndicators: true)
    }

    private func plainEndOnLine(from start: Int, stopAtFlowIndicators: Bool) -> Int {
        let bytes = raw.bytes
        let lineEnd = raw.line(raw.lineNumber(ofOffset: start)).contentEnd
        var index = start
        while index < lineEnd {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#"), index > start, bytes[index - 1] == 32 || bytes[index - 1] == 9 { break }
            if byte == UInt8(ascii: ":"), index + 1 >= lineEnd || bytes[index + 1] == 32 || bytes[index + 1] == 9
                || (stopAtFlowIndicators && ",]}".utf8.contains(bytes[index + 1])) {
                break
            }
            if stopAtFlowIndicators, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { break }
            index += 1
        }
        while index > start, bytes[index - 1] == 32 || bytes[index - 1] == 9 { index -= 1 }
        return index
    }

    /// A `|` or `>` scalar: its header, then every line indented deeper than its key (blank lines inside).
    private func blockScalarEnd(from start: Int, indent: Int) -> Int {
        let first = raw.lineNumber(ofOffset: start)
        var end = raw.line(first).contentEnd
        var number = first + 1
        while number <= lastLine {
            if raw.isBlank(line: number) {
                number += 1
                continue
            }
            guard let column = raw.indentationColumn(ofLine: number), column > indent else { break }
            end = raw.line(number).contentEnd
            number += 1
        }
        return end
    }

    /// After the bracket that closes the flow collection opening at `start`.
    private func flowEnd(from start: Int) -> Int {
        let bytes = raw.bytes
        var depth = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index = quotedEnd(from: index)
                continue
            case UInt8(ascii: "#") where index > start && (bytes[index - 1] == 32 || bytes[index - 1] == 9):
                index = raw.line(raw.lineNumber(ofOffset: index)).contentEnd
                continue
            default:
                break
            }
            index += 1
        }
        return bytes.count
    }
}
