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

/// A reporter whose output is one JSON document (JSON, SARIF): described as a
/// ``StreamedJSON`` so that `wp lint` writes the findings one at a time.
public protocol JSONDocumentReporter: Reporter {
    /// The document for `diagnostics`, its findings array element by element.
    func document(_ diagnostics: [Diagnostic], summary: LintSummary) -> StreamedJSON
}

extension JSONDocumentReporter {
    public func report(_ diagnostics: [Diagnostic], summary: LintSummary) throws(JSONOutputError) -> String {
        try JSONOutput.encode(document(diagnostics, summary: summary))
    }
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

/// `wp lint`'s findings as a view: each format is a ``Reporter`` plug-in over the same diagnostics.
public struct LintReport: OutputView {
    public static let formats: [OutputFormat] = [.text, .json, .github, .sarif]
    public var diagnostics: [Diagnostic]
    public var summary: LintSummary

    public init(diagnostics: [Diagnostic], summary: LintSummary) {
        self.diagnostics = diagnostics
        self.summary = summary
    }

    public init(_ result: LintEngine.Result) {
        self.init(diagnostics: result.diagnostics, summary: LintSummary(diagnostics: result.diagnostics, files: result.filesChecked))
    }

    /// The reporter that writes `format`, or nil for a format lint does not write.
    public static func reporter(for format: OutputFormat, style: TerminalStyle = .plain) -> (any Reporter)? {
        switch format {
        case .text: TextReporter(style: style)
        case .json: JSONReporter()
        case .github: GitHubReporter()
        case .sarif: SARIFReporter(rules: RuleRegistry.descriptions)
        default: nil
        }
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        guard let reporter = Self.reporter(for: format, style: context.style) else { throw unsupported(format) }
        do {
            return try reporter.report(diagnostics, summary: summary)
        } catch {
            throw .json(error)
        }
    }

    /// JSON and SARIF are written a finding at a time: their size grows with the findings.
    public func render(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        guard let reporter = Self.reporter(for: format, style: context.style) as? any JSONDocumentReporter else {
            return try writeWhole(format, in: context, to: &sink)
        }
        try JSONOutput.stream(reporter.document(diagnostics, summary: summary), to: &sink)
    }
}

extension Severity {
    /// The plural-aware count, e.g. `1 error`, `3 warnings`.
    func counted(_ count: Int) -> String {
        "\(count) \(rawValue)\(count == 1 ? "" : "s")"
    }
}
