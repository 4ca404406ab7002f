import Foundation

/// `wp ready`: tasks that can start now, best first.
///
/// A task is ready when it is not complete, not blocked (see
/// ``BlockingAnalysis``), and its workplan offers work: its status has none
/// of the roles complete, closed or waiting (by default not finished,
/// cancelled or paused). Order: workplan `planning_priority`, then
/// `planning_order`, then task `priority`, then how many open tasks wait on
/// it (more first), then id.
public struct ReadyList: Codable, Sendable, Equatable, TextOrJSONView {
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
        public var planningPriority: String?
        public var planningOrder: Int?
        /// Open tasks that wait on this one, directly or transitively.
        public var unblocks: Int
    }

    public var tasks: [Entry]
    /// Ready tasks before `--limit` was applied.
    public var total: Int
    /// What the statuses mean (colours); configuration, not part of the JSON.
    public var lifecycles: Lifecycles = .default

    enum CodingKeys: String, CodingKey {
        case tasks, total
    }

    /// Roles of a workplan status whose tasks are not offered as ready.
    static let workplanRolesOfferingNoWork: Set<Lifecycle.Role> = [.complete, .closed, .waiting]

    public init(index: DependencyIndex, repo: String? = nil, owner: String? = nil, limit: Int? = nil) {
        let analysis = index.analysis
        let graph = index.graph
        let lifecycles = graph.workspace.lifecycles
        self.lifecycles = lifecycles
        var entries: [Entry] = []
        for (workplanIndex, workplan) in graph.workplans.enumerated() {
            if let repo, workplan.repo != repo { continue }
            guard lifecycles.workplan.roles(of: workplan.status).isDisjoint(with: Self.workplanRolesOfferingNoWork) else { continue }
            for (taskIndex, task) in workplan.tasks.enumerated() {
                let node = graph.taskNodes[workplanIndex][taskIndex]
                guard !graph.nodes[node].isComplete, analysis.states[node]?.isBlocked == false else { continue }
                if let owner, (task.owner ?? workplan.owner) != owner { continue }
                entries.append(Entry(
                    id: task.id, title: task.title, status: task.status.rawValue, priority: task.priority,
                    owner: task.owner ?? workplan.owner, repo: workplan.repo, path: workplan.path, line: task.location.line,
                    workplan: workplan.id, planningPriority: workplan.planningPriority, planningOrder: workplan.planningOrder,
                    unblocks: index.openTasksWaiting(on: node)))
            }
        }
        entries.sort { a, b in
            let left = (PriorityRank.of(a.planningPriority), a.planningOrder ?? Int.max, PriorityRank.of(a.priority), -a.unblocks)
            let right = (PriorityRank.of(b.planningPriority), b.planningOrder ?? Int.max, PriorityRank.of(b.priority), -b.unblocks)
            if left != right { return left < right }
            return a.id < b.id
        }
        total = entries.count
        tasks = limit.map { Array(entries.prefix(max(0, $0))) } ?? entries
    }

    public func renderText(style: TerminalStyle = .plain) -> String {
        guard total > 0 else { return "No task is ready: every open task is blocked or in a closed workplan.\n" }
        guard !tasks.isEmpty else { return "\(total) task\(total == 1 ? " is" : "s are") ready; --limit \(tasks.count) shows none.\n" }
        var out = style.dim("ordered by workplan planning_priority, planning_order, task priority, then open tasks it unblocks") + "\n"
        let idWidth = tasks.map(\.id.terminalSafe.count).max() ?? 0
        for entry in tasks {
            let priority = entry.priority?.terminalSafe ?? "-"
            let unblocks = entry.unblocks > 0 ? "  unblocks \(entry.unblocks)" : ""
            out += "\(style.bold(padded(entry.id.terminalSafe, idWidth)))  \(padded(priority, 8)) "
            out += "\(style.status(entry.status, in: lifecycles.task))  \(entry.title.terminalSafe)"
            out += style.dim("\(unblocks)  (\(entry.repo.terminalSafe))") + "\n"
        }
        if total > tasks.count { out += style.dim("… \(total - tasks.count) more (raise --limit)") + "\n" }
        return out
    }
}
