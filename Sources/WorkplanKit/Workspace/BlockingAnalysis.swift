/// Which tasks are blocked, on what, and what lies at the bottom of each chain.
///
/// Computed once over the whole graph. Each node keeps at most
/// ``Limits/chainsPerNode`` roots, and for each root only the next hop toward
/// it: a chain is rebuilt by following next hops when it is asked for. So
/// memory grows with the number of nodes, not with the length of the chains
/// through them (a chain of N tasks has N chains of up to N links: kept whole
/// they would take N² links).
public struct BlockingAnalysis: Sendable {
    /// One step of a chain from a blocker down to its root.
    public enum Link: Hashable, Sendable {
        case node(Int)
        /// A reference that does not resolve: unknown, hence never complete.
        case unresolved(Reference, WorkspaceGraph.Resolution)
    }

    /// A chain from a node (or an unresolved reference) down to one root, the root last.
    ///
    /// Only its root and length are stored; ``links`` rebuilds it and
    /// ``shown(limit:)`` gives the bounded form to print.
    public struct Chain: Hashable, Sendable {
        enum Start: Hashable, Sendable {
            /// Route `route` of `node` in the table.
            case route(node: Int, route: Int)
            /// A chain of one link that is not a node of the table (an unresolved reference).
            case single(Link)
        }

        let table: ChainTable
        let start: Start
        /// What lies at the bottom: the last link.
        public let root: Link
        /// Links from the start to the root, both included.
        public let count: Int

        /// Every link, from the start to the root: O(``count``).
        public var links: [Link] { shown(limit: .max).links }

        /// The chain as printed: whole when it has at most `limit` links, else
        /// its first `limit - 1` links and its root, with the number left out between them.
        public func shown(limit: Int = Limits.chainLinksShown) -> (links: [Link], omitted: Int) {
            let limit = Swift.max(limit, 2)
            if count <= limit { return (prefix(count), 0) }
            return (prefix(limit - 1) + [root], count - limit)
        }

        /// The first `length` links.
        private func prefix(_ length: Int) -> [Link] {
            switch start {
            case .single(let link):
                return [link]
            case .route(let node, let route):
                var links: [Link] = [.node(node)]
                links.reserveCapacity(length)
                var step = table.routes[node][route]
                while links.count < length {
                    switch step.next {
                    case .none:
                        return links
                    case .end(let link):
                        links.append(link)
                        return links
                    case .through(let child, let childRoute):
                        links.append(.node(child))
                        step = table.routes[child][childRoute]
                    }
                }
                return links
            }
        }

        /// The chain in words: names of the links shown, with `… N more` where links are left out.
        public func printed(limit: Int = Limits.chainLinksShown, _ name: (Link) -> String) -> [String] {
            let (links, omitted) = shown(limit: limit)
            var names = links.map(name)
            if omitted > 0 { names.insert(Self.omission(omitted), at: names.count - 1) }
            return names
        }

        /// `… 1 more` / `… 12 more`: stands for the links left out of a printed chain.
        public static func omission(_ count: Int) -> String { "… \(count) more" }

        public static func == (left: Chain, right: Chain) -> Bool {
            left.root == right.root && left.count == right.count && left.links == right.links
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(root)
            hasher.combine(count)
        }
    }

    /// Something that keeps a task from being done.
    public struct Blocker: Hashable, Sendable {
        public var dependency: WorkspaceGraph.Dependency
        let table: ChainTable

        /// Chains from the blocker down to each root (at most ``Limits/chainsPerNode``), rebuilt on demand.
        public var chains: [Chain] { table.chains(from: dependency) }

        public static func == (left: Blocker, right: Blocker) -> Bool {
            left.dependency == right.dependency && left.chains == right.chains
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(dependency)
        }
    }

    /// The blockers of one task, in dependency order; those inherited from its
    /// workplan are one copy shared by all the workplan's tasks.
    public struct BlockerList: RandomAccessCollection, ExpressibleByArrayLiteral, Hashable, Sendable {
        var own: [Blocker]
        var inherited: [Blocker]
        var added: [Blocker]

