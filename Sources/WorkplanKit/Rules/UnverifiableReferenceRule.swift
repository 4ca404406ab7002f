/// A declared dependency into a repo that could not be read cannot be checked.
struct UnverifiableReferenceRule: Rule {
    static let description = RuleDescription(
        id: "unverifiable-reference",
        summary: "References into peers that could not be read are reported",
        rationale: "wp treats them as open (never complete); say so, so the missing peer gets fixed.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(files: ["workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓platform:PL-WP-0001]\n```\n"],
                        config: "peers:\n  platform: {path: ../does-not-exist}\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        DeclaredReferences.all(in: context).compactMap { item in
            guard case .repoUnavailable = item.resolution else { return nil }
            return finding("reference '\(item.reference.text.quotedForMessage)' cannot be checked: \(item.resolution.explanation)",
                           at: item.reference.location, about: item.holder)
        }
    }
}
