import Foundation

/// `wp status` cut to what a reader (an agent over `wp mcp`) can take in: the counts of the
/// whole answer, per repo and in all, and the first `limit` entries of each list, with how
/// many there are. The entries are `wp status --format json`'s own (same fields and values),
/// so a reader that knows that contract knows this one; the whole document stays available
/// elsewhere (``fullDocument``, `wp://status` over `wp mcp`).
///
/// Bounded by `limit` whatever the workspace's size: on a 1,000-workplan workspace the whole
/// status document is 6.5 MB, more than any model reads.
public struct StatusDigest: Encodable, Sendable, Equatable, TextOrJSONView {
    /// Counts over everything the filter selects (not only the entries listed).
    public struct Counts: Encodable, Sendable, Equatable {
        public var workplans = 0
        /// Workplans whose status is not ended (complete or closed).
        public var openWorkplans = 0
        public var tasks = 0
        /// Tasks whose status is complete (done, cancelled by default).
        public var completeTasks = 0
        /// Blocked tasks, told apart as `wp status --format json`'s `blockedCounts` tells them.
        public var blocked = 0
        public var waiting = 0
        public var sequenced = 0
        /// Decisions whose status is open (`pending` by default).
        public var pendingDecisions = 0
    }

    /// A repo as `wp status --format json` lists it, with its counts.
    public struct Repo: Encodable, Sendable, Equatable {
        public var name: String
        public var available: Bool
        public var reason: String?
        public var files: Int
        public var counts: Counts
    }