        init(own: [Blocker], inherited: [Blocker], added: [Blocker]) {
            self.own = own
            self.inherited = inherited
            self.added = added
        }

        public init(arrayLiteral elements: Blocker...) {
            self.init(own: elements, inherited: [], added: [])
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { own.count + inherited.count + added.count }

        public subscript(position: Int) -> Blocker {
            if position < own.count { return own[position] }
            if position < own.count + inherited.count { return inherited[position - own.count] }
            return added[position - own.count - inherited.count]
        }

        public static func == (left: BlockerList, right: BlockerList) -> Bool { left.elementsEqual(right) }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            for blocker in self { hasher.combine(blocker) }
        }
    }

    public struct TaskState: Hashable, Sendable {
        /// Not complete and waiting: by its own status or on an open dependency.
        public var isBlocked: Bool
        /// Its status (`blocked`, `wait`) says it waits.
        public var waitsByStatus: Bool
        public var blockers: BlockerList
    }

    /// Chains kept per node; more say nothing new to a reader.
    static let chainLimit = Limits.chainsPerNode

    public let graph: WorkspaceGraph
    /// State of each task node (nil for other kinds).
    public private(set) var states: [TaskState?]
    /// Next hops toward the roots of every node, filled in the order the states are computed.
    let table: ChainTable
    /// Nodes from which a cycle can be reached: their chains depend on where a walk enters the cycle.
    private let reachesCycle: [Bool]

    public init(_ graph: WorkspaceGraph) {
        self.graph = graph
        var builder = ChainTableBuilder(graph: graph)
        var states = [TaskState?](repeating: nil, count: graph.nodes.count)
        // Open dependencies of a blocked task: its own and added ones, and its workplan's (shared, by workplan index).
        var blocking: [(node: Int, waits: Bool, own: [WorkspaceGraph.Dependency], added: [WorkspaceGraph.Dependency])] = []
        var inheritedOpen: [Int: [WorkspaceGraph.Dependency]] = [:]
        let lifecycle = graph.workspace.lifecycles.task
        func open(_ dependencies: [WorkspaceGraph.Dependency], _ builder: inout ChainTableBuilder) -> [WorkspaceGraph.Dependency] {
            dependencies.filter { dependency in
                guard builder.isOpen(dependency.resolution) else { return false }
                if let target = dependency.resolution.node { builder.compute(target) }
                return true
            }
        }
        // By index, field by field: copying each `Node` out (its strings retained and released) showed in profiles.
        for index in graph.nodes.indices where graph.nodes[index].kind == .task {
            guard !graph.nodes[index].isComplete else {
                states[index] = TaskState(isBlocked: false, waitsByStatus: false, blockers: [])
                continue
            }
            let waits = graph.nodes[index].status.map { lifecycle.isWaiting($0) } ?? false
            let dependencies = graph.dependencies[index]
            // In dependency order: the first task of a workplan computes the inherited roots, the others find them known.
            let own = open(dependencies.own, &builder)
            if let workplan = graph.nodes[index].workplanIndex, inheritedOpen[workplan] == nil {
                inheritedOpen[workplan] = open(dependencies.inherited, &builder)
            }
            blocking.append((index, waits, own, open(dependencies.added, &builder)))
        }
        // Every other node too, so `rootChains(of:)` can answer from the table.
        for node in graph.nodes.indices { builder.compute(node) }
        let table = ChainTable(routes: builder.routes)
        let inheritedBlockers = inheritedOpen.mapValues { $0.map { Blocker(dependency: $0, table: table) } }
        for (node, waits, own, added) in blocking {
            let blockers = BlockerList(
                own: own.map { Blocker(dependency: $0, table: table) },
                inherited: graph.nodes[node].workplanIndex.flatMap { inheritedBlockers[$0] } ?? [],
                added: added.map { Blocker(dependency: $0, table: table) })
            states[node] = TaskState(isBlocked: waits || !blockers.isEmpty, waitsByStatus: waits, blockers: blockers)
        }
        self.states = states
        self.table = table
        self.reachesCycle = ChainTableBuilder.nodesReachingCycles(graph)
    }

