/// Which tasks are blocked, on what, and what lies at the bottom of each chain.
///
/// Computed once over the whole graph: the root chains of every node are
/// memoised, so the cost grows with the size of the graph, not with the
/// number of paths through it.
public struct BlockingAnalysis: Sendable {
    /// One step of a chain from a blocker down to its root.
    public enum Link: Hashable, Sendable {
        case node(Int)
        /// A reference that does not resolve: unknown, hence never complete.
        case unresolved(Reference, WorkspaceGraph.Resolution)
    }

    /// Something that keeps a task from being done.
    public struct Blocker: Hashable, Sendable {
        public var dependency: WorkspaceGraph.Dependency
        /// Chains from the blocker down to each root (the blocker first, the root last).
        public var chains: [[Link]]
    }

    public struct TaskState: Hashable, Sendable {
        /// Not complete and waiting: by its own status or on an open dependency.
        public var isBlocked: Bool
        /// Its status (`blocked`, `wait`) says it waits.
        public var waitsByStatus: Bool
        public var blockers: [Blocker]
    }

    /// Chains kept per node; more say nothing new to a reader.
    static let chainLimit = Limits.chainsPerNode

    public let graph: WorkspaceGraph
    /// State of each task node (nil for other kinds).
    public private(set) var states: [TaskState?]

    public init(_ graph: WorkspaceGraph) {
        self.graph = graph
        var memo = ChainMemo(graph: graph)
        var states = [TaskState?](repeating: nil, count: graph.nodes.count)
        let lifecycle = graph.workspace.lifecycles.task
        for (index, node) in graph.nodes.enumerated() where node.kind == .task {
            guard !node.isComplete else {
                states[index] = TaskState(isBlocked: false, waitsByStatus: false, blockers: [])
                continue
            }
            let waits = node.status.map { lifecycle.isWaiting($0) } ?? false
            var blockers: [Blocker] = []
            for dependency in graph.dependencies[index] where memo.isOpen(dependency.resolution) {
                blockers.append(Blocker(dependency: dependency, chains: memo.chains(from: dependency)))
            }
            states[index] = TaskState(isBlocked: waits || !blockers.isEmpty, waitsByStatus: waits, blockers: blockers)
        }
        self.states = states
    }

    /// Blocked task nodes in workspace order.
    public var blockedTasks: [Int] {
        states.indices.filter { states[$0]?.isBlocked == true }
    }

    /// Chains from any node down to the roots that keep it open (the node itself when nothing below does).
    public func rootChains(of node: Int) -> [[Link]] {
        var memo = ChainMemo(graph: graph)
        return memo.chains(from: node)
    }

    /// The distinct roots of a task's blockers.
    public func roots(of task: Int) -> [Link] {
        var seen = Set<Link>()
        var result: [Link] = []
        for blocker in states[task]?.blockers ?? [] {
            for chain in blocker.chains {
                if let root = chain.last, seen.insert(root).inserted { result.append(root) }
            }
        }
        return result
    }
}

/// Memoised chains from a node down to the roots that keep it open.
private struct ChainMemo {
    let graph: WorkspaceGraph
    var memo: [Int: [[BlockingAnalysis.Link]]] = [:]
    var visiting = Set<Int>()

    init(graph: WorkspaceGraph) {
        self.graph = graph
    }

    func isOpen(_ resolution: WorkspaceGraph.Resolution) -> Bool {
        guard let node = resolution.node else { return true }
        return !graph.nodes[node].isComplete
    }

    mutating func chains(from dependency: WorkspaceGraph.Dependency) -> [[BlockingAnalysis.Link]] {
        guard let node = dependency.resolution.node else {
            return [[.unresolved(dependency.reference, dependency.resolution)]]
        }
        return chains(from: node)
    }

    mutating func chains(from node: Int) -> [[BlockingAnalysis.Link]] {
        if let known = memo[node] { return known }
        // A cycle ends the chain where it closes; lint names the cycle.
        guard visiting.insert(node).inserted else { return [[.node(node)]] }
        defer { visiting.remove(node) }

        var below: [[BlockingAnalysis.Link]] = []
        let value = graph.nodes[node]
        for dependency in graph.dependencies[node] where isOpen(dependency.resolution) {
            below += chains(from: dependency)
        }
        if value.kind == .workplan, let index = value.workplanIndex {
            // An open workplan is held up by its open tasks.
            for task in graph.taskNodes[index] where !graph.nodes[task].isComplete {
                below += chains(from: task)
                if below.count >= BlockingAnalysis.chainLimit * 4 { break }
            }
        }
        var result: [[BlockingAnalysis.Link]] = []
        var roots = Set<BlockingAnalysis.Link>()
        for chain in below {
            guard let root = chain.last, roots.insert(root).inserted else { continue }
            result.append([.node(node)] + chain)
            if result.count == BlockingAnalysis.chainLimit { break }
        }
        if result.isEmpty { result = [[.node(node)]] }
        memo[node] = result
        return result
    }
}
