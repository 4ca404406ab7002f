/// The answer to `wp status`: every workplan, its progress, its blocked tasks
/// with their blockers and root causes, and its pending decisions.
///
/// Its JSON form is a documented contract (`schemas/status-output.schema.json`).
public struct StatusReport: Codable, Sendable, Equatable {
    public struct Progress: Codable, Sendable, Equatable {
        /// Tasks that are complete (done or cancelled by default).
        public var complete: Int
        public var total: Int
    }

    public struct Root: Codable, Sendable, Equatable {
        /// Resolved id, or the reference as written when it does not resolve.
        public var id: String
        public var kind: String?
        public var status: String?
        public var repo: String?
        /// Why it keeps the task open (`in_progress`, `pending`, `not found`, ...).
        public var reason: String
        /// From the blocker down to this root; a long chain keeps its first ids and the root (see ``omitted``).
        public var chain: [String]
        /// Ids left out of ``chain`` before the root (nil when the whole chain is there).
        public var omitted: Int?

        public init(id: String, kind: String?, status: String?, repo: String?, reason: String, chain: [String], omitted: Int? = nil) {
            self.id = id
            self.kind = kind
            self.status = status
            self.repo = repo
            self.reason = reason
            self.chain = chain
            self.omitted = omitted
        }

        /// The chain as printed: `… N more` stands where ids are left out.
        public var printedChain: [String] {
            guard let omitted, omitted > 0, !chain.isEmpty else { return chain }
            var names = chain
            names.insert(BlockingAnalysis.Chain.omission(omitted), at: names.count - 1)
            return names
        }
    }

    public struct Blocker: Codable, Sendable, Equatable {
        /// The reference as written.
        public var ref: String
        /// Resolved id, nil when it does not resolve.
        public var id: String?
        public var kind: String?
        public var status: String?
        public var repo: String?
        /// `depends_on`, `workplan` (inherited from the workplan) or `decision`.
        public var via: String
        /// `open`, `not found`, `ambiguous`, `unknown repo`, `peer unavailable`.
        public var reason: String
        /// For a workplan blocker: its task progress.
        public var progress: Progress?
        public var roots: [Root]
        /// Roots left out of ``roots`` (nil when none): a task shows at most ``Limits/rootsShownPerTask``.
        public var omittedRoots: Int?
    }

