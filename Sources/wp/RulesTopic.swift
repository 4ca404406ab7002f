import ArgumentParser
import WorkplanKit

/// `wp help rules`: every lint rule with its default severity and what it checks,
/// read from the rules themselves, so an installed wp lists exactly the rules it has.
struct RulesTopic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Every lint rule: its id, default severity and what it checks (`wp help rules`).",
        discussion: summary,
        shouldDisplay: false)

    func run() throws {
        try Terminal.write(Self.helpMessage() + "\n")
    }

    static let summary: String = {
        var lines = [
            "RULES",
            "  `wp lint` checks every rule below; `rules:` in .wp.yaml changes a",
            "  rule's severity (error, warning, note) or turns it off:",
            "    rules: {prose-unresolved-reference: off}",
            "  Silence one finding, with a reason, on its line or the line above:",
            "    <!-- wp-lint: ignore RULE -- the reason -->",
            "",
        ]
        for rule in RuleRegistry.descriptions {
            lines.append("  \(rule.id) (\(rule.defaultSeverity.rawValue))")
            lines += HelpText.wrapped(HelpText.ascii(rule.summary), indent: "      ")
        }
        lines += [
            "",
            "READING PROBLEMS",
            "  Files wp could not read are findings too (always errors):",
        ]
        for check in ReadingCheck.allCases {
            lines.append("  \(check.rawValue)")
            lines += HelpText.wrapped(HelpText.ascii(check.summary), indent: "      ")
        }
        return lines.joined(separator: "\n")
    }()
}

/// Help text the man page generator can carry: ASCII only, lines under 80 columns
/// (argument-parser keeps line breaks and does not indent wrapped lines).
enum HelpText {
    static func ascii(_ text: String) -> String {
        let replacements: [Character: String] = ["—": "-", "–": "-", "‘": "'", "’": "'", "“": "\"", "”": "\"", "→": "->", "…": "...", "×": "x", "≤": "<=", "≥": ">="]
        return text.map { character in
            if let replacement = replacements[character] { return replacement }
            return character.isASCII ? String(character) : "?"
        }.joined()
    }

    static func wrapped(_ text: String, indent: String, width: Int = 76) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines
    }
}
