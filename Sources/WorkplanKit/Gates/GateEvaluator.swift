import Foundation

/// The result of checking one gate.
///
/// Results are flat: a requirement on another gate names it (``Requirement/gate``)
/// instead of nesting its result, so a chain of gates is as deep in memory and in
/// JSON as a single gate; each gate's own result is listed once beside it.
public struct GateResult: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// Every requirement is met.
        case pass
        /// Some requirement is unmet (missing, open, stale, malformed, rejected by lint: all unmet).
        case fail
        /// wp could not decide: a cycle of gates, an id several elements carry, a repo that
        /// could not be read (the id might be there), or a required gate that could not be decided.
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
        /// True when wp could not decide whether it holds; the gate's result is then `error`.
        public var undecided: Bool
        /// Why it is met or not, down to the root cause.
        public var reason: String
        /// From the required element down to the root cause of an unmet requirement; at most
        /// ``Limits/gateChainIDsShown`` ids, ``chainOmitted`` more left out after its first half.
        public var chain: [String]
        /// Ids of the chain left out between its first half and the rest (0: none).
        public var chainOmitted: Int
        public var line: Int
        /// For a required gate: that gate as `repo:id`. Its own result is listed once beside
        /// this one (`gate check` and `gate list` print every gate they evaluated).
        public var gate: String?
        /// For evidence with `max_age`: the last day it still counts (`done_on` + `max_age`).
        public var expiresOn: String?
        /// For an evidence requirement: the evidence name (not part of the JSON; `ref` says it).
        public var evidenceName: String?

        public init(
            ref: String, id: String? = nil, kind: String? = nil, status: String? = nil, met: Bool = false,
            undecided: Bool = false, reason: String = "", chain: [String] = [], chainOmitted: Int = 0, line: Int,
            gate: String? = nil
        ) {
            self.ref = ref
            self.id = id
            self.kind = kind
            self.status = status
            self.met = met
            self.undecided = undecided
            self.reason = reason
            self.chain = chain
            self.chainOmitted = chainOmitted
            self.line = line
            self.gate = gate
        }

        private enum CodingKeys: String, CodingKey {
            case ref, id, kind, status, met, undecided, reason, chain, chainOmitted, line, gate, expiresOn
        }

        /// `ref`, `status`, `met`, `reason`, `chain` and `line` are always present (`status` null when
        /// unknown): the contract. `undecided` and `chainOmitted` only when they say something.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ref, forKey: .ref)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encodeIfPresent(kind, forKey: .kind)
            try container.encode(status, forKey: .status)
            try container.encode(met, forKey: .met)
            if undecided { try container.encode(true, forKey: .undecided) }
            try container.encode(reason, forKey: .reason)
            try container.encode(chain, forKey: .chain)
            if chainOmitted > 0 { try container.encode(chainOmitted, forKey: .chainOmitted) }
            try container.encode(line, forKey: .line)
            try container.encodeIfPresent(gate, forKey: .gate)
            try container.encodeIfPresent(expiresOn, forKey: .expiresOn)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ref = try container.decode(String.self, forKey: .ref)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            kind = try container.decodeIfPresent(String.self, forKey: .kind)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            met = try container.decode(Bool.self, forKey: .met)
            undecided = try container.decodeIfPresent(Bool.self, forKey: .undecided) ?? false
            reason = try container.decode(String.self, forKey: .reason)
            chain = try container.decode([String].self, forKey: .chain)
            chainOmitted = try container.decodeIfPresent(Int.self, forKey: .chainOmitted) ?? 0
            line = try container.decode(Int.self, forKey: .line)
            gate = try container.decodeIfPresent(String.self, forKey: .gate)
            expiresOn = try container.decodeIfPresent(String.self, forKey: .expiresOn)
            evidenceName = nil
        }
    }

    public var id: String
    public var title: String?
    public var repo: String
    public var path: String
    public var line: Int
    public var result: Outcome
    public var requirements: [Requirement]
    /// Why the gate could not be decided (for `error`).
    public var error: String?

    /// `repo:id`: how a requirement names this gate, and a command-line id that finds exactly it.
    public var qualifiedID: String { "\(repo):\(id)" }
}

