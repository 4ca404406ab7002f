/// `wp show ID`: one workplan, task, decision or gate with its fields, where
/// it is defined, what it depends on and what depends on it.
public struct ElementDetail: Codable, Sendable, Equatable, TextOrJSONView {
    public struct Link: Codable, Sendable, Equatable {
        /// As written for requirements; the id for dependents.
        public var ref: String
        public var id: String?
        public var kind: String?
        public var status: String?
        public var repo: String?
        /// How it is linked (`depends_on`, `workplan`, `decision`, `requires`, `its workplan`).
        public var via: String
        public var complete: Bool
        /// Why it does not resolve, when it does not.
        public var problem: String?
    }

    public struct Field: Codable, Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public var id: String
    public var kind: String
    public var title: String
    public var status: String?
    public var repo: String
    public var path: String
    public var line: Int
    public var column: Int
    public var workplan: String?
    public var fields: [Field]
    public var dependsOn: [Link]
    public var dependents: [Link]
    public var blocked: Bool?
    public var doneWhen: String?
    /// Task progress, for a workplan.
    public var progress: StatusReport.Progress?
    /// What the statuses mean (colours); configuration, not part of the JSON.
    public var lifecycles: Lifecycles = .default

    enum CodingKeys: String, CodingKey {
        case id, kind, title, status, repo, path, line, column, workplan, fields, dependsOn, dependents, blocked, doneWhen, progress
    }

    public init(node: Int, index: DependencyIndex) {
        let graph = index.graph
        let value = graph.nodes[node]
        lifecycles = graph.workspace.lifecycles
        fields = []
        dependsOn = []
        dependents = []
        id = value.id
        kind = value.kind.rawValue
        title = value.title
        repo = value.repo
        path = value.location.path
        line = value.location.line
        column = value.location.column
        workplan = value.kind == .workplan ? nil : graph.workplan(of: node)?.id
        var yaml: YAMLValue?
        switch value.kind {
        case .task:
            let task = graph.task(node)
            yaml = task?.fields
            doneWhen = task?.doneWhen
            blocked = index.analysis.states[node]?.isBlocked
        case .workplan:
            yaml = graph.workplan(of: node)?.frontMatter
            if let workplanIndex = value.workplanIndex {
                let progress = graph.progress(ofWorkplan: workplanIndex)
                self.progress = StatusReport.Progress(complete: progress.complete, total: progress.total)
            }
        case .decision:
            yaml = graph.decision(node)?.fields
            if yaml == nil, let decision = graph.decision(node) {
                fields = [Field(key: "status", value: decision.status.rawValue, line: decision.location.line)]
                    + [("resolution", decision.resolution), ("decided_by", decision.decidedBy), ("decided_on", decision.decidedOn)]
                    .compactMap { key, text in text.map { Field(key: key, value: $0, line: (decision.resolutionLocation ?? decision.location).line) } }
            }
        case .gate:
            yaml = index.gatePosition(of: node).map { graph.gates[$0].gate.fields }
        }
        if let entries = yaml?.entries {
            var budget = Limits.fieldTextShown
            fields = entries.map { Field(key: $0.key, value: Self.flatten($0.value, budget: &budget), line: $0.keyLocation.line) }
        }
        status = value.status?.rawValue ?? Self.gateResult(node, index)
        dependsOn = graph.dependencies[node].map { dependency in
            var link = Link(ref: dependency.reference.text, id: nil, kind: nil, status: nil, repo: dependency.reference.repo,
                            via: dependency.via.rawValue, complete: false, problem: nil)
            if let target = dependency.resolution.node {
                let other = graph.nodes[target]
                link.id = other.id
                link.kind = other.kind.rawValue
                link.status = other.status?.rawValue ?? Self.gateResult(target, index)
                link.repo = other.repo
                link.complete = index.isComplete(target)
            } else {
                link.problem = dependency.resolution.label
            }
            return link
        }
        dependents = index.dependents[node].map { other in
            let otherValue = graph.nodes[other]
            let via = graph.dependencies[other].first { $0.resolution.node == node }?.via.rawValue ?? "its workplan"
            return Link(ref: otherValue.id, id: otherValue.id, kind: otherValue.kind.rawValue,
                        status: otherValue.status?.rawValue ?? Self.gateResult(other, index),
                        repo: otherValue.repo, via: via, complete: index.isComplete(other), problem: nil)
        }
    }