    public struct TaskEntry: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var line: Int
        public var blocked: Bool
        /// The task's status says it waits (`blocked`, `wait`).
        public var waits: Bool
        public var reason: String?
        public var blockers: [Blocker]
        /// Blockers left out of ``blockers`` (nil when none): a task shows at most ``Limits/blockersShownPerTask``.
        public var omittedBlockers: Int?
    }

    public struct DecisionEntry: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var line: Int
        public var blocks: [String]
    }

    public struct WorkplanEntry: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var repo: String
        public var path: String
        public var line: Int
        public var progress: Progress
        /// Number of tasks in each status, in lifecycle order.
        public var counts: [StatusCount]
        public var tasks: [TaskEntry]
        public var decisions: [DecisionEntry]
    }

    public struct StatusCount: Codable, Sendable, Equatable {
        public var status: String
        public var count: Int
    }

    public struct BlockedEntry: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var repo: String
        public var path: String
        public var line: Int
        public var reason: String?
        public var blockers: [Blocker]
        /// Blockers left out of ``blockers`` (nil when none).
        public var omittedBlockers: Int?
        /// Only sequencing holds it: every blocker is an earlier task of its own workplan and its
        /// status does not wait. False when it waits on another repo or plan, a decision, or its status.
        public var sequenced: Bool
    }

    /// Blocked tasks told apart: waiting on something outside their plan (or by status), or
    /// merely after an earlier task of the same plan.
    public struct BlockedCounts: Codable, Sendable, Equatable {
        public var blocked: Int
        public var waiting: Int
        public var sequenced: Int
    }

    public struct RepoEntry: Codable, Sendable, Equatable {
        public var name: String
        public var available: Bool
        public var reason: String?
        public var files: Int
    }

    public var repos: [RepoEntry]
    public var workplans: [WorkplanEntry]
    public var blocked: [BlockedEntry]
    /// How many of ``blocked`` wait and how many are only sequenced.
    public var blockedCounts: BlockedCounts {
        let sequenced = blocked.filter(\.sequenced).count
        return BlockedCounts(blocked: blocked.count, waiting: blocked.count - sequenced, sequenced: sequenced)
    }
    /// Problems met while reading (unreadable files, invalid YAML, unavailable peers).
    public var problems: [Diagnostic]
    /// Text and markdown show only blocked tasks (`--blocked`); JSON lists the filtered workplans either way.
    public var onlyBlocked = false

    /// What the statuses mean (pending decisions, colours); configuration, not part of the JSON.
    public var lifecycles: Lifecycles = .default

    enum CodingKeys: String, CodingKey {
        case repos, workplans, blocked, blockedCounts, problems
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(repos, forKey: .repos)
        try container.encode(workplans, forKey: .workplans)
        try container.encode(blocked, forKey: .blocked)
        try container.encode(blockedCounts, forKey: .blockedCounts)
        try container.encode(problems, forKey: .problems)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        repos = try container.decode([RepoEntry].self, forKey: .repos)
        workplans = try container.decode([WorkplanEntry].self, forKey: .workplans)
        blocked = try container.decode([BlockedEntry].self, forKey: .blocked)
        problems = try container.decode([Diagnostic].self, forKey: .problems)
    }
}

/// Which part of the workspace `wp status` shows.
public struct StatusFilter: Sendable, Equatable {
    /// Only workplans of this repo.
    public var repo: String?
    /// Only workplans read from these display paths (explicit PATH arguments).
    public var paths: Set<String>?
    /// Only blocked tasks.
    public var onlyBlocked: Bool
    /// Leave out finished workplans (a status with the complete or closed role).
    public var onlyOpen: Bool
    /// Fill each workplan's `tasks` (false: leave them empty; the blocked list, progress and counts
    /// stay whole). A digest of a large workspace (``StatusDigest``) lists no task one by one.
    public var listsTasks = true
    /// Describe the blockers (each with its roots) of at most this many blocked tasks, those that
    /// wait before those only sequenced, as ``StatusDigest`` lists them; the others are listed
    /// with their sequencing and no blockers. nil: all. A digest lists 50 of 1,200 blocked tasks,
    /// and walking every blocked task's chains to its roots was most of its cost.
    public var describedBlockedLimit: Int?

    public init(repo: String? = nil, paths: Set<String>? = nil, onlyBlocked: Bool = false, onlyOpen: Bool = false) {
        self.repo = repo
        self.paths = paths
        self.onlyBlocked = onlyBlocked
        self.onlyOpen = onlyOpen
    }
}

