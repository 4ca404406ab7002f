/// One escaper per output format, each built on ``Swift/String/terminalSafe``:
/// a value from a file shows as text in markdown, HTML, Mermaid and DOT and can
/// never add a row, a tag, a node or a line. See docs/security.md, "Output".
extension String {
    /// Inline markdown text: ``terminalSafe`` (so it stays on its line) with `&`,
    /// `<` and `>` as HTML entities (raw HTML from a file is shown, not rendered).
    /// Markdown emphasis and code spans in titles keep working.
    public var markdownText: String {
        terminalSafe.htmlEntities(quotes: false)
    }

    /// A markdown table cell: ``markdownText`` with `|` escaped, so a value can add
    /// neither a cell nor a row.
    public var markdownCell: String {
        markdownText.replacingOccurrences(of: "|", with: "\\|")
    }

    /// A markdown code span holding the value verbatim (after ``terminalSafe``):
    /// fenced by a backtick run longer than any inside it, padded when it starts
    /// or ends with a backtick (CommonMark 6.1). A value holding `<`, `>` or `&` is
    /// written as ``markdownText`` instead: a code span would show entities literally,
    /// and raw markup must not depend on every renderer honouring code spans.
    public var markdownCode: String {
        let text = terminalSafe
        if text.contains(where: { $0 == "<" || $0 == ">" || $0 == "&" }) { return markdownText }
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = Swift.max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// HTML text or a double-quoted attribute value: ``terminalSafe`` and `& < > "` as entities.
    public var htmlText: String {
        terminalSafe.htmlEntities(quotes: true)
    }

    /// Multi-line HTML text (a `<pre>` block): ``terminalSafeLines`` and `& < > "` as entities.
    public var htmlLines: String {
        terminalSafeLines.htmlEntities(quotes: true)
    }

    /// A Mermaid label between double quotes: each line ``terminalSafe``, line
    /// breaks as `<br/>`, and `# " < >` (and `` ` `` unless kept) as Mermaid entity
    /// codes (`#35;`, `#quot;`, …). `#` matters most: Mermaid decodes `#60;` to `<`
    /// after parsing, so an unescaped `#` would let a title write HTML into the label.
    public func mermaidLabel(keepingBackticks: Bool = false) -> String {
        var out = ""
        for scalar in terminalSafeLines.unicodeScalars {
            switch scalar {
            case "#": out += "#35;"
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "`" where !keepingBackticks: out += "#96;"
            case "\n": out += "<br/>"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A DOT quoted string: each line ``terminalSafe``, `\` and `"` escaped, line breaks as `\n`.
    public var dotQuoted: String {
        var out = "\""
        for scalar in terminalSafeLines.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func htmlEntities(quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
