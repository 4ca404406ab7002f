import Foundation
import Testing
@testable import WorkplanKit

// BlockingAnalysis keeps one next hop per (node, root) and rebuilds chains on
// demand; DependencyIndex keeps inherited edges once per workplan. These tests
// hold both to the answers of the implementations they replaced, which
// memoised whole chains recursively and stored every edge: those live on here,
// in the tests only (`ReferenceChainMemo`, `referenceEdges`), as the oracles.

/// The former `ChainMemo`, verbatim but for names: whole chains, memoised, recursive.
private struct ReferenceChainMemo {
    typealias Link = BlockingAnalysis.Link
    let graph: WorkspaceGraph
    var memo: [Int: [[Link]]] = [:]
    var visiting = Set<Int>()

    func isOpen(_ resolution: WorkspaceGraph.Resolution) -> Bool {
        guard let node = resolution.node else { return true }
        return !graph.nodes[node].isComplete
    }

    mutating func chains(from dependency: WorkspaceGraph.Dependency) -> [[Link]] {
        guard let node = dependency.resolution.node else {
            return [[.unresolved(dependency.reference, dependency.resolution)]]
        }
        return chains(from: node)
    }

    mutating func chains(from node: Int) -> [[Link]] {
        if let known = memo[node] { return known }
        guard visiting.insert(node).inserted else { return [[.node(node)]] }
        defer { visiting.remove(node) }
        var below: [[Link]] = []
        let value = graph.nodes[node]
        for dependency in graph.dependencies[node] where isOpen(dependency.resolution) {
            below += chains(from: dependency)
        }
        if value.kind == .workplan, let index = value.workplanIndex {
            for task in graph.taskNodes[index] where !graph.nodes[task].isComplete {
                below += chains(from: task)
                if below.count >= Limits.chainsPerNode * 4 { break }
            }
        }
        var result: [[Link]] = []
        var roots = Set<Link>()
        for chain in below {
            guard let root = chain.last, roots.insert(root).inserted else { continue }
            result.append([.node(node)] + chain)
            if result.count == Limits.chainsPerNode { break }
        }
        if result.isEmpty { result = [[.node(node)]] }
        memo[node] = result
        return result
    }
}

/// The former DependencyIndex edges: every edge stored, inherited ones once per task.
private func referenceEdges(_ graph: WorkspaceGraph) -> (requirements: [[Int]], dependents: [[Int]]) {
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
    return (requirements, dependents)
}

