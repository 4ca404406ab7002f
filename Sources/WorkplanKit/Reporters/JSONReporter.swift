import Foundation

/// Machine-readable output, the contract in `schemas/lint-output.schema.json`.
///
/// `{"diagnostics":[{"column","line","message","notes","path","rule","severity"}],
/// "summary":{"errors","files","notes","warnings"}}`, keys sorted, diagnostics sorted.
public struct JSONReporter: JSONDocumentReporter {
    public static let identifier = "json"

    /// A JSON reporter.
    public init() {}

    /// ``Output``, its diagnostics sorted and written one at a time.
    public func document(_ diagnostics: [Diagnostic], summary: LintSummary) -> StreamedJSON {
        .object([
            Output.CodingKeys.diagnostics.stringValue: .array(diagnostics.sorted().lazy.map(Entry.init)),
            Output.CodingKeys.summary.stringValue: .encoded(summary),
        ])
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

    /// The whole document as one value (what ``document(_:summary:)`` streams; tests compare the two).
    struct Output: Encodable {
        var diagnostics: [Entry]
        var summary: LintSummary

        enum CodingKeys: String, CodingKey {
            case diagnostics, summary
        }
    }
}
