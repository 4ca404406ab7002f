/// The board `wp serve` shows: one column per status of the task lifecycle (in
/// lifecycle order, with each status's roles and legal moves), one card per task.
///
/// Built from the same values as `wp status` (``StatusReport``): a card's root
/// causes are the roots of the task's blockers there, bounded the same way.
/// Columns come from the lifecycle, never from the default lifecycle's words: a
/// team that renames its statuses gets its own columns.
public struct BoardView: Codable, Sendable, Equatable, OutputView {
    public static let formats: [OutputFormat] = [.json]

    public struct Column: Codable, Sendable, Equatable {
        public var status: String
        /// The status's roles (`planned`, `active`, `waiting`, `complete`, ...), sorted.
        public var roles: [String]
        /// Statuses a card in this column may move to, in lifecycle order.
        public var moves: [String]
        /// False for a status some task has but the lifecycle does not know (lint reports it).
        public var known: Bool
    }

    public struct Root: Codable, Sendable, Equatable {
        public var id: String
        /// `repo:ID` when the id alone is ambiguous; what the API takes.
        public var ref: String?
        public var kind: String?
        /// Why it keeps the task open (`in_progress`, `pending`, `not found`, ...).
        public var reason: String
        /// From the blocker down to this root, as `wp status` prints it.
        public var chain: [String]
    }

    public struct DecisionLink: Codable, Sendable, Equatable {
        public var id: String
        public var ref: String
        public var title: String
        public var status: String
        /// The decision is still open (its lifecycle's planned, active or waiting roles).
        public var pending: Bool
    }

    public struct Card: Codable, Sendable, Equatable {
        public var id: String
        /// The id the API takes: `repo:ID` when the id alone is ambiguous, else the id.
        public var ref: String
        public var title: String
        public var status: String
        /// The repo whose workplan holds the task.
        public var repo: String
        public var workplan: String
        /// The task's owner, else its workplan's.
        public var owner: String?
        public var priority: String?
        public var path: String
        public var line: Int
        public var blocked: Bool
        /// Its status says it waits (`blocked`, `wait`).
        public var waits: Bool
        public var reason: String?
        /// Root causes of its blockers, each once (at most ``Limits/rootsShownPerTask``).
        public var roots: [Root]
        /// Roots left out (nil when none).
        public var omittedRoots: Int?
        /// Decisions that block this task (`blocks:` or a prose decision naming it).
        public var decisions: [DecisionLink]
    }

    public struct WorkplanEntry: Codable, Sendable, Equatable {
        public var id: String
        public var ref: String
        public var title: String
        public var status: String
        public var repo: String
        public var path: String
        public var owner: String?
        public var progress: StatusReport.Progress
    }

    public var columns: [Column]
    public var repos: [String]
    public var workplans: [WorkplanEntry]
    public var cards: [Card]
    /// Reading problems (`path:line:col: severity: message`), as `wp status` prints them to stderr.
    public var problems: [String]
    /// Cards a page shows per column and lane before a "show more" (``Limits/boardCardsShownPerCell``).
    public var cardsShownPerCell: Int

    public init(index: DependencyIndex) {
        let graph = index.graph
        let workspace = graph.workspace
        let lifecycle = workspace.lifecycles.task
        let decisionLifecycle = workspace.lifecycles.decision
        let status = StatusReport(analysis: index.analysis)
        func ref(_ node: Int) -> String {
            let value = graph.nodes[node]
            return graph.nodes(withID: value.id).count > 1 ? "\(value.repo):\(value.id)" : value.id
        }
        func ref(id: String, repo: String?) -> String? {
            let nodes = graph.nodes(withID: id)
            if nodes.count == 1 { return id }
            guard let repo, nodes.contains(where: { graph.nodes[$0].repo == repo }) else { return nil }
            return "\(repo):\(id)"
        }
        // Decisions by the task nodes they block, in workspace order.
        var decisionsByTask: [Int: [DecisionLink]] = [:]
        for (workplanIndex, workplan) in graph.workplans.enumerated() {
            for (decisionIndex, decision) in workplan.decisions.enumerated() {
                let node = graph.decisionNodes[workplanIndex][decisionIndex]
                let link = DecisionLink(
                    id: decision.id, ref: ref(node), title: decision.title, status: decision.status.rawValue,
                    pending: decisionLifecycle.isOpen(decision.status))
                var seen = Set<Int>()
                for reference in decision.blocks {
                    guard let target = graph.resolve(reference, inWorkplan: workplanIndex).node,
                          graph.nodes[target].kind == .task, seen.insert(target).inserted else { continue }
                    decisionsByTask[target, default: []].append(link)
                }
            }
        }
        var columns = lifecycle.statuses.map { status in
            Column(status: status.rawValue, roles: lifecycle.roles(of: status).sorted().map(\.rawValue),
                   moves: lifecycle.statuses.filter { $0 != status && lifecycle.allows(from: status, to: $0) }.map(\.rawValue),
                   known: true)
        }
        var unknown = Set<String>()
        var cards: [Card] = []
        var workplans: [WorkplanEntry] = []
        for (workplanIndex, workplan) in graph.workplans.enumerated() {
            let entry = status.workplans[workplanIndex]
            workplans.append(WorkplanEntry(
                id: workplan.id, ref: ref(graph.workplanNodes[workplanIndex]), title: workplan.title,
                status: workplan.status.rawValue, repo: workplan.repo, path: workplan.path, owner: workplan.owner,
                progress: entry.progress))
            for (taskIndex, task) in workplan.tasks.enumerated() {
                let node = graph.taskNodes[workplanIndex][taskIndex]
                let reported = entry.tasks[taskIndex]
                if !lifecycle.isKnown(task.status) { unknown.insert(task.status.rawValue) }
                var roots: [Root] = []
                var seen = Set<String>()
                var omitted = 0
                for blocker in reported.blockers {
                    omitted += blocker.omittedRoots ?? 0
                    for root in blocker.roots where seen.insert((root.repo ?? "") + ":" + root.id).inserted {
                        roots.append(Root(id: root.id, ref: ref(id: root.id, repo: root.repo), kind: root.kind,
                                          reason: root.reason, chain: root.printedChain))
                    }
                }
                omitted += reported.omittedBlockers ?? 0
                cards.append(Card(
                    id: task.id, ref: ref(node), title: task.title, status: task.status.rawValue, repo: workplan.repo,
                    workplan: workplan.id, owner: task.owner ?? workplan.owner, priority: task.priority,
                    path: workplan.path, line: task.location.line, blocked: reported.blocked, waits: reported.waits,
                    reason: task.reason, roots: roots, omittedRoots: omitted > 0 ? omitted : nil,
                    decisions: decisionsByTask[node] ?? []))
            }
        }
        columns += unknown.sorted().map { Column(status: $0, roles: [], moves: [], known: false) }
        self.columns = columns
        self.repos = workspace.repos.map(\.name)
        self.workplans = workplans
        self.cards = cards
        self.problems = workspace.diagnostics.sorted().map(\.description)
        self.cardsShownPerCell = Limits.boardCardsShownPerCell
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        guard format == .json else { throw unsupported(format) }
        return try json(self)
    }
}
