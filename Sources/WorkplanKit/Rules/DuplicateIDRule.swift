/// Two elements with one id make every reference to it ambiguous.
struct DuplicateIDRule: Rule {
    static let description = RuleDescription(
        id: "duplicate-id",
        summary: "Every workplan, task, decision and gate id is unique in the workspace",
        rationale: "A reference to an id used twice cannot be resolved, so blocking and gates cannot be trusted.",
        defaultSeverity: .error,
        triggering: [
            RuleExample(files: [
                "workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: ↓EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: ↓EX-WP-0001-T01\nstatus: done\n```\n",
            ]),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        var seen: [String: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() where !node.id.isEmpty {
            seen[node.id, default: []].append(index)
        }
        var findings: [Diagnostic] = []
        for (id, nodes) in seen where nodes.count > 1 {
            for node in nodes where graph.nodes[node].repo == context.localRepo {
                let others = nodes.filter { $0 != node }.map { "also defined at \(idLocation(graph, $0)) (\(graph.nodes[$0].repo))" }
                findings.append(finding("id '\(id)' is used \(nodes.count) times; give each \(graph.nodes[node].kind.rawValue) its own id",
                                        at: idLocation(graph, node), notes: others))
            }
        }
        return findings
    }

    private func idLocation(_ graph: WorkspaceGraph, _ node: Int) -> SourceLocation {
        switch graph.nodes[node].kind {
        case .task: graph.task(node)?.location(ofField: "id") ?? graph.nodes[node].location
        case .workplan: graph.workplan(of: node)?.location(ofField: "id") ?? graph.nodes[node].location
        case .decision: graph.decision(node)?.fields?["id"]?.location ?? graph.nodes[node].location
        case .gate: graph.gates.first { $0.node == node }?.gate.fields["id"]?.location ?? graph.nodes[node].location
        }
    }
}
