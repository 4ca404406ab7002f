/// Turns the findings of one `wp lint` run into one output format.
///
/// Every format is rendered from the same ``Diagnostic`` values, so a problem
/// that one reporter can show, every reporter can show. Output is
/// deterministic: diagnostics are sorted by path, line, column and rule.
public protocol Reporter: Sendable {
    /// The name of the format, as given to `wp lint --format`.
    static var identifier: String { get }
    /// The complete output for `diagnostics`, ending in a newline when not empty.
    /// Only the JSON-based formats can fail (see ``JSONOutput``).
    func report(_ diagnostics: [Diagnostic], summary: LintSummary) throws(JSONOutputError) -> String
}

/// Counts of one lint run, shown at the end of the text output and in JSON.
public struct LintSummary: Sendable, Codable, Equatable {
    /// Diagnostics of severity error.
    public var errors: Int
    /// Diagnostics of severity warning.
    public var warnings: Int
    /// Diagnostics of severity note.
    public var notes: Int
    /// Files that were checked, with or without findings.
    public var files: Int

    /// A summary from explicit counts.
    public init(errors: Int, warnings: Int, notes: Int = 0, files: Int) {
        self.errors = errors
        self.warnings = warnings
        self.notes = notes
        self.files = files
    }

    /// Counts the severities of `diagnostics`; `files` is how many files were checked.
    public init(diagnostics: [Diagnostic], files: Int) {
        self.init(
            errors: diagnostics.count(where: { $0.severity == .error }),
            warnings: diagnostics.count(where: { $0.severity == .warning }),
            notes: diagnostics.count(where: { $0.severity == .note }),
            files: files)
    }
}

/// What a reporter may say about a rule (SARIF's rule metadata).
public struct RuleInfo: Sendable, Hashable {
    /// Stable rule identifier, as in ``Diagnostic/rule``.
    public var id: String
    /// One sentence saying what the rule checks.
    public var summary: String
    /// Why the rule exists; SARIF's `fullDescription` when present.
    public var rationale: String?
    /// The severity the rule reports at unless configured otherwise.
    public var defaultSeverity: Severity
    /// Absolute URI of the rule's documentation.
    public var helpURI: String?

    /// Metadata of one rule.
    public init(id: String, summary: String, rationale: String? = nil, defaultSeverity: Severity, helpURI: String? = nil) {
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.helpURI = helpURI
    }
}

/// The output formats of `wp lint`.
public enum ReporterKind: String, CaseIterable, Sendable {
    case text, json, github, sarif

    /// The reporter for this format; `rules` feed SARIF's rule metadata, `style` colours text.
    public func makeReporter(rules: [RuleInfo], style: TerminalStyle) -> any Reporter {
        switch self {
        case .text: TextReporter(style: style)
        case .json: JSONReporter()
        case .github: GitHubReporter()
        case .sarif: SARIFReporter(rules: rules)
        }
    }
}

extension Severity {
    /// The plural-aware count, e.g. `1 error`, `3 warnings`.
    func counted(_ count: Int) -> String {
        "\(count) \(rawValue)\(count == 1 ? "" : "s")"
    }
}
