import Foundation

/// The result of checking one gate.
public struct GateResult: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// Every requirement is met.
        case pass
        /// Some requirement is unmet (missing, open, stale, malformed, unreadable: all unmet).
        case fail
        /// wp could not evaluate the gate at all (a cycle of gates).
        case error
    }

    public struct Requirement: Codable, Sendable, Equatable {
        /// The requirement as written.
        public var ref: String
        /// Resolved id, when it resolves.
        public var id: String?
        public var kind: String?
        /// Status of what it points at (a gate's result for a gate).
        public var status: String?
        public var met: Bool
        /// Why it is met or not, down to the root cause.
        public var reason: String
        /// From the required element down to the root cause of an unmet requirement.
        public var chain: [String]
        public var line: Int
        /// For a required gate: its own result.
        public var gate: GateResult?

        private enum CodingKeys: String, CodingKey {
            case ref, id, kind, status, met, reason, chain, line, gate
        }

        /// `ref`, `status`, `met` and `reason` are always present (`status` null when unknown): the contract.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ref, forKey: .ref)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encodeIfPresent(kind, forKey: .kind)
            try container.encode(status, forKey: .status)
            try container.encode(met, forKey: .met)
            try container.encode(reason, forKey: .reason)
            try container.encode(chain, forKey: .chain)
            try container.encode(line, forKey: .line)
            try container.encodeIfPresent(gate, forKey: .gate)
        }
    }

    public var id: String
    public var title: String?
    public var repo: String
    public var path: String
    public var line: Int
    public var result: Outcome
    public var requirements: [Requirement]
    /// Why the gate could not be evaluated (for `error`).
    public var error: String?
}

/// Evaluates gates against the workspace. Fails closed: anything wp cannot
/// establish as true is unmet, never met.
public struct GateEvaluator: Sendable {
    public let analysis: BlockingAnalysis
    /// Today's date, `YYYY-MM-DD` (UTC), for evidence age.
    public let today: String
    public let definitions: [GateDefinition]
    private let definitionOfNode: [Int: Int]
    /// The graph node of each definition, by definition index.
    private let nodeOfDefinition: [Int]
    /// Task nodes by the evidence names they record, built once: gates ask by name.
    private let evidence: [String: [Int]]

    public init(analysis: BlockingAnalysis, today: String = GateEvaluator.currentDate()) {
        self.analysis = analysis
        self.today = today
        var definitions: [GateDefinition] = []
        var definitionOfNode: [Int: Int] = [:]
        var nodeOfDefinition: [Int] = []
        for (definition, entry) in zip(analysis.graph.gateDefinitions, analysis.graph.gates) {
            definitionOfNode[entry.node] = definitions.count
            nodeOfDefinition.append(entry.node)
            definitions.append(definition)
        }
        self.definitions = definitions
        self.definitionOfNode = definitionOfNode
        self.nodeOfDefinition = nodeOfDefinition
        var evidence: [String: [Int]] = [:]
        let graph = analysis.graph
        for (workplanIndex, workplan) in graph.workplans.enumerated() {
            for (taskIndex, task) in workplan.tasks.enumerated() {
                for name in Self.evidenceNames(task) { evidence[name, default: []].append(graph.taskNodes[workplanIndex][taskIndex]) }
            }
        }
        self.evidence = evidence
    }

    public init(workspace: Workspace, today: String = GateEvaluator.currentDate()) {
        self.init(analysis: BlockingAnalysis(WorkspaceGraph(workspace)), today: today)
    }

    /// Today in UTC (see ``Today``).
    public static func currentDate() -> String { Today.utc() }

    public enum Lookup: Sendable, Equatable {
        case found(Int)
        case unknown
        case ambiguous([String])
    }

    /// Finds a gate by id (`repo:id` qualifies it).
    public func lookup(_ id: String) -> Lookup {
        let reference = Reference(parsing: id, kind: .requires, location: SourceLocation(path: "<command line>", line: 1, column: 1))
        let graph = analysis.graph
        let candidates = graph.nodes(withID: reference.id).filter {
            graph.nodes[$0].kind == .gate && (reference.repo == nil || graph.nodes[$0].repo == reference.repo)
        }
        switch candidates.count {
        case 0:
            if reference.repo == nil, graph.nodes(withID: id).isEmpty, id.contains(":") { return lookup(String(id.split(separator: ":", maxSplits: 1)[1])) }
            return .unknown
        case 1: return .found(definitionOfNode[candidates[0]]!)
        default:
            let local = candidates.filter { graph.nodes[$0].repo == graph.workspace.config.repo }
            if local.count == 1 { return .found(definitionOfNode[local[0]]!) }
            return .ambiguous(candidates.map { "\(graph.nodes[$0].repo):\(graph.nodes[$0].id)" })
        }
    }

    /// Evaluates the gate at index `definition`.
    public func evaluate(_ definition: Int) -> GateResult {
        var state = EvaluationState()
        return evaluate(definition, state: &state)
    }

