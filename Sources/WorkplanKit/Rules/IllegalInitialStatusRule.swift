/// New work starts where the lifecycle says work starts.
struct IllegalInitialStatusRule: Rule {
    static let description = RuleDescription(
        id: "illegal-initial-status",
        summary: "A task or workplan added since `--base` starts in an initial status",
        rationale: "A new element that appears already in a late status skipped the steps the lifecycle asks for.",
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
        guard let base = context.base else { return [] }
        let known = Set(base.workplans.map(\.id) + base.workplans.flatMap { $0.tasks.map(\.id) })
        let lifecycles = context.lifecycles
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            let workplan = context.graph.workplans[index]
            if !known.contains(workplan.id), lifecycles.workplan.isKnown(workplan.status), !lifecycles.workplan.initial.contains(workplan.status) {
                findings.append(finding("new workplan \(workplan.id) starts as '\(workplan.status)'; start it as one of \(lifecycles.workplan.initial.map(\.rawValue).sorted().joined(separator: ", "))",
                                        at: workplan.location(ofField: "status"), about: Diagnostic.Subject(workplan)))
            }
            for task in workplan.tasks where !known.contains(task.id) {
                guard lifecycles.task.isKnown(task.status), !lifecycles.task.initial.contains(task.status) else { continue }
                findings.append(finding("new task \(task.id) starts as '\(task.status)'; start it as one of \(lifecycles.task.initial.map(\.rawValue).sorted().joined(separator: ", "))",
                                        at: task.location(ofField: "status"), about: Diagnostic.Subject(workplan, item: task.id)))
            }
        }
        return findings
    }
}
