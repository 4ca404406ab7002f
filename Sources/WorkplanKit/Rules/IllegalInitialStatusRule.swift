/// New work starts where the lifecycle says work starts.
struct IllegalInitialStatusRule: Rule {
    static let description = RuleDescription(
        id: "illegal-initial-status",
        summary: "A task or workplan added since `--base` starts in an initial status",
        rationale: """
            A new element that appears already in a late status skipped the steps the lifecycle asks for. It is \
            judged in the commit that adds it (each commit since `--base`, then the working tree): a workplan \
            added as draft in one commit may be started in the next.
            """,
        defaultSeverity: .error,
        triggering: [
            RuleExample(files: ["workplans/EX-WP-0001-example.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: ↓paused\n---\n"],
                        base: [:]),
        ],
        nonTriggering: [
            RuleExample(files: ["workplans/EX-WP-0001-example.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: draft\n---\n"],
                        base: [:]),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let history = context.history else { return [] }
        let current = CurrentElements(context)
        var findings: [Diagnostic] = []
        for change in history.changes where change.before == nil && (change.kind == .workplan || change.kind == .task) {
            guard let status = change.after, let place = current.place(of: change.id, kind: change.kind),
                  let lifecycle = context.lifecycles.of(change.kind), lifecycle.isKnown(status),
                  !lifecycle.initial.contains(status) else { continue }
            let initial = lifecycle.statuses(with: .initial).map(\.rawValue).joined(separator: ", ")
            findings.append(finding(
                "new \(change.kind.rawValue) \(change.id) starts as '\(status)' \(history.place(ofStep: change.step)); start it as one of \(initial)",
                at: place.statusLocation, about: place.subject))
        }
        return findings
    }
}