    /// A workplan as `wp status --format json` lists it, without its task and decision lists
    /// (the blocked ones are in ``blocked``), with its number of blocked tasks.
    public struct Workplan: Encodable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var repo: String
        public var path: String
        public var line: Int
        public var progress: StatusReport.Progress
        public var counts: [StatusReport.StatusCount]
        public var blocked: Int
    }

    /// How many entries each list has in the whole answer.
    public struct Totals: Encodable, Sendable, Equatable {
        public var workplans: Int
        public var blocked: Int
        public var problems: Int
    }

    public var summary: Counts
    public var repos: [Repo]
    /// The first ``limit`` workplans: open ones (with ``StatusFilter/onlyBlocked``: those with a blocked task).
    public var workplans: [Workplan]
    /// The first ``limit`` blocked tasks, those that wait (on another plan or repo, a decision,
    /// their status) before those only after an earlier task of their own plan.
    public var blocked: [StatusReport.BlockedEntry]
    /// The first ``limit`` problems met while reading.
    public var problems: [Diagnostic]
    /// Entries listed at most per list.
    public var limit: Int
    /// Entries each list has in the whole answer.
    public var total: Totals
    /// A list was cut at ``limit``.
    public var truncated: Bool
    /// Where the whole `wp status --format json` document is.
    public var fullDocument: String

    /// What the statuses mean (colours); configuration, not part of the JSON.
    var lifecycles: Lifecycles = .default
    var onlyBlocked = false
    /// The report's lists emptied: it prints a blocked entry as `wp status --blocked` does. Not part of the JSON.
    private var entryPrinter: StatusReport

    enum CodingKeys: String, CodingKey {
        case summary, repos, workplans, blocked, problems, limit, total, truncated, fullDocument
    }

    /// The digest of `report` (built with the filter's `onlyBlocked` off, so that it counts every
    /// task), listing at most `limit` entries per list.
    ///
    /// - Parameter onlyBlocked: list only workplans that have a blocked task.
    /// - Parameter fullDocument: where the reader finds the whole report (a URI, a command).
    public init(_ report: StatusReport, onlyBlocked: Bool, limit: Int, fullDocument: String) {
        let lifecycles = report.lifecycles
        self.lifecycles = lifecycles
        var printer = report
        (printer.repos, printer.workplans, printer.blocked, printer.problems) = ([], [], [], [])
        entryPrinter = printer
        self.onlyBlocked = onlyBlocked
        self.limit = max(limit, 0)
        self.fullDocument = fullDocument

        var blockedPerWorkplan: [String: Int] = [:]
        var perRepo: [String: Counts] = [:]
        for entry in report.blocked {
            // Workplan ids can repeat across repos: the path and repo tell them apart.
            blockedPerWorkplan[entry.repo + "\u{0}" + entry.path, default: 0] += 1
            var counts = perRepo[entry.repo, default: Counts()]
            counts.blocked += 1
            if entry.sequenced { counts.sequenced += 1 } else { counts.waiting += 1 }
            perRepo[entry.repo] = counts
        }
        var listed: [Workplan] = []
        for workplan in report.workplans {
            let open = !lifecycles.workplan.isEnded(Status(workplan.status))
            var counts = perRepo[workplan.repo, default: Counts()]
            counts.workplans += 1
            if open { counts.openWorkplans += 1 }
            counts.tasks += workplan.progress.total
            counts.completeTasks += workplan.progress.complete
            counts.pendingDecisions += workplan.decisions.filter { lifecycles.decision.isOpen(Status($0.status)) }.count
            perRepo[workplan.repo] = counts
            let blocked = blockedPerWorkplan[workplan.repo + "\u{0}" + workplan.path] ?? 0
            if onlyBlocked ? blocked > 0 : open {
                listed.append(Workplan(
                    id: workplan.id, title: workplan.title, status: workplan.status, repo: workplan.repo, path: workplan.path,
                    line: workplan.line, progress: workplan.progress, counts: workplan.counts, blocked: blocked))
            }
        }
        repos = report.repos.map { repo in
            Repo(name: repo.name, available: repo.available, reason: repo.reason, files: repo.files, counts: perRepo[repo.name] ?? Counts())
        }
        var summary = Counts()
        for counts in perRepo.values {
            summary.workplans += counts.workplans
            summary.openWorkplans += counts.openWorkplans
            summary.tasks += counts.tasks
            summary.completeTasks += counts.completeTasks
            summary.blocked += counts.blocked
            summary.waiting += counts.waiting
            summary.sequenced += counts.sequenced
            summary.pendingDecisions += counts.pendingDecisions
        }
        self.summary = summary
        let waitingFirst = StatusReport.waitingFirst(report.blocked, isSequenced: \.sequenced)
        workplans = Array(listed.prefix(self.limit))
        blocked = Array(waitingFirst.prefix(self.limit))
        problems = Array(report.problems.prefix(self.limit))
        total = Totals(workplans: listed.count, blocked: report.blocked.count, problems: report.problems.count)
        truncated = total.workplans > workplans.count || total.blocked > blocked.count || total.problems > problems.count
    }

    // MARK: Text

    public func renderText(style: TerminalStyle) -> String {
        var out = "\(Self.describe(summary))\n"
        for repo in repos {
            let what = repo.available
                ? "\(repo.files) file\(repo.files == 1 ? "" : "s"), \(Self.describe(repo.counts))"
                : "unavailable: \(repo.reason?.terminalSafe ?? "unknown reason")"
            out += "  \(style.bold(repo.name.terminalSafe))  \(what)\n"
        }
        if !workplans.isEmpty {
            let which = onlyBlocked ? "Workplans with blocked tasks" : "Open workplans"
            out += "\n" + style.bold("\(which) (\(Self.shown(workplans.count, of: total.workplans)))") + "\n"
            let idWidth = workplans.map(\.id.terminalSafe.count).max() ?? 0
            let statusWidth = workplans.map(\.status.terminalSafe.count).max() ?? 0
            for workplan in workplans {
                let status = workplan.status.terminalSafe
                let progress = "\(workplan.progress.complete)/\(workplan.progress.total) done"
                out += "  \(style.bold(padded(workplan.id.terminalSafe, idWidth)))  "
                out += style.status(workplan.status, in: lifecycles.workplan) + String(repeating: " ", count: max(0, statusWidth - status.count))
                out += "  \(padded(progress, 12))  \(workplan.blocked > 0 ? "\(workplan.blocked) blocked  " : "")"
                out += "\(workplan.title.terminalSafe)  (\(workplan.repo.terminalSafe))\n"
            }
        }
        if !blocked.isEmpty {
            out += "\n" + style.bold("Blocked tasks (\(Self.shown(blocked.count, of: total.blocked)), waiting ones first)") + "\n"
            for entry in blocked { out += entryPrinter.blockedEntryText(entry, style: style) }
        }
        if !problems.isEmpty {
            out += "\n" + style.bold("Problems reading (\(Self.shown(problems.count, of: total.problems)))") + "\n"
            for problem in problems { out += "  " + problem.description.terminalSafeLines + "\n" }
        }
        if truncated {
            out += "\nLists hold at most \(limit) entries: raise `limit`, narrow with `repo` or `blocked_only`, "
                + "or read \(fullDocument) for the whole `wp status --format json`.\n"
        }
        return out
    }

    private static func shown(_ count: Int, of total: Int) -> String {
        count == total ? "\(total)" : "first \(count) of \(total)"
    }

    private static func describe(_ counts: Counts) -> String {
        var out = "\(counts.workplans) workplan\(counts.workplans == 1 ? "" : "s") (\(counts.openWorkplans) open), "
        out += "\(counts.tasks) task\(counts.tasks == 1 ? "" : "s") (\(counts.completeTasks) complete), \(counts.blocked) blocked"
        if counts.blocked > 0 {
            out += " (\(counts.waiting) waiting, \(counts.sequenced) only after an earlier task of their plan)"
        }
        if counts.pendingDecisions > 0 {
            out += ", \(counts.pendingDecisions) pending decision\(counts.pendingDecisions == 1 ? "" : "s")"
        }
        return out
    }
}
