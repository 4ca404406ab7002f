import Foundation

/// Output formats of `wp status`.
public enum StatusFormat: String, Sendable, CaseIterable {
    case text, json, markdown
}

extension StatusReport {
    /// Renders the report; `style` colours text output.
    public func render(_ format: StatusFormat, style: TerminalStyle = .plain, onlyBlocked: Bool = false) -> String {
        switch format {
        case .text: renderText(style: style, onlyBlocked: onlyBlocked)
        case .json: renderJSON()
        case .markdown: renderMarkdown(onlyBlocked: onlyBlocked)
        }
    }

    public func renderJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Text

    func renderText(style: TerminalStyle, onlyBlocked: Bool) -> String {
        var out = ""
        if onlyBlocked {
            if blocked.isEmpty { return "No blocked tasks.\n" }
            out += style.bold("Blocked tasks (\(blocked.count))") + "\n"
            for entry in blocked {
                out += "  \(style.bold(entry.id))  \(style.status(entry.status))  \(entry.title)\n"
                out += style.dim("    \(entry.path):\(entry.line)  (\(entry.repo))") + "\n"
                out += blockerLines(entry.blockers, omitted: entry.omittedBlockers, reason: entry.reason, status: entry.status, indent: "    ", style: style)
            }
            return out
        }
        if workplans.isEmpty {
            return "No workplans found. wp reads the files `include:` in .wp.yaml names (default workplans/**/*.md).\n"
        }
        let idWidth = workplans.map(\.id.count).max() ?? 0
        let statusWidth = workplans.map(\.status.count).max() ?? 0
        var currentRepo: String?
        for workplan in workplans {
            if workplan.repo != currentRepo {
                if currentRepo != nil { out += "\n" }
                currentRepo = workplan.repo
                out += style.bold(workplan.repo) + "\n"
            }
            let progress = "\(workplan.progress.complete)/\(workplan.progress.total) done"
            let counts = workplan.counts.map { "\($0.status) \($0.count)" }.joined(separator: ", ")
            out += "  \(style.bold(padded(workplan.id, idWidth)))  "
            out += style.status(workplan.status) + String(repeating: " ", count: max(0, statusWidth - workplan.status.count))
            out += "  \(padded(progress, 12))  \(workplan.title)\n"
            if !counts.isEmpty { out += style.dim("  \(String(repeating: " ", count: idWidth))  tasks: \(counts)") + "\n" }
            for task in workplan.tasks where task.blocked {
                out += "    \(style.color("blocked", .red)) \(task.id)  \(style.status(task.status))  \(task.title)\n"
                out += blockerLines(task.blockers, omitted: task.omittedBlockers, reason: task.reason, status: task.status, indent: "      ", style: style)
            }
            for decision in workplan.decisions where decision.status == "pending" {
                let blocks = decision.blocks.isEmpty ? "" : "  (blocks \(decision.blocks.joined(separator: ", ")))"
                out += "    \(style.color("decision", .yellow)) \(decision.id)  \(style.status(decision.status))  \(decision.title)\(blocks)\n"
            }
        }
        let unavailable = repos.filter { !$0.available }
        if !unavailable.isEmpty || !blocked.isEmpty {
            out += "\n"
        }
        for repo in unavailable {
            out += style.color("peer \(repo.name) unavailable: \(repo.reason ?? "unknown reason")", .yellow) + "\n"
        }
        out += "\(workplans.count) workplan\(workplans.count == 1 ? "" : "s"), "
        let taskCount = workplans.reduce(0) { $0 + $1.progress.total }
        out += "\(taskCount) task\(taskCount == 1 ? "" : "s"), \(blocked.count) blocked\n"
        return out
    }

    private func blockerLines(_ blockers: [Blocker], omitted: Int?, reason: String?, status: String, indent: String, style: TerminalStyle) -> String {
        var out = ""
        if blockers.isEmpty {
            let why = reason.map { ": \($0)" } ?? " (no depends_on and no reason given)"
            out += "\(indent)status is \(style.status(status))\(why)\n"
        }
        for blocker in blockers {
            out += "\(indent)blocked on \(style.bold(blocker.id ?? blocker.ref)) (\(describe(blocker)))\n"
            for root in blocker.roots {
                if root.chain.count <= 1 { continue }
                let state = root.status ?? root.reason
                out += "\(indent)  root: \(root.id) \(style.status(state))"
                out += style.dim("  via \(root.printedChain.joined(separator: " → "))") + "\n"
            }
            if let more = blocker.omittedRoots { out += style.dim("\(indent)  … \(more) more root\(more == 1 ? "" : "s")") + "\n" }
        }
        if let omitted { out += style.dim("\(indent)… \(omitted) more blocker\(omitted == 1 ? "" : "s")") + "\n" }
        return out
    }

    private func describe(_ blocker: Blocker) -> String {
        var parts: [String] = []
        guard blocker.id != nil else {
            parts.append(blocker.reason)
            if let repo = blocker.repo { parts.append("repo \(repo)") }
            return parts.joined(separator: ", ")
        }
        if let repo = blocker.repo { parts.append(repo) }
        if let kind = blocker.kind, kind != "workplan", kind != "task" { parts.append(kind) }
        if let status = blocker.status { parts.append(status) }
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
                out += "| \(cell(workplan.id)) | \(cell(workplan.repo)) | \(workplan.status) | "
                out += "\(workplan.progress.complete)/\(workplan.progress.total) | \(cell(workplan.title)) |\n"
            }
            out += "\n"
        }
        out += "## Blocked tasks\n\n"
        if blocked.isEmpty {
            out += "None.\n"
        } else {
            out += "| Task | Status | Blocked on | Root |\n|---|---|---|---|\n"
            for entry in blocked {
                let blockers = entry.blockers.isEmpty
                    ? "status \(entry.status)\(entry.reason.map { ": \($0)" } ?? "")"
                    : (entry.blockers.map { "\($0.id ?? $0.ref) (\(describe($0)))" }
                        + (entry.omittedBlockers.map { ["… \($0) more"] } ?? [])).joined(separator: "<br>")
                let roots = entry.blockers.flatMap(\.roots).map { "\($0.id) (\($0.status ?? $0.reason))" }
                out += "| \(cell(entry.id)) | \(entry.status) | \(cell(blockers)) | \(cell(roots.joined(separator: "<br>"))) |\n"
            }
        }
        let pending = workplans.flatMap(\.decisions).filter { $0.status == "pending" }
        if !onlyBlocked, !pending.isEmpty {
            out += "\n## Pending decisions\n\n"
            for decision in pending {
                out += "- **\(decision.id)** \(decision.title)\(decision.blocks.isEmpty ? "" : " (blocks \(decision.blocks.joined(separator: ", ")))")\n"
            }
        }
        return out
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
