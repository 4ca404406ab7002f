/// Work that waits on itself never starts.
struct DependencyCycleRule: Rule {
    static let description = RuleDescription(
        id: "dependency-cycle",
        summary: "Dependencies form no cycle",
        rationale: "Every task in a cycle waits for another task in it: none can ever be done.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓T02]\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [T01]\n```\n"),
            RuleExample(files: ["docs/runbook.md": "# Runbook\n\n```gate\nid: app/a\nrequires:\n  - gate: ↓app/b\n```\n\n```gate\nid: app/b\nrequires:\n  - gate: app/a\n```\n"],
                        config: "include: [workplans/**/*.md, docs/**/*.md]\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [T01]\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        // Inherited workplan dependencies are the workplan's own edges: skipped without reading them.
        let edges: [[Int]] = graph.dependencies.map { dependencies in
            dependencies.declared.compactMap { $0.via == .workplan ? nil : $0.resolution.node }
        }
        // The whole scope's paths, also when only some workplans are checked: which reference
        // reports a cycle must not depend on that, or a gate could see a cycle on its element
        // that `wp lint` reports elsewhere.
        var localPaths = Set(context.workplansInScope.map { graph.workplans[$0].path })
        for (gate, repo, _) in graph.gates where context.isChecked(repo: repo) { localPaths.insert(gate.location.path) }
        var findings: [Diagnostic] = []
        for component in StronglyConnected.components(count: graph.nodes.count, edges: edges) {
            let isCycle = component.count > 1 || edges[component[0]].contains(component[0])
            guard isCycle else { continue }
            let members = Set(component)
            // Report at the first local reference that closes the cycle, in document order.
            let references = component.flatMap { node in
                graph.dependencies[node].declared.filter { $0.via != .workplan && $0.resolution.node.map(members.contains) == true }
                    .map { (holder: node, reference: $0.reference) }
            }.filter { localPaths.contains($0.reference.location.path) }
            guard let first = references.min(by: { $0.reference.location < $1.reference.location }) else { continue }
            let names = orderedCycle(component, edges: edges).map { graph.nodes[$0].id }
            findings.append(finding("dependency cycle: \((names + [names[0]]).joined(separator: " → ")); remove one of these dependencies",
                                    at: first.reference.location, about: Diagnostic.Subject(graph.nodes[first.holder])))
        }
        return findings
    }

    /// The members of a component in the order the edges visit them.
    private func orderedCycle(_ component: [Int], edges: [[Int]]) -> [Int] {
        let members = Set(component)
        let start = component.min()!
        var order = [start]
        var current = start
        var visited: Set<Int> = [start]
        while let next = edges[current].first(where: { members.contains($0) && !visited.contains($0) }) {
            order.append(next)
            visited.insert(next)
            current = next
        }
        return order
    }
}

/// Tarjan's algorithm, iterative so deep chains cannot overflow the stack.
enum StronglyConnected {
    static func components(count: Int, edges: [[Int]]) -> [[Int]] {
        var index = 0
        var indices = [Int](repeating: -1, count: count)
        var lowLinks = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var result: [[Int]] = []
        for root in 0..<count where indices[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            indices[root] = index; lowLinks[root] = index; index += 1
            stack.append(root); onStack[root] = true
            while let top = work.last {
                let node = top.node
                if top.edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let next = edges[node][top.edge]
                    if indices[next] < 0 {
                        indices[next] = index; lowLinks[next] = index; index += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        lowLinks[node] = min(lowLinks[node], indices[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { lowLinks[parent.node] = min(lowLinks[parent.node], lowLinks[node]) }
                if lowLinks[node] == indices[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    result.append(component)
                }
            }
        }
        return result
    }
}
