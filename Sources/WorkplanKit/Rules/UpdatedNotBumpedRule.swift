/// `updated:` is how readers tell a live plan from a stale one.
struct UpdatedNotBumpedRule: Rule {
    static let description = RuleDescription(
        id: "updated-not-bumped",
        summary: "A workplan whose file changed since `--base` has a new `updated` date",
        rationale: "Staleness reports read `updated`; a changed file with an old date looks abandoned.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: ↓\"2026-05-18\"\n---\n\nNew text.\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-18\"\n---\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-19\"\n---\n\nNew text.\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-18\"\n---\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let base = context.base else { return [] }
        let before = Dictionary(base.workplans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return context.checkedWorkplans.compactMap { index in
            let workplan = context.graph.workplans[index]
            guard let old = before[workplan.id], let updated = workplan.updated, updated == old.updated,
                  workplan.contentHash != old.contentHash else { return nil }
            return finding("\(workplan.id) changed since \(base.revision) but `updated` is still \(updated); set it to today's date",
                           at: workplan.location(ofField: "updated"), about: Diagnostic.Subject(workplan))
        }
    }
}

