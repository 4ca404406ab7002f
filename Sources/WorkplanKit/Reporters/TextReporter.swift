/// Human-readable output: `path:line:col: severity[rule] message`, grouped by file.
///
/// Notes follow their finding, indented; a blank line separates files; the
/// last line counts the findings and the files checked. Messages and notes keep
/// their line breaks; every line is ``Swift/String/terminalSafe``, so none begins
/// with `:` (a workflow command) or carries a control character.
public struct TextReporter: Reporter {
    public static let identifier = "text"

    /// Colours severities when enabled.
    public var style: TerminalStyle

    /// A text reporter that colours with `style`.
    public init(style: TerminalStyle = .plain) {
        self.style = style
    }

    public func report(_ diagnostics: [Diagnostic], summary: LintSummary) -> String {
        var out = ""
        var currentPath: String?
        for diagnostic in diagnostics.sorted() {
            if let currentPath, currentPath != diagnostic.location.path { out += "\n" }
            currentPath = diagnostic.location.path
            out += line(for: diagnostic)
        }
        if !diagnostics.isEmpty { out += "\n" }
        out += style.bold(Self.summaryLine(summary)) + "\n"
        return out
    }

    /// `2 errors, 3 warnings in 5 files`, or `No problems in 5 files.`
    static func summaryLine(_ summary: LintSummary) -> String {
        let files = "\(summary.files) file\(summary.files == 1 ? "" : "s")"
        if summary.errors == 0, summary.warnings == 0, summary.notes == 0 {
            return "No problems in \(files)."
        }
        var counts = [Severity.error.counted(summary.errors), Severity.warning.counted(summary.warnings)]
        if summary.notes > 0 { counts.append(Severity.note.counted(summary.notes)) }
        return "\(counts.joined(separator: ", ")) in \(files)"
    }

    private func line(for diagnostic: Diagnostic) -> String {
        let head = "\(diagnostic.location): \(colored(diagnostic.severity))[\(diagnostic.rule.terminalSafe)] "
        // Continuation lines are indented so every finding stays one visual block.
        var out = head + indentingContinuation(diagnostic.message, by: "    ") + "\n"
        for note in diagnostic.notes {
            // Styled line by line: an escape sequence left open across a newline bleeds into pagers.
            for (index, line) in lines(of: note).enumerated() {
                out += (index == 0 ? "    " + style.dim("note: " + line) : "          " + style.dim(line)) + "\n"
            }
        }
        return out
    }

    private func colored(_ severity: Severity) -> String {
        switch severity {
        case .error: style.color(severity.rawValue, .red)
        case .warning: style.color(severity.rawValue, .yellow)
        case .note: style.color(severity.rawValue, .cyan)
        }
    }

    private func indentingContinuation(_ text: String, by indent: String) -> String {
        lines(of: text).joined(separator: "\n" + indent)
    }

    /// Lines split at any line break (LF, CR LF, lone CR, U+2028…), each made terminal-safe.
    private func lines(of text: String) -> [String] {
        text.terminalSafeLines.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