/// A small deterministic generator (SplitMix64), so a failing workspace can be written again.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Root chains from next hops")
struct BlockingChainTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ directory: String, cache: TemporaryDirectory) throws -> WorkspaceGraph {
        WorkspaceGraph(try WorkspaceLoader(offline: true, cacheDirectory: cache.absolute("cache"), environment: [:]).load(from: directory))
    }

    /// Every blocker's chains and every node's root chains, against the reference.
    static func expectSameAnswers(_ graph: WorkspaceGraph, _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let analysis = BlockingAnalysis(graph)
        // The blockers, in the order the former analysis computed them (one memo for the whole pass).
        var shared = ReferenceChainMemo(graph: graph)
        var compared = 0
        for (node, value) in graph.nodes.enumerated() where value.kind == .task && !value.isComplete {
            let open = graph.dependencies[node].filter { shared.isOpen($0.resolution) }
            let blockers = analysis.states[node]?.blockers ?? []
            #expect(blockers.map(\.dependency) == open, "\(label): blockers of \(value.id)", sourceLocation: sourceLocation)
            for (dependency, blocker) in zip(open, blockers) {
                let expected = shared.chains(from: dependency)
                let chains = blocker.chains
                #expect(chains.map(\.links) == expected, "\(label): chains of \(value.id) via \(dependency.reference.text)",
                        sourceLocation: sourceLocation)
                #expect(chains.map(\.count) == expected.map(\.count), sourceLocation: sourceLocation)
                #expect(chains.map(\.root) == expected.compactMap(\.last), sourceLocation: sourceLocation)
                compared += expected.count
            }
        }
        // rootChains(of:) walked afresh from each node, as the former one did.
        for node in graph.nodes.indices {
            var fresh = ReferenceChainMemo(graph: graph)
            let expected = fresh.chains(from: node)
            #expect(analysis.rootChains(of: node).map(\.links) == expected, "\(label): root chains of \(graph.nodes[node].id)",
                    sourceLocation: sourceLocation)
        }
        let expectedRoots = graph.nodes.indices.filter { graph.nodes[$0].kind == .task }.map { task in
            var seen = Set<BlockingAnalysis.Link>()
            return (analysis.states[task]?.blockers ?? []).flatMap { blocker in
                blocker.chains.compactMap { seen.insert($0.root).inserted ? $0.root : nil }
            }
        }
        let roots = graph.nodes.indices.filter { graph.nodes[$0].kind == .task }.map { analysis.roots(of: $0) }
        #expect(roots == expectedRoots, "\(label): roots", sourceLocation: sourceLocation)
        _ = compared

        // The dependency index lists, on demand, the edges the former one stored.
        let index = DependencyIndex(analysis: analysis, gates: GateEvaluator(analysis: analysis, today: day("2026-06-30")))
        let reference = referenceEdges(graph)
        for node in graph.nodes.indices {
            #expect(index.requirements[node] == reference.requirements[node], "\(label): requirements of \(graph.nodes[node].id)",
                    sourceLocation: sourceLocation)
            #expect(index.dependents[node] == reference.dependents[node], "\(label): dependents of \(graph.nodes[node].id)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("the example workspace, the test corpus and wp's own roadmap: the same chains as the recursive memo")
    func checkedInWorkspaces() throws {
        let cache = try TemporaryDirectory("wp-chains")
        let examples = Self.repositoryRoot.appendingPathComponent("examples")
        Self.expectSameAnswers(try Self.load(examples.appendingPathComponent("railiance-apps").path, cache: cache), "examples/railiance-apps")
        Self.expectSameAnswers(try Self.load(examples.appendingPathComponent("railiance-platform").path, cache: cache), "examples/railiance-platform")
        Self.expectSameAnswers(try Self.load(Self.repositoryRoot.path, cache: cache), "wp roadmap")

        let corpus = try TemporaryDirectory("wp-chains-corpus")
        for repo in ["railiance-apps", "railiance-platform"] {
            try FileManager.default.copyItem(at: Fixtures.corpus.appendingPathComponent(repo), to: corpus.url(repo))
        }
        try corpus.write("railiance-apps/.wp.yaml", "repo: railiance-apps\npeers:\n  railiance-platform: {path: ../railiance-platform}\n")
        try corpus.write("railiance-platform/.wp.yaml", "repo: railiance-platform\npeers:\n  railiance-apps: {path: ../railiance-apps}\n")
        let graph = try Self.load(corpus.absolute("railiance-apps"), cache: cache)
        #expect(graph.nodes.contains { $0.kind == .task && !$0.isComplete }, "the corpus has open tasks to compare")
        Self.expectSameAnswers(graph, "corpus")
    }

    /// Random workspaces: tasks depending on tasks, workplans and decisions, cycles, unknown ids, done work.
    static func randomWorkspace(seed: UInt64, in directory: TemporaryDirectory) throws {
        var random = SeededGenerator(state: seed)
        let workplans = Int.random(in: 2...5, using: &random)
        let tasks = (0..<workplans).map { _ in Int.random(in: 1...14, using: &random) }
        func anyTask() -> String {
            let plan = Int.random(in: 0..<workplans, using: &random)
            return String(format: "RN-WP-%04d-T%02d", plan + 1, Int.random(in: 1...tasks[plan], using: &random))
        }
        try directory.write("repo/.wp.yaml", "repo: rn\n")
        for plan in 0..<workplans {
            let id = String(format: "RN-WP-%04d", plan + 1)
            var text = "---\nid: \(id)\ntitle: Plan \(plan)\nstatus: \(Bool.random(using: &random) ? "active" : "finished")\n"
            if Int.random(in: 0..<2, using: &random) == 0 {
                // Workplans and tasks (its own too), sometimes twice.
                let others = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    Bool.random(using: &random) ? String(format: "RN-WP-%04d", Int.random(in: 1...workplans, using: &random)) : anyTask()
                }
                text += "depends_on: [\(others.joined(separator: ", "))]\n"
            }
            text += "---\n\n"
            for task in 1...tasks[plan] {
                let status = ["todo", "todo", "in_progress", "done", "wait", "cancelled"].randomElement(using: &random)!
                var dependsOn: [String] = []
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    switch Int.random(in: 0..<10, using: &random) {
                    case 0: dependsOn.append("RN-WP-9999-T01")
                    case 1: dependsOn.append(String(format: "RN-WP-%04d", Int.random(in: 1...workplans, using: &random)))
                    default: dependsOn.append(anyTask())
                    }
                }
                text += "```task\nid: \(id)-T\(String(format: "%02d", task))\nstatus: \(status)\n"
                if !dependsOn.isEmpty { text += "depends_on: [\(dependsOn.joined(separator: ", "))]\n" }
                text += "```\n\n"
            }
            if Bool.random(using: &random) {
                text += "```decision\nid: \(id)-D01\nstatus: \(Bool.random(using: &random) ? "pending" : "resolved")\nblocks: [\(anyTask())]\n```\n\n"
            }
            try directory.write("repo/workplans/\(id)-plan.md", text)
        }
    }

    @Test("random workspaces with cycles, unknown ids and workplan dependencies: the same chains as the recursive memo",
          arguments: 0..<120)
    func randomWorkspaces(seed: UInt64) throws {
        let directory = try TemporaryDirectory("wp-chains-random")
        try Self.randomWorkspace(seed: seed &* 7919 &+ 17, in: directory)
        Self.expectSameAnswers(try Self.load(directory.absolute("repo"), cache: directory), "seed \(seed)")
    }

    @Test("a workplan stops gathering roots from its tasks once it holds 4 × chainsPerNode candidates, as before")
    func workplanCandidateBound() throws {
        let directory = try TemporaryDirectory("wp-chains-bound")
        // 4 × chainsPerNode dependencies that all lead to one root, then a done task, then open tasks with roots of their own.
        let repeats = Array(repeating: "CB-WP-0002-T01", count: Limits.chainsPerNode * 4).joined(separator: ", ")
        var text = "---\nid: CB-WP-0001\ntitle: Bound\nstatus: active\ndepends_on: [\(repeats)]\n---\n\n"
        text += "```task\nid: CB-WP-0001-T01\nstatus: done\n```\n\n"
        for task in 2...4 {
            text += "```task\nid: CB-WP-0001-T0\(task)\nstatus: todo\ndepends_on: [CB-WP-0009-T0\(task)]\n```\n\n"
        }
        try directory.write("repo/.wp.yaml", "repo: cb\n")
        try directory.write("repo/workplans/CB-WP-0001-bound.md", text)
        try directory.write("repo/workplans/CB-WP-0002-other.md",
                            "---\nid: CB-WP-0002\ntitle: Other\nstatus: active\n---\n\n```task\nid: CB-WP-0002-T01\nstatus: todo\n```\n")
        try directory.write("repo/workplans/CB-WP-0003-gate.md",
                            "---\nid: CB-WP-0003\ntitle: Waits\nstatus: active\n---\n\n```task\nid: CB-WP-0003-T01\nstatus: todo\ndepends_on: [CB-WP-0001]\n```\n")
        let graph = try Self.load(directory.absolute("repo"), cache: directory)
        Self.expectSameAnswers(graph, "candidate bound")
        // The first open task still counts (two roots), the ones after it do not.
        let workplan = graph.nodes(withID: "CB-WP-0001")[0]
        #expect(BlockingAnalysis(graph).rootChains(of: workplan).count == 2)
    }

    @Test("a long chain is printed as its first links, the number left out and its root")
    func longChainShown() throws {
        let directory = try TemporaryDirectory("wp-chains-long")
        let length = Limits.chainLinksShown * 3 + 1
        var text = "---\nid: LC-WP-0001\ntitle: Long\nstatus: active\n---\n\n"
        for task in 1...length {
            text += "```task\nid: LC-WP-0001-T\(task)\nstatus: todo\n" + (task > 1 ? "depends_on: [LC-WP-0001-T\(task - 1)]\n" : "") + "```\n\n"
        }
        try directory.write("repo/.wp.yaml", "repo: lc\n")
        try directory.write("repo/workplans/LC-WP-0001-long.md", text)
        let graph = try Self.load(directory.absolute("repo"), cache: directory)
        let analysis = BlockingAnalysis(graph)
        let last = graph.nodes(withID: "LC-WP-0001-T\(length)")[0]
        let chain = try #require(analysis.states[last]?.blockers.first?.chains.first)
        let ids = chain.links.map { link -> String in
            guard case .node(let node) = link else { return "?" }
            return graph.nodes[node].id
        }
        #expect(ids == (1..<length).reversed().map { "LC-WP-0001-T\($0)" })
        #expect(chain.count == length - 1)
        let shown = chain.shown()
        #expect(shown.links.count == Limits.chainLinksShown)
        #expect(Array(shown.links.dropLast()) == Array(chain.links.prefix(Limits.chainLinksShown - 1)))
        #expect(shown.links.last == chain.links.last)
        #expect(shown.omitted == chain.count - Limits.chainLinksShown)
        let printed = chain.printed { link in
            guard case .node(let node) = link else { return "?" }
            return graph.nodes[node].id
        }
        #expect(printed == Array(ids.prefix(Limits.chainLinksShown - 1)) + ["… \(shown.omitted) more", "LC-WP-0001-T1"])

        // The status report carries the same bound, and the count of what it left out.
        let report = StatusReport(analysis: analysis)
        let root = try #require(report.blocked.last?.blockers.first?.roots.first)
        #expect(root.chain == Array(ids.prefix(Limits.chainLinksShown - 1)) + ["LC-WP-0001-T1"])
        #expect(root.omitted == shown.omitted)
        #expect(root.printedChain == printed)
        // A chain that fits is whole, with nothing said about omissions.
        let short = graph.nodes(withID: "LC-WP-0001-T\(Limits.chainLinksShown)")[0]
        let whole = try #require(report.blocked.first { $0.id == graph.nodes[short].id }?.blockers.first?.roots.first)
        #expect(whole.chain.count == Limits.chainLinksShown - 1)
        #expect(whole.omitted == nil)
    }
}