    /// Blocked task nodes in workspace order.
    public var blockedTasks: [Int] {
        states.indices.filter { states[$0]?.isBlocked == true }
    }

    /// Chains from any node down to the roots that keep it open (the node itself when nothing below does).
    ///
    /// Where a cycle can be reached, the chains depend on where the walk
    /// enters it: those are walked afresh from `node`, as a reader following
    /// the dependencies from there would.
    public func rootChains(of node: Int) -> [Chain] {
        guard reachesCycle[node] else { return table.chains(from: node) }
        var builder = ChainTableBuilder(graph: graph)
        builder.compute(node)
        return ChainTable(routes: builder.routes).chains(from: node)
    }

    /// The distinct roots of a task's blockers.
    public func roots(of task: Int) -> [Link] {
        var seen = Set<Link>()
        var result: [Link] = []
        for blocker in states[task]?.blockers ?? [] {
            for chain in blocker.chains where seen.insert(chain.root).inserted {
                result.append(chain.root)
            }
        }
        return result
    }
}

/// The roots of each node, as next hops. Immutable once built, shared by every blocker.
final class ChainTable: Sendable {
    /// How a chain goes on after a node.
    enum Hop: Hashable, Sendable {
        /// The node is its own root: nothing open below it.
        case none
        /// One more link ends the chain: an unresolved reference, or a node where a cycle closes.
        case end(BlockingAnalysis.Link)
        /// Route `route` of node `node` continues the chain.
        case through(node: Int, route: Int)
    }

    /// One root of a node and the next hop toward it.
    struct Route: Hashable, Sendable {
        var root: BlockingAnalysis.Link
        var next: Hop
        /// Links from this node to the root, both included.
        var length: Int
    }

    /// Routes of each node (empty for a node never computed).
    let routes: [[Route]]

    init(routes: [[Route]]) {
        self.routes = routes
    }

    func chains(from node: Int) -> [BlockingAnalysis.Chain] {
        routes[node].indices.map { index in
            let route = routes[node][index]
            return BlockingAnalysis.Chain(table: self, start: .route(node: node, route: index), root: route.root, count: route.length)
        }
    }

    func chains(from dependency: WorkspaceGraph.Dependency) -> [BlockingAnalysis.Chain] {
        guard let node = dependency.resolution.node else {
            let link = BlockingAnalysis.Link.unresolved(dependency.reference, dependency.resolution)
            return [BlockingAnalysis.Chain(table: self, start: .single(link), root: link, count: 1)]
        }
        return chains(from: node)
    }
}

/// Fills a ``ChainTable`` with an explicit stack, so a chain of any length cannot overflow the call stack.
///
/// A node's roots are the first ``Limits/chainsPerNode`` distinct roots met
/// below it, in dependency order: its open dependencies, then (for a
/// workplan) its open tasks until enough candidates are in hand. A node met
/// again while its own roots are being computed closes a cycle: the chain
/// ends there (lint names the cycle).
struct ChainTableBuilder {
    let graph: WorkspaceGraph
    private(set) var routes: [[ChainTable.Route]]
    private var done: [Bool]
    private var visiting: [Bool]
    /// Open dependencies as steps, the inherited ones once per workplan.
    private let steps: StepLists

    /// Where an open dependency leads: a node, or an unresolved reference (a root by itself).
    enum Step {
        case node(Int)
        case unresolved(BlockingAnalysis.Link)
    }

    /// Each node's open dependencies in order, without copying the ones its workplan shares among its tasks.
    struct StepLists {
        var own: [[Step]]
        var inherited: [[Step]]  // by workplan index
        var added: [[Step]]

