import Foundation

/// Machine-readable output, the contract in `schemas/lint-output.schema.json`.
///
/// `{"diagnostics":[{"column","line","message","notes","path","rule","severity"}],
/// "summary":{"errors","files","notes","warnings"}}`, keys sorted, diagnostics sorted.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    /// A JSON reporter.
    public init() {}

    public func report(_ diagnostics: [Diagnostic], summary: LintSummary) throws(JSONOutputError) -> String {
        let output = Output(diagnostics: diagnostics.sorted().map(Entry.init), summary: summary)
        return try JSONOutput.encode(output)
    }

    /// One diagnostic, flat: the shape shell tools and `jq` find easiest.
    struct Entry: Encodable {
        var path: String
        var line: Int
        var column: Int
        var severity: Severity
        var rule: String
        var message: String
        var notes: [String]

        init(_ diagnostic: Diagnostic) {
            path = diagnostic.location.path
            line = diagnostic.location.line
            column = diagnostic.location.column
            severity = diagnostic.severity
            rule = diagnostic.rule
            message = diagnostic.message
            notes = diagnostic.notes
        }
    }

    struct Output: Encodable {
        var diagnostics: [Entry]
        var summary: LintSummary
    }
}