extension StatusReport {
    public init(analysis: BlockingAnalysis, filter: StatusFilter = StatusFilter()) {
        let graph = analysis.graph
        let workspace = graph.workspace
        lifecycles = workspace.lifecycles
        repos = workspace.repos.map { repo in
            var reason: String?
            if case .unavailable(let why) = repo.availability { reason = why }
            return RepoEntry(name: repo.name, available: repo.isAvailable, reason: reason, files: repo.fileCount)
        }
        problems = workspace.diagnostics.sorted()
        var workplans: [WorkplanEntry] = []
        var blocked: [BlockedEntry] = []
        // Blocked entries whose blockers are not described yet: index into `blocked`, task node.
        var undescribed: [(entry: Int, node: Int)] = []
        for (index, workplan) in graph.workplans.enumerated() {
            if let repo = filter.repo, workplan.repo != repo { continue }
            if let paths = filter.paths, !paths.contains(workplan.path) { continue }
            if filter.onlyOpen, workspace.lifecycles.workplan.isEnded(workplan.status) { continue }
            var tasks: [TaskEntry] = []
            let blockedBefore = blocked.count
            for taskIndex in workplan.tasks.indices {
                // A borrowed view of the task: copying each `Task` out showed in profiles.
                let task = TaskFields(workplan.tasks[taskIndex])
                let node = graph.taskNodes[index][taskIndex]
                let state = analysis.states[node]
                if !filter.listsTasks, !(state?.isBlocked ?? false) { continue }
                // Only a task that is listed needs its blockers now; blocked ones left for later
                // (``StatusFilter/describedBlockedLimit``) get theirs below once the order is known.
                let describedNow = filter.listsTasks || filter.describedBlockedLimit == nil
                let (blockers, omitted) = describedNow ? Self.blockers(state?.blockers ?? [], graph: graph) : ([], nil)
                let entry = TaskEntry(
                    id: task.id, title: task.title, status: task.status.rawValue, line: task.location.line,
                    blocked: state?.isBlocked ?? false, waits: state?.waitsByStatus ?? false,
                    reason: task.reason, blockers: blockers, omittedBlockers: omitted)
                if entry.blocked {
                    // Sequenced: nothing but earlier tasks of this plan holds it.
                    let holders = state?.blockers ?? []
                    let sequenced = !(state?.waitsByStatus ?? false) && !holders.isEmpty && holders.allSatisfy { blocker in
                        guard let target = blocker.dependency.resolution.node else { return false }
                        return graph.nodes[target].kind == .task && graph.nodes[target].workplanIndex == index
                    }
                    if !describedNow { undescribed.append((blocked.count, node)) }
                    blocked.append(BlockedEntry(
                        id: task.id, title: task.title, status: task.status.rawValue, repo: workplan.repo,
                        path: workplan.path, line: task.location.line, reason: task.reason, blockers: blockers,
                        omittedBlockers: omitted, sequenced: sequenced))
                }
                if filter.listsTasks, !filter.onlyBlocked || entry.blocked { tasks.append(entry) }
            }
            if filter.onlyBlocked, blocked.count == blockedBefore { continue }
            let decisions = workplan.decisions.map { decision in
                DecisionEntry(id: decision.id, title: decision.title, status: decision.status.rawValue,
                              line: decision.location.line, blocks: decision.blocks.map(\.text))
            }
            let progress = graph.progress(ofWorkplan: index)
            workplans.append(WorkplanEntry(
                id: workplan.id, title: workplan.title, status: workplan.status.rawValue, repo: workplan.repo,
                path: workplan.path, line: workplan.location.line,
                progress: Progress(complete: progress.complete, total: progress.total),
                counts: Self.counts(workplan.tasks, lifecycle: workspace.lifecycles.task),
                tasks: tasks, decisions: decisions))
        }
        if let limit = filter.describedBlockedLimit, !undescribed.isEmpty {
            let waitingFirst = Self.waitingFirst(undescribed) { blocked[$0.entry].sequenced }
            for (entry, node) in waitingFirst.prefix(max(limit, 0)) {
                (blocked[entry].blockers, blocked[entry].omittedBlockers) = Self.blockers(analysis.states[node]?.blockers ?? [], graph: graph)
            }
        }
        self.workplans = workplans
        self.blocked = blocked
        onlyBlocked = filter.onlyBlocked
    }

    /// Blocked entries in the order a digest lists them: those that wait (on another plan or
    /// repo, a decision, their status) before those only after an earlier task of their plan,
    /// each group in the report's order. The one definition of that order: the entries the
    /// report describes (``StatusFilter/describedBlockedLimit``) are the ones a digest lists.
    static func waitingFirst<Entry>(_ entries: [Entry], isSequenced: (Entry) -> Bool) -> [Entry] {
        entries.filter { !isSequenced($0) } + entries.filter(isSequenced)
    }