/// Evaluates gates against the workspace. Fails closed: anything wp cannot
/// establish as true is unmet, never met; anything it cannot decide is an error.
///
/// A requirement is met only when its element has *succeeded* (its lifecycle's
/// `succeeded` statuses: a task `done`, not `cancelled`) **and** lint reports no
/// error on it (for a workplan: on it or any of its tasks and decisions). The
/// workspace is linted once per evaluator, every repo's elements included.
/// Requirements resolve strictly: an id several elements carry, or an unqualified
/// id while some repo could not be read, is undecided (the gate's result is
/// `error`), never settled by preferring this repo's copy.
public struct GateEvaluator: Sendable {
    public let analysis: BlockingAnalysis
    /// Today (UTC, see ``WorkplanClock``), for evidence age.
    public let today: CalendarDate
    public let definitions: [GateDefinition]
    private let definitionOfNode: [Int: Int]
    /// The graph node of each definition, by definition index.
    private let nodeOfDefinition: [Int]
    /// Task nodes by the evidence names they record, built once: gates ask by name.
    private let evidence: [String: [Int]]
    /// Each definition's requirements, resolved once.
    private let plans: [[Plan]]
    /// Error findings of the workspace lint, by the element they are about.
    private let lintErrors: [Diagnostic.Subject: [Diagnostic]]
    /// Errors met reading each file (a block or front matter that did not parse), by path.
    private let readingErrors: [String: [Diagnostic]]

    /// What one requirement asks, once resolved.
    private enum Plan: Sendable {
        case malformed(problem: String)
        /// `repo` when the requirement is qualified (`evidence: repo:name`): only that repo's tasks count.
        case evidence(name: String, repo: String?, maxAgeDays: Int?)
        case element(node: Int, statuses: [Status]?)
        case gate(definition: Int)
        /// Surely unmet: nothing has the id, the qualifier names no repo, a gate form names a task.
        case unmet(reason: String)
        /// wp cannot tell what is meant: several elements have the id, or a repo could not be read.
        case undecided(reason: String)
    }

    /// Which workplans the evaluator lints.
    enum LintCoverage: Sendable {
        /// Those whose elements a requirement may confirm (``workplansToLint(for:graph:)``).
        case requirements
        /// Every workplan: what the restricted lint must agree with (GateLintScopeTests compare the two).
        case everyWorkplan
    }

    public init(analysis: BlockingAnalysis, today: CalendarDate) {
        self.init(analysis: analysis, today: today, lintCoverage: .requirements)
    }

    init(analysis: BlockingAnalysis, today: CalendarDate, lintCoverage: LintCoverage) {
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
        plans = definitions.indices.map { index in
            let definition = definitions[index]
            let workplanIndex = graph.nodes[nodeOfDefinition[index]].workplanIndex
            return definition.requirements.map { requirement in
                Self.plan(requirement, inWorkplan: workplanIndex, repo: definition.repo, graph: graph, definitionOfNode: definitionOfNode)
            }
        }
        // Lint only when some gate may ask (`status`, `ready` and friends evaluate gates too), and
        // only the workplans whose elements a requirement may confirm (``lintErrors(on:)``): the
        // whole workspace's lint was most of what a live server's `show` cost after a change.
        var lintErrors: [Diagnostic.Subject: [Diagnostic]] = [:]
        if !definitions.isEmpty {
            var asked: [Int] = []
            for plan in plans.joined() {
                switch plan {
                case .element(let node, _): asked.append(node)
                case .evidence(let name, let repo, _):
                    // Only the task whose evidence counts is confirmed (``evaluateEvidence``), and which
                    // one that is does not depend on lint: hundreds of tasks may record the same name.
                    let candidates = Self.evidenceCandidates(name, repo: repo, evidence: evidence, graph: graph)
                    if let best = Self.newestDone(candidates, lifecycle: graph.workspace.lifecycles.task) { asked.append(best.candidate.node) }
                default: break
                }
            }
            let linted = lintCoverage == .everyWorkplan ? Set(graph.workplans.indices) : Self.workplansToLint(for: asked, graph: graph)
            let engine = LintEngine(config: graph.workspace.config)
            // Every finding, not the ones `wp lint` shows: past ``Limits/findingsPerRuleAndFile`` in one
            // file, lint prints a count about no element, and the element left out would pass.
            // With the evaluation's day, as `wp lint` has: a task `done_on` a day to come is an error there.
            let clock = WorkplanClock.pinned(today)
            for finding in engine.run(LintContext(analysis: analysis, scope: .workspace, clock: clock, onlyWorkplans: linted), bounded: false).diagnostics
            where finding.severity == .error && finding.rule != Self.resolutionRule {
                guard let subject = finding.subject else { continue }
                lintErrors[subject, default: []].append(finding)
            }
        }
        self.lintErrors = lintErrors
        readingErrors = Dictionary(grouping: graph.workspace.diagnostics.filter { $0.severity == .error }, by: \.location.path)
    }

    /// `duplicate-id` is left to strict resolution: an unqualified id with several copies is
    /// undecided, and a qualified one names exactly one copy, whatever other repos hold.
    private static let resolutionRule = "duplicate-id"

    public enum Lookup: Sendable, Equatable {
        case found(Int)
        case unknown
        case ambiguous([String])
    }

