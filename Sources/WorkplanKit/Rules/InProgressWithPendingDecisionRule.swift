/// Work that a pending decision blocks should not have started.
struct InProgressWithPendingDecisionRule: Rule {
    static let description = RuleDescription(
        id: "in-progress-with-pending-decision",
        summary: "No task is in progress (or done) while a decision that blocks it is pending",
        rationale: "Starting work a pending decision blocks risks building the option that will not be chosen.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n**Decision D-01 — pick one** (pending; required before T01)\n\n```task\nid: EX-WP-0001-T01\nstatus: ↓in_progress\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n**Decision D-01 — pick one** (pending; required before T01)\n\n**Resolution (2026-05-18, bernd):** Option A.\n\n```task\nid: EX-WP-0001-T01\nstatus: in_progress\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        let lifecycles = context.lifecycles
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            for (taskIndex, task) in graph.workplans[index].tasks.enumerated() where lifecycles.task.has(.active, task.status) {
                let node = graph.taskNodes[index][taskIndex]
                for dependency in graph.dependencies[node].declared where dependency.via == .decision {
                    guard let decision = dependency.resolution.node, let status = graph.nodes[decision].status,
                          lifecycles.decision.isOpen(status) else { continue }
                    findings.append(finding("task \(task.id) is in progress while decision \(graph.nodes[decision].id) that blocks it is pending; resolve the decision first",
                                            at: task.location(ofField: "status"), about: Diagnostic.Subject(graph.nodes[node]), notes: ["\(graph.nodes[decision].location): the decision"]))
                }
            }
        }
        return findings
    }
}
