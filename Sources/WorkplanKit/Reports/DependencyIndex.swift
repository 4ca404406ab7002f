/// The dependency graph read backwards: who waits on whom.
///
/// An edge `a → b` means "a depends on b" (depends_on, a decision blocking a
/// task, a gate requirement, a workplan's depends_on). A task also counts
/// toward its workplan's completion, so finishing a task helps whatever
/// depends on its workplan: `workplan → task` is an edge too.
public struct DependencyIndex: Sendable {
    public let analysis: BlockingAnalysis
    /// `dependents[b]`: nodes with an edge to `b`.
    public let dependents: [[Int]]
    /// `requirements[a]`: nodes `a` has an edge to (resolved only).
    public let requirements: [[Int]]
    /// Completeness of every node, gates included: a gate is complete when it passes.
    public let complete: [Bool]
    /// Every gate's result, in ``WorkspaceGraph/gates`` order.
    public let gateResults: [GateResult]
    /// The date gates were evaluated for.
    public let today: String
    /// Position in ``WorkspaceGraph/gates`` of each gate node (nil for other nodes).
    private let gatePositions: [Int?]

    /// - Parameter today: `YYYY-MM-DD`, for the age of evidence that gates require.
    public init(analysis: BlockingAnalysis, today: String = GateEvaluator.currentDate()) {
        self.analysis = analysis
        let graph = analysis.graph
        var dependents = [[Int]](repeating: [], count: graph.nodes.count)
        var requirements = [[Int]](repeating: [], count: graph.nodes.count)
        // `linkedFrom[to] == from + 1` while `from`'s edges are added: a repeated edge is dropped in O(1).
        var linkedFrom = [Int](repeating: 0, count: graph.nodes.count)
        func link(_ from: Int, _ to: Int) {
            guard from != to, linkedFrom[to] != from + 1 else { return }
            linkedFrom[to] = from + 1
            requirements[from].append(to)
            dependents[to].append(from)
        }
        for (node, dependencies) in graph.dependencies.enumerated() {
            for dependency in dependencies {
                if let target = dependency.resolution.node { link(node, target) }
            }
        }
        for (index, tasks) in graph.taskNodes.enumerated() {
            let workplan = graph.workplanNodes[index]
            for target in requirements[workplan] { linkedFrom[target] = workplan + 1 }
            for task in tasks { link(workplan, task) }
        }
        self.dependents = dependents
        self.requirements = requirements
        var complete = graph.nodes.map(\.isComplete)
        self.today = today
        gateResults = GateEvaluator(analysis: analysis, today: today).evaluateAll()
        for (result, entry) in zip(gateResults, graph.gates) where result.result == .pass {
            complete[entry.node] = true
        }
        self.complete = complete
        var gatePositions = [Int?](repeating: nil, count: graph.nodes.count)
        for (position, entry) in graph.gates.enumerated() { gatePositions[entry.node] = position }
        self.gatePositions = gatePositions
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
