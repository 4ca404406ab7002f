/// The dependency graph read backwards: who waits on whom.
///
/// An edge `a → b` means "a depends on b" (depends_on, a decision blocking a
/// task, a gate requirement, a workplan's depends_on). A task also counts
/// toward its workplan's completion, so finishing a task helps whatever
/// depends on its workplan: `workplan → task` is an edge too.
public struct DependencyIndex: Sendable {
    public let analysis: BlockingAnalysis
    /// `dependents[b]`: nodes with an edge to `b`.
    public let dependents: Edges
    /// `requirements[a]`: nodes `a` has an edge to (resolved only).
    public let requirements: Edges
    /// Completeness of every node, gates included: a gate is complete when it passes.
    public let complete: [Bool]
    /// Every gate's result, in ``WorkspaceGraph/gates`` order.
    public let gateResults: [GateResult]
    /// The day gates were evaluated for.
    public var today: CalendarDate { gates.today }
    /// The evaluator behind ``gateResults`` (shared with the run's session).
    public let gates: GateEvaluator
    /// Position in ``WorkspaceGraph/gates`` of each gate node (nil for other nodes).
    private let gatePositions: [Int?]

    /// The edges of every node, listed on demand.
    ///
    /// Every task has an edge to each dependency of its workplan: T tasks and W
    /// dependencies are T × W edges. They are kept once per workplan and listed
    /// when asked for, so memory grows with T + W.
    public struct Edges: Sendable {
        fileprivate let lists: EdgeLists

        fileprivate let forward: Bool

        /// The nodes linked to `node`, each once, in the order the edges were declared.
        public subscript(node: Int) -> [Int] {
            forward ? lists.requirements(of: node) : lists.dependents(of: node)
        }
    }

    /// - Parameter gates: the evaluator of the same analysis; every gate's result is taken from it.
    public init(analysis: BlockingAnalysis, gates: GateEvaluator) {
        self.analysis = analysis
        let graph = analysis.graph
        let lists = EdgeLists(graph)
        dependents = Edges(lists: lists, forward: false)
        requirements = Edges(lists: lists, forward: true)
        var complete = graph.nodes.map(\.isComplete)
        self.gates = gates
        gateResults = gates.evaluateAll()
        for (result, entry) in zip(gateResults, graph.gates) where result.result == .pass {
            complete[entry.node] = true
        }
        self.complete = complete
        var gatePositions = [Int?](repeating: nil, count: graph.nodes.count)
        for (position, entry) in graph.gates.enumerated() { gatePositions[entry.node] = position }
        self.gatePositions = gatePositions
    }

    /// Whether a dependency of `node` does not resolve.
    public func hasUnresolvedDependency(_ node: Int) -> Bool {
        requirements.lists.hasUnresolved(node)
    }

    /// Whether `target` is the one requirement of `node` not complete (as written: gates never are).
    /// Stops at the second open one, however many `node` inherits.
    public func onlyOpenRequirement(of node: Int, is target: Int) -> Bool {
        var found = false
        for requirement in requirements.lists.targets(of: node).joined() where requirement != node && !graph.nodes[requirement].isComplete {
            guard requirement == target else { return false }
            found = true
        }
        return found
    }

    /// Position in ``WorkspaceGraph/gates`` (and ``gateResults``) of a gate node.
    public func gatePosition(of node: Int) -> Int? { gatePositions[node] }

    public func isComplete(_ node: Int) -> Bool { complete[node] }

    public var graph: WorkspaceGraph { analysis.graph }

    /// Every open node that (transitively) waits on `node`, nearest first, without `node`.
    /// Complete nodes end a path: finishing `node` changes nothing beyond them.
    public func transitiveDependents(of node: Int, limit: Int = .max) -> [Int] {
        var seen: Set<Int> = [node]
        var queue = [node]
        var result: [Int] = []
        var head = 0
        while head < queue.count, result.count < limit {
            let current = queue[head]
            head += 1
            for next in dependents[current] where !complete[next] && seen.insert(next).inserted {
                result.append(next)
                queue.append(next)
            }
        }
        return result
    }

    /// How many open tasks wait (transitively) on `node`.
    public func openTasksWaiting(on node: Int) -> Int {
        transitiveDependents(of: node).filter { graph.nodes[$0].kind == .task }.count
    }

    /// The longest chain of incomplete dependencies below `node` (node first).
    ///
    /// For a workplan: the longest such chain through any of its open tasks.
    public func criticalPath(from node: Int) -> [Int] {
        var walk = CriticalPath(index: self)
        return walk.path(from: node)
    }
}

/// Longest chains of incomplete dependencies, one next hop per node, walked with an explicit stack.
///
/// A node met again while its own chain is being computed closes a cycle:
/// the chain ends there. Among dependencies of equal length the first wins.
private struct CriticalPath {
    enum Hop {
        /// Nothing incomplete below.
        case none
        /// The chain ends with this node, where a cycle closes.
        case end(Int)
        /// The chain goes on with this node's own longest chain.
        case through(Int)
    }

    let index: DependencyIndex
    /// Length (nodes, this one included) and next hop of each node's longest chain, once known.
    var length: [Int]
    var next: [Hop]
    var visiting: [Bool]

    init(index: DependencyIndex) {
        self.index = index
        let count = index.graph.nodes.count
        length = Array(repeating: 0, count: count)
        next = Array(repeating: .none, count: count)
        visiting = Array(repeating: false, count: count)
    }

    mutating func path(from start: Int) -> [Int] {
        compute(start)
        var path = [start]
        var hop = next[start]
        while true {
            switch hop {
            case .none: return path
            case .end(let last): return path + [last]
            case .through(let node):
                path.append(node)
                hop = next[node]
            }
        }
    }

