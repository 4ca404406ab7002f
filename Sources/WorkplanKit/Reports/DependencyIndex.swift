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

    /// - Parameter today: `YYYY-MM-DD`, for the age of evidence that gates require.
    public init(analysis: BlockingAnalysis, today: String = GateEvaluator.currentDate()) {
        self.analysis = analysis
        let graph = analysis.graph
        var dependents = [[Int]](repeating: [], count: graph.nodes.count)
        var requirements = [[Int]](repeating: [], count: graph.nodes.count)
        func link(_ from: Int, _ to: Int) {
            guard from != to, !requirements[from].contains(to) else { return }
            requirements[from].append(to)
            dependents[to].append(from)
        }
        for (node, dependencies) in graph.dependencies.enumerated() {
            for dependency in dependencies {
                if let target = dependency.resolution.node { link(node, target) }
            }
        }
        for (index, tasks) in graph.taskNodes.enumerated() {
            for task in tasks { link(graph.workplanNodes[index], task) }
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
    }

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
        var memo: [Int: [Int]] = [:]
        var visiting = Set<Int>()
        func longest(_ current: Int) -> [Int] {
            if let known = memo[current] { return known }
            guard visiting.insert(current).inserted else { return [current] }
            defer { visiting.remove(current) }
            var best: [Int] = []
            for next in requirements[current] where !complete[next] {
                let chain = longest(next)
                if chain.count > best.count { best = chain }
            }
            let result = [current] + best
            memo[current] = result
            return result
        }
        return longest(node)
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
