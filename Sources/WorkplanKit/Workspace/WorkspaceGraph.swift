/// The workspace as a graph: every workplan, task, decision and gate is a
/// node with a global id; references resolve to nodes; completeness and
/// blocking are computed once for the whole graph.
public struct WorkspaceGraph: Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case workplan, task, decision, gate
    }

    /// One element of the graph.
    public struct Node: Hashable, Sendable {
        public var id: String
        public var kind: Kind
        public var repo: String
        public var title: String
        /// nil for gates, whose result is computed, not written.
        public var status: Status?
        public var isComplete: Bool
        public var location: SourceLocation
        /// Index into ``WorkspaceGraph/workplans`` of the workplan that holds it (itself for a workplan).
        public var workplanIndex: Int?
        /// Index of the task / decision / gate inside its workplan or repo list.
        public var itemIndex: Int?
    }

    /// What a reference points at.
    public enum Resolution: Hashable, Sendable {
        case resolved(Int)
        case notFound
        /// Several elements carry this id (in different repos); qualify it with `repo:`.
        case ambiguous([Int])
        /// The `repo:` qualifier names no repo of the workspace.
        case unknownRepo(String)
        /// The id is not among what could be read, and these peers could not be read.
        case repoUnavailable([String])

        public var node: Int? {
            if case .resolved(let node) = self { return node }
            return nil
        }
    }

    /// Something a task waits for, resolved.
    public struct Dependency: Hashable, Sendable {
        public enum Via: String, Hashable, Sendable, Codable {
            /// The task's own `depends_on`.
            case dependsOn = "depends_on"
            /// Its workplan's `depends_on`.
            case workplan
            /// A decision whose `blocks` names the task.
            case decision
            /// A gate's `requires` list.
            case requires
        }

        public var reference: Reference
        public var resolution: Resolution
        public var via: Via
    }

    public let workspace: Workspace
    /// Every workplan of every repo, in repo order.
    public let workplans: [Workplan]
    public private(set) var nodes: [Node] = []
    /// Node of each workplan, by index in ``workplans``.
    public private(set) var workplanNodes: [Int] = []
    /// Nodes of each workplan's tasks / decisions, by workplan index.
    public private(set) var taskNodes: [[Int]] = []
    public private(set) var decisionNodes: [[Int]] = []
    /// Gates, from workplans and from other files, with their nodes.
    public private(set) var gates: [(gate: Gate, repo: String, node: Int)] = []
    /// The requirements of each gate, read once, in ``gates`` order.
    public private(set) var gateDefinitions: [GateDefinition] = []
    private var byID: [String: [Int]] = [:]
    /// Workplan ids by repo and number (`railiance-apps` + `-WP-0004` → `RAILIANCE-WP-0004`), for the
    /// repo-prefixed form people write in prose (`railiance-apps-WP-0004 I03`).
    private var workplanIDsByRepoAndNumber: [String: [String]] = [:]
    /// What each node depends on (tasks: depends_on, workplan depends_on, decisions; workplans: depends_on).
    public private(set) var dependencies: [DependencyList] = []
    private var unavailableRepos: [String] = []
    private var knownRepos: Set<String> = []

    public init(_ workspace: Workspace) {
        self.workspace = workspace
        self.workplans = workspace.workplans
        let lifecycles = workspace.lifecycles
        unavailableRepos = workspace.repos.filter { !$0.isAvailable }.map(\.name)
        knownRepos = Set(workspace.repos.map(\.name))

        for (workplanIndex, workplan) in workplans.enumerated() {
            let workplanNode = add(Node(
                id: workplan.id, kind: .workplan, repo: workplan.repo, title: workplan.title, status: workplan.status,
                isComplete: lifecycles.workplan.isComplete(workplan.status), location: workplan.location,
                workplanIndex: workplanIndex, itemIndex: nil))
            workplanNodes.append(workplanNode)
            // Tasks by index, field by field: copying each `Task` out retained and released all its strings.
            taskNodes.append(workplan.tasks.indices.map { index in
                add(Node(id: workplan.tasks[index].id, kind: .task, repo: workplan.repo, title: workplan.tasks[index].title,
                         status: workplan.tasks[index].status, isComplete: lifecycles.task.isComplete(workplan.tasks[index].status),
                         location: workplan.tasks[index].location, workplanIndex: workplanIndex, itemIndex: index))
            })
            decisionNodes.append(workplan.decisions.enumerated().map { index, decision in
                add(Node(id: decision.id, kind: .decision, repo: workplan.repo, title: decision.title, status: decision.status,
                         isComplete: lifecycles.decision.isComplete(decision.status), location: decision.location,
                         workplanIndex: workplanIndex, itemIndex: index))
            })
            for gate in workplan.gates {
                let node = add(Node(id: gate.id, kind: .gate, repo: workplan.repo, title: gate.title ?? gate.id, status: nil,
                                    isComplete: false, location: gate.location, workplanIndex: workplanIndex, itemIndex: nil))
                gates.append((gate, workplan.repo, node))
            }
        }
        for repo in workspace.repos {
            for gate in repo.gates {
                let node = add(Node(id: gate.id, kind: .gate, repo: repo.name, title: gate.title ?? gate.id, status: nil,
                                    isComplete: false, location: gate.location, workplanIndex: nil, itemIndex: nil))
                gates.append((gate, repo.name, node))
            }
        }

        // Dependencies, resolved once.
        dependencies = Array(repeating: [], count: nodes.count)
        for (workplanIndex, workplan) in workplans.enumerated() {
            let workplanDependencies = workplan.dependsOn.map {
                Dependency(reference: $0, resolution: resolve($0, inWorkplan: workplanIndex), via: .workplan)
            }
            dependencies[workplanNodes[workplanIndex]] = DependencyList(workplanDependencies.map { var d = $0; d.via = .dependsOn; return d })
            for taskIndex in workplan.tasks.indices {
                // One copy of the workplan's dependencies, shared by all its tasks.
                dependencies[taskNodes[workplanIndex][taskIndex]] = DependencyList(workplan.tasks[taskIndex].dependsOn.map {
                    Dependency(reference: $0, resolution: resolve($0, inWorkplan: workplanIndex), via: .dependsOn)
                }, inherited: workplanDependencies)
            }
        }
        for (workplanIndex, workplan) in workplans.enumerated() {
            for (decisionIndex, decision) in workplan.decisions.enumerated() {
                let decisionNode = decisionNodes[workplanIndex][decisionIndex]
                for blocked in decision.blocks {
                    guard let target = resolve(blocked, inWorkplan: workplanIndex).node, nodes[target].kind == .task else { continue }
                    let asWritten = Reference(
                        text: decision.id, repo: nil, id: decision.id, kind: .blocks, location: blocked.location)
                    dependencies[target].append(Dependency(reference: asWritten, resolution: .resolved(decisionNode), via: .decision))
                }
            }
        }
        addGateDependencies()
    }

    /// Gate requirements are edges too: lint finds unresolved ones and cycles through them.
    private mutating func addGateDependencies() {
        gateDefinitions = gates.map { GateDefinition(gate: $0.gate, repo: $0.repo) }
        for (definition, (_, _, node)) in zip(gateDefinitions, gates) {
            let workplanIndex = nodes[node].workplanIndex
            for requirement in definition.requirements {
                switch requirement {
                case .element(let reference, _), .gate(let reference):
                    let resolution = resolve(reference, inWorkplan: workplanIndex, repo: nodes[node].repo)
                    dependencies[node].append(Dependency(reference: reference, resolution: resolution, via: .requires))
                case .evidence, .malformed:
                    continue
                }
            }
        }
    }

    private mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        byID[node.id, default: []].append(nodes.count - 1)
        if node.kind == .workplan, let marker = node.id.range(of: "-WP-") {
            workplanIDsByRepoAndNumber[Self.repoAndNumberKey(node.repo, String(node.id[marker.lowerBound...])), default: []].append(node.id)
        }
        return nodes.count - 1
    }

    private static func repoAndNumberKey(_ repo: String, _ number: String) -> String { repo + "\u{0}" + number }

    /// Every node carrying `id`.
    public func nodes(withID id: String) -> [Int] { byID[id] ?? [] }

    /// Resolves a reference written in workplan `workplanIndex` (nil outside any workplan),
    /// in repo `repo` (default: the workplan's), whose elements win over other repos' on a tie.
    public func resolve(_ reference: Reference, inWorkplan workplanIndex: Int?, repo contextRepoName: String? = nil) -> Resolution {
        let contextID = workplanIndex.map { workplans[$0].id }
        let contextRepo = contextRepoName ?? workplanIndex.map { workplans[$0].repo }
        var repo = reference.repo
        if let qualifier = repo, !knownRepos.contains(qualifier) {
            // A repo named in prose may be one the workspace does not list; then the id alone decides.
            if reference.kind == .prose { repo = nil } else { return .unknownRepo(qualifier) }
        }
        var candidates = byID[reference.id] ?? []
        if candidates.isEmpty, let repo, let number = IDGrammar.repoPrefixedNumber(reference.id) {
            // `railiance-apps-WP-0004 I03`: the repo's workplan with that number, then the item in it.
            let workplanIDs = workplanIDsByRepoAndNumber[Self.repoAndNumberKey(repo, number.workplan)] ?? []
            if workplanIDs.count == 1 { candidates = byID[workplanIDs[0] + number.item] ?? [] }
        }
        if candidates.isEmpty, let contextID, let short = IDGrammar.canonicalShortID(reference.id) {
            let scoped = byID["\(contextID)-\(short)"] ?? []
            candidates = scoped.filter { nodes[$0].repo == contextRepo }
        }
        if let repo {
            if unavailableRepos.contains(repo) { return .repoUnavailable([repo]) }
            candidates = candidates.filter { nodes[$0].repo == repo }
        }
        switch candidates.count {
        case 1: return .resolved(candidates[0])
        case 0:
            let missing = repo.map { [$0] } ?? unavailableRepos
            if repo == nil, !unavailableRepos.isEmpty { return .repoUnavailable(missing) }
            return .notFound
        default:
            // The same id in the context's own repo wins over other repos.
            let local = candidates.filter { nodes[$0].repo == contextRepo }
            if local.count == 1, repo == nil { return .resolved(local[0]) }
            return .ambiguous(candidates)
        }
    }

    /// Index of the workplan holding `node`.
    public func workplan(of node: Int) -> Workplan? {
        nodes[node].workplanIndex.map { workplans[$0] }
    }

    /// The task model behind a task node.
    public func task(_ node: Int) -> Workplan.Task? {
        let value = nodes[node]
        guard value.kind == .task, let workplan = value.workplanIndex, let item = value.itemIndex else { return nil }
        return workplans[workplan].tasks[item]
    }

    /// The decision model behind a decision node.
    public func decision(_ node: Int) -> Decision? {
        let value = nodes[node]
        guard value.kind == .decision, let workplan = value.workplanIndex, let item = value.itemIndex else { return nil }
        return workplans[workplan].decisions[item]
    }

    /// Complete tasks and all tasks of a workplan.
    public func progress(ofWorkplan index: Int) -> (complete: Int, total: Int) {
        let tasks = taskNodes[index]
        return (tasks.filter { nodes[$0].isComplete }.count, tasks.count)
    }
}

