/// How many open tasks wait, directly or transitively, on each of some open
/// nodes: what `wp ready` prints as "unblocks N".
///
/// The same count as walking ``DependencyIndex/transitiveDependents(of:limit:)``
/// from every node and counting the tasks met, without walking the shared part
/// of the graph once per node: 10,000 ready tasks of one workplan that another
/// workplan of 10,000 tasks depends on made 10⁸ steps that way.
///
/// The open part of the graph (complete nodes end a path) is condensed into its
/// strongly connected components. A component with one successor reaches
/// exactly its own tasks plus what that successor reaches: those counts are
/// sums, each computed once. Only where paths fork can the sets below overlap;
/// the forking components a count needs are swept together, 64 at a time, one
/// bit each, over what they reach. In the workspaces teams write (a task waits
/// on its workplan, a workplan on a few others) nearly every component has one
/// successor and the work is linear in nodes and edges.
struct UnblockCounter {
    let index: DependencyIndex

    /// For each node of `sources` (open ones; a complete node reaches nothing), the open
    /// tasks that wait on it, itself not included.
    func counts(of sources: [Int]) -> [Int] {
        guard !sources.isEmpty else { return [] }
        let condensed = CondensedDependents(index: index)
        let totals = condensed.totals(for: sources.map { condensed.component[$0] })
        return sources.map { source in
            let own = index.graph.nodes[source].kind == .task && !index.complete[source] ? 1 : 0
            return max(0, totals[condensed.component[source]] - own)
        }
    }
}

/// The open dependents graph (an edge from what must finish first to what waits on it),
/// its strongly connected components in the order Tarjan finds them (every component
/// after all components it reaches), each with its open tasks and distinct successors.
private struct CondensedDependents {
    /// Component of each graph node (virtual workplan nodes left out).
    let component: [Int]
    /// Open tasks in each component.
    let tasks: [Int]
    /// Distinct successor components of each component; each has a smaller index.
    let successors: [[Int]]

    init(index: DependencyIndex) {
        let graph = index.graph
        let nodeCount = graph.nodes.count
        // One extra vertex per workplan stands for the dependencies its tasks inherit:
        // W targets and T tasks are W + T edges, not W × T.
        let vertexCount = nodeCount + graph.workplans.count
        func isOpen(_ vertex: Int) -> Bool { vertex >= nodeCount || !index.complete[vertex] }
        var edges = [[Int]](repeating: [], count: vertexCount)
        func link(_ from: Int, _ to: Int) {
            if from != to, isOpen(from), isOpen(to) { edges[from].append(to) }
        }
        for node in 0..<nodeCount {
            let dependencies = graph.dependencies[node]
            for dependency in dependencies.own { if let target = dependency.resolution.node { link(target, node) } }
            for dependency in dependencies.added { if let target = dependency.resolution.node { link(target, node) } }
            // A task counts toward its workplan: finishing it helps whatever waits on the workplan.
            let value = graph.nodes[node]
            if value.kind == .task, let workplan = value.workplanIndex { link(node, graph.workplanNodes[workplan]) }
        }
        for (workplan, taskNodes) in graph.taskNodes.enumerated() {
            guard let first = taskNodes.first, !graph.dependencies[first].inherited.isEmpty else { continue }
            let virtual = nodeCount + workplan
            for dependency in graph.dependencies[first].inherited {
                if let target = dependency.resolution.node { link(target, virtual) }
            }
            for task in taskNodes { link(virtual, task) }
        }

        let components = StronglyConnected.components(count: vertexCount, edges: edges)
        var componentOf = [Int](repeating: 0, count: vertexCount)
        var tasks = [Int](repeating: 0, count: components.count)
        for (position, members) in components.enumerated() {
            for vertex in members {
                componentOf[vertex] = position
                if vertex < nodeCount, graph.nodes[vertex].kind == .task, !index.complete[vertex] { tasks[position] += 1 }
            }
        }
        var successors = [[Int]](repeating: [], count: components.count)
        var lastAdded = [Int](repeating: -1, count: components.count)
        for (position, members) in components.enumerated() {
            for vertex in members {
                for target in edges[vertex] {
                    let next = componentOf[target]
                    guard next != position, lastAdded[next] != position else { continue }
                    lastAdded[next] = position
                    successors[position].append(next)
                }
            }
        }
        component = Array(componentOf.prefix(nodeCount))
        self.tasks = tasks
        self.successors = successors
    }

    /// Open tasks reached from each component (itself included), filled in for `wanted` and
    /// every component on their one-successor chains; -1 for the others.
    func totals(for wanted: [Int]) -> [Int] {
        var total = [Int](repeating: -1, count: tasks.count)
        // Where each component's chain of single successors ends (memoised, paths compressed).
        var chainEnd = [Int](repeating: -1, count: tasks.count)
        var forks: [Int] = []
        var isFork = [Bool](repeating: false, count: tasks.count)
        for start in wanted {
            var path: [Int] = []
            var current = start
            // Successors have smaller indices, so a chain always ends.
            while chainEnd[current] < 0, successors[current].count == 1 {
                path.append(current)
                current = successors[current][0]
            }
            let end = chainEnd[current] >= 0 ? chainEnd[current] : current
            if chainEnd[current] < 0 { chainEnd[current] = end }
            for member in path { chainEnd[member] = end }
            if successors[end].isEmpty {
                total[end] = tasks[end]
            } else if successors[end].count > 1, !isFork[end] {
                isFork[end] = true
                forks.append(end)
            }
        }
        sweep(forks, into: &total)
        // Successors have smaller indices: ascending order meets each one before its predecessors.
        for position in total.indices where total[position] < 0 && chainEnd[position] >= 0 && successors[position].count == 1 {
            total[position] = tasks[position] + max(0, total[successors[position][0]])
        }
        return total
    }

    /// The open tasks each of `forks` reaches, 64 forks per pass over what they reach together.
    private func sweep(_ forks: [Int], into total: inout [Int]) {
        var stamp = [Int](repeating: -1, count: tasks.count)
        var mask = [UInt64](repeating: 0, count: tasks.count)
        var chunkStart = 0
        while chunkStart < forks.count {
            let chunk = forks[chunkStart..<min(chunkStart + UInt64.bitWidth, forks.count)]
            var reached: [Int] = []
            var stack: [Int] = []
            for (bit, fork) in chunk.enumerated() {
                if stamp[fork] != chunkStart {
                    stamp[fork] = chunkStart
                    mask[fork] = 0
                    reached.append(fork)
                    stack.append(fork)
                }
                mask[fork] |= 1 << UInt64(bit)
            }
            while let current = stack.popLast() {
                for next in successors[current] where stamp[next] != chunkStart {
                    stamp[next] = chunkStart
                    mask[next] = 0
                    reached.append(next)
                    stack.append(next)
                }
            }
            // Predecessors (larger indices) first, so each mask is whole before it is passed on.
            reached.sort(by: >)
            for current in reached {
                for next in successors[current] { mask[next] |= mask[current] }
            }
            // Tasks per distinct mask, then per bit: components below a fork mostly share one mask.
            var tasksByMask: [UInt64: Int] = [:]
            for current in reached where tasks[current] > 0 { tasksByMask[mask[current], default: 0] += tasks[current] }
            var sums = [Int](repeating: 0, count: chunk.count)
            for (bits, count) in tasksByMask {
                var rest = bits
                while rest != 0 {
                    sums[rest.trailingZeroBitCount] += count
                    rest &= rest - 1
                }
            }
            for (bit, fork) in chunk.enumerated() { total[fork] = sums[bit] }
            chunkStart += UInt64.bitWidth
        }
    }
}
