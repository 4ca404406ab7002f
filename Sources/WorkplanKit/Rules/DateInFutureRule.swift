/// Dates that have not come yet make evidence look fresh and plans look current.
struct DateInFutureRule: Rule {
    /// The date fields a person (or wp) writes when something happened.
    static let fields = ["created", "updated", "done_on", "decided_on"]

    static let description = RuleDescription(
        id: "date-in-future",
        summary: "`created`, `updated`, `done_on` and `decided_on` are not after today",
        rationale: "These dates record days that have come: a `done_on` in the future keeps evidence fresh for a gate's "
            + "`max_age` longer than it is, an `updated` in the future hides a stale plan. A date that is not a calendar "
            + "date at all (`2026-11-31`, `tomorrow`) is the `schema` rule's error. \"Today\" is the latest day anywhere on "
            + "earth (UTC today plus one), so a commit made east of UTC before midnight there never trips CI; `wp set` "
            + "refuses a date after the editor's own day.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\ncreated: 2026-05-18\nupdated: ↓\"2026-06-03\"\n---\n", today: "2026-06-01"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\nevidence: restore-drill\ndone_on: ↓2027-01-01\n```\n", today: "2026-06-01"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```decision\nid: EX-WP-0001-D01\ntitle: Which\nstatus: resolved\nresolution: this\ndecided_by: ops\ndecided_on: ↓2026-12-24\n```\n", today: "2026-06-01"),
        ],
        nonTriggering: [
            // The examples run on 2026-06-01: the next day is still today somewhere.
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\ncreated: 2026-05-18\nupdated: \"2026-06-02\"\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\ndone_on: 2026-06-01\n```\n", today: "2026-06-01"),
            // Not a date at all: the schema rule's finding, not this one's.
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\ndone_on: tomorrow\n```\n", today: "2026-06-01"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let today = context.today, let latest = today.adding(days: 1) else { return [] }
        return context.checkedWorkplans.flatMap { index -> [Diagnostic] in
            let workplan = context.graph.workplans[index]
            var found: [Diagnostic] = []
            func check(_ fields: YAMLValue?, of id: String) {
                for field in Self.fields {
                    guard let value = fields?[field], let text = value.string, let date = CalendarDate(text), latest < date else { continue }
                    found.append(finding(
                        "\(id)'s `\(field)` is \(text), after today (\(today)); write the day it happened, at the latest today",
                        at: value.location, about: Diagnostic.Subject(workplan, item: id == workplan.id ? nil : id)))
                }
            }
            check(workplan.frontMatter, of: workplan.id)
            for task in workplan.tasks { check(task.fields, of: task.id) }
            for decision in workplan.decisions { check(decision.fields, of: decision.id) }
            return found
        }
    }
}
