import Foundation

/// `wp report`: the whole workspace in one document — progress per
/// workplan, blocked tasks with root causes, pending decisions, gates, stale
/// workplans and the dependency graph.
public struct WorkspaceReport: Codable, Sendable, Equatable {
    public struct WorkplanRow: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var repo: String
        public var path: String
        public var progress: StatusReport.Progress
        public var updated: String?
        /// Open and not updated for more than the stale age.
        public var stale: Bool
        public var daysSinceUpdate: Int?
    }

    public struct PendingDecision: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var repo: String
        public var path: String
        public var line: Int
        public var blocks: [String]
    }

    public var generated: String
    public var repo: String
    /// Open workplans not updated for more than this many days are stale.
    public var staleAfterDays: Int
    public var workplans: [WorkplanRow]
    public var blocked: [StatusReport.BlockedEntry]
    public var pendingDecisions: [PendingDecision]
    public var gates: [GateResult]
    public var problems: [Diagnostic]
    /// The dependency graph in Mermaid.
    public var mermaid: String
    /// The dependency graph in DOT, which the HTML form lays out with Graphviz.
    var dot = ""
    /// How the graph is drawn: element by element, one node per workplan (more than
    /// ``Limits/reportGraphElements`` open elements) or one per repo (more than
    /// ``Limits/reportGraphWorkplans`` open workplans too); not part of the JSON.
    var graphScale = GraphScale.elements
    enum GraphScale: Sendable, Equatable { case elements, perWorkplan, perRepo }
    /// The sentence that says so, when it does.
    var graphScaleNote: String? {
        switch graphScale {
        case .elements: nil
        case .perWorkplan:
            "More than \(Limits.reportGraphElements) open elements: one node per workplan, an edge where one plan waits on another (`wp graph ID` draws a plan in full)."
        case .perRepo:
            "More than \(Limits.reportGraphElements) open elements and \(Limits.reportGraphWorkplans) open workplans: one node per repo, an edge counting the plans of one repo that wait on plans of another (`wp graph ID` draws a plan and its neighbourhood)."
        }
    }
    /// What the statuses mean (HTML colours); configuration, not part of the JSON.
    public var lifecycles: Lifecycles = .default
    /// Where the HTML links each element's own id: its file and line on the team's forge
    /// (`--link-base`); nil links ids only within the page. Not part of the JSON.
    public var linkBase: LinkBase?

    enum CodingKeys: String, CodingKey {
        case generated, repo, staleAfterDays, workplans, blocked, pendingDecisions, gates, problems, mermaid
    }

    /// The report for `index.today`, the day its gates were evaluated for (staleness counts from it too).
    public init(index: DependencyIndex, staleAfterDays: Int = 30, linkBase: LinkBase? = nil) {
        self.linkBase = linkBase
        let graph = index.graph
        let workspace = graph.workspace
        let lifecycles = workspace.lifecycles
        self.lifecycles = lifecycles
        let today = index.today
        generated = today.description
        repo = workspace.config.repo
        self.staleAfterDays = staleAfterDays
        workplans = graph.workplans.enumerated().map { workplanIndex, workplan in
            let progress = graph.progress(ofWorkplan: workplanIndex)
            let age = workplan.updated.flatMap(CalendarDate.init).map { $0.days(to: today) }
            // Stale only while work may still happen: not complete and not closed (paused is still open).
            let open = !lifecycles.workplan.isEnded(workplan.status)
            return WorkplanRow(
                id: workplan.id, title: workplan.title, status: workplan.status.rawValue, repo: workplan.repo, path: workplan.path,
                progress: StatusReport.Progress(complete: progress.complete, total: progress.total), updated: workplan.updated,
                stale: open && (age.map { $0 > staleAfterDays } ?? false), daysSinceUpdate: age)
        }
        let status = StatusReport(analysis: index.analysis)
        blocked = status.blocked
        problems = status.problems
        pendingDecisions = graph.workplans.flatMap { workplan in
            workplan.decisions.filter { lifecycles.decision.isOpen($0.status) }.map {
                PendingDecision(id: $0.id, title: $0.title, repo: workplan.repo, path: workplan.path, line: $0.location.line,
                                blocks: $0.blocks.map(\.text))
            }
        }
        gates = index.gateResults
        // The report draws open work only: finished work is in the progress table, not worth a node.
        let openWork = GraphExport(index: index, openOnly: true)
        // A team-sized graph is drawn per workplan, and a workspace-sized one per repo, so its
        // labels stay readable and Graphviz lays it out in well under a second.
        if openWork.nodes.count <= Limits.reportGraphElements {
            graphScale = .elements
            mermaid = openWork.mermaid()
            dot = openWork.dot()
        } else if case let plans = openWork.perWorkplanView(), plans.nodes.count <= Limits.reportGraphWorkplans {
            graphScale = .perWorkplan
            mermaid = plans.mermaid()
            dot = plans.dot()
        } else {
            graphScale = .perRepo
            let summary = openWork.repoSummary()
            mermaid = summary.mermaid()
            dot = summary.dot()
        }
    }

    // MARK: Markdown

    /// Every value from a file is escaped for its place: ``Swift/String/markdownCell`` in
    /// tables, ``Swift/String/markdownText`` in prose, ``Swift/String/markdownCode`` in code spans.
    func renderMarkdown() -> String {
        var out = "# Workplan report: \(repo.markdownText)\n\nGenerated \(generated.markdownText) by wp \(WorkplanKitVersion.current).\n\n"
        let tasks = workplans.reduce(0) { $0 + $1.progress.total }
        let done = workplans.reduce(0) { $0 + $1.progress.complete }
        out += "\(workplans.count) workplans, \(done)/\(tasks) tasks complete, \(blocked.count) blocked, "
        out += "\(pendingDecisions.count) pending decision\(pendingDecisions.count == 1 ? "" : "s"), \(gates.filter { $0.result == .pass }.count)/\(gates.count) gates passing.\n\n"
        out += "## Progress\n\n| Workplan | Repo | Status | Progress | Updated |\n|---|---|---|---|---|\n"
        for row in workplans {
            let stale = row.stale ? " ⚠ stale" : ""
            out += "| **\(row.id.markdownCell)** \(row.title.markdownCell) | \(row.repo.markdownCell) | \(row.status.markdownCell) | "
            out += "`\(Self.bar(row.progress))` \(row.progress.complete)/\(row.progress.total) | \(row.updated?.markdownCell ?? "—")\(stale) |\n"
        }
        out += "\n## Blocked tasks\n\n"
        if blocked.isEmpty { out += "None.\n" }
        for entry in blocked {
            out += "- **\(entry.id.markdownText)** \(entry.title.markdownText) (\(entry.status.markdownCode), \(entry.repo.markdownText))\n"
            if entry.blockers.isEmpty {
                out += "  - status \(entry.status.markdownCode)\(entry.reason.map { ": \($0.markdownText)" } ?? " with no reason given")\n"
            }
            for blocker in entry.blockers {
                out += "  - blocked on **\((blocker.id ?? blocker.ref).markdownText)** (\(Self.describe(blocker).markdownText))\n"
                for root in blocker.roots where root.chain.count > 1 {
                    out += "    - root: \(root.id.markdownText) \((root.status ?? root.reason).markdownCode) via \(root.printedChain.map(\.markdownText).joined(separator: " → "))\n"
                }
                if let more = blocker.omittedRoots { out += "    - … \(more) more root\(more == 1 ? "" : "s")\n" }
            }
            if let more = entry.omittedBlockers { out += "  - … \(more) more blocker\(more == 1 ? "" : "s")\n" }
        }
        out += "\n## Pending decisions\n\n"
        if pendingDecisions.isEmpty { out += "None.\n" }
        for decision in pendingDecisions {
            let blocks = decision.blocks.isEmpty ? "" : " — blocks \(decision.blocks.map(\.markdownText).joined(separator: ", "))"
            out += "- **\(decision.id.markdownText)** \(decision.title.markdownText)\(blocks) (\(decision.path.terminalSafePath.markdownText):\(decision.line))\n"
        }
        out += "\n## Gates\n\n"
        if gates.isEmpty { out += "None defined.\n" }
        for gate in gates {
            out += "- **\(gate.id.markdownText)**: `\(gate.result.rawValue)`\(gate.title.map { " — \($0.markdownText)" } ?? "")\n"
            for requirement in gate.requirements where !requirement.met {
                out += "  - ✗ \(requirement.ref.markdownText): \(requirement.reason.markdownText)\n"
            }
        }
        let stale = workplans.filter(\.stale)
        out += "\n## Stale workplans\n\nOpen workplans whose `updated` is more than \(staleAfterDays) days old.\n\n"
        if stale.isEmpty { out += "None.\n" }
        for row in stale {
            out += "- **\(row.id.markdownText)** \(row.title.markdownText): updated \(row.updated?.markdownText ?? "never") (\(row.daysSinceUpdate ?? 0) days ago)\n"
        }
        out += "\n## Dependency graph\n\n" + (graphScaleNote.map { "\($0)\n\n" } ?? "") + "```mermaid\n\(mermaid)```\n"
        return out
    }

    static func describe(_ blocker: StatusReport.Blocker) -> String {
        guard blocker.id != nil else { return blocker.reason }
        var parts = [blocker.repo, blocker.status].compactMap { $0 }
        if let progress = blocker.progress { parts.append("\(progress.complete)/\(progress.total) tasks done") }
        return parts.joined(separator: ", ")
    }

    /// A ten-cell text progress bar.
    static func bar(_ progress: StatusReport.Progress) -> String {
        let filled = progress.total == 0 ? 0 : Int((Double(progress.complete) / Double(progress.total) * 10).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
    }
}