    /// Evaluates every gate, in definition order.
    public func evaluateAll() -> [GateResult] {
        var state = EvaluationState()
        return definitions.indices.map { evaluate($0, state: &state) }
    }

    private struct EvaluationState {
        var results: [Int: GateResult] = [:]
        var visiting: [Int] = []
    }

    private func evaluate(_ index: Int, state: inout EvaluationState) -> GateResult {
        if let known = state.results[index] { return known }
        let definition = definitions[index]
        var result = GateResult(
            id: definition.id, title: definition.title, repo: definition.repo, path: definition.location.path,
            line: definition.location.line, result: .pass, requirements: [], error: nil)
        if let start = state.visiting.firstIndex(of: index) {
            let cycle = (state.visiting[start...] + [index]).map { definitions[$0].id }
            result.result = .error
            result.error = "gate cycle: \(cycle.joined(separator: " → ")); a gate cannot require itself"
            return result
        }
        state.visiting.append(index)
        defer { state.visiting.removeLast() }
        let graph = analysis.graph
        let workplanIndex = graph.nodes[nodeOfDefinition[index]].workplanIndex
        for requirement in definition.requirements {
            var entry = GateResult.Requirement(
                ref: requirement.text, id: nil, kind: nil, status: nil, met: false, reason: "", chain: [],
                line: requirement.location.line, gate: nil)
            switch requirement {
            case .malformed(_, let problem, _):
                entry.reason = "malformed requirement: \(problem)"
            case .evidence(let name, let maxAge, _):
                evaluateEvidence(name: name, maxAgeDays: maxAge, into: &entry)
            case .element(let reference, let statuses):
                let resolution = graph.resolve(reference, inWorkplan: workplanIndex, repo: definition.repo)
                if let node = resolution.node, graph.nodes[node].kind == .gate, let nested = definitionOfNode[node] {
                    evaluateGate(nested, reference: reference, into: &entry, state: &state)
                } else {
                    evaluateElement(resolution, statuses: statuses, into: &entry)
                }
            case .gate(let reference):
                let resolution = graph.resolve(reference, inWorkplan: workplanIndex, repo: definition.repo)
                if let node = resolution.node, let nested = definitionOfNode[node] {
                    evaluateGate(nested, reference: reference, into: &entry, state: &state)
                } else if let node = resolution.node {
                    entry.id = graph.nodes[node].id
                    entry.reason = "\(graph.nodes[node].id) is a \(graph.nodes[node].kind.rawValue), not a gate"
                } else {
                    entry.reason = unresolved(reference, resolution)
                }
            }
            if entry.gate?.result == .error {
                result.result = .error
                result.error = entry.gate?.error
            }
            result.requirements.append(entry)
        }
        if result.result != .error, result.requirements.contains(where: { !$0.met }) { result.result = .fail }
        state.results[index] = result
        return result
    }

    private func evaluateGate(_ nested: Int, reference: Reference, into entry: inout GateResult.Requirement, state: inout EvaluationState) {
        let inner = evaluate(nested, state: &state)
        entry.id = inner.id
        entry.kind = "gate"
        entry.status = inner.result.rawValue
        entry.gate = inner
        entry.met = inner.result == .pass
        switch inner.result {
        case .pass: entry.reason = "gate \(inner.id) passes"
        case .error: entry.reason = inner.error ?? "gate \(inner.id) could not be evaluated"
        case .fail:
            let first = inner.requirements.first { !$0.met }
            entry.reason = "gate \(inner.id) fails" + (first.map { ": \($0.reason)" } ?? "")
            entry.chain = [inner.id] + (first.map { $0.chain.isEmpty ? [$0.id ?? $0.ref] : $0.chain } ?? [])
        }
    }

    private func evaluateElement(_ resolution: WorkspaceGraph.Resolution, statuses: [Status]?, into entry: inout GateResult.Requirement) {
        let graph = analysis.graph
        guard let node = resolution.node else {
            entry.reason = unresolvedReason(resolution)
            return
        }
        let value = graph.nodes[node]
        entry.id = value.id
        entry.kind = value.kind.rawValue
        entry.status = value.status?.rawValue
        let status = value.status?.rawValue ?? "unknown"
        if let statuses {
            entry.met = value.status.map(statuses.contains) ?? false
            entry.reason = entry.met ? "\(value.id) is \(status)"
                : "\(value.id) is \(status), required: \(statuses.map(\.rawValue).joined(separator: " or "))"
            return
        }
        if value.isComplete {
            entry.met = true
            entry.reason = "\(value.id) is \(status)"
            return
        }
        // Unmet: explain down to the root causes.
        let chains = analysis.rootChains(of: node).filter { $0.count > 1 }
        let roots = chains.compactMap(\.last).map(describe)
        entry.chain = chains.first.map { $0.map(name) } ?? [value.id]
        if value.kind == .workplan, let index = value.workplanIndex {
            let progress = graph.progress(ofWorkplan: index)
            entry.reason = "\(value.id) is \(status) (\(progress.complete)/\(progress.total) tasks done)"
        } else {
            entry.reason = "\(value.id) is \(status)"
        }
        if !roots.isEmpty { entry.reason += ": " + roots.prefix(5).joined(separator: ", ") }
    }

