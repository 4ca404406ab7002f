/// The dependency graph as Mermaid (renders in Gitea/GitHub markdown) or
/// Graphviz DOT: workplans, tasks, decisions and gates, clustered by repo and
/// workplan, coloured by status. Edges point from what must finish first to
/// what waits on it, labelled `depends_on`, `blocks` or `requires`.
public struct GraphExport: Sendable, OutputView {
    public static let formats: [OutputFormat] = [.mermaid, .dot]

    public let index: DependencyIndex
    /// Nodes to draw, in graph order.
    public let nodes: [Int]
    /// One node per workplan (and gate outside a workplan): what a team-sized graph can show.
    public private(set) var perWorkplan = false

    /// How many dependency steps around the ids `wp graph ID` draws when `--depth` is not given.
    public static let defaultDepth = 2

    /// The whole workspace, or the neighbourhood of `roots` up to `depth` steps either way (every
    /// step when nil). `openOnly` leaves out finished and closed work (complete, or a status with
    /// the closed role), except the roots asked for.
    public init(index: DependencyIndex, roots: [Int] = [], depth: Int? = nil, openOnly: Bool = false) {
        self.index = index
        let graph = index.graph
        func shown(_ node: Int) -> Bool { !openOnly || !Self.isFinished(node, index: index) }
        guard !roots.isEmpty else {
            nodes = graph.nodes.indices.filter(shown)
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
            for next in index.requirements[current] + index.dependents[current] + Self.evidenceTasks(of: current, index: index)
            where distance[next] == nil {
                distance[next] = distance[current]! + 1
                queue.append(next)
            }
        }
        let rootSet = Set(roots)
        nodes = distance.keys.sorted().filter { rootSet.contains($0) || shown($0) }
    }

    /// The same graph one node per workplan: each workplan stands for its tasks and decisions,
    /// an edge joins two plans when something of one waits on something of the other.
    public func perWorkplanView() -> GraphExport {
        let graph = index.graph
        let drawn = Set(nodes.map(owner))
        var view = GraphExport(index: index, nodes: graph.nodes.indices.filter { drawn.contains($0) })
        view.perWorkplan = true
        return view
    }

    /// The drawn nodes one per repo: how many open workplans (and gates) and elements each holds,
    /// and how many plan-to-plan waits join two repos. What a report shows when even one node per
    /// workplan is more than ``Limits/reportGraphWorkplans``: Graphviz took more than 60 s on the
    /// per-workplan graph of 10,000 workplans, and no one reads thousands of nodes.
    public func repoSummary() -> RepoSummary {
        let graph = index.graph
        let plans = perWorkplan ? self : perWorkplanView()
        var positions: [String: Int] = [:]
        var repos: [RepoSummary.Repo] = []
        func position(_ name: String) -> Int {
            if let known = positions[name] { return known }
            positions[name] = repos.count
            repos.append(RepoSummary.Repo(name: name, workplans: 0, elements: 0, waitsInside: 0))
            return repos.count - 1
        }
        for node in nodes { repos[position(graph.nodes[node].repo)].elements += 1 }
        for node in plans.nodes { repos[position(graph.nodes[node].repo)].workplans += 1 }
        var between: [RepoSummary.Link: Int] = [:]
        var order: [RepoSummary.Link] = []
        for edge in plans.edges {
            let from = position(graph.nodes[edge.from].repo), to = position(graph.nodes[edge.to].repo)
            if from == to {
                repos[from].waitsInside += 1
                continue
            }
            let link = RepoSummary.Link(from: from, to: to)
            if between[link] == nil { order.append(link) }
            between[link, default: 0] += 1
        }
        return RepoSummary(repos: repos, links: order.map { ($0, between[$0]!) })
    }

    /// The node that stands for `node` in the per-workplan view: its workplan, or itself.
    func owner(_ node: Int) -> Int {
        let value = index.graph.nodes[node]
        guard value.kind != .workplan, let workplanIndex = value.workplanIndex else { return node }
        return index.graph.workplanNodes[workplanIndex]
    }

    /// Finished work: complete, a status with the closed role (a cancelled workplan), or an
    /// item of a workplan that is finished or closed.
    static func isFinished(_ node: Int, index: DependencyIndex) -> Bool {
        func ended(_ node: Int) -> Bool {
            if index.isComplete(node) { return true }
            let value = index.graph.nodes[node]
            guard let status = value.status, let lifecycle = index.graph.workspace.lifecycles.of(value.kind) else { return false }
            return lifecycle.has(.closed, status)
        }
        if ended(node) { return true }
        let value = index.graph.nodes[node]
        guard value.kind != .workplan, let workplanIndex = value.workplanIndex else { return false }
        return ended(index.graph.workplanNodes[workplanIndex])
    }

    /// The tasks whose evidence a gate's `evidence:` requirements found (as its evaluation resolved them).
    static func evidenceTasks(of node: Int, index: DependencyIndex) -> [Int] {
        let graph = index.graph
        guard graph.nodes[node].kind == .gate, let position = index.gatePosition(of: node) else { return [] }
        return index.gateResults[position].requirements.compactMap { requirement in
            guard requirement.kind == "evidence", let id = requirement.id else { return nil }
            let tasks = graph.nodes(withID: id).filter { graph.nodes[$0].kind == .task }
            return tasks.count == 1 ? tasks[0] : nil
        }
    }

