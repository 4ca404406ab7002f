import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10, items 7, 8, 9 and 18 at the library level: the one terminal escaper,
/// the format escapers built on it, and the one JSON encoder.
@Suite("Security: output escaping")
struct OutputEscapingTests {
    /// Scalars that a terminal or CI runner acts on, one of each class.
    static let controls: [(scalar: Unicode.Scalar, shown: String)] = [
        ("\u{1B}", "\\e"), ("\u{07}", "\\x07"), ("\r", "\\r"), ("\n", "\\n"), ("\t", "\\t"), ("\u{00}", "\\x00"),
        ("\u{08}", "\\x08"), ("\u{0B}", "\\x0b"), ("\u{0C}", "\\x0c"), ("\u{7F}", "\\x7f"), ("\u{85}", "\\u{85}"),
        ("\u{9B}", "\\u{9B}"), ("\u{2028}", "\\u{2028}"), ("\u{2029}", "\\u{2029}"), ("\u{202E}", "\\u{202E}"),
        ("\u{202A}", "\\u{202A}"), ("\u{2066}", "\\u{2066}"), ("\u{2069}", "\\u{2069}"), ("\u{200F}", "\\u{200F}"),
        ("\u{061C}", "\\u{61C}"),
    ]

    @Test("terminal spoofing: every control, separator and bidi scalar is shown as a visible escape")
    func terminalSpoofingControlsAreShownEscaped() {
        for (scalar, shown) in Self.controls {
            let text = "a" + String(Character(scalar)) + "b"
            #expect(text.terminalSafe == "a\(shown)b", "U+\(String(scalar.value, radix: 16))")
            #expect(!text.terminalSafe.unicodeScalars.contains { $0.isShownEscaped })
        }
        // An OSC 52 clipboard write and a cursor move back over a failing result.
        #expect("\u{1B}]52;c;cHduZWQ=\u{07}fail\r\u{1B}[32mpass".terminalSafe == "\\e]52;c;cHduZWQ=\\x07fail\\r\\e[32mpass")
    }

    @Test("ordinary text, non-ASCII included, comes back unchanged; escaping is idempotent")
    func ordinaryTextIsUnchanged() {
        for text in ["RAILIANCE-WP-0002-T04", "T04 — Provision PostgreSQL role and database", "Übersicht „Vergabe“ 🚀 a:b ::x",
                     "priority: high", "C# and #1 and ## Heading", "back\\slash", "", " leading blank", "\u{00A0}no-break"] {
            #expect(text.terminalSafe == text)
            #expect(text.terminalSafeLines == text)
        }
        let hostile = "::error::x\n\u{1B}[2J ##[error]y\r\n  ::add-mask::z\u{2028}"
        #expect(hostile.terminalSafe.terminalSafe == hostile.terminalSafe)
        #expect(hostile.terminalSafeLines.terminalSafeLines == hostile.terminalSafeLines)
    }

