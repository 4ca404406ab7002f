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

    public init(analysis: BlockingAnalysis) {
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
    }

    public var graph: WorkspaceGraph { analysis.graph }

    /// Every node that (transitively) waits on `node`, nearest first, without `node`.
    public func transitiveDependents(of node: Int, limit: Int = .max) -> [Int] {
        var seen: Set<Int> = [node]
        var queue = [node]
        var result: [Int] = []
        var head = 0
        while head < queue.count, result.count < limit {
            let current = queue[head]
            head += 1
            for next in dependents[current] where seen.insert(next).inserted {
                result.append(next)
                queue.append(next)
            }
        }
        return result
    }

    /// How many open tasks wait (transitively) on `node`.
    public func openTasksWaiting(on node: Int) -> Int {
        transitiveDependents(of: node).filter { graph.nodes[$0].kind == .task && !graph.nodes[$0].isComplete }.count
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
            for next in requirements[current] where !graph.nodes[next].isComplete {
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