    private func evaluateEvidence(name: String, maxAgeDays: Int?, into entry: inout GateResult.Requirement) {
        let graph = analysis.graph
        let candidates: [(node: Int, task: Workplan.Task)] = (evidence[name] ?? []).compactMap { node in
            graph.task(node).map { (node, $0) }
        }
        entry.kind = "evidence"
        guard !candidates.isEmpty else {
            let unavailable = graph.workspace.repos.filter { !$0.isAvailable }.map(\.name)
            entry.reason = "no task records evidence '\(name)' (add `evidence: \(name)` to the task that produces it)"
                + (unavailable.isEmpty ? "" : "; peers \(unavailable.joined(separator: ", ")) could not be read")
            return
        }
        let done = candidates.filter { $0.task.status == .done }
        guard !done.isEmpty else {
            let first = candidates[0]
            entry.id = first.task.id
            entry.status = first.task.status.rawValue
            entry.reason = "evidence '\(name)' comes from \(first.task.id), which is \(first.task.status)"
            entry.chain = [first.task.id]
            return
        }
        // The newest done task counts.
        // The newest valid date wins; a task without a valid date only counts when no task has one.
        let dated = done.map { candidate -> (candidate: (node: Int, task: Workplan.Task), date: String?) in
            (candidate, candidate.task.fields["done_on"]?.string)
        }
        let best = dated.max { left, right in
            let leftDay = left.date.flatMap(CalendarDate.init)?.dayNumber ?? Int.min
            let rightDay = right.date.flatMap(CalendarDate.init)?.dayNumber ?? Int.min
            return leftDay < rightDay
        }.map { ($0.candidate, $0.date) }!
        entry.id = best.0.task.id
        entry.status = best.0.task.status.rawValue
        guard let maxAgeDays else {
            entry.met = true
            entry.reason = "evidence '\(name)' recorded by \(best.0.task.id) (done)"
            return
        }
        guard let date = best.1, let day = CalendarDate(date), let now = CalendarDate(today) else {
            entry.reason = "evidence '\(name)' from \(best.0.task.id) has no valid `done_on: YYYY-MM-DD`, so its age (max \(maxAgeDays)d) cannot be checked"
            return
        }
        let age = day.days(to: now)
        guard age >= 0 else {
            entry.reason = "evidence '\(name)' from \(best.0.task.id) is dated \(date), after today (\(today)); fix its `done_on`"
            return
        }
        entry.met = age <= maxAgeDays
        entry.reason = entry.met
            ? "evidence '\(name)' recorded by \(best.0.task.id) on \(date) (\(age)d old, max \(maxAgeDays)d)"
            : "evidence '\(name)' recorded by \(best.0.task.id) on \(date) is \(age)d old, older than \(maxAgeDays)d; record it again"
    }

    static func evidenceNames(_ task: Workplan.Task) -> [String] {
        if let one = task.fields["evidence"]?.string { return [one] }
        return task.fields["evidence"]?.items?.compactMap(\.string) ?? []
    }

    private func unresolved(_ reference: Reference, _ resolution: WorkspaceGraph.Resolution) -> String {
        "'\(reference.text)': " + unresolvedReason(resolution)
    }

    private func unresolvedReason(_ resolution: WorkspaceGraph.Resolution) -> String {
        let graph = analysis.graph
        switch resolution {
        case .resolved: return "resolves"
        case .notFound: return "not found: no workplan, task, decision or gate has this id"
        case .ambiguous(let nodes):
            return "ambiguous: \(nodes.map { "\(graph.nodes[$0].repo):\(graph.nodes[$0].id)" }.joined(separator: ", ")); qualify it as repo:ID"
        case .unknownRepo(let repo): return "unknown repo '\(repo)': not in .wp.yaml"
        case .repoUnavailable(let repos):
            let reasons = repos.map { name -> String in
                if case .unavailable(let why)? = graph.workspace.repo(named: name)?.availability { return "\(name) (\(why))" }
                return name
            }
            return "peer unavailable: \(reasons.joined(separator: ", "))"
        }
    }

    private func name(_ link: BlockingAnalysis.Link) -> String {
        switch link {
        case .node(let node): analysis.graph.nodes[node].id
        case .unresolved(let reference, _): reference.text
        }
    }

    private func describe(_ link: BlockingAnalysis.Link) -> String {
        switch link {
        case .node(let node):
            let value = analysis.graph.nodes[node]
            return "\(value.id) \(value.status?.rawValue ?? "open")"
        case .unresolved(let reference, let resolution):
            return "\(reference.text) \(StatusReport.reason(resolution))"
        }
    }
}