        init(_ graph: WorkspaceGraph, isOpen: (WorkspaceGraph.Resolution) -> Bool) {
            func steps(_ dependencies: [WorkspaceGraph.Dependency]) -> [Step] {
                dependencies.compactMap { dependency in
                    guard isOpen(dependency.resolution) else { return nil }
                    guard let node = dependency.resolution.node else {
                        return .unresolved(.unresolved(dependency.reference, dependency.resolution))
                    }
                    return .node(node)
                }
            }
            own = graph.dependencies.map { steps($0.own) }
            added = graph.dependencies.map { steps($0.added) }
            inherited = graph.workplanNodes.indices.map { index in
                graph.taskNodes[index].first.map { steps(graph.dependencies[$0].inherited) } ?? []
            }
        }

        func count(_ node: Int, in graph: WorkspaceGraph) -> Int {
            own[node].count + inheritedOf(node, in: graph).count + added[node].count
        }

        func inheritedOf(_ node: Int, in graph: WorkspaceGraph) -> [Step] {
            guard graph.nodes[node].kind == .task, let workplan = graph.nodes[node].workplanIndex else { return [] }
            return inherited[workplan]
        }
    }

    /// A node whose roots are being computed.
    private struct Frame {
        var node: Int
        /// Next dependency to look at (own, inherited, added); then next task (for a workplan).
        var dependency = 0
        var task = 0
        /// Waiting for this child's roots.
        var pending: Int?
        /// Roots met below, as they come; only the first of each root is kept, up to the limit.
        var candidates = 0
        var result: [ChainTable.Route] = []
        var roots = Set<BlockingAnalysis.Link>()

        mutating func offer(root: BlockingAnalysis.Link, next: ChainTable.Hop, length: Int) {
            candidates += 1
            guard result.count < BlockingAnalysis.chainLimit, roots.insert(root).inserted else { return }
            result.append(ChainTable.Route(root: root, next: next, length: length + 1))
        }
    }

    /// Candidates a workplan gathers from its tasks before it stops looking.
    static let candidatesPerWorkplan = BlockingAnalysis.chainLimit * 4

    init(graph: WorkspaceGraph) {
        self.graph = graph
        routes = Array(repeating: [], count: graph.nodes.count)
        done = Array(repeating: false, count: graph.nodes.count)
        visiting = Array(repeating: false, count: graph.nodes.count)
        steps = StepLists(graph) { resolution in
            guard let node = resolution.node else { return true }
            return !graph.nodes[node].isComplete
        }
    }

    func isOpen(_ resolution: WorkspaceGraph.Resolution) -> Bool {
        guard let node = resolution.node else { return true }
        return !graph.nodes[node].isComplete
    }

    /// Computes the routes of `start` and of everything below it not yet known.
    mutating func compute(_ start: Int) {
        guard !done[start] else { return }
        var stack = [Frame(node: start)]
        visiting[start] = true
        while !stack.isEmpty {
            let top = stack.count - 1
            if let child = stack[top].pending {
                stack[top].pending = nil
                offerRoutes(of: child, to: &stack[top])
            }
            if let child = nextChild(&stack[top]) {
                stack[top].pending = child
                stack.append(Frame(node: child))
                visiting[child] = true
                continue
            }
            let frame = stack.removeLast()
            finish(frame)
        }
    }

    /// The step at `position` of a node's open dependencies (own, inherited, added).
    private func step(_ node: Int, _ position: Int, inherited: [Step]) -> Step {
        let own = steps.own[node]
        if position < own.count { return own[position] }
        if position < own.count + inherited.count { return inherited[position - own.count] }
        return steps.added[node][position - own.count - inherited.count]
    }

