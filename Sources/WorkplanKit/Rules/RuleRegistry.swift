/// Every rule wp knows, in the order `docs/rules.md` lists them.
public enum RuleRegistry {
    public static let rules: [any Rule.Type] = [
        SchemaRule.self,
        DuplicateIDRule.self,
        TaskIDPrefixRule.self,
        UnresolvedReferenceRule.self,
        UnverifiableReferenceRule.self,
        DependencyCycleRule.self,
        FinishedWithOpenWorkRule.self,
        DoneWithOpenDependencyRule.self,
        InProgressWithPendingDecisionRule.self,
        ResolvedWithoutResolutionRule.self,
        WaitingWithoutReasonRule.self,
        RequiredFieldsRule.self,
        ProseUndeclaredBlockerRule.self,
        ProseUnresolvedReferenceRule.self,
        UpdatedBeforeCreatedRule.self,
        UpdatedNotBumpedRule.self,
        IllegalTransitionRule.self,
        IllegalInitialStatusRule.self,
        DeletedWithDependentsRule.self,
    ]

    public static var descriptions: [RuleDescription] { rules.map { $0.description } }

    /// Checks that are not rules but report through the same channel (reading problems).
    public static let readingChecks: [(id: String, summary: String)] = [
        ("io-error", "A file or directory could not be read"),
        ("not-text", "A file is binary (contains a NUL byte)"),
        ("invalid-utf8", "A file is not valid UTF-8"),
        ("file-too-large", "A file is larger than 8 MiB"),
        ("front-matter", "Front matter is unterminated or not a mapping"),
        ("yaml-syntax", "Front matter or a block is not valid YAML, repeats a key or has a key that is not a string"),
        ("yaml-too-large", "YAML expands past 100,000 nodes"),
        ("markdown-too-complex", "Markdown cmark-gfm would take too long or too much memory for (more than \(Limits.markdownBracketsPerParagraph) `[` between blank lines, or \(Limits.markdownNodeBudget) lines and markdown marks in a file)"),
        ("block-shape", "A block is not a mapping or has no id"),
        ("peer-unavailable", "A peer repo could not be read"),
        ("config", "A peer's .wp.yaml is invalid"),
        ("suppression-without-reason", "A `wp-lint: ignore` comment gives no reason"),
    ]
}
