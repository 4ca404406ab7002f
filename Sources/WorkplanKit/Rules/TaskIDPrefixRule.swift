/// A task id carries its workplan's id, so it is unique and says where it lives.
struct TaskIDPrefixRule: Rule {
    static let description = RuleDescription(
        id: "task-id-prefix",
        summary: "A task id starts with its workplan's id",
        rationale: "Global ids let other repos reference a task; a task id without its workplan's prefix collides and misleads.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: ↓EX-WP-0002-T01\nstatus: todo\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: ↓T01\nstatus: todo\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        context.checkedWorkplans.flatMap { index -> [Diagnostic] in
            let workplan = context.graph.workplans[index]
            guard !workplan.id.isEmpty else { return [] }
            // The task's position comes with it: looking it up again made n tasks cost n².
            return workplan.tasks.enumerated().compactMap { offset, task in
                guard !task.id.hasPrefix(workplan.id + "-") else { return nil }
                let suggestion = IDGrammar.canonicalShortID(task.id).map { "\(workplan.id)-\($0)" }
                    ?? "\(workplan.id)-T\(String(format: "%02d", offset + 1))"
                return finding("task id '\(task.id)' does not start with its workplan's id '\(workplan.id)'; use '\(suggestion)'",
                               at: task.location(ofField: "id"), about: Diagnostic.Subject(workplan, item: task.id))
            }
        }
    }
}
