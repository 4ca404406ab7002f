/// Prose says "blocked on X" but `depends_on` does not: wp cannot see the wait.
struct ProseUndeclaredBlockerRule: Rule {
    static let description = RuleDescription(
        id: "prose-undeclared-blocker",
        summary: "A task body that says it is blocked on an id lists that id in `depends_on`",
        rationale: "Only declared dependencies count for blocking, gates and reports; a wait written only in prose is invisible to them.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n### T01 — Do it\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\nBlocked on: the cluster, tracked by ↓EX-WP-0001-T02.\n\n### T02 — Cluster\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n### T01 — Do it\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [EX-WP-0001-T02]\n```\n\nBlocked on: the cluster, tracked by EX-WP-0001-T02.\n\n### T02 — Cluster\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            let workplan = graph.workplans[index]
            // Built once per workplan: a paragraph can mention tens of thousands of ids.
            let sections = TaskSectionIndex(workplan.tasks)
            var declaredByTask: [Int: (nodes: Set<Int>, ids: Set<String>)] = [:]
            for reference in workplan.proseReferences where reference.claimsBlocking {
                guard let taskIndex = sections.taskIndex(containingLine: reference.location.line) else { continue }
                let task = workplan.tasks[taskIndex]
                let target = graph.resolve(reference, inWorkplan: index).node
                let declared = declaredByTask[taskIndex] ?? {
                    let all = task.dependsOn + workplan.dependsOn
                    return (Set(all.compactMap { graph.resolve($0, inWorkplan: index).node }), Set(all.map(\.id)))
                }()
                declaredByTask[taskIndex] = declared
                if target.map(declared.nodes.contains) == true || declared.ids.contains(reference.id) { continue }
                if target.map({ graph.nodes[$0].id == task.id }) == true { continue }
                let qualified = reference.repo.map { "\($0):\(reference.id)" } ?? reference.id
                findings.append(finding("task \(task.id) says it is blocked on \(reference.id) but `depends_on` does not list it; add `depends_on: [\(qualified)]`",
                                        at: reference.location, about: Diagnostic.Subject(workplan, item: task.id)))
            }
        }
        return findings
    }
}
