/// A decision marked resolved records what was decided.
struct ResolvedWithoutResolutionRule: Rule {
    static let description = RuleDescription(
        id: "resolved-without-resolution",
        summary: "A resolved decision says what was decided (a `resolution`, or a **Resolution:** paragraph)",
        rationale: """
            A decision is made when its outcome is written down; a status word alone ("(resolved; …)") lets work \
            and gates proceed on a choice nobody recorded.
            """,
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n↓**Decision D-01 — Pick a database** (resolved; required before T02)\n\nWe talked about it.\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```decision\nid: D-01\ntitle: Pick a database\nstatus: ↓resolved\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n**Decision D-01 — Pick a database** (resolved; required before T02)\n\n**Resolution (2026-05-18, bernd):** PostgreSQL.\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```decision\nid: D-01\ntitle: Pick a database\nstatus: resolved\nresolution: PostgreSQL\n```\n\n**Decision D-02 — Pick a name** (pending)\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let lifecycle = context.lifecycles.decision
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            let workplan = context.graph.workplans[index]
            for decision in workplan.decisions where lifecycle.hasSucceeded(decision.status) {
                guard (decision.resolution ?? "").trimmingWhitespace().isEmpty else { continue }
                let how = decision.form == .prose
                    ? "add a `**Resolution (date, who):** what was decided` paragraph after it (or run `wp resolve` with `--option`)"
                    : "add `resolution: what was decided` (or run `wp resolve` with `--option`)"
                let reopen = lifecycle.statuses.first(where: lifecycle.isOpen).map { ", or set it back to \($0)" } ?? ""
                findings.append(finding(
                    "decision \(decision.id) is \(decision.status) but does not say what was decided; \(how)\(reopen)",
                    at: decision.fields?["status"]?.location ?? decision.location, about: Diagnostic.Subject(workplan, item: decision.id)))
            }
        }
        return findings
    }
}
