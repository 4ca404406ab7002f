/// GitHub Actions workflow commands: each finding becomes an annotation on its line.
///
/// `::error file=PATH,line=L,col=C,title=RULE::MESSAGE`, with `::warning` and
/// `::notice` for the other severities. Notes follow the message on their own
/// lines. Data and properties are escaped the way the Actions runner unescapes them,
/// after ``Swift/String/terminalSafe`` (control characters shown, not obeyed).
public struct GitHubReporter: Reporter {
    public static let identifier = "github"

    /// A GitHub annotations reporter.
    public init() {}

    public func report(_ diagnostics: [Diagnostic], summary: LintSummary) -> String {
        diagnostics.sorted().map { command(for: $0) + "\n" }.joined()
    }

    func command(for diagnostic: Diagnostic) -> String {
        let name = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
        // Inside wp's own command line, where `:` is %3A anyway: the real path, controls shown.
        var properties = ["file=" + Self.escapeProperty(diagnostic.location.path.terminalSafeInsideLine)]
        // Line and column 0 mean "the whole file"; the runner rejects non-positive positions.
        if diagnostic.location.line > 0 {
            properties.append("line=\(diagnostic.location.line)")
            if diagnostic.location.column > 0 { properties.append("col=\(diagnostic.location.column)") }
        }
        properties.append("title=" + Self.escapeProperty(diagnostic.rule.terminalSafe))
        let message = ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")
        return "::\(name) \(properties.joined(separator: ","))::\(Self.escapeMessage(message))"
    }

    /// The message as command data: CR and LF percent-encoded as the runner expects,
    /// every stretch between them ``Swift/String/terminalSafe`` and `%`-escaped.
    static func escapeMessage(_ text: String) -> String {
        var out = ""
        var line = ""
        for scalar in text.unicodeScalars {
            guard scalar == "\r" || scalar == "\n" else {
                line.unicodeScalars.append(scalar)
                continue
            }
            out += escapeData(line.terminalSafe) + (scalar == "\r" ? "%0D" : "%0A")
            line = ""
        }
        return out + escapeData(line.terminalSafe)
    }

    /// Escapes a command's message: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        // Unicode scalars, not Characters: "\r\n" is one Character but two escapes.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes a property value: as data, plus `:` and `,`, which delimit properties.
    static func escapeProperty(_ text: String) -> String {
        var out = ""
        for scalar in escapeData(text).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