    @Test("workflow command injection: a value can never begin a line with `:`, nor hold a legacy `##[` opener")
    func workflowCommandInjectionIsNeutralised() {
        #expect("::error::forged".terminalSafe == "\\x3a:error::forged")
        #expect("  ::add-mask::secret".terminalSafe == "  \\x3a:add-mask::secret")
        // .NET's TrimStart, which the runner uses, trims Unicode blanks too.
        #expect("\u{00A0}\u{3000}::warning::x".terminalSafe == "\u{00A0}\u{3000}\\x3a:warning::x")
        #expect(":".terminalSafe == "\\x3a")
        #expect("x ##[error]y ##vso[task.setvariable]z ##TeamCity[m]".terminalSafe
            == "x #\\x23[error]y #\\x23vso[task.setvariable]z #\\x23TeamCity[m]")
        // Line by line: every line is guarded, and every kind of line break is one.
        let lines = "title\n::error::a\r::error::b\r\n  ::notice::c\u{85}::x\u{2028}::y\u{2029}::z".terminalSafeLines
        #expect(lines == "title\n\\x3a:error::a\n\\x3a:error::b\n  \\x3a:notice::c\n\\x3a:x\n\\x3a:y\n\\x3a:z")
        #expect("::error::x.md".terminalSafePath == "./::error::x.md")
        #expect(" ::x.md".terminalSafePath == "./ ::x.md")
        #expect("workplans/a::b.md".terminalSafePath == "workplans/a::b.md")
    }

    @Test("CR in a title adds no markdown table row; raw HTML is shown; code spans hold backticks")
    func carriageReturnCannotForgeAMarkdownRow() {
        let title = "ok\r| forged | row |\n<script>alert(1)</script> & x"
        let cell = title.markdownCell
        #expect(!cell.contains("\r") && !cell.contains("\n"))
        #expect(!cell.replacingOccurrences(of: "\\|", with: "").contains("|"), "every pipe is escaped")
        #expect(cell == "ok\\r\\| forged \\| row \\|\\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; x")
        #expect("a`b".markdownCode == "``a`b``")
        #expect("`x`".markdownCode == "`` `x` ``")
        #expect("todo".markdownCode == "`todo`")
        #expect("<script>".markdownCode == "&lt;script&gt;", "markup is never left raw, not even in a code span")
        #expect("<b a=\"1\">\u{1B}".htmlText == "&lt;b a=&quot;1&quot;&gt;\\e")
    }

    @Test("Mermaid and DOT labels: no line break, quote or entity gets out of the label")
    func graphLabelsAreEscaped() {
        let label = "a\"]\nclick n0 call alert(1)\r#60;script#62; `x` <b>\u{1B}"
        let mermaid = label.mermaidLabel()
        #expect(!mermaid.contains("\"") && !mermaid.contains("\n") && !mermaid.contains("\r") && !mermaid.contains("<b>"))
        #expect(mermaid.contains("#35;60;script#35;62;"), "a # is escaped, so #60; stays text")
        #expect(mermaid.hasPrefix("a#quot;]<br/>click n0 call alert(1)<br/>"))
        #expect(label.mermaidLabel(keepingBackticks: true).contains("`x`"))
        let dot = label.dotQuoted
        #expect(dot.hasPrefix("\"") && dot.hasSuffix("\""))
        let inner = dot.dropFirst().dropLast()
        #expect(!inner.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "").contains("\""))
        #expect(!inner.contains("\n") && !inner.contains("\r") && !inner.contains("\u{1B}"))
    }

    // MARK: Item 9: JSON

    struct Unencodable: Encodable {
        var value = Double.nan
    }

    /// Nested far deeper than any JSON writer accepts.
    struct Deep: Encodable {
        var depth: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            if depth > 0 { try container.encode(Deep(depth: depth - 1)) }
        }
    }

    @Test("unencodable JSON is an error, not an empty object: NaN and a 1,000-deep value throw with a message")
    func unencodableJSONIsAnErrorNotAnEmptyObject() throws {
        for value in [Unencodable() as any Encodable, Deep(depth: 1_000)] {
            let error = #expect(throws: JSONOutputError.self) { try JSONOutput.encode(value) }
            #expect(error?.description.hasPrefix("error: cannot produce the JSON output") == true)
            #expect(error?.description.contains("nothing was printed") == true)
        }
        // Every JSON renderer goes through it: a report of an empty workspace still encodes.
        #expect(try JSONOutput.encode(["a": 1]) == "{\n  \"a\" : 1\n}\n")
    }

    @Test("JSON is safe on a terminal and round-trips: DEL, C1, separators, bidi and ##[ are \\u escapes")
    func jsonEscapesWhatATerminalWouldObey() throws {
        let original = "t\u{7F}\u{85}\u{9B}\u{2028}\u{2029}\u{202E}\u{2066}\u{200E}\u{061C} ##[error]x ##vso[y] #1 ## [z] \u{1B}\u{07}\r\n::error::q é 🚀"
        let json = try JSONOutput.encode(["title": original])
        #expect(!json.unicodeScalars.contains { $0.isShownEscaped && $0 != "\n" }, "no raw control scalar")
        #expect(!json.contains("##["), "no legacy workflow command opener")
        #expect(json.contains("#\\u0023[error]") && json.contains("#\\u0023vso["))
        #expect(json.contains("#1 ## [z]"), "a # that opens nothing is left alone")
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        #expect(decoded["title"] == original)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(object?["title"] == original)
    }
}
