/// What an editor shows when the pointer rests on an id (`wp lsp` hover): the element's
/// title, status, repo and place, and for open work what blocks it down to the root
/// cause; for a gate, its current result.
///
/// Built from the same values `wp show`, `wp status` and `wp gate check` print
/// (``WorkspaceGraph``, ``BlockingAnalysis``, ``StatusReport/Blocker``, ``GateResult``).
public struct ElementSummary: Codable, Sendable, Equatable {
    public var id: String
    public var kind: String
    public var title: String
    /// The status as written; for a gate, its result (`pass`, `fail`, `error`).
    public var status: String?
    public var repo: String
    public var path: String
    public var line: Int
    /// The workplan holding a task, decision or gate.
    public var workplan: String?
    public var complete: Bool
    /// A task: not complete and waiting, by its status or on open dependencies.
    public var blocked: Bool?
    /// A task whose status says it waits (`blocked`, `wait`), and why, when it says.
    public var waitsByStatus: Bool?
    public var reason: String?
    /// A task's blockers, each down to its root causes (at most ``Limits/blockersShownPerTask``).
    public var blockers: [StatusReport.Blocker]
    public var omittedBlockers: Int?
    /// An open workplan or decision: what keeps it open, down to the roots (at most ``Limits/rootsShownPerTask``).
    public var openRoots: [StatusReport.Root]
    /// A workplan's task progress.
    public var progress: StatusReport.Progress?
    /// What a decision blocks, as written.
    public var decisionBlocks: [String]?
    /// A gate's result now, with each requirement and why it is (un)met.
    public var gate: GateResult?

    /// The summary of graph node `node`; gates are evaluated for the session's day.
    public init(node: Int, in session: WorkspaceSession) {
        let graph = session.graph
        let analysis = session.analysis
        let value = graph.nodes[node]
        id = value.id
        kind = value.kind.rawValue
        title = value.title
        status = value.status?.rawValue
        repo = value.repo
        path = value.location.path
        line = value.location.line
        workplan = value.kind == .workplan ? nil : graph.workplan(of: node)?.id
        complete = value.isComplete
        blockers = []
        openRoots = []
        switch value.kind {
        case .task:
            let state = analysis.states[node]
            blocked = state?.isBlocked ?? false
            waitsByStatus = state?.waitsByStatus ?? false
            reason = graph.task(node)?.reason
            let (shown, omitted) = StatusReport.blockers(state?.blockers ?? [], graph: graph)
            blockers = shown
            omittedBlockers = omitted
        case .workplan:
            if let index = value.workplanIndex {
                let counts = graph.progress(ofWorkplan: index)
                progress = StatusReport.Progress(complete: counts.complete, total: counts.total)
            }
            if !value.isComplete { openRoots = Self.roots(of: node, analysis: analysis) }
        case .decision:
            decisionBlocks = graph.decision(node)?.blocks.map(\.text)
            if !value.isComplete { openRoots = Self.roots(of: node, analysis: analysis) }
        case .gate:
            if let position = graph.gates.firstIndex(where: { $0.node == node }) {
                let result = session.gates.evaluate(position)
                gate = result
                status = result.result.rawValue
                complete = result.result == .pass
            }
        }
    }

    /// What keeps `node` open, without the node itself when it is its own root.
    private static func roots(of node: Int, analysis: BlockingAnalysis) -> [StatusReport.Root] {
        let chains = analysis.rootChains(of: node).filter { $0.root != .node(node) }
        return chains.prefix(Limits.rootsShownPerTask).map { StatusReport.root($0, graph: analysis.graph) }
    }