    /// Finds a gate by id (`repo:id` qualifies it). An unqualified id that gates of several repos
    /// carry is ambiguous, this repo's copy included: a pull request that adds a local gate with a
    /// peer gate's id must not change which gate a deploy's `wp gate check ID` evaluates.
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
            return .ambiguous(candidates.map { "\(graph.nodes[$0].repo):\(graph.nodes[$0].id)" })
        }
    }

    /// Evaluates the gate at index `definition`.
    public func evaluate(_ definition: Int) -> GateResult {
        var state = EvaluationState()
        run(definition, state: &state)
        return state.results[definition]!
    }

    /// Evaluates every gate, in definition order.
    public func evaluateAll() -> [GateResult] {
        var state = EvaluationState()
        for index in definitions.indices { run(index, state: &state) }
        return definitions.indices.map { state.results[$0]! }
    }

    /// The gates at `requested` (each once, in the order asked), then every gate they require,
    /// directly or through other gates, each once, in the order first required: everything a
    /// reader needs to follow each ``GateResult/Requirement/gate`` to its own result.
    public func evaluateWithRequired(_ requested: [Int]) -> [GateResult] {
        var state = EvaluationState()
        var order: [Int] = []
        var seen: Set<Int> = []
        for index in requested where seen.insert(index).inserted {
            run(index, state: &state)
            order.append(index)
        }
        var head = 0
        while head < order.count {
            for case .gate(let required) in plans[order[head]] where seen.insert(required).inserted { order.append(required) }
            head += 1
        }
        return order.map { state.results[$0]! }
    }

    /// What a failing or undecided gate passes on to the gates that require it: its root
    /// cause, once, instead of every reason on the way down.
    private struct Summary {
        var rootReason: String?
        var rootChain: [String] = []
        var rootChainOmitted = 0
        var error: String?
    }

    private struct EvaluationState {
        var results: [Int: GateResult] = [:]
        var summaries: [Int: Summary] = [:]
    }

    /// Evaluates `root` and every gate it requires, depth first with an explicit stack (a chain
    /// of thousands of gates must not overflow the call stack); a gate is finished once all the
    /// gates it requires are, and a gate required while still on the stack closes a cycle.
    private func run(_ root: Int, state: inout EvaluationState) {
        guard state.results[root] == nil else { return }
        var stack: [(definition: Int, next: Int)] = [(root, 0)]
        var position: [Int: Int] = [root: 0]
        while let top = stack.last {
            let requirements = plans[top.definition]
            if top.next < requirements.count {
                stack[stack.count - 1].next += 1
                if case .gate(let required) = requirements[top.next], state.results[required] == nil, position[required] == nil {
                    position[required] = stack.count
                    stack.append((required, 0))
                }
                continue
            }
            let cycleOf: (Int) -> [Int]? = { required in
                position[required].map { start in stack[start...].map(\.definition) + [required] }
            }
            let (result, summary) = finish(top.definition, state: state, cycleOf: cycleOf)
            state.results[top.definition] = result
            state.summaries[top.definition] = summary
            position[top.definition] = nil
            stack.removeLast()
        }
    }

    /// The result of gate `index`, every gate it requires being finished (or on the stack: a cycle).
    private func finish(_ index: Int, state: EvaluationState, cycleOf: (Int) -> [Int]?) -> (GateResult, Summary) {
        let definition = definitions[index]
        var result = GateResult(
            id: definition.id, title: definition.title, repo: definition.repo, path: definition.location.path,
            line: definition.location.line, result: .pass, requirements: [], error: nil)
        var summary = Summary()
        for (requirement, plan) in zip(definition.requirements, plans[index]) {
            var entry = GateResult.Requirement(ref: requirement.text, line: requirement.location.line)
            var rootReason: String?
            var rootError: String?
            switch plan {
            case .malformed(let problem):
                entry.reason = "malformed requirement: \(problem)"
            case .unmet(let reason):
                entry.reason = reason
            case .undecided(let reason):
                entry.undecided = true
                entry.reason = reason
                rootError = "requirement \(requirement.text) (line \(requirement.location.line)) cannot be decided: \(reason)"
            case .evidence(let name, let repo, let maxAge):
                evaluateEvidence(name: name, repo: repo, maxAgeDays: maxAge, into: &entry)
                if entry.undecided {
                    rootError = "requirement \(requirement.text) (line \(requirement.location.line)) cannot be decided: \(entry.reason)"
                }
            case .element(let node, let statuses):
                evaluateElement(node, statuses: statuses, into: &entry)
            case .gate(let required):
                let other = definitions[required]
                entry.id = other.id
                entry.kind = "gate"
                entry.gate = "\(other.repo):\(other.id)"
                if let inner = state.results[required], let innerSummary = state.summaries[required] {
                    entry.status = inner.result.rawValue
                    switch inner.result {
                    case .pass:
                        entry.met = true
                        entry.reason = "gate \(inner.id) passes"
                    case .error:
                        entry.undecided = true
                        entry.reason = innerSummary.error ?? "gate \(inner.id) could not be decided"
                        rootError = innerSummary.error
                    case .fail:
                        // The root cause once, not every gate's reason on the way down to it.
                        rootReason = innerSummary.rootReason
                        entry.reason = "gate \(inner.id) fails" + (innerSummary.rootReason.map { ": " + Self.embedded($0) } ?? "")
                        (entry.chain, entry.chainOmitted) = Self.prepending(inner.id, to: innerSummary.rootChain, omitted: innerSummary.rootChainOmitted)
                    }
                } else if let cycle = cycleOf(required) {
                    let names = Self.shortened(cycle.map { definitions[$0].id })
                    entry.status = GateResult.Outcome.error.rawValue
                    entry.undecided = true
                    entry.reason = "gate cycle: \(names); a gate cannot require itself"
                    rootError = entry.reason
                } else {
                    entry.undecided = true
                    entry.reason = "gate \(other.id) was not evaluated (internal error; please report it)"
                    rootError = entry.reason
                }
            }
            if entry.undecided {
                entry.met = false
                if result.result != .error {
                    result.result = .error
                    result.error = Self.embedded(rootError ?? entry.reason)
                    summary.error = result.error
                }
            } else if !entry.met, summary.rootReason == nil {
                summary.rootReason = rootReason ?? entry.reason
                if entry.kind == "gate" {
                    // `entry.chain` already runs from the required gate down to the root cause.
                    (summary.rootChain, summary.rootChainOmitted) = (entry.chain, entry.chainOmitted)
                } else {
                    (summary.rootChain, summary.rootChainOmitted) = entry.chain.isEmpty ? ([entry.id ?? entry.ref], 0) : (entry.chain, entry.chainOmitted)
                }
            }
            result.requirements.append(entry)
        }
        if result.result != .error, result.requirements.contains(where: { !$0.met }) { result.result = .fail }
        return (result, summary)
    }

    // MARK: Resolution

    /// Resolves a requirement without tie-breaking: this repo's copy of an id never wins over
    /// a peer's, and an unqualified id cannot be settled while some repo could not be read.
    private static func plan(
        _ requirement: GateDefinition.Requirement, inWorkplan workplanIndex: Int?, repo: String,
        graph: WorkspaceGraph, definitionOfNode: [Int: Int]
    ) -> Plan {
        switch requirement {
        case .malformed(_, let problem, _):
            return .malformed(problem: problem)
        case .evidence(let written, let maxAgeDays, _):
            // `repo:name` when the part before the first colon names a repo of the workspace; otherwise
            // the whole text is the name (evidence may be a link: `https://…`).
            if let colon = written.firstIndex(of: ":"),
               let repo = graph.workspace.repo(named: String(written[..<colon]).trimmingWhitespace()) {
                return .evidence(name: String(written[written.index(after: colon)...]).trimmingWhitespace(), repo: repo.name,
                                 maxAgeDays: maxAgeDays)
            }
            return .evidence(name: written, repo: nil, maxAgeDays: maxAgeDays)
        case .element(let reference, let statuses):
            switch target(reference, inWorkplan: workplanIndex, repo: repo, graph: graph) {
            case .node(let node):
                if let definition = definitionOfNode[node] { return .gate(definition: definition) }
                return .element(node: node, statuses: statuses)
            case .problem(let problem): return problem
            }
        case .gate(let reference):
            switch target(reference, inWorkplan: workplanIndex, repo: repo, graph: graph) {
            case .node(let node):
                if let definition = definitionOfNode[node] { return .gate(definition: definition) }
                return .unmet(reason: "\(graph.nodes[node].id) is a \(graph.nodes[node].kind.rawValue), not a gate")
            case .problem(.unmet(let reason)): return .unmet(reason: "'\(reference.text)': " + reason)
            case .problem(.undecided(let reason)): return .undecided(reason: "'\(reference.text)': " + reason)
            case .problem(let other): return other
            }
        }
    }

    /// What a reference names: one element, or why it names none for sure.
    private enum Target {
        case node(Int)
        /// `.unmet` or `.undecided`.
        case problem(Plan)
    }

    private static func target(
        _ reference: Reference, inWorkplan workplanIndex: Int?, repo contextRepo: String, graph: WorkspaceGraph
    ) -> Target {
        let workspace = graph.workspace
        if let qualifier = reference.repo {
            guard let repo = workspace.repo(named: qualifier) else { return .problem(.unmet(reason: WorkspaceGraph.Resolution.unknownRepo(qualifier).description)) }
            if !repo.isAvailable { return .problem(.undecided(reason: unavailable([repo]))) }
        }
        var candidates = graph.nodes(withID: reference.id)
        var scoped = reference.repo != nil
        if candidates.isEmpty, let workplanIndex, let short = IDGrammar.canonicalShortID(reference.id) {
            // A short id means the element of the gate's own workplan: as good as qualified.
            candidates = graph.nodes(withID: "\(graph.workplans[workplanIndex].id)-\(short)").filter { graph.nodes[$0].repo == contextRepo }
            scoped = true
        }
        if let qualifier = reference.repo { candidates = candidates.filter { graph.nodes[$0].repo == qualifier } }
        if candidates.count > 1 {
            let shown = candidates.prefix(Limits.gateCandidatesShown).map { "\(graph.nodes[$0].repo):\(graph.nodes[$0].id) (\(graph.nodes[$0].location))" }
            let more = candidates.count - shown.count
            return .problem(.undecided(reason: "\(WorkspaceGraph.Resolution.ambiguous([]).label): \(shown.joined(separator: ", "))\(more > 0 ? ", … \(more) more" : ""); "
                + "several elements carry this id, so wp cannot tell which one is meant; give each its own id"
                + (scoped ? "" : " or qualify the requirement as repo:ID")))
        }
        let unreadable = workspace.repos.filter { !$0.isAvailable }
        if !scoped, !unreadable.isEmpty {
            guard let found = candidates.first else { return .problem(.undecided(reason: unavailable(unreadable))) }
            // The only copy wp can see may shadow the same id in the repo it cannot read.
            let node = graph.nodes[found]
            return .problem(.undecided(reason: unavailable(unreadable)
                + "; \(node.repo):\(node.id) is the only copy wp can see, and the unreadable repo may hold the element meant; "
                + "qualify the requirement as repo:ID"))
        }
        guard let found = candidates.first else {
            return .problem(.unmet(reason: WorkspaceGraph.Resolution.notFound.description))
        }
        return .node(found)
    }

    /// The repos that could not be read, the first ``Limits/gateCandidatesShown`` with why: every
    /// undecided requirement says this, and a `.wp.yaml` naming 5,000 missing peers made one
    /// `gate check` print 45 MB.
    private static func unavailable(_ repos: [Workspace.Repo]) -> String {
        let shown = repos.prefix(Limits.gateCandidatesShown).map { repo in
            if case .unavailable(let why) = repo.availability { return "\(repo.name) (\(why))" }
            return repo.name
        }
        let more = repos.count - shown.count
        return WorkspaceGraph.Resolution.repoUnavailable([]).label + ": " + shown.joined(separator: ", ") + (more > 0 ? ", … \(more) more" : "")
    }

    // MARK: Elements and evidence

    private func evaluateElement(_ node: Int, statuses: [Status]?, into entry: inout GateResult.Requirement) {
        let graph = analysis.graph
        let value = graph.nodes[node]
        entry.id = value.id
        entry.kind = value.kind.rawValue
        entry.status = value.status?.rawValue
        let status = value.status?.rawValue ?? "unknown"
        if let statuses {
            entry.met = value.status.map(statuses.contains) ?? false
            entry.reason = entry.met ? "\(value.id) is \(status)"
                : "\(value.id) is \(status), required: \(statuses.map(\.rawValue).joined(separator: " or "))"
        } else if let lifecycle = lifecycle(of: value.kind), let current = value.status, lifecycle.hasSucceeded(current) {
            entry.met = true
            entry.reason = "\(value.id) is \(status)"
        } else if let lifecycle = lifecycle(of: value.kind), let current = value.status, lifecycle.isComplete(current) {
            // Complete but not succeeded: the work was dropped, not done.
            let succeeded = lifecycle.succeeded.map(\.rawValue).sorted()
            entry.reason = "\(value.id) is \(status), which is not done: a requirement asks for "
                + (succeeded.isEmpty ? "a succeeded status, and no \(value.kind.rawValue) status counts as one (set `lifecycles.\(value.kind.rawValue).succeeded` in .wp.yaml)"
                    : succeeded.joined(separator: " or "))
            entry.chain = [value.id]
            return
        } else {
            explainOpen(node, into: &entry)
            return
        }
        if entry.met { confirm(node, naming: "it", into: &entry) }
    }

    /// A requirement that holds by status stays met only when wp can also show its element
    /// consistent: the workspace could be linted, lint reports no error on the element, and
    /// what the element depends on resolves without doubt (a shadowed dependency would make
    /// a done task look consistent).
    private func confirm(_ node: Int, naming it: String, into entry: inout GateResult.Requirement) {
        if let problem = uncertainDependency(of: node) {
            entry.met = false
            entry.undecided = true
            entry.reason += ", but \(problem)"
            return
        }
        let errors = lintErrors(on: node)
        guard let first = errors.first else { return }
        entry.met = false
        let more = errors.count - 1
        entry.reason += ", but lint reports an error on \(it): \(first.description)"
            + (more > 0 ? " (and \(more) more error\(more == 1 ? "" : "s"); run `wp lint`)" : "")
        entry.chain = [analysis.graph.nodes[node].id]
    }

    /// Why wp cannot be sure what the element at `node` depends on (for a workplan: it or its
    /// tasks): a `depends_on` id several elements carry, or an unqualified one while a repo
    /// could not be read. Lint takes the tie-break `wp status` shows; a gate may not.
    private func uncertainDependency(of node: Int) -> String? {
        let graph = analysis.graph
        var members = [node]
        if graph.nodes[node].kind == .workplan, let index = graph.nodes[node].workplanIndex { members += graph.taskNodes[index] }
        for member in members {
            let value = graph.nodes[member]
            for dependency in graph.dependencies[member] where dependency.via == .dependsOn || dependency.via == .workplan {
                let target = Self.target(dependency.reference, inWorkplan: value.workplanIndex, repo: value.repo, graph: graph)
                if case .problem(.undecided(let reason)) = target {
                    return "\(value.id) depends on '\(dependency.reference.text)', which cannot be decided: \(reason)"
                }
            }
        }
        return nil
    }

    /// Unmet: explain down to the root causes.
    private func explainOpen(_ node: Int, into entry: inout GateResult.Requirement) {
        let graph = analysis.graph
        let value = graph.nodes[node]
        let status = value.status?.rawValue ?? "unknown"
        let chains = analysis.rootChains(of: node).filter { $0.count > 1 }
        let roots = chains.map(\.root).map(describe)
        (entry.chain, entry.chainOmitted) = Self.capped(chains.first.map { $0.links.map(name) } ?? [value.id])
        if value.kind == .workplan, let index = value.workplanIndex {
            let progress = graph.progress(ofWorkplan: index)
            entry.reason = "\(value.id) is \(status) (\(progress.complete)/\(progress.total) tasks done)"
        } else {
            entry.reason = "\(value.id) is \(status)"
            // A task whose status waits says why, as `wp status` does.
            if value.kind == .task, let task = graph.task(node), let why = task.reason,
               graph.workspace.lifecycles.task.isWaiting(task.status) {
                entry.reason += " (reason: \(why.quotedForMessage))"
            }
        }
        if !roots.isEmpty { entry.reason += ": " + roots.prefix(5).joined(separator: ", ") }
    }

    private func lifecycle(of kind: WorkspaceGraph.Kind) -> Lifecycle? {
        let lifecycles = analysis.graph.workspace.lifecycles
        switch kind {
        case .workplan: return lifecycles.workplan
        case .task: return lifecycles.task
        case .decision: return lifecycles.decision
        case .gate: return nil
        }
    }

    /// The workplans lint must check for ``lintErrors(on:)`` of each of `nodes` to hold every error a
    /// lint of the whole workspace has: findings are filed by repo and id, so besides the workplan
    /// of each element asked about (for a workplan: of it, its tasks and decisions), every workplan
    /// holding an element of the same id in the same repo.
    static func workplansToLint(for nodes: [Int], graph: WorkspaceGraph) -> Set<Int> {
        var result: Set<Int> = []
        var seen: Set<Int> = []
        for node in nodes where seen.insert(node).inserted {
            var members = [node]
            if graph.nodes[node].kind == .workplan, let index = graph.nodes[node].workplanIndex {
                members += graph.taskNodes[index] + graph.decisionNodes[index]
            }
            for member in members {
                let value = graph.nodes[member]
                for same in graph.nodes(withID: value.id) where graph.nodes[same].repo == value.repo {
                    if let index = graph.nodes[same].workplanIndex { result.insert(index) }
                }
                if let index = value.workplanIndex { result.insert(index) }
            }
        }
        return result
    }

    /// Lint errors on the element at `node`; for a workplan, also on its tasks and decisions.
    private func lintErrors(on node: Int) -> [Diagnostic] {
        let graph = analysis.graph
        let value = graph.nodes[node]
        var nodes = [node]
        if value.kind == .workplan, let index = value.workplanIndex {
            nodes += graph.taskNodes[index] + graph.decisionNodes[index]
        }
        var seen: Set<Diagnostic.Subject> = []
        var errors: Set<Diagnostic> = []
        for member in nodes {
            let subject = Diagnostic.Subject(repo: graph.nodes[member].repo, id: graph.nodes[member].id)
            guard seen.insert(subject).inserted else { continue }
            errors.formUnion(lintErrors[subject] ?? [])
        }
        // A reading problem in the element's file counts for every element of the file, whatever
        // `rules:` or a `wp-lint: ignore` say: a block that did not parse may hide what would leave
        // the requirement unmet (a pending decision that blocks a done task).
        errors.formUnion(readingErrors[value.location.path] ?? [])
        return errors.sorted()
    }

    /// The tasks that record evidence `name` (in `repo`, when given).
    private static func evidenceCandidates(
        _ name: String, repo: String?, evidence: [String: [Int]], graph: WorkspaceGraph
    ) -> [(node: Int, task: Workplan.Task)] {
        (evidence[name] ?? []).compactMap { node in
            guard repo == nil || graph.nodes[node].repo == repo else { return nil }
            return graph.task(node).map { (node, $0) }
        }
    }

    /// The candidate whose evidence counts: of the succeeded ones, the newest valid `done_on`; a
    /// task without a valid date only counts when no task has one. Nil when none succeeded.
    private static func newestDone(
        _ candidates: [(node: Int, task: Workplan.Task)], lifecycle: Lifecycle
    ) -> (candidate: (node: Int, task: Workplan.Task), date: String?)? {
        let done = candidates.filter { lifecycle.hasSucceeded($0.task.status) }
        let dated = done.map { candidate -> (candidate: (node: Int, task: Workplan.Task), date: String?) in
            (candidate, candidate.task.fields["done_on"]?.string)
        }
        return dated.max { left, right in
            let leftDay = left.date.flatMap(CalendarDate.init)?.dayNumber ?? Int.min
            let rightDay = right.date.flatMap(CalendarDate.init)?.dayNumber ?? Int.min
            return leftDay < rightDay
        }
    }

    /// Evidence resolves as strictly as an id: an unqualified name recorded in several repos, or
    /// asked while some repo could not be read, is undecided. A pull request that adds a local done
    /// task with `evidence: restore-drill` must not stand in for the platform's drill.
    private func evaluateEvidence(name: String, repo: String?, maxAgeDays: Int?, into entry: inout GateResult.Requirement) {
        let graph = analysis.graph
        let lifecycle = graph.workspace.lifecycles.task
        let candidates = Self.evidenceCandidates(name, repo: repo, evidence: evidence, graph: graph)
        entry.kind = "evidence"
        entry.evidenceName = name
        if let repo, let target = graph.workspace.repo(named: repo), !target.isAvailable {
            entry.undecided = true
            entry.reason = Self.unavailable([target]) + "; it may record evidence '\(name)'"
            return
        }
        if repo == nil {
            if Set(candidates.map { graph.nodes[$0.node].repo }).count > 1 {
                let shown = candidates.prefix(Limits.gateCandidatesShown).map { "\(graph.nodes[$0.node].repo):\($0.task.id) (\($0.task.location))" }
                let more = candidates.count - shown.count
                entry.undecided = true
                entry.reason = "ambiguous: evidence '\(name)' is recorded in several repos: \(shown.joined(separator: ", "))"
                    + (more > 0 ? ", … \(more) more" : "")
                    + "; wp cannot tell whose is meant; qualify the requirement with the repo meant "
                    + "(`evidence: \(graph.nodes[candidates[0].node].repo):\(name)`)"
                return
            }
            let unreadable = graph.workspace.repos.filter { !$0.isAvailable }.map(\.name)
            if !unreadable.isEmpty {
                entry.undecided = true
                let seen = candidates.first.map { "evidence '\(name)' is recorded by \(graph.nodes[$0.node].repo):\($0.task.id), but" }
                    ?? "no task wp can read records evidence '\(name)', and"
                entry.reason = "\(seen) peers \(unreadable.listedForMessage) could not be read, and may record it; "
                    + "qualify the requirement with the repo meant (`evidence: \(unreadable[0]):\(name)`) to decide it without the others"
                return
            }
        }
        guard !candidates.isEmpty else {
            entry.reason = "no task records evidence '\(name)'" + (repo.map { " in \($0)" } ?? "")
                + " (add `evidence: \(name)` to the task that produces it)"
            return
        }
        guard let best = Self.newestDone(candidates, lifecycle: lifecycle).map({ ($0.candidate, $0.date) }) else {
            let first = candidates[0]
            entry.id = first.task.id
            entry.status = first.task.status.rawValue
            entry.reason = "evidence '\(name)' comes from \(first.task.id), which is \(first.task.status)"
            entry.chain = [first.task.id]
            return
        }
        entry.id = best.0.task.id
        entry.status = best.0.task.status.rawValue
        if let maxAgeDays {
            guard let date = best.1, let day = CalendarDate(date) else {
                entry.reason = "evidence '\(name)' from \(best.0.task.id) has no valid `done_on: YYYY-MM-DD`, so its age (max \(maxAgeDays)d) cannot be checked"
                return
            }
            let age = day.days(to: today)
            guard age >= 0 else {
                entry.reason = "evidence '\(name)' from \(best.0.task.id) is dated \(date), after today (\(today)); fix its `done_on`"
                return
            }
            entry.met = age <= maxAgeDays
            entry.expiresOn = day.adding(days: maxAgeDays)?.description
            entry.reason = entry.met
                ? "evidence '\(name)' recorded by \(best.0.task.id) on \(date) (\(age)d old, max \(maxAgeDays)d)"
                : "evidence '\(name)' recorded by \(best.0.task.id) on \(date) is \(age)d old, older than \(maxAgeDays)d; record it again"
        } else {
            entry.met = true
            entry.reason = "evidence '\(name)' recorded by \(best.0.task.id) (\(best.0.task.status))"
        }
        if entry.met { confirm(best.0.node, naming: best.0.task.id, into: &entry) }
    }

    /// What one gate asks of evidence (`wp evidence list`).
    public struct EvidenceNeed: Sendable, Hashable {
        /// The gate as `repo:id`.
        public var gate: String
        public var name: String
        /// The repo a qualified requirement (`evidence: repo:name`) limits it to.
        public var repo: String?
        public var maxAgeDays: Int?
    }

    /// Every evidence requirement of every gate, in definition order.
    public var evidenceNeeds: [EvidenceNeed] {
        definitions.indices.flatMap { index in
            plans[index].compactMap { plan -> EvidenceNeed? in
                guard case .evidence(let name, let repo, let maxAgeDays) = plan else { return nil }
                return EvidenceNeed(gate: "\(definitions[index].repo):\(definitions[index].id)", name: name, repo: repo, maxAgeDays: maxAgeDays)
            }
        }
    }

    /// Warnings for met evidence requirements of `results` whose evidence stops counting within
    /// `days` of ``today`` (`wp gate check --warn-within`), each with the command that renews it.
    public func expiryWarnings(_ results: [GateResult], within days: Int) -> [String] {
        results.flatMap { result in
            result.requirements.compactMap { requirement -> String? in
                guard requirement.met, let name = requirement.evidenceName, let text = requirement.expiresOn,
                      let expires = CalendarDate(text) else { return nil }
                let left = today.days(to: expires)
                guard left <= days else { return nil }
                return "gate \(result.repo):\(result.id): evidence '\(name)' from \(requirement.id ?? "its task") counts until \(text) "
                    + "(\(left == 0 ? "today is its last day" : "\(left)d left")); record it again with `wp evidence record \(shellQuoted(name))`"
            }
        }
    }

    /// The evidence names a task records: `evidence: NAME` or a list of names.
    public static func evidenceNames(_ task: Workplan.Task) -> [String] {
        if let one = task.fields["evidence"]?.string { return [one] }
        return task.fields["evidence"]?.items?.compactMap(\.string) ?? []
    }

    // MARK: Bounded text

    /// Another gate's reason as part of this one's: cut at ``Limits/gateEmbeddedReasonLength``.
    static func embedded(_ reason: String) -> String {
        guard reason.count > Limits.gateEmbeddedReasonLength else { return reason }
        return String(reason.prefix(Limits.gateEmbeddedReasonLength)) + "…"
    }

    /// A chain cut to ``Limits/gateChainIDsShown`` ids: its first half, then the rest's last ids.
    static func capped(_ chain: [String]) -> ([String], Int) {
        let limit = Limits.gateChainIDsShown
        guard chain.count > limit else { return (chain, 0) }
        let half = limit / 2
        return (Array(chain.prefix(half) + chain.suffix(limit - half)), chain.count - limit)
    }

    /// `id` followed by a (capped) chain, capped again: one id moves out of the first half.
    static func prepending(_ id: String, to chain: [String], omitted: Int) -> ([String], Int) {
        guard omitted > 0 else { return capped([id] + chain) }
        var result = [id] + chain
        result.remove(at: Limits.gateChainIDsShown / 2)
        return (result, omitted + 1)
    }

    /// Ids joined by arrows, the middle of a long list left out ("a → b → … 12 more → y → z").
    static func shortened(_ ids: [String]) -> String {
        let (shown, omitted) = capped(ids.map(embedded))
        guard omitted > 0 else { return shown.joined(separator: " → ") }
        let half = Limits.gateChainIDsShown / 2
        return (shown.prefix(half) + ["… \(omitted) more"] + shown.suffix(from: half)).joined(separator: " → ")
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
            return "\(reference.text) \(resolution.label)"
        }
    }
}
