/// Two elements with one id make every reference to it ambiguous.
struct DuplicateIDRule: Rule {
    static let description = RuleDescription(
        id: "duplicate-id",
        summary: "Every workplan, task, decision and gate id is unique in the workspace",
        rationale: """
            A reference to an id used twice cannot be resolved, so blocking and gates cannot be trusted; a copy in \
            this repo of a peer's id would shadow the peer's element. Each copy is reported with the other's position.
            """,
        defaultSeverity: .error,
        triggering: [
            RuleExample(files: [
                "workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: ↓EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: ↓EX-WP-0001-T01\nstatus: done\n```\n",
            ]),
            // A local copy of a peer's workplan id: reported here (the peer's copy is its own CI's to report).
            RuleExample(files: [
                "workplans/PEER-WP-0001-copy.md": "---\nid: ↓PEER-WP-0001\ntitle: A copy\nstatus: finished\n---\n",
            ], peer: [
                "workplans/PEER-WP-0001-plan.md": "---\nid: PEER-WP-0001\ntitle: The peer's plan\nstatus: active\n---\n",
            ]),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\n```\n"),
            RuleExample(files: [
                "workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n",
            ], peer: [
                "workplans/PEER-WP-0001-plan.md": "---\nid: PEER-WP-0001\ntitle: The peer's plan\nstatus: active\n---\n",
            ]),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        var seen: [String: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() where !node.id.isEmpty {
            seen[node.id, default: []].append(index)
        }
        var gateBlocks: [Int: Gate] = [:]
        for entry in graph.gates { gateBlocks[entry.node] = entry.gate }
        var findings: [Diagnostic] = []
        for (id, nodes) in seen where nodes.count > 1 {
            // Every copy names the others: only the first few are looked at, or n copies would
            // cost n² in time and memory before the cap on what is printed.
            let candidates = nodes.prefix(Limits.duplicatePositionsShown + 1)
            let otherCount = nodes.count - 1
            for node in nodes where context.isChecked(repo: graph.nodes[node].repo) {
                let shown = Array(candidates.lazy.filter { $0 != node }.prefix(Limits.duplicatePositionsShown))
                let place = { (other: Int) in "\(idLocation(graph, other, gateBlocks)) (\(graph.nodes[other].repo))" }
                let more = otherCount - shown.count
                var message = "id '\(id)' is also defined at \(place(shown.first!))"
                if otherCount > 1 { message += " and \(otherCount - 1) more place\(otherCount == 2 ? "" : "s")" }
                message += "; give each \(graph.nodes[node].kind.rawValue) its own id"
                let notes = shown.map { "also defined at \(place($0))" } + (more > 0 ? ["… \(more) more"] : [])
                findings.append(finding(message, at: idLocation(graph, node, gateBlocks), about: Diagnostic.Subject(graph.nodes[node]), notes: notes))
            }
        }
        return findings
    }

    private func idLocation(_ graph: WorkspaceGraph, _ node: Int, _ gateBlocks: [Int: Gate]) -> SourceLocation {
        switch graph.nodes[node].kind {
        case .task: graph.task(node)?.location(ofField: "id") ?? graph.nodes[node].location
        case .workplan: graph.workplan(of: node)?.location(ofField: "id") ?? graph.nodes[node].location
        case .decision: graph.decision(node)?.fields?["id"]?.location ?? graph.nodes[node].location
        case .gate: gateBlocks[node]?.fields["id"]?.location ?? graph.nodes[node].location
        }
    }
}