    private static func counts(_ tasks: [Workplan.Task], lifecycle: Lifecycle) -> [StatusCount] {
        var counts: [Status: Int] = [:]
        for task in tasks { counts[task.status, default: 0] += 1 }
        let known = lifecycle.statuses.compactMap { status in counts[status].map { StatusCount(status: status.rawValue, count: $0) } }
        let unknown = counts.keys.filter { !lifecycle.isKnown($0) }.sorted { $0.rawValue < $1.rawValue }
            .map { StatusCount(status: $0.rawValue, count: counts[$0]!) }
        return known + unknown
    }

    /// A task's blockers as reported: at most ``Limits/blockersShownPerTask`` of them and
    /// ``Limits/rootsShownPerTask`` roots in all, with the number left out (nil when none).
    /// A workplan's dependencies are every one of its tasks' blockers: unbounded, T tasks
    /// and W dependencies would print T × W blockers with all their roots.
    static func blockers(_ blockers: BlockingAnalysis.BlockerList, graph: WorkspaceGraph) -> ([Blocker], Int?) {
        var rootsLeft = Limits.rootsShownPerTask
        let shown = blockers.prefix(Limits.blockersShownPerTask).map { analysed -> Blocker in
            let entry = blocker(analysed, graph: graph, roots: rootsLeft)
            rootsLeft -= entry.roots.count
            return entry
        }
        let omitted = blockers.count - shown.count
        return (shown, omitted > 0 ? omitted : nil)
    }

    static func blocker(_ blocker: BlockingAnalysis.Blocker, graph: WorkspaceGraph, roots rootLimit: Int = .max) -> Blocker {
        let dependency = blocker.dependency
        var entry = Blocker(
            ref: dependency.reference.text, id: nil, kind: nil, status: nil, repo: dependency.reference.repo,
            via: dependency.via.rawValue, reason: dependency.resolution.label, progress: nil, roots: [])
        if let node = dependency.resolution.node {
            let target = graph.nodes[node]
            entry.id = target.id
            entry.kind = target.kind.rawValue
            entry.status = target.status?.rawValue
            entry.repo = target.repo
            if target.kind == .workplan, let index = target.workplanIndex {
                let progress = graph.progress(ofWorkplan: index)
                entry.progress = Progress(complete: progress.complete, total: progress.total)
            }
        }
        let chains = blocker.chains
        let omittedRoots = chains.count - max(rootLimit, 0)
        entry.omittedRoots = omittedRoots > 0 ? omittedRoots : nil
        entry.roots = chains.prefix(max(rootLimit, 0)).map { root($0, graph: graph) }
        return entry
    }

    /// A chain as reported: its root and the ids from the blocker down to it (bounded).
    static func root(_ chain: BlockingAnalysis.Chain, graph: WorkspaceGraph) -> Root {
        let shown = chain.shown()
        let names = shown.links.map { link -> String in
            switch link {
            case .node(let node): graph.nodes[node].id
            case .unresolved(let reference, _): reference.text
            }
        }
        let omitted = shown.omitted > 0 ? shown.omitted : nil
        switch chain.root {
        case .node(let node):
            let root = graph.nodes[node]
            return Root(id: root.id, kind: root.kind.rawValue, status: root.status?.rawValue, repo: root.repo,
                        reason: root.status?.rawValue ?? "open", chain: names, omitted: omitted)
        case .unresolved(let reference, let resolution):
            return Root(id: reference.text, kind: nil, status: nil, repo: reference.repo,
                        reason: resolution.label, chain: names, omitted: omitted)
        }
    }
}

/// The fields of a task the status report shows, copied one by one (not the whole task).
private struct TaskFields {
    var id: String
    var title: String
    var status: Status
    var location: SourceLocation
    var reason: String?

    init(_ task: borrowing Workplan.Task) {
        id = task.id
        title = task.title
        status = task.status
        location = task.location
        reason = task.reason
    }
}