    private mutating func compute(_ start: Int) {
        // Each frame: a node, the position in its requirements, its best hop and length so far.
        var stack: [(node: Int, position: Int, best: Hop, bestLength: Int)] = [(start, 0, .none, 0)]
        visiting[start] = true
        while let top = stack.last {
            let requirements = index.requirements[top.node]
            var frame = top
            var descend: Int?
            while frame.position < requirements.count {
                let candidate = requirements[frame.position]
                frame.position += 1
                guard !index.complete[candidate] else { continue }
                if length[candidate] > 0 {
                    if length[candidate] > frame.bestLength { (frame.best, frame.bestLength) = (.through(candidate), length[candidate]) }
                } else if visiting[candidate] {
                    if 1 > frame.bestLength { (frame.best, frame.bestLength) = (.end(candidate), 1) }
                } else {
                    descend = candidate
                    // Come back to this requirement once its chain is known.
                    frame.position -= 1
                    break
                }
            }
            stack[stack.count - 1] = frame
            if let descend {
                visiting[descend] = true
                stack.append((descend, 0, .none, 0))
                continue
            }
            stack.removeLast()
            length[frame.node] = frame.bestLength + 1
            next[frame.node] = frame.best
            visiting[frame.node] = false
        }
    }
}

/// Edges stored once: a node's own targets, its workplan's shared ones, and who inherits which.
///
/// An edge `a → b` for each resolved dependency of `a` (its own, its
/// workplan's, those added by decisions and gate requirements), then
/// `workplan → task` for each task; each pair once, never `a → a`.
private final class EdgeLists: Sendable {
    let graph: WorkspaceGraph
    /// Targets of each node's own and added dependencies, in order.
    let own: [[Int]]
    let added: [[Int]]
    /// Targets of each workplan's dependencies, which its tasks inherit.
    let inherited: [[Int]]
    /// Nodes with an own or added edge to each node, ascending.
    let declaredDependents: [[Int]]
    /// Workplans whose tasks inherit an edge to each node.
    let inheritingWorkplans: [[Int]]
    /// Whether a node's own or added dependencies, or a workplan's inherited ones, hold one that does not resolve.
    let declaredUnresolved: [Bool]
    let inheritedUnresolved: [Bool]

    init(_ graph: WorkspaceGraph) {
        self.graph = graph
        func targets(_ dependencies: [WorkspaceGraph.Dependency]) -> [Int] { dependencies.compactMap(\.resolution.node) }
        declaredUnresolved = graph.dependencies.map { $0.declared.contains { $0.resolution.node == nil } }
        inheritedUnresolved = graph.workplanNodes.indices.map { index in
            graph.taskNodes[index].first.map { graph.dependencies[$0].inherited.contains { $0.resolution.node == nil } } ?? false
        }
        own = graph.dependencies.map { targets($0.own) }
        added = graph.dependencies.map { targets($0.added) }
        inherited = graph.workplanNodes.indices.map { index in
            graph.taskNodes[index].first.map { targets(graph.dependencies[$0].inherited) } ?? []
        }
        var declaredDependents = [[Int]](repeating: [], count: graph.nodes.count)
        for node in graph.nodes.indices {
            for target in own[node] + added[node] where target != node && declaredDependents[target].last != node {
                declaredDependents[target].append(node)
            }
        }
        self.declaredDependents = declaredDependents
        var inheritingWorkplans = [[Int]](repeating: [], count: graph.nodes.count)
        for (workplan, targets) in inherited.enumerated() {
            for target in targets where inheritingWorkplans[target].last != workplan { inheritingWorkplans[target].append(workplan) }
        }
        self.inheritingWorkplans = inheritingWorkplans
    }

    private func inheritedTargets(of node: Int) -> [Int] {
        guard graph.nodes[node].kind == .task, let workplan = graph.nodes[node].workplanIndex else { return [] }
        return inherited[workplan]
    }

    /// Tasks of a workplan, for the workplan node.
    private func tasks(of node: Int) -> [Int] {
        guard graph.nodes[node].kind == .workplan, let workplan = graph.nodes[node].workplanIndex else { return [] }
        return graph.taskNodes[workplan]
    }

    func hasUnresolved(_ node: Int) -> Bool {
        if declaredUnresolved[node] { return true }
        guard graph.nodes[node].kind == .task, let workplan = graph.nodes[node].workplanIndex else { return false }
        return inheritedUnresolved[workplan]
    }

    /// Every target of `node`'s edges in order, repeats and `node` itself included.
    func targets(of node: Int) -> [[Int]] {
        [own[node], inheritedTargets(of: node), added[node], tasks(of: node)]
    }

    func requirements(of node: Int) -> [Int] {
        var seen = Set<Int>()
        var result: [Int] = []
        for target in targets(of: node).joined() where target != node && seen.insert(target).inserted {
            result.append(target)
        }
        return result
    }

    func dependents(of node: Int) -> [Int] {
        // Dependency edges first, by the depending node; then the workplan, for a task.
        var linked = declaredDependents[node]
        for workplan in inheritingWorkplans[node] {
            linked += graph.taskNodes[workplan].filter { $0 != node }
        }
        linked.sort()
        var result: [Int] = []
        for from in linked where result.last != from { result.append(from) }
        let value = graph.nodes[node]
        if value.kind == .task, let workplan = value.workplanIndex {
            let workplanNode = graph.workplanNodes[workplan]
            if workplanNode != node, !result.contains(workplanNode) { result.append(workplanNode) }
        }
        return result
    }
}

/// Ranks for ordering: smaller sorts first.
enum PriorityRank {
    static func of(_ priority: String?) -> Int {
        switch priority?.lowercased() {
        case "critical": 0
        case "high": 1
        case "medium": 2
        case "low": 3
        default: 4
        }
    }
}
