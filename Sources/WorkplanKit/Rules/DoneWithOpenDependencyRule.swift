/// Done means everything it needed was there.
struct DoneWithOpenDependencyRule: Rule {
    static let description = RuleDescription(
        id: "done-with-open-dependency",
        summary: "A done task has no incomplete dependency",
        rationale: "A task marked done while what it depends on is still open was either not done or its dependency is stale.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: ↓done\ndepends_on: [T01]\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: done\ndepends_on: [T01]\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        let lifecycle = context.lifecycles.task
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            for (taskIndex, task) in graph.workplans[index].tasks.enumerated() where lifecycle.hasSucceeded(task.status) {
                let node = graph.taskNodes[index][taskIndex]
                for dependency in graph.dependencies[node].declared where dependency.via == .dependsOn {
                    let open: String?
                    if let target = dependency.resolution.node {
                        let value = graph.nodes[target]
                        open = value.isComplete ? nil : "\(value.id) is \(value.status?.rawValue ?? "open")"
                    } else {
                        open = "'\(dependency.reference.text.quotedForMessage)' is unknown (\(dependency.resolution.label))"
                    }
                    if let open {
                        findings.append(finding("task \(task.id) is \(task.status) but its dependency \(open); finish the dependency first or reopen the task",
                                                at: task.location(ofField: "status"), about: Diagnostic.Subject(graph.nodes[node]), notes: ["\(dependency.reference.location): depends on \(dependency.reference.text.quotedForMessage)"]))
                    }
                }
            }
        }
        return findings
    }
}
