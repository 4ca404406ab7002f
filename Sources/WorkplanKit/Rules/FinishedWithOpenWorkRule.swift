/// Finishing a plan with open work hides that work from every report.
struct FinishedWithOpenWorkRule: Rule {
    static let description = RuleDescription(
        id: "finished-with-open-work",
        summary: "A finished workplan has no open tasks and no pending decisions",
        rationale: "Finishing a plan with open work hides that work from every report.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: ↓finished\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: ↓finished\n---\n\n**Decision D-01 — pick one** (pending; required before T01)\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: finished\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: cancelled\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let lifecycles = context.lifecycles
        return context.checkedWorkplans.compactMap { index in
            let workplan = context.graph.workplans[index]
            guard lifecycles.workplan.isComplete(workplan.status) else { return nil }
            let openTasks = workplan.tasks.filter { !lifecycles.task.isComplete($0.status) }
            let pending = workplan.decisions.filter { lifecycles.decision.isOpen($0.status) }
            guard !openTasks.isEmpty || !pending.isEmpty else { return nil }
            var parts: [String] = []
            if !openTasks.isEmpty { parts.append("\(openTasks.count) open task\(openTasks.count == 1 ? "" : "s")") }
            if !pending.isEmpty { parts.append("\(pending.count) pending decision\(pending.count == 1 ? "" : "s")") }
            let notes = openTasks.map { "\($0.location): \($0.id) is \($0.status)" }
                + pending.map { "\($0.location): \($0.id) is \($0.status)" }
            return finding("workplan \(workplan.id) is \(workplan.status) but has \(parts.joined(separator: " and ")); finish or cancel them, or reopen the workplan",
                           at: workplan.location(ofField: "status"), about: Diagnostic.Subject(workplan), notes: notes)
        }
    }
}
