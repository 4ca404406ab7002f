/// Dates that contradict each other make staleness reports wrong.
struct UpdatedBeforeCreatedRule: Rule {
    static let description = RuleDescription(
        id: "updated-before-created",
        summary: "`updated` is not earlier than `created`",
        rationale: "A workplan cannot change before it exists; one of the dates is wrong, and staleness reports rely on them.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\ncreated: \"2026-05-19\"\nupdated: ↓\"2026-05-18\"\n---\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\ncreated: 2026-05-18\nupdated: \"2026-05-18\"\n---\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        context.checkedWorkplans.compactMap { index in
            let workplan = context.graph.workplans[index]
            // Invalid dates are the schema rule's.
            guard let created = workplan.created, let updated = workplan.updated,
                  let createdDate = CalendarDate(created), let updatedDate = CalendarDate(updated),
                  updatedDate < createdDate else { return nil }
            return finding("`updated` (\(updated)) is earlier than `created` (\(created)); correct one of the dates",
                           at: workplan.location(ofField: "updated"), about: Diagnostic.Subject(workplan))
        }
    }
}
