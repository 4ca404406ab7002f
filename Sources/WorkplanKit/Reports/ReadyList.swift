import Foundation

/// `wp ready`: what can I start now, best first.
///
/// A task can start when its status is one nobody has started yet (the
/// ``Lifecycle/Role/planned`` role: `todo` by default), nothing it depends on is
/// open (see ``BlockingAnalysis``), and its workplan is under way (its status has
/// the ``Lifecycle/Role/active`` role: `active` by default). ``Scope/all`` also
/// offers the tasks of workplans not started yet (`draft`, `proposed`, `backlog`):
/// any workplan whose status is not complete, closed or waiting. Tasks already
/// under way (the active role) are not "ready": ``started`` lists them apart
/// when asked. Order: workplan `planning_priority`, then `planning_order`, then
/// task `priority`, then how many open tasks wait on it (more first), then id.
public struct ReadyList: Codable, Sendable, Equatable, TextOrJSONView, JSONStreamingView {
    /// Which workplans offer work.
    public enum Scope: String, Codable, Sendable, CaseIterable {
        /// Workplans whose status has the active role.
        case active
        /// Also workplans not started yet: every status that is not complete, closed or waiting.
        case all
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var priority: String?
        public var owner: String?
        public var repo: String
        public var path: String
        public var line: Int
        public var workplan: String
        public var workplanStatus: String
        public var planningPriority: String?
        public var planningOrder: Int?
        /// Open tasks that wait on this one, directly or transitively.
        public var unblocks: Int
        /// For a started task: something it depends on is open, or its status says it waits.
        public var blocked: Bool?
    }

    public var scope: Scope
    public var tasks: [Entry]
    /// Ready tasks before `--limit` was applied.
    public var total: Int
    /// Tasks under way in the same workplans (`--include-started`); nil when not asked.
    public var started: [Entry]?
    /// What the statuses mean (colours); configuration, not part of the JSON.
    public var lifecycles: Lifecycles = .default
    /// Why the list is empty, when it is; not part of the JSON.
    var emptyReason: EmptyReason = .nothingOpen
    /// The owner asked for, for the messages.
    var owner: String?

    enum CodingKeys: String, CodingKey {
        case scope, tasks, total, started
    }

    /// Why no task is ready: each case says what the reader can do about it.
    enum EmptyReason: Equatable, Sendable {
        /// No task (in the repo asked for) has the owner asked for.
        case noSuchOwner
        /// Startable tasks exist, only in workplans outside the scope (not yet active).
        case onlyInPlannedWorkplans(Int)
        /// Open tasks exist but are blocked or already started.
        case blockedOrStarted(blocked: Int, started: Int)
        /// No open task at all.
        case nothingOpen
    }

    /// Roles of a workplan status whose tasks are never offered.
    static let workplanRolesOfferingNoWork: Set<Lifecycle.Role> = [.complete, .closed, .waiting]

    public init(
        index: DependencyIndex, repo: String? = nil, owner: String? = nil, limit: Int? = nil,
        scope: Scope = .active, includeStarted: Bool = false
    ) {
        let analysis = index.analysis
        let graph = index.graph
        let lifecycles = graph.workspace.lifecycles
        self.lifecycles = lifecycles
        self.scope = scope
        self.owner = owner
        var ready: [(node: Int, workplan: Int, task: Int)] = []
        var underWay: [(node: Int, workplan: Int, task: Int)] = []
        var ownerSeen = false
        var outsideScope = 0
        var blockedCount = 0
        for (workplanIndex, workplan) in graph.workplans.enumerated() {
            if let repo, workplan.repo != repo { continue }
            let roles = lifecycles.workplan.roles(of: workplan.status)
            let offersWork = roles.isDisjoint(with: Self.workplanRolesOfferingNoWork)
            let inScope = scope == .all ? offersWork : roles.contains(.active) && offersWork
            for (taskIndex, task) in workplan.tasks.enumerated() {
                if let owner {
                    guard (task.owner ?? workplan.owner) == owner else { continue }
                    ownerSeen = true
                }
                let node = graph.taskNodes[workplanIndex][taskIndex]
                guard !graph.nodes[node].isComplete else { continue }
                let blocked = analysis.states[node]?.isBlocked ?? false
                if lifecycles.task.has(.active, task.status) {
                    if inScope { underWay.append((node, workplanIndex, taskIndex)) }
                    continue
                }
                guard lifecycles.task.has(.planned, task.status) else {
                    if lifecycles.task.isOpen(task.status), inScope { blockedCount += 1 }
                    continue
                }
                if blocked {
                    if inScope { blockedCount += 1 }
                } else if inScope {
                    ready.append((node, workplanIndex, taskIndex))
                } else if offersWork {
                    outsideScope += 1
                }
            }
        }
        let counted = UnblockCounter(index: index).counts(of: ready.map(\.node) + (includeStarted ? underWay.map(\.node) : []))
        func entries(_ items: [(node: Int, workplan: Int, task: Int)], offset: Int, markBlocked: Bool) -> [Entry] {
            items.enumerated().map { position, item in
                let workplan = graph.workplans[item.workplan]
                let task = workplan.tasks[item.task]
                return Entry(
                    id: task.id, title: task.title, status: task.status.rawValue, priority: task.priority,
                    owner: task.owner ?? workplan.owner, repo: workplan.repo, path: workplan.path, line: task.location.line,
                    workplan: workplan.id, workplanStatus: workplan.status.rawValue,
                    planningPriority: workplan.planningPriority, planningOrder: workplan.planningOrder,
                    unblocks: counted[offset + position],
                    blocked: markBlocked ? (analysis.states[item.node]?.isBlocked ?? false) : nil)
            }.sorted(by: Self.before)
        }
        let readyEntries = entries(ready, offset: 0, markBlocked: false)
        total = readyEntries.count
        tasks = limit.map { Array(readyEntries.prefix(max(0, $0))) } ?? readyEntries
        started = includeStarted ? entries(underWay, offset: ready.count, markBlocked: true) : nil
        if owner != nil, !ownerSeen {
            emptyReason = .noSuchOwner
        } else if outsideScope > 0 {
            emptyReason = .onlyInPlannedWorkplans(outsideScope)
        } else if blockedCount + underWay.count > 0 {
            emptyReason = .blockedOrStarted(blocked: blockedCount, started: underWay.count)
        } else {
            emptyReason = .nothingOpen
        }
    }

