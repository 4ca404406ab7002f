/// The dependency graph as Mermaid (renders in Gitea/GitHub markdown) or
/// Graphviz DOT: workplans, tasks, decisions and gates, clustered by repo and
/// workplan, coloured by status. Edges point from what must finish first to
/// what waits on it, labelled `depends_on`, `blocks` or `requires`.
public struct GraphExport: Sendable, OutputView {
    public static let formats: [OutputFormat] = [.mermaid, .dot]

    public let index: DependencyIndex
    /// Nodes to draw, in graph order.
    public let nodes: [Int]

    /// The whole workspace, or the neighbourhood of `roots` up to `depth` steps either way.
    public init(index: DependencyIndex, roots: [Int] = [], depth: Int? = nil) {
        self.index = index
        let graph = index.graph
        guard !roots.isEmpty else {
            nodes = Array(graph.nodes.indices)
            return
        }
        var distance: [Int: Int] = [:]
        var queue: [Int] = []
        for root in roots {
            distance[root] = 0
            queue.append(root)
            // A workplan brings its tasks and decisions along.
            if graph.nodes[root].kind == .workplan, let workplanIndex = graph.nodes[root].workplanIndex {
                for child in graph.taskNodes[workplanIndex] + graph.decisionNodes[workplanIndex] where distance[child] == nil {
                    distance[child] = 0
                    queue.append(child)
                }
            }
        }
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            if let depth, distance[current]! >= depth { continue }
            for next in index.requirements[current] + index.dependents[current] where distance[next] == nil {
                distance[next] = distance[current]! + 1
                queue.append(next)
            }
        }
        nodes = distance.keys.sorted()
    }

    struct Edge: Hashable {
        var from: Int
        var to: Int
        var label: String
    }

    /// Edges among the drawn nodes: prerequisite → dependent.
    var edges: [Edge] {
        let graph = index.graph
        let drawn = Set(nodes)
        var result: [Edge] = []
        var seen = Set<Edge>()
        for node in nodes {
            for dependency in graph.dependencies[node].declared {
                guard let target = dependency.resolution.node, drawn.contains(target) else { continue }
                let label = switch dependency.via {
                case .decision: "blocks"
                case .requires: "requires"
                case .dependsOn, .workplan: "depends_on"
                }
                // A task inheriting its workplan's depends_on is drawn once, from the workplan.
                if dependency.via == .workplan { continue }
                let edge = Edge(from: target, to: node, label: label)
                if seen.insert(edge).inserted { result.append(edge) }
            }
        }
        return result
    }

    /// Unresolved references, drawn as dashed nodes.
    var unresolved: [(from: Int, text: String, reason: String)] {
        let graph = index.graph
        return nodes.flatMap { node in
            graph.dependencies[node].declared.compactMap { dependency in
                dependency.resolution.node == nil && dependency.via != .workplan
                    ? (node, dependency.reference.text, dependency.resolution.label) : nil
            }
        }
    }

    public func render(_ format: OutputFormat, in context: RenderContext = RenderContext()) throws(RenderError) -> String {
        switch format {
        case .mermaid: mermaid()
        case .dot: dot()
        default: throw unsupported(format)
        }
    }

    // MARK: Status classes

    enum StatusClass: String, CaseIterable {
        case complete, active, blocked, waiting, open, closed

        var fill: String {
            switch self {
            case .complete: "#d4edda"
            case .active: "#cce5ff"
            case .blocked: "#f8d7da"
            case .waiting: "#fff3cd"
            case .open: "#f8f9fa"
            case .closed: "#e2e3e5"
            }
        }

        var stroke: String {
            switch self {
            case .complete: "#2e7d32"
            case .active: "#1565c0"
            case .blocked: "#c62828"
            case .waiting: "#b8860b"
            case .open: "#6c757d"
            case .closed: "#9e9e9e"
            }
        }
    }

    func statusClass(_ node: Int) -> StatusClass {
        let value = index.graph.nodes[node]
        if index.isComplete(node) { return .complete }
        if value.kind == .task, index.analysis.states[node]?.isBlocked == true { return .blocked }
        // By role, never by word: a renamed lifecycle draws the same graph.
        guard let status = value.status, let roles = index.graph.workspace.lifecycles.of(value.kind)?.roles(of: status) else { return .open }
        if roles.contains(.active) { return .active }
        if roles.contains(.waiting) { return .waiting }
        if roles.contains(.closed) { return .closed }
        return .open
    }

    func label(_ node: Int) -> String {
        let value = index.graph.nodes[node]
        let status = value.status?.rawValue ?? "gate"
        switch value.kind {
        case .workplan:
            let progress = value.workplanIndex.map { index.graph.progress(ofWorkplan: $0) }
            return "\(value.id)\n\(value.title)\n\(status)" + (progress.map { " · \($0.complete)/\($0.total) done" } ?? "")
        case .task, .decision:
            return "\(value.title == value.id ? value.id : value.title)\n\(value.id) · \(status)"
        case .gate:
            return "gate \(value.id)\n\(index.isComplete(node) ? "pass" : "fail")"
        }
    }

    /// Nodes grouped: repo → workplan (nil for gates outside workplans) → nodes.
    func clusters() -> [(repo: String, groups: [(workplan: Int?, nodes: [Int])])] {
        struct GroupKey: Hashable {
            var repo: Int
            var workplan: Int?
        }
        let graph = index.graph
        var repos: [(name: String, groups: [(workplan: Int?, nodes: [Int])])] = []
        // Positions looked up by hash: one pass over the nodes, however many repos and workplans.
        var repoPositions: [String: Int] = [:]
        var groupPositions: [GroupKey: Int] = [:]
        for node in nodes {
            let value = graph.nodes[node]
            let repo: Int
            if let known = repoPositions[value.repo] {
                repo = known
            } else {
                repo = repos.count
                repoPositions[value.repo] = repo
                repos.append((value.repo, []))
            }
            let key = GroupKey(repo: repo, workplan: value.workplanIndex)
            if let group = groupPositions[key] {
                repos[repo].groups[group].nodes.append(node)
            } else {
                groupPositions[key] = repos[repo].groups.count
                repos[repo].groups.append((value.workplanIndex, [node]))
            }
        }
        return repos.map { ($0.name, $0.groups) }
    }

    // MARK: Mermaid

    func mermaid() -> String {
        var lines = ["flowchart LR"]
        for (repoIndex, cluster) in clusters().enumerated() {
            lines.append("  subgraph repo\(repoIndex)[\"\(mermaidText(cluster.repo))\"]")
            for group in cluster.groups {
                let indent = group.workplan == nil ? "    " : "      "
                if let workplan = group.workplan {
                    lines.append("    subgraph wp\(workplan)[\"\(mermaidText(index.graph.workplans[workplan].id))\"]")
                }
                for node in group.nodes {
                    let text = mermaidText(label(node))
                    let shape = switch index.graph.nodes[node].kind {
                    case .workplan: "n\(node)[[\"\(text)\"]]"
                    case .task: "n\(node)[\"\(text)\"]"
                    case .decision: "n\(node){\"\(text)\"}"
                    case .gate: "n\(node){{\"\(text)\"}}"
                    }
                    lines.append(indent + shape)
                }
                if group.workplan != nil { lines.append("    end") }
            }
            lines.append("  end")
        }
        for edge in edges {
            lines.append("  n\(edge.from) -->|\(edge.label)| n\(edge.to)")
        }
        for (offset, item) in unresolved.enumerated() {
            lines.append("  u\(offset)[\"\(mermaidText("? \(item.text)\n\(item.reason)"))\"]")
            lines.append("  u\(offset) -.->|unresolved| n\(item.from)")
            lines.append("  class u\(offset) blocked")
        }
        for status in StatusClass.allCases {
            lines.append("  classDef \(status.rawValue) fill:\(status.fill),stroke:\(status.stroke),color:#111")
        }
        var byClass: [StatusClass: [Int]] = [:]
        for node in nodes { byClass[statusClass(node), default: []].append(node) }
        for status in StatusClass.allCases {
            guard let members = byClass[status], !members.isEmpty else { continue }
            lines.append("  class \(members.map { "n\($0)" }.joined(separator: ",")) \(status.rawValue)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid label text: control characters shown, quotes and angle brackets as entities,
    /// newlines as `<br/>` (see ``Swift/String/mermaidLabel(keepingBackticks:)``).
    func mermaidText(_ text: String) -> String {
        text.mermaidLabel()
    }

    // MARK: DOT

    func dot() -> String {
        var lines = [
            "digraph wp {",
            "  rankdir=LR;",
            "  graph [fontname=\"Helvetica\", fontsize=11];",
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];",
            "  edge [fontname=\"Helvetica\", fontsize=9];",
        ]
        for (repoIndex, cluster) in clusters().enumerated() {
            lines.append("  subgraph cluster_repo\(repoIndex) {")
            lines.append("    label=\(dotString(cluster.repo)); style=\"rounded\"; color=\"#999999\";")
            for group in cluster.groups {
                let indent = group.workplan == nil ? "    " : "      "
                if let workplan = group.workplan {
                    lines.append("    subgraph cluster_wp\(workplan) {")
                    lines.append("      label=\(dotString(index.graph.workplans[workplan].id)); style=\"rounded,dashed\"; color=\"#bbbbbb\";")
                }
                for node in group.nodes {
                    let status = statusClass(node)
                    let shape = switch index.graph.nodes[node].kind {
                    case .workplan: "folder"
                    case .task: "box"
                    case .decision: "diamond"
                    case .gate: "hexagon"
                    }
                    lines.append(indent + "n\(node) [label=\(dotString(label(node))), shape=\(shape), fillcolor=\"\(status.fill)\", color=\"\(status.stroke)\"];")
                }
                if group.workplan != nil { lines.append("    }") }
            }
            lines.append("  }")
        }
        for edge in edges {
            lines.append("  n\(edge.from) -> n\(edge.to) [label=\(dotString(edge.label))];")
        }
        for (offset, item) in unresolved.enumerated() {
            lines.append("  u\(offset) [label=\(dotString("? \(item.text)\n\(item.reason)")), style=\"dashed\", color=\"#c62828\"];")
            lines.append("  u\(offset) -> n\(item.from) [style=dashed, label=\"unresolved\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT quoted string (see ``Swift/String/dotQuoted``).
    func dotString(_ text: String) -> String {
        text.dotQuoted
    }
}
