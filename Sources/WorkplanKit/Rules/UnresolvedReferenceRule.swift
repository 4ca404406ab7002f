/// A declared dependency that points nowhere can never be satisfied.
struct UnresolvedReferenceRule: Rule {
    static let description = RuleDescription(
        id: "unresolved-reference",
        summary: "Every `depends_on`, `blocks` and gate `requires` reference names an existing id",
        rationale: "A dependency on a missing id is unknown forever: the task stays blocked and nobody can tell why.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓EX-WP-0009]\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓elsewhere:EX-WP-0002]\n```\n"),
            RuleExample(files: ["docs/runbook.md": "# Runbook\n\n```gate\nid: app/promote\nrequires:\n  - ↓EX-WP-0007\n  - gate: ↓app/missing\n```\n"],
                        config: "include: [workplans/**/*.md, docs/**/*.md]\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [T01]\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        DeclaredReferences.all(in: context).compactMap { item in
            switch item.resolution {
            case .notFound, .ambiguous, .unknownRepo:
                return finding("reference '\(item.reference.text.quotedForMessage)' does not resolve: \(item.resolution.explanation)",
                               at: item.reference.location, about: item.holder)
            case .resolved, .repoUnavailable:
                return nil
            }
        }
    }
}
