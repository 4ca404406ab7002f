/// Status moves the lifecycle does not allow (done → todo) rewrite history.
struct IllegalTransitionRule: Rule {
    static let description = RuleDescription(
        id: "illegal-transition",
        summary: "Every status change since `--base` is a move the lifecycle allows",
        rationale: "A task moved from done back to todo, or a workplan from finished to draft, silently rewrites what was reported.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: ↓todo\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let base = context.base else { return [] }
        let lifecycles = context.lifecycles
        var before: [String: Status] = [:]
        var beforeWorkplans: [String: Status] = [:]
        var beforeDecisions: [String: Status] = [:]
        for workplan in base.workplans {
            beforeWorkplans[workplan.id] = workplan.status
            for task in workplan.tasks { before[task.id] = task.status }
            for decision in workplan.decisions { beforeDecisions[decision.id] = decision.status }
        }
        var findings: [Diagnostic] = []
        func check(_ kind: String, _ id: String, _ old: Status?, _ new: Status, _ lifecycle: Lifecycle, _ location: SourceLocation,
                   _ workplan: Workplan) {
            guard let old, old != new, lifecycle.isKnown(old), lifecycle.isKnown(new), !lifecycle.allows(from: old, to: new) else { return }
            let allowed = lifecycle.transitions[old, default: []].map(\.rawValue).sorted()
            findings.append(finding(
                "\(kind) \(id) moved from '\(old)' (at \(base.revision)) to '\(new)', which the \(kind) lifecycle does not allow; "
                    + (allowed.isEmpty ? "'\(old)' is final" : "from '\(old)' it may move to \(allowed.joined(separator: ", "))"),
                at: location, about: Diagnostic.Subject(workplan, item: id)))
        }
        for index in context.checkedWorkplans {
            let workplan = context.graph.workplans[index]
            check("workplan", workplan.id, beforeWorkplans[workplan.id], workplan.status, lifecycles.workplan, workplan.location(ofField: "status"), workplan)
            for task in workplan.tasks {
                check("task", task.id, before[task.id], task.status, lifecycles.task, task.location(ofField: "status"), workplan)
            }
            for decision in workplan.decisions {
                check("decision", decision.id, beforeDecisions[decision.id], decision.status, lifecycles.decision,
                      decision.fields?["status"]?.location ?? decision.resolutionLocation ?? decision.location, workplan)
            }
        }
        return findings
    }
}