    /// Advances `frame` to the next child whose roots are unknown, gathering known ones on the way.
    private func nextChild(_ frame: inout Frame) -> Int? {
        let inherited = steps.inheritedOf(frame.node, in: graph)
        let count = steps.own[frame.node].count + inherited.count + steps.added[frame.node].count
        while frame.dependency < count {
            let next = step(frame.node, frame.dependency, inherited: inherited)
            frame.dependency += 1
            switch next {
            case .unresolved(let link):
                frame.offer(root: link, next: .end(link), length: 1)
            case .node(let child):
                if let child = gather(child, into: &frame) { return child }
            }
        }
        let value = graph.nodes[frame.node]
        guard value.kind == .workplan, let index = value.workplanIndex else { return nil }
        // An open workplan is held up by its open tasks.
        let tasks = graph.taskNodes[index]
        while frame.task < tasks.count {
            // Checked after each open task's roots are in, as they arrive.
            if frame.task > 0, frame.candidates >= Self.candidatesPerWorkplan, !graph.nodes[tasks[frame.task - 1]].isComplete {
                return nil
            }
            let task = tasks[frame.task]
            frame.task += 1
            guard !graph.nodes[task].isComplete else { continue }
            if let child = gather(task, into: &frame) { return child }
        }
        return nil
    }

    /// Offers `child`'s roots to `frame` when known (or when `child` closes a cycle); else returns it to compute.
    private func gather(_ child: Int, into frame: inout Frame) -> Int? {
        if done[child] {
            offerRoutes(of: child, to: &frame)
            return nil
        }
        if visiting[child] {
            frame.offer(root: .node(child), next: .end(.node(child)), length: 1)
            return nil
        }
        return child
    }

    private func offerRoutes(of child: Int, to frame: inout Frame) {
        let childRoutes = routes[child]
        // Once the frame holds its roots, later ones only count (a workplan stops on the count).
        guard frame.result.count < BlockingAnalysis.chainLimit else {
            frame.candidates += childRoutes.count
            return
        }
        for (index, route) in childRoutes.enumerated() {
            frame.offer(root: route.root, next: .through(node: child, route: index), length: route.length)
        }
    }

    private mutating func finish(_ frame: Frame) {
        routes[frame.node] = frame.result.isEmpty
            ? [ChainTable.Route(root: .node(frame.node), next: .none, length: 1)] : frame.result
        done[frame.node] = true
        visiting[frame.node] = false
    }

    /// Nodes from which a walk along open dependencies (and a workplan's open tasks) can reach a cycle.
    static func nodesReachingCycles(_ graph: WorkspaceGraph) -> [Bool] {
        // One extra vertex per workplan stands for the dependencies its tasks inherit: an edge per task, not per task and dependency.
        let nodeCount = graph.nodes.count
        let count = nodeCount + graph.workplans.count
        var edges = [[Int]](repeating: [], count: count)
        func openTargets(_ dependencies: [WorkspaceGraph.Dependency]) -> [Int] {
            dependencies.compactMap { dependency in
                dependency.resolution.node.flatMap { graph.nodes[$0].isComplete ? nil : $0 }
            }
        }
        for (index, workplan) in graph.workplanNodes.enumerated() {
            edges[nodeCount + index] = openTargets(graph.dependencies[graph.taskNodes[index].first ?? workplan].inherited)
        }
        for node in 0..<nodeCount {
            let dependencies = graph.dependencies[node]
            edges[node] = openTargets(dependencies.own)
            if !dependencies.inherited.isEmpty, let workplan = graph.nodes[node].workplanIndex { edges[node].append(nodeCount + workplan) }
            edges[node] += openTargets(dependencies.added)
            let value = graph.nodes[node]
            if value.kind == .workplan, let index = value.workplanIndex {
                edges[node] += graph.taskNodes[index].filter { !graph.nodes[$0].isComplete }
            }
        }
        var reaches = [Bool](repeating: false, count: count)
        // Tarjan yields each component after every component it reaches.
        for component in StronglyConnected.components(count: count, edges: edges) {
            let isCycle = component.count > 1 || edges[component[0]].contains(component[0])
            let below = component.contains { node in edges[node].contains { reaches[$0] } }
            if isCycle || below {
                for node in component { reaches[node] = true }
            }
        }
        return Array(reaches.prefix(nodeCount))
    }
}