    /// The summary as markdown for an editor's hover; every value from a file is escaped
    /// (``Swift/String/markdownText``, ``Swift/String/markdownCode``).
    public var markdown: String {
        var lines: [String] = []
        var head = "**\(id.markdownCode)** — \(kind)"
        if let status { head += " · \(status.markdownCode)" }
        if blocked == true { head += " · **blocked**" }
        lines.append(head)
        lines.append("")
        lines.append(title.markdownText)
        lines.append("")
        var place = "\(repo.markdownText) · \("\(path):\(line)".markdownCode)"
        if let workplan { place += " · in \(workplan.markdownCode)" }
        lines.append(place)
        if let progress { lines += ["", "\(progress.complete)/\(progress.total) tasks complete"] }
        if waitsByStatus == true {
            lines += ["", "Waits by its status" + (reason.map { ": \($0.markdownText)" } ?? "")]
        }
        if !blockers.isEmpty {
            lines += ["", "Blocked by:"]
            for blocker in blockers {
                var item = "- \((blocker.id.map { qualified($0, blocker.repo) } ?? blocker.ref).markdownCode)"
                var facts: [String] = []
                if let kind = blocker.kind { facts.append(kind) }
                facts.append(blocker.status.map(\.markdownCode) ?? blocker.reason.markdownText)
                if let progress = blocker.progress { facts.append("\(progress.complete)/\(progress.total) tasks complete") }
                facts.append("via \(blocker.via)")
                item += " (\(facts.joined(separator: ", ")))"
                lines.append(item)
                for root in blocker.roots where !(root.chain.count == 1 && root.id == blocker.id) {
                    lines.append("  - root cause: " + Self.describe(root))
                }
                if let omitted = blocker.omittedRoots { lines.append("  - … \(omitted) more") }
            }
            if let omittedBlockers { lines.append("- … \(omittedBlockers) more") }
        }
        if let decisionBlocks, !decisionBlocks.isEmpty {
            lines += ["", "Blocks: " + decisionBlocks.map(\.markdownCode).joined(separator: ", ")]
        }
        if !openRoots.isEmpty {
            lines += ["", "Open down to the root cause:"]
            lines += openRoots.map { "- " + Self.describe($0) }
        }
        if let gate {
            if let error = gate.error { lines += ["", "Cannot decide: \(error.markdownText)"] }
            if !gate.requirements.isEmpty {
                lines += ["", "Requirements:"]
                for requirement in gate.requirements {
                    let mark = requirement.met ? "met" : requirement.undecided ? "undecided" : "unmet"
                    lines.append("- \(mark): \(requirement.ref.markdownCode) — \(requirement.reason.markdownText)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func qualified(_ id: String, _ otherRepo: String?) -> String {
        guard let otherRepo, otherRepo != repo else { return id }
        return "\(otherRepo):\(id)"
    }

    /// `ROOT (status) — A → B → ROOT`.
    private static func describe(_ root: StatusReport.Root) -> String {
        var text = root.id.markdownCode + " (\(root.status.map(\.markdownCode) ?? root.reason.markdownText))"
        if root.chain.count > 1 { text += " — " + root.printedChain.map(\.markdownText).joined(separator: " → ") }
        return text
    }
}

extension WorkspaceSession {
    /// The element the id at byte `offset` of the file at `displayPath` names, and where
    /// that id is written: a task or decision id, a `depends_on`/`blocks`/`requires` item,
    /// an id in front matter or prose, a short id (`T04`) inside its workplan.
    public func element(atOffset offset: Int, inFile displayPath: String) -> (node: Int, span: FileSpan)? {
        guard let source = source(displayPath: displayPath),
              let token = WordScanner.idToken(in: source.bytes, at: offset) else { return nil }
        let workplan = workplanIndex(ofFile: displayPath)
        let repo = self.repo(ofFile: displayPath)?.name
        let text = String(decoding: source.bytes[token], as: UTF8.self)
        var candidates: [(String, Range<Int>)] = [(text, token)]
        // `repo:ID` that does not resolve whole: the part under the cursor may (`depends_on: [x:T04]`).
        var pieces: [Range<Int>] = []
        var pieceStart = token.lowerBound
        for index in token where source.bytes[index] == UInt8(ascii: ":") {
            pieces.append(pieceStart..<index)
            pieceStart = index + 1
        }
        pieces.append(pieceStart..<token.upperBound)
        if pieces.count > 1, let piece = pieces.first(where: { !$0.isEmpty && $0.lowerBound <= offset && offset <= $0.upperBound }) {
            candidates.append((String(decoding: source.bytes[piece], as: UTF8.self), piece))
        }
        for (candidate, range) in candidates {
            let reference = Reference(parsing: candidate, kind: .prose, location: SourceLocation(path: displayPath, line: 1, column: 1))
            if case .resolved(let node) = graph.resolve(reference, inWorkplan: workplan, repo: repo) {
                return (node, source.fileSpan(range))
            }
        }
        return nil
    }

    /// ``ElementSummary`` of the element the id at `offset` names, and the span of that id.
    public func summary(atOffset offset: Int, inFile displayPath: String) -> (summary: ElementSummary, span: FileSpan)? {
        guard let found = element(atOffset: offset, inFile: displayPath) else { return nil }
        return (ElementSummary(node: found.node, in: self), found.span)
    }
}