extension WorkspaceGraph {
    /// The dependencies of one node, in order: its own, those inherited from its
    /// workplan, then those added by decisions and gates.
    ///
    /// Every task of a workplan shares one copy of the inherited ones: a workplan
    /// with W dependencies and T tasks holds W + T dependencies, not W × T.
    public struct DependencyList: RandomAccessCollection, ExpressibleByArrayLiteral, Hashable, Sendable {
        /// The node's own `depends_on`.
        private(set) var own: [Dependency]
        /// Its workplan's `depends_on` (for a task), shared with the workplan's other tasks.
        public private(set) var inherited: [Dependency]
        /// Decisions that block it, a gate's `requires`.
        private(set) var added: [Dependency] = []

        init(_ own: [Dependency], inherited: [Dependency] = []) {
            self.own = own
            self.inherited = inherited
        }

        public init(arrayLiteral elements: Dependency...) {
            self.init(elements)
        }

        mutating func append(_ dependency: Dependency) {
            added.append(dependency)
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { own.count + inherited.count + added.count }

        public subscript(position: Int) -> Dependency {
            if position < own.count { return own[position] }
            if position < own.count + inherited.count { return inherited[position - own.count] }
            return added[position - own.count - inherited.count]
        }

        /// All but the inherited ones: what is declared for this node itself.
        public var declared: [Dependency] { own + added }
    }
}
