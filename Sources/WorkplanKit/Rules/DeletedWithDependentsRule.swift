/// Deleting a task others still wait on strands them.
struct DeletedWithDependentsRule: Rule {
    static let description = RuleDescription(
        id: "deleted-with-dependents",
        summary: "No task or workplan deleted since `--base` is still depended on by open work",
        rationale: """
            An open task whose dependency was deleted can never be unblocked; cancel the dependency instead of \
            deleting it. Anything deleted in any commit since `--base` (or in the working tree) counts, and the \
            finding names the step that deleted it.
            """,
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
        guard let history = context.history else { return [] }
        let graph = context.graph
        // Every workplan or task that was there at the base or appeared on the way, and is gone
        // now: the step that removed it last.
        var deleted: [String: Int] = [:]
        for change in history.changes where change.after == nil && (change.kind == .workplan || change.kind == .task) {
            deleted[change.id] = change.step
        }
        deleted = deleted.filter { graph.nodes(withID: $0.key).isEmpty }
        guard !deleted.isEmpty else { return [] }
        var findings: [Diagnostic] = []
        for (node, dependencies) in graph.dependencies.enumerated() where !graph.nodes[node].isComplete && context.isChecked(repo: graph.nodes[node].repo) {
            for dependency in dependencies.declared where dependency.via == .dependsOn && dependency.resolution.node == nil {
                let id = dependency.reference.id
                let full = IDGrammar.canonicalShortID(id).flatMap { short in graph.workplan(of: node).map { "\($0.id)-\(short)" } } ?? id
                guard let step = deleted[id] ?? deleted[full] else { continue }
                findings.append(finding("\(graph.nodes[node].id) depends on \(full), which was deleted \(history.place(ofStep: step)); cancel it instead of deleting it, or drop the dependency",
                                        at: dependency.reference.location, about: Diagnostic.Subject(graph.nodes[node])))
            }
        }
        return findings
    }
}
