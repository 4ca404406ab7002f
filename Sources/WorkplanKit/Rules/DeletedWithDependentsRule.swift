/// Deleting a task others still wait on strands them.
struct DeletedWithDependentsRule: Rule {
    static let description = RuleDescription(
        id: "deleted-with-dependents",
        summary: "No task or workplan deleted since `--base` is still depended on by open work",
        rationale: "An open task whose dependency was deleted can never be unblocked; cancel the dependency instead of deleting it.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [↓EX-WP-0001-T01]\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [EX-WP-0001-T01]\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [EX-WP-0001-T01]\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let base = context.base else { return [] }
        let graph = context.graph
        let deleted = Set(base.workplans.flatMap { [$0.id] + $0.tasks.map(\.id) }).filter { graph.nodes(withID: $0).isEmpty }
        guard !deleted.isEmpty else { return [] }
        var findings: [Diagnostic] = []
        for (node, dependencies) in graph.dependencies.enumerated() where !graph.nodes[node].isComplete && context.isChecked(repo: graph.nodes[node].repo) {
            for dependency in dependencies.declared where dependency.via == .dependsOn && dependency.resolution.node == nil {
                let id = dependency.reference.id
                let full = IDGrammar.canonicalShortID(id).flatMap { short in graph.workplan(of: node).map { "\($0.id)-\(short)" } } ?? id
                guard deleted.contains(id) || deleted.contains(full) else { continue }
                findings.append(finding("\(graph.nodes[node].id) depends on \(full), which was deleted since \(base.revision); cancel it instead of deleting it, or drop the dependency",
                                        at: dependency.reference.location, about: Diagnostic.Subject(graph.nodes[node])))
            }
        }
        return findings
    }
}
