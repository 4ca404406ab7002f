import Foundation

/// Machine-readable output, the contract in `schemas/lint-output.schema.json`.
///
/// `{"diagnostics":[{"column","line","message","notes","path","rule","severity"}],
/// "summary":{"errors","files","notes","warnings"}}`, keys sorted, diagnostics sorted.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    /// A JSON reporter.
    public init() {}

    public func report(_ diagnostics: [Diagnostic], summary: LintSummary) -> String {
        let output = Output(diagnostics: diagnostics.sorted().map(Entry.init), summary: summary)
        return encodeSortedJSON(output)
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

/// Pretty-printed JSON with sorted keys and unescaped slashes, ending in a newline,
/// the same settings every wp JSON output uses.
func encodeSortedJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and integers cannot fail.
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
}
