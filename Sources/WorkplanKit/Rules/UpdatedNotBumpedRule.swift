/// `updated:` is how readers tell a live plan from a stale one.
struct UpdatedNotBumpedRule: Rule {
    static let description = RuleDescription(
        id: "updated-not-bumped",
        summary: "A workplan whose file changed since `--base` has a new `updated` date",
        rationale: """
            Staleness reports read `updated`; a changed file with an old date looks abandoned. An `updated` later than \
            at `--base`, or equal to today (the local day; `WP_TODAY` pins it), counts as bumped: edits on the day a \
            plan was last touched leave nothing to bump.
            """,
        defaultSeverity: .warning,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: ↓\"2026-05-18\"\n---\n\nNew text.\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-18\"\n---\n",
                        today: "2026-05-19"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-19\"\n---\n\nNew text.\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-18\"\n---\n",
                        today: "2026-05-19"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: finished\nupdated: \"2026-05-19\"\n---\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\nupdated: \"2026-05-19\"\n---\n",
                        today: "2026-05-19"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let base = context.base else { return [] }
        let today = context.clock?.localToday
        let before = Dictionary(base.workplans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return context.checkedWorkplans.compactMap { index in
            let workplan = context.graph.workplans[index]
            guard let old = before[workplan.id], let updated = workplan.updated, workplan.contentHash != old.contentHash else { return nil }
            let now = CalendarDate(updated)
            let then = old.updated.flatMap(CalendarDate.init)
            let wasKept: Bool
            if let now, let then {
                // Later than at the base is bumped; so is today (and, for a date not yet come, the
                // future-date check is the one that speaks).
                guard now <= then, today.map({ now < $0 }) ?? true else { return nil }
                wasKept = now == then
            } else {
                guard updated == old.updated else { return nil }
                wasKept = true
            }
            let fix = today.map { "set it to today's date, \($0)" } ?? "set it to today's date"
            let what = wasKept ? "`updated` is still \(updated)" : "`updated` went back from \(old.updated ?? "") to \(updated)"
            return finding("\(workplan.id) changed since \(base.revision) but \(what); \(fix)",
                           at: workplan.location(ofField: "updated"), about: Diagnostic.Subject(workplan))
        }
    }
}