    /// Exactly `nodes` (indices into the graph; drawn in graph order).
    public init(index: DependencyIndex, nodes: [Int]) {
        self.index = index
        self.nodes = nodes.sorted()
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
        if perWorkplan {
            // Every element's links, lifted to the plans (and gates) that hold them: one pass.
            var pairs = Set<[Int]>()
            for node in graph.nodes.indices {
                let to = owner(node)
                guard drawn.contains(to) else { continue }
                let sources = graph.dependencies[node].declared.compactMap { $0.via == .workplan ? nil : $0.resolution.node }
                    + Self.evidenceTasks(of: node, index: index)
                for source in sources {
                    let from = owner(source)
                    guard from != to, drawn.contains(from), pairs.insert([from, to]).inserted else { continue }
                    result.append(Edge(from: from, to: to, label: graph.nodes[to].kind == .gate ? "requires" : "waits on"))
                }
            }
            return result
        }
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
            // Evidence is a requirement too: the task that records it feeds the gate.
            for task in Self.evidenceTasks(of: node, index: index) where drawn.contains(task) {
                let edge = Edge(from: task, to: node, label: "evidence")
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
        case complete, active, blocked, waiting, open, closed, failing

        var fill: String {
            switch self {
            case .complete: "#d4edda"
            case .active: "#cce5ff"
            case .blocked: "#f8d7da"
            case .waiting: "#fff3cd"
            case .open: "#f8f9fa"
            case .closed: "#e2e3e5"
            case .failing: "#f5c6cb"
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
            case .failing: "#b71c1c"
            }
        }
    }

    func statusClass(_ node: Int) -> StatusClass {
        let value = index.graph.nodes[node]
        if index.isComplete(node) { return .complete }
        // A gate that does not pass is failing (or undecided): red, never the grey of work not started.
        if value.kind == .gate { return .failing }
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
            let result = index.gatePosition(of: node).map { index.gateResults[$0].result.rawValue } ?? "fail"
            return "gate \(value.id)\n\(result)"
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
            // Per workplan, each plan is a node of its repo, not a cluster of one.
            let key = GroupKey(repo: repo, workplan: perWorkplan ? nil : value.workplanIndex)
            if let group = groupPositions[key] {
                repos[repo].groups[group].nodes.append(node)
            } else {
                groupPositions[key] = repos[repo].groups.count
                repos[repo].groups.append((key.workplan, [node]))
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
            // Per workplan (a team-sized graph) there are no clusters: Graphviz's cluster layout
            // fails on them ("trouble in init_rank") where the flat one takes seconds.
            if perWorkplan {
                for node in cluster.groups.flatMap(\.nodes) {
                    let status = statusClass(node)
                    let shape = index.graph.nodes[node].kind == .gate ? "hexagon" : "folder"
                    lines.append("  n\(node) [label=\(dotString(label(node) + "\n" + cluster.repo)), shape=\(shape), fillcolor=\"\(status.fill)\", color=\"\(status.stroke)\"];")
                }
                continue
            }
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

/// The open work of a workspace one node per repo (``GraphExport/repoSummary()``): a graph
/// that stays small and readable however many workplans there are.
public struct RepoSummary: Sendable, Equatable {
    public struct Repo: Sendable, Equatable {
        public var name: String
        /// Open workplans, and gates outside workplans.
        public var workplans: Int
        /// Open workplans, tasks, decisions and gates.
        public var elements: Int
        /// Plan-to-plan waits with both plans in this repo.
        public var waitsInside: Int
    }

    struct Link: Hashable, Sendable {
        var from: Int
        var to: Int
    }

    public var repos: [Repo]
    /// Plan-to-plan waits across repos: `count` plans of `to` wait on plans of `from`.
    var links: [(link: Link, count: Int)]

    public static func == (lhs: RepoSummary, rhs: RepoSummary) -> Bool {
        lhs.repos == rhs.repos && lhs.links.elementsEqual(rhs.links) { $0.link == $1.link && $0.count == $1.count }
    }

    func label(_ repo: Repo) -> String {
        "\(repo.name)\n\(repo.workplans) open workplan\(repo.workplans == 1 ? "" : "s") · \(repo.elements) open elements"
            + (repo.waitsInside == 0 ? "" : "\n\(repo.waitsInside) plan-to-plan wait\(repo.waitsInside == 1 ? "" : "s") inside")
    }

    func waits(_ count: Int) -> String { "\(count) wait\(count == 1 ? "" : "s")" }

    /// Mermaid, as ``GraphExport`` writes it: repo names through ``Swift/String/mermaidLabel(keepingBackticks:)``.
    public func mermaid() -> String {
        var out = "flowchart LR\n"
        for (position, repo) in repos.enumerated() {
            out += "  r\(position)[\"\(label(repo).mermaidLabel())\"]\n"
        }
        for (link, count) in links {
            out += "  r\(link.from) -->|\(waits(count))| r\(link.to)\n"
        }
        return out
    }

    /// DOT, every label quoted with ``Swift/String/dotQuoted``.
    public func dot() -> String {
        // Top to bottom: a handful of repos joined both ways is narrower so than left to right.
        var out = "digraph wp {\n  rankdir=TB;\n  graph [fontname=\"Helvetica\", fontsize=11, nodesep=0.6, ranksep=0.8];\n"
        out += "  node [shape=folder, style=\"rounded,filled\", fillcolor=\"#f8f9fa\", fontname=\"Helvetica\", fontsize=12];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for (position, repo) in repos.enumerated() {
            out += "  r\(position) [label=\(label(repo).dotQuoted)];\n"
        }
        for (link, count) in links {
            out += "  r\(link.from) -> r\(link.to) [label=\(waits(count).dotQuoted)];\n"
        }
        return out + "}\n"
    }
}
