import Foundation

extension StatusReport: JSONStreamingView {
    public static let formats: [OutputFormat] = [.text, .json, .markdown]

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text: renderText(style: context.style, onlyBlocked: onlyBlocked)
        case .json: try json(streamedJSON)
        case .markdown: renderMarkdown(onlyBlocked: onlyBlocked)
        default: throw unsupported(format)
        }
    }

    public func render(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        try renderStreamingJSON(format, in: context, to: &sink)
    }

    /// The members of ``encode(to:)``, the large arrays element by element.
    public var streamedJSON: StreamedJSON {
        .object([
            CodingKeys.repos.stringValue: .array(repos),
            CodingKeys.workplans.stringValue: .array(workplans),
            CodingKeys.blocked.stringValue: .array(blocked),
            CodingKeys.blockedCounts.stringValue: .encoded(blockedCounts),
            CodingKeys.problems.stringValue: .array(problems),
        ])
    }

    // MARK: Text

    func renderText(style: TerminalStyle, onlyBlocked: Bool) -> String {
        var out = ""
        if onlyBlocked {
            if blocked.isEmpty { return "No blocked tasks.\n" }
            out += style.bold("Blocked tasks (\(blocked.count))") + "\n"
            for entry in blocked { out += blockedEntryText(entry, style: style) }
            return out
        }
        if workplans.isEmpty {
            return "No workplans found. wp reads the files `include:` in .wp.yaml names (default workplans/**/*.md).\n"
        }
        let idWidth = workplans.map(\.id.terminalSafe.count).max() ?? 0
        let statusWidth = workplans.map(\.status.terminalSafe.count).max() ?? 0
        var currentRepo: String?
        for workplan in workplans {
            if workplan.repo != currentRepo {
                if currentRepo != nil { out += "\n" }
                currentRepo = workplan.repo
                out += style.bold(workplan.repo.terminalSafe) + "\n"
            }
            let progress = "\(workplan.progress.complete)/\(workplan.progress.total) done"
            let counts = workplan.counts.map { "\($0.status.terminalSafe) \($0.count)" }.joined(separator: ", ")
            let status = workplan.status.terminalSafe
            out += "  \(style.bold(padded(workplan.id.terminalSafe, idWidth)))  "
            out += style.status(workplan.status, in: lifecycles.workplan) + String(repeating: " ", count: max(0, statusWidth - status.count))
            out += "  \(padded(progress, 12))  \(workplan.title.terminalSafe)\n"
            if !counts.isEmpty { out += style.dim("  \(String(repeating: " ", count: idWidth))  tasks: \(counts)") + "\n" }
            for task in workplan.tasks where task.blocked {
                out += "    \(style.color("blocked", .red)) \(task.id.terminalSafe)  \(style.status(task.status, in: lifecycles.task))  \(task.title.terminalSafe)\n"
                out += blockerLines(task.blockers, omitted: task.omittedBlockers, reason: task.reason, status: task.status, indent: "      ", style: style)
            }
            for decision in workplan.decisions where lifecycles.decision.isOpen(Status(decision.status)) {
                let blocks = decision.blocks.isEmpty ? "" : "  (blocks \(decision.blocks.map(\.terminalSafe).joined(separator: ", ")))"
                out += "    \(style.color("decision", .yellow)) \(decision.id.terminalSafe)  \(style.status(decision.status, in: lifecycles.decision))  "
                out += "\(decision.title.terminalSafe)\(blocks)\n"
            }
        }
        let unavailable = repos.filter { !$0.available }
        if !unavailable.isEmpty || !blocked.isEmpty {
            out += "\n"
        }
        for repo in unavailable {
            out += style.color("peer \(repo.name.terminalSafe) unavailable: \(repo.reason?.terminalSafe ?? "unknown reason")", .yellow) + "\n"
        }
        out += "\(workplans.count) workplan\(workplans.count == 1 ? "" : "s"), "
        let taskCount = workplans.reduce(0) { $0 + $1.progress.total }
        out += "\(taskCount) task\(taskCount == 1 ? "" : "s"), \(blocked.count) blocked"
        if !blocked.isEmpty {
            let counts = blockedCounts
            out += " (\(counts.waiting) waiting, \(counts.sequenced) only after an earlier task of their plan)"
        }
        out += "\n"
        return out
    }

    /// One blocked task as `wp status --blocked` prints it: id, status, title, where, and its blockers with their roots.
    func blockedEntryText(_ entry: BlockedEntry, style: TerminalStyle) -> String {
        var out = "  \(style.bold(entry.id.terminalSafe))  \(style.status(entry.status, in: lifecycles.task))  \(entry.title.terminalSafe)\n"
        out += style.dim("    \(entry.path.terminalSafePath):\(entry.line)  (\(entry.repo.terminalSafe))") + "\n"
        out += blockerLines(entry.blockers, omitted: entry.omittedBlockers, reason: entry.reason, status: entry.status, indent: "    ", style: style)
        return out
    }

    private func blockerLines(_ blockers: [Blocker], omitted: Int?, reason: String?, status: String, indent: String, style: TerminalStyle) -> String {
        var out = ""
        if blockers.isEmpty {
            let why = reason.map { ": \($0.terminalSafe)" } ?? " (no depends_on and no reason given)"
            out += "\(indent)status is \(style.status(status, in: lifecycles.task))\(why)\n"
        }
        for blocker in blockers {
            out += "\(indent)blocked on \(style.bold((blocker.id ?? blocker.ref).terminalSafe)) (\(describe(blocker)))\n"
            for root in blocker.roots {
                if root.chain.count <= 1 { continue }
                let state = root.status.map { style.status($0, in: lifecycles.of(kindNamed: root.kind)) } ?? style.outcome(root.reason.terminalSafe)
                out += "\(indent)  root: \(root.id.terminalSafe) \(state)"
                out += style.dim("  via \(root.printedChain.map(\.terminalSafe).joined(separator: " → "))") + "\n"
            }
            if let more = blocker.omittedRoots { out += style.dim("\(indent)  … \(more) more root\(more == 1 ? "" : "s")") + "\n" }
        }
        if let omitted { out += style.dim("\(indent)… \(omitted) more blocker\(omitted == 1 ? "" : "s")") + "\n" }
        return out
    }

    /// The blocker in words, its file-derived parts ``Swift/String/terminalSafe``.
    private func describe(_ blocker: Blocker) -> String {
        var parts: [String] = []
        guard blocker.id != nil else {
            parts.append(blocker.reason)
            if let repo = blocker.repo { parts.append("repo \(repo.terminalSafe)") }
            return parts.joined(separator: ", ")
        }
        if let repo = blocker.repo { parts.append(repo.terminalSafe) }
        if let kind = blocker.kind, kind != "workplan", kind != "task" { parts.append(kind) }
        if let status = blocker.status { parts.append(status.terminalSafe) }
        if let progress = blocker.progress { parts.append("\(progress.complete)/\(progress.total) tasks done") }
        if blocker.via == "workplan" { parts.append("inherited from the workplan's depends_on") }
        return parts.joined(separator: ", ")
    }

    // MARK: Markdown

    func renderMarkdown(onlyBlocked: Bool) -> String {
        var out = ""
        if !onlyBlocked {
            out += "## Workplans\n\n| Workplan | Repo | Status | Done | Title |\n|---|---|---|---|---|\n"
            for workplan in workplans {
                out += "| \(workplan.id.markdownCell) | \(workplan.repo.markdownCell) | \(workplan.status.markdownCell) | "
                out += "\(workplan.progress.complete)/\(workplan.progress.total) | \(workplan.title.markdownCell) |\n"
            }
            out += "\n"
        }
        out += "## Blocked tasks\n\n"
        if blocked.isEmpty {
            out += "None.\n"
        } else {
            out += "| Task | Status | Blocked on | Root |\n|---|---|---|---|\n"
            for entry in blocked {
                // Each part escaped on its own: the `<br>` between them is wp's markup.
                let blockers = entry.blockers.isEmpty
                    ? "status \(entry.status)\(entry.reason.map { ": \($0)" } ?? "")".markdownCell
                    : (entry.blockers.map { "\(($0.id ?? $0.ref).markdownCell) (\(describe($0).markdownCell))" }
                        + (entry.omittedBlockers.map { ["… \($0) more"] } ?? [])).joined(separator: "<br>")
                let roots = entry.blockers.flatMap(\.roots).map { "\($0.id.markdownCell) (\(($0.status ?? $0.reason).markdownCell))" }
                out += "| \(entry.id.markdownCell) | \(entry.status.markdownCell) | \(blockers) | \(roots.joined(separator: "<br>")) |\n"
            }
        }
        let pending = workplans.flatMap(\.decisions).filter { lifecycles.decision.isOpen(Status($0.status)) }
        if !onlyBlocked, !pending.isEmpty {
            out += "\n## Pending decisions\n\n"
            for decision in pending {
                let blocks = decision.blocks.isEmpty ? "" : " (blocks \(decision.blocks.map(\.markdownText).joined(separator: ", ")))"
                out += "- **\(decision.id.markdownText)** \(decision.title.markdownText)\(blocks)\n"
            }
        }
        return out
    }
}
