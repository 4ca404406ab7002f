/// Text from files, made safe to show: a terminal, a CI log, a markdown
/// table or an HTML page displays it and never obeys it.
///
/// Files in a workspace can come from a pull request. A title holding
/// `ESC ] 52 ;` writes the reader's clipboard, a CR moves the cursor back over
/// a `fail`, a newline followed by `::error::` or `::add-mask::` is a GitHub or
/// Gitea workflow command, and a bidi override reorders what a reader sees.
/// Every renderer passes each file-derived value through ``Swift/String/terminalSafe``
/// (or an escaper of its format built on it) where it is rendered; the rules
/// are in docs/security.md, section "Output".
extension Unicode.Scalar {
    /// C0 controls (TAB, LF and CR included), DEL, C1 controls (NEL included), the
    /// Unicode line and paragraph separators, and the bidirectional controls that
    /// reorder text (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069).
    public var isShownEscaped: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The visible form: `\t`, `\n`, `\r`, `\e` for the common ones, `\xHH` for the
    /// other C0 controls and DEL, `\u{HHHH}` beyond (C1, separators, bidi controls).
    var visibleEscape: String {
        switch value {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x1B: return "\\e"
        case 0x00...0x7F:
            let hex = String(value, radix: 16)
            return "\\x" + (hex.count < 2 ? "0" : "") + hex
        default:
            return "\\u{" + String(value, radix: 16, uppercase: true) + "}"
        }
    }
}

extension String {
    /// The text as one line of output that displays and never acts.
    ///
    /// - Every scalar of ``Unicode/Scalar/isShownEscaped`` is written as a visible
    ///   escape: `"\u{1B}[2J"` → `\e[2J`, a newline → `\n`, BEL → `\x07`,
    ///   U+2028 → `\u{2028}`. TAB is escaped too (`\t`): every value is one visible run.
    /// - A `:` that would come first (after blanks) is written `\x3a`, so a value can
    ///   never begin a GitHub/Gitea workflow command (`::error::…`), wherever it
    ///   lands on a line.
    /// - In `##[` (and `##vso[`, `##teamcity[`), the second `#` is written `\x23`:
    ///   runners read those legacy commands anywhere in a line.
    ///
    /// Ordinary text comes back unchanged, and the function is idempotent. A
    /// backslash is not escaped: the rendering is for reading; JSON output keeps the
    /// exact string.
    public var terminalSafe: String {
        if Self.isPlainPrintableASCII(utf8) { return self }
        return Self.escapeLine(Substring(self).unicodeScalars)
    }

    /// ``terminalSafe`` without the leading-colon rule, for a value that sits inside
    /// a line wp begins itself and whose colons are escaped by its format anyway (a
    /// GitHub annotation's `file=` property): the path must stay the real path there.
    var terminalSafeInsideLine: String {
        if Self.isPlainPrintableASCII(utf8) { return self }
        return Self.escapeLine(Substring(self).unicodeScalars, guardingLeadingColon: false)
    }

    /// Multi-line text (a message with notes, a YAML error, anything on stderr): line breaks stay
    /// line breaks (CR LF, CR, NEL, U+2028 and U+2029 become LF), and each line is
    /// ``terminalSafe``, so no line of it begins with `:`.
    public var terminalSafeLines: String {
        if Self.isPlainPrintableASCII(utf8, allowingNewlines: true) { return self }
        var lines: [String] = []
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                lines.append(Self.escapeLine(Substring(self).unicodeScalars[start..<index]))
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                index = next
            default:
                index = scalars.index(after: index)
            }
        }
        lines.append(Self.escapeLine(Substring(self).unicodeScalars[start..<scalars.endIndex]))
        return lines.joined(separator: "\n")
    }

    /// A path as ``terminalSafe`` shows it, with `./` in front when it would begin
    /// with `:` or a blank: `::error::x.md` is shown `./::error::x.md`, the same file.
    public var terminalSafePath: String {
        guard let first = unicodeScalars.first, first == ":" || first.properties.isWhitespace else { return terminalSafe }
        return ("./" + self).terminalSafe
    }

    // MARK: Implementation

    /// True when no byte can need an escape: printable ASCII without `#`, not starting with `:` or a blank.
    private static func isPlainPrintableASCII(_ bytes: String.UTF8View, allowingNewlines: Bool = false) -> Bool {
        var first = true
        for byte in bytes {
            if first {
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: " ") { return false }
                first = false
            }
            switch byte {
            case 0x20...0x7E where byte != UInt8(ascii: "#"): continue
            case 0x0A where allowingNewlines:
                first = true
            default: return false
            }
        }
        return true
    }

    private static func escapeLine(_ scalars: Substring.UnicodeScalarView, guardingLeadingColon: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        var atStart = guardingLeadingColon
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if scalar.isShownEscaped {
                out.append(contentsOf: scalar.visibleEscape.unicodeScalars)
                atStart = false
            } else if atStart, scalar == ":" {
                out.append(contentsOf: "\\x3a".unicodeScalars)
                atStart = false
            } else if scalar == "#", next < scalars.endIndex, scalars[next] == "#", opensLegacyCommand(scalars, at: scalars.index(after: next)) {
                out.append("#")
                out.append(contentsOf: "\\x23".unicodeScalars)
                atStart = false
                index = scalars.index(after: next)
                continue
            } else {
                if !scalar.properties.isWhitespace { atStart = false }
                out.append(scalar)
            }
            index = next
        }
        return String(out)
    }

    /// Whether `##` followed by what starts at `index` is a legacy workflow command
    /// opener: ASCII letters (none, `vso`, `teamcity`, …) and then `[`.
    private static func opensLegacyCommand(_ scalars: Substring.UnicodeScalarView, at index: Substring.UnicodeScalarView.Index) -> Bool {
        var index = index
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "[" { return true }
            guard scalar.isASCII, scalar.properties.isAlphabetic else { return false }
            index = scalars.index(after: index)
        }
        return false
    }
}
