/// "Blocked" with nothing to wait on tells nobody what to unblock.
struct WaitingWithoutReasonRule: Rule {
    static let description = RuleDescription(
        id: "waiting-without-reason",
        summary: "A blocked or waiting task says what it waits for",
        rationale: "Without `depends_on` or `reason`, nobody can tell what would unblock the task.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: ↓blocked\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: wait\nreason: issue-core 0.2.0 is not published yet\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let lifecycle = context.lifecycles.task
        return context.checkedWorkplans.flatMap { index -> [Diagnostic] in
            let workplan = context.graph.workplans[index]
            return workplan.tasks.compactMap { task -> Diagnostic? in
                guard lifecycle.isWaiting(task.status), task.dependsOn.isEmpty, workplan.dependsOn.isEmpty,
                      (task.reason ?? "").isEmpty else { return nil }
                return finding("task \(task.id) is \(task.status) but has neither `depends_on` nor `reason`; say what it waits for",
                               at: task.location(ofField: "status"), about: Diagnostic.Subject(workplan, item: task.id))
            }
        }
    }
}
