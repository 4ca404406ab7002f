/// Generates `docs/rules.md` from the rules themselves, so the page can never
/// disagree with the code (a test fails when the checked-in page is stale).
public enum RuleDocumentation {
    public static func markdown() -> String {
        var out = """
            # Lint rules

            Generated from the rules themselves (`RuleDocumentation.markdown()`); a test fails when this page is stale.
            Regenerate with `WP_RECORD_SNAPSHOTS=1 swift test --filter RuleDocumentation`.

            Change a rule's severity in `.wp.yaml` (`rules: {rule-id: error | warning | note | off}`) and silence one
            finding in place, with a reason, by a comment on its line or the line above:
            `<!-- wp-lint: ignore rule-id -- why this is fine -->` in markdown, `# wp-lint: ignore rule-id -- why` in YAML.
            A suppression without a reason is itself an error (`suppression-without-reason`).

            | rule | severity | summary |
            |---|---|---|

            """
        for rule in RuleRegistry.descriptions {
            out += "| [`\(rule.id)`](#\(rule.id)) | \(rule.defaultSeverity.rawValue) | \(rule.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        for rule in RuleRegistry.descriptions {
            out += "\n## \(rule.id)\n\n\(rule.summary).\n\n*Default severity:* \(rule.defaultSeverity.rawValue). \(rule.rationale)\n"
            if let example = rule.triggering.first {
                out += "\nTriggers (the finding points at `↓`):\n\n" + render(example)
            }
            if let example = rule.nonTriggering.first {
                out += "\nDoes not trigger:\n\n" + render(example)
            }
        }
        out += "\n## Reading problems\n\nReported by every command, with the same ids, when input cannot be read:\n\n| id | meaning |\n|---|---|\n"
        for check in ReadingCheck.allCases {
            out += "| `\(check.rawValue)` | \(check.summary) |\n"
        }
        return out
    }

    private static func render(_ example: RuleExample) -> String {
        var out = ""
        if let config = example.config {
            out += "`.wp.yaml`:\n\n````yaml\n\(config)````\n\n"
        }
        if let base = example.base {
            for (path, content) in base.sorted(by: { $0.key < $1.key }) {
                out += "At `--base`, `\(path)`:\n\n````markdown\n\(content)````\n\n"
            }
            if base.isEmpty { out += "At `--base`: no workplans.\n\n" }
        }
        for (path, content) in example.files.sorted(by: { $0.key < $1.key }) {
            out += "`\(path)`:\n\n````markdown\n\(content)````\n"
        }
        for (path, content) in (example.peer ?? [:]).sorted(by: { $0.key < $1.key }) {
            out += "\nIn the peer `peer` (`peers: {peer: {path: ../peer}}`), `\(path)`:\n\n````markdown\n\(content)````\n"
        }
        return out
    }
}
