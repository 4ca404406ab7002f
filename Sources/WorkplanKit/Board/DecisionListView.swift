/// Every decision of the workspace, pending ones first, each with what it blocks:
/// `wp serve`'s decisions panel.
public struct DecisionListView: Codable, Sendable, Equatable, OutputView {
    public static let formats: [OutputFormat] = [.json]

    public struct Blocked: Codable, Sendable, Equatable {
        /// The reference as written in `blocks:` (or named by a prose decision).
        public var ref: String
        /// What it resolved to (nil when it does not resolve).
        public var id: String?
        public var kind: String?
        public var status: String?
        public var repo: String?
        /// Why it does not resolve (`not found`, `ambiguous`, ...), when it does not.
        public var problem: String?
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        /// The id the API takes: `repo:ID` when the id alone is ambiguous.
        public var ref: String
        public var title: String
        public var status: String
        /// Open in its lifecycle (planned, active or waiting): nothing it blocks may proceed.
        public var pending: Bool
        public var repo: String
        public var workplan: String
        public var path: String
        public var line: Int
        public var resolution: String?
        public var decidedBy: String?
        public var decidedOn: String?
        public var blocks: [Blocked]
    }

    public var decisions: [Entry]

    public init(graph: WorkspaceGraph) {
        let lifecycle = graph.workspace.lifecycles.decision
        var pending: [Entry] = []
        var settled: [Entry] = []
        for (workplanIndex, workplan) in graph.workplans.enumerated() {
            for (decisionIndex, decision) in workplan.decisions.enumerated() {
                let node = graph.decisionNodes[workplanIndex][decisionIndex]
                let blocks = decision.blocks.map { reference -> Blocked in
                    let resolution = graph.resolve(reference, inWorkplan: workplanIndex)
                    guard let target = resolution.node else {
                        return Blocked(ref: reference.text, id: nil, kind: nil, status: nil, repo: reference.repo,
                                       problem: resolution.label)
                    }
                    let value = graph.nodes[target]
                    return Blocked(ref: reference.text, id: value.id, kind: value.kind.rawValue,
                                   status: value.status?.rawValue, repo: value.repo, problem: nil)
                }
                let isPending = lifecycle.isOpen(decision.status)
                let entry = Entry(
                    id: decision.id,
                    ref: graph.nodes(withID: decision.id).count > 1 ? "\(workplan.repo):\(decision.id)" : decision.id,
                    title: decision.title, status: decision.status.rawValue, pending: isPending, repo: workplan.repo,
                    workplan: workplan.id, path: graph.nodes[node].location.path, line: decision.location.line,
                    resolution: decision.resolution, decidedBy: decision.decidedBy, decidedOn: decision.decidedOn,
                    blocks: blocks)
                if isPending { pending.append(entry) } else { settled.append(entry) }
            }
        }
        decisions = pending + settled
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        guard format == .json else { throw unsupported(format) }
        return try json(self)
    }
}