    /// A gate's status is its result (`pass`, `fail`, `error`).
    static func gateResult(_ node: Int, _ index: DependencyIndex) -> String? {
        guard index.graph.nodes[node].kind == .gate,
              let position = index.gatePosition(of: node) else { return nil }
        return index.gateResults[position].result.rawValue
    }

    /// A value on one line: `[a, b]`, `{k: v}`. Walked with an explicit stack (nesting has no depth limit),
    /// and cut with `…` once `budget` characters are spent: YAML aliases can repeat one long value many times.
    static func flatten(_ value: YAMLValue, budget: inout Int) -> String {
        enum Piece {
            case value(YAMLValue)
            case text(String)
        }
        var out = ""
        var pending: [Piece] = [.value(value)]
        while let piece = pending.popLast() {
            let text: String
            switch piece {
            case .text(let punctuation):
                text = punctuation
            case .value(.scalar(let scalar)):
                text = scalar.text
            case .value(.sequence(let items, _)):
                text = "["
                pending.append(.text("]"))
                for (position, item) in items.enumerated().reversed() {
                    pending.append(.value(item))
                    if position > 0 { pending.append(.text(", ")) }
                }
            case .value(.mapping(let entries, _)):
                text = "{"
                pending.append(.text("}"))
                for (position, entry) in entries.enumerated().reversed() {
                    pending.append(.value(entry.value))
                    pending.append(.text("\(entry.key): "))
                    if position > 0 { pending.append(.text(", ")) }
                }
            }
            // Measured only up to the budget: a long value is not counted whole.
            if let cut = text.index(text.startIndex, offsetBy: max(budget, 0), limitedBy: text.endIndex), cut < text.endIndex {
                out += text[..<cut] + "…"
                budget = 0
                return out
            }
            budget -= text.count
            out += text
        }
        return out
    }

    public func renderText(style: TerminalStyle = .plain) -> String {
        var out = "\(style.bold(id.terminalSafe))  \(kind)" + (status.map { "  " + Self.shown($0, kind: kind, lifecycles, style) } ?? "") + "\n"
        out += "  \(title.terminalSafe)\n"
        out += style.dim("  \(path.terminalSafePath):\(line):\(column) (\(repo.terminalSafe))") + "\n"
        if let workplan { out += "  workplan: \(workplan.terminalSafe)\n" }
        if let progress { out += "  progress: \(progress.complete)/\(progress.total) tasks complete\n" }
        if let blocked, blocked { out += "  " + style.color("blocked", .red) + "\n" }
        if !fields.isEmpty {
            out += "\nFields\n"
            let width = fields.map(\.key.terminalSafe.count).max() ?? 0
            for field in fields { out += "  \(padded(field.key.terminalSafe, width))  \(field.value.terminalSafe)\n" }
        }
        if let doneWhen { out += "\nDone when\n  \(doneWhen.terminalSafe)\n" }
        out += "\nDepends on\n"
        if dependsOn.isEmpty { out += "  (nothing)\n" }
        for link in dependsOn {
            let state = link.problem.map { style.color($0, .red) } ?? Self.shown(link.status, kind: link.kind, lifecycles, style)
            out += "  \((link.id ?? link.ref).terminalSafe)  \(state)  \(style.dim("via \(link.via)\(link.repo.map { ", \($0.terminalSafe)" } ?? "")"))\n"
        }
        out += "\nDepended on by\n"
        if dependents.isEmpty { out += "  (nothing)\n" }
        for link in dependents {
            out += "  \((link.id ?? link.ref).terminalSafe)  \(Self.shown(link.status, kind: link.kind, lifecycles, style))  "
            out += "\(style.dim("via \(link.via), \(link.repo?.terminalSafe ?? "")"))\n"
        }
        return out
    }