    /// The order `wp ready` promises (see the type's documentation).
    static func before(_ a: Entry, _ b: Entry) -> Bool {
        let left = (PriorityRank.of(a.planningPriority), a.planningOrder ?? Int.max, PriorityRank.of(a.priority), -a.unblocks)
        let right = (PriorityRank.of(b.planningPriority), b.planningOrder ?? Int.max, PriorityRank.of(b.priority), -b.unblocks)
        if left != right { return left < right }
        return a.id < b.id
    }

    public func renderText(style: TerminalStyle = .plain) -> String {
        var out = ""
        if total == 0 {
            out += emptyMessage()
        } else if tasks.isEmpty {
            out += "\(total) task\(total == 1 ? " is" : "s are") ready; --limit \(tasks.count) shows none.\n"
        } else {
            out += style.dim("ordered by workplan planning_priority, planning_order, task priority, then open tasks it unblocks") + "\n"
            out += lines(tasks, style: style)
            if total > tasks.count { out += style.dim("… \(total - tasks.count) more (raise --limit)") + "\n" }
        }
        if let started {
            out += "\n" + style.bold("Started (\(started.count))") + "\n"
            if started.isEmpty { out += "  (none)\n" }
            out += lines(started, style: style, indent: "  ")
        }
        return out
    }

    private func lines(_ entries: [Entry], style: TerminalStyle, indent: String = "") -> String {
        let idWidth = entries.map(\.id.terminalSafe.count).max() ?? 0
        var out = ""
        for entry in entries {
            let priority = entry.priority?.terminalSafe ?? "-"
            let unblocks = entry.unblocks > 0 ? "  unblocks \(entry.unblocks)" : ""
            let blocked = entry.blocked == true ? "  " + style.color("blocked", .red) : ""
            // The workplan's status is news only when it is not the usual active one (`--all`).
            let workplanStatus = lifecycles.workplan.has(.active, Status(entry.workplanStatus)) ? "" : ", workplan \(entry.workplanStatus.terminalSafe)"
            out += "\(indent)\(style.bold(padded(entry.id.terminalSafe, idWidth)))  \(padded(priority, 8)) "
            out += "\(style.status(entry.status, in: lifecycles.task))  \(entry.title.terminalSafe)\(blocked)"
            out += style.dim("\(unblocks)  (\(entry.repo.terminalSafe)\(workplanStatus))") + "\n"
        }
        return out
    }

    private func emptyMessage() -> String {
        switch emptyReason {
        case .noSuchOwner:
            return "No task has owner '\((owner ?? "").terminalSafe)' (a task's owner, else its workplan's).\n"
        case .onlyInPlannedWorkplans(let count):
            return "No task is ready in an active workplan; \(count) task\(count == 1 ? "" : "s") could start in workplans not yet active (wp ready --all).\n"
        case .blockedOrStarted(let blocked, let started):
            var parts: [String] = []
            if blocked > 0 { parts.append("\(blocked) \(blocked == 1 ? "is" : "are") blocked or waiting") }
            if started > 0 {
                parts.append("\(started) \(started == 1 ? "is" : "are") already started (wp ready --include-started lists \(started == 1 ? "it" : "them"))")
            }
            return "No task is ready: of the open tasks, \(parts.joined(separator: " and ")).\n"
        case .nothingOpen:
            return "No task is ready: every open task is blocked or in a closed workplan.\n"
        }
    }
}

extension ReadyList {
    /// Text, or JSON through the streaming writer (as ``StatusReport``'s): one path to the bytes.
    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text: renderText(style: context.style)
        case .json: try json(streamedJSON)
        default: throw unsupported(format)
        }
    }

    public func render(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        try renderStreamingJSON(format, in: context, to: &sink)
    }

    /// The members of the synthesized `encode(to:)` (``CodingKeys``; `started` only when set).
    public var streamedJSON: StreamedJSON {
        var members: [String: StreamedJSON] = [
            CodingKeys.scope.stringValue: .encoded(scope),
            CodingKeys.tasks.stringValue: .array(tasks),
            CodingKeys.total.stringValue: .encoded(total),
        ]
        if let started { members[CodingKeys.started.stringValue] = .array(started) }
        return .object(members)
    }
}