    /// A status in the colour of its role; a gate's result (`pass`, `fail`) in its own.
    static func shown(_ status: String?, kind: String?, _ lifecycles: Lifecycles, _ style: TerminalStyle) -> String {
        guard let status else { return style.outcome("open") }
        if let lifecycle = lifecycles.of(kindNamed: kind) { return style.status(status, in: lifecycle) }
        return style.outcome(status.terminalSafe)
    }
}

/// `wp impact ID`: what completing ID would unblock, per repo, and the critical path.
public struct ImpactReport: Codable, Sendable, Equatable, TextOrJSONView {
    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var status: String?
        public var repo: String
        /// True when ID is the only open thing it waits on directly: completing ID unblocks it at once.
        public var unblockedDirectly: Bool
        /// Steps from ID (1 = depends on it directly).
        public var distance: Int
    }

    public var id: String
    public var items: [Item]
    /// Items by repo, in repo order.
    public var repos: [String]
    /// The longest chain of incomplete dependencies below ID (ID first).
    public var criticalPath: [String]
    /// What the statuses mean (colours); configuration, not part of the JSON.
    public var lifecycles: Lifecycles = .default

    enum CodingKeys: String, CodingKey {
        case id, items, repos, criticalPath
    }

    public init(node: Int, index: DependencyIndex) {
        let graph = index.graph
        lifecycles = graph.workspace.lifecycles
        id = graph.nodes[node].id
        var distance: [Int: Int] = [node: 0]
        var queue = [node]
        var head = 0
        var ordered: [Int] = []
        while head < queue.count {
            let current = queue[head]
            head += 1
            for next in index.dependents[current] where distance[next] == nil && !index.isComplete(next) {
                distance[next] = distance[current]! + 1
                ordered.append(next)
                queue.append(next)
            }
        }
        let target = graph.nodes[node].id
        items = ordered.map { other in
            let value = graph.nodes[other]
            return Item(id: value.id, kind: value.kind.rawValue, status: value.status?.rawValue, repo: value.repo,
                        unblockedDirectly: Self.onlyWaitsOn(node, other, index: index, target: target),
                        distance: distance[other]!)
        }
        var repoOrder: [String] = []
        for item in items where !repoOrder.contains(item.repo) { repoOrder.append(item.repo) }
        repos = repoOrder
        criticalPath = index.criticalPath(from: node).map { graph.nodes[$0].id }
    }

    /// Whether `node` is the only thing still holding `other`: nothing else open or
    /// unresolved among its dependencies, no waiting status, and for a gate no other unmet requirement.
    static func onlyWaitsOn(_ node: Int, _ other: Int, index: DependencyIndex, target: String) -> Bool {
        let graph = index.graph
        let value = graph.nodes[other]
        if value.kind == .gate {
            guard let position = index.gatePosition(of: other) else { return false }
            let unmet = index.gateResults[position].requirements.filter { !$0.met }
            return !unmet.isEmpty && unmet.allSatisfy { $0.id == target }
        }
        if let status = value.status, value.kind == .task, graph.workspace.lifecycles.task.isWaiting(status) { return false }
        if index.hasUnresolvedDependency(other) { return false }
        return index.onlyOpenRequirement(of: other, is: node)
    }

    public func renderText(style: TerminalStyle = .plain) -> String {
        var out = style.bold("Completing \(id.terminalSafe)") + "\n"
        if items.isEmpty { out += "  unblocks nothing: no open work waits on it\n" }
        for repo in repos {
            out += "\n\(style.bold(repo.terminalSafe))\n"
            for item in items where item.repo == repo {
                let how = item.unblockedDirectly ? style.color("unblocked", .green) : style.dim("closer (\(item.distance) step\(item.distance == 1 ? "" : "s") away)")
                out += "  \(item.id.terminalSafe)  \(item.kind)  \(ElementDetail.shown(item.status, kind: item.kind, lifecycles, style))  \(how)\n"
            }
        }
        if criticalPath.count > 1 {
            out += "\nCritical path (longest chain of incomplete dependencies below \(id.terminalSafe)):\n"
            out += "  \(criticalPath.map(\.terminalSafe).joined(separator: " → "))\n"
        }
        return out
    }
}
