/// Everything rules may look at: the workspace graph, the blocking analysis,
/// and, under `--base`, the local workplans as they were at that revision.
public struct LintContext: Sendable {
    /// Whose elements the rules check.
    public enum Scope: Sendable {
        /// The local repo's (`wp lint`): peers are checked by their own CI.
        case localRepo
        /// Every repo's: a gate may require a peer's element, and it must not pass on one lint rejects.
        case workspace
    }

    public let graph: WorkspaceGraph
    /// The analysis the caller built, if any: no rule reads one, so none is built for them.
    private let givenAnalysis: BlockingAnalysis?
    /// The local repo's workplans at the base revision (nil without `--base`).
    public let base: BaseSnapshot?
    public let scope: Scope
    /// Indexes (into ``WorkspaceGraph/workplans``) of the workplans the rules check, in order.
    public let checkedWorkplans: [Int]

    public init(workspace: Workspace, base: BaseSnapshot? = nil, scope: Scope = .localRepo) {
        self.init(graph: WorkspaceGraph(workspace), base: base, scope: scope)
    }

    /// Reuses a graph already built (an edit lints the workspace it located its target in).
    public init(graph: WorkspaceGraph, base: BaseSnapshot? = nil, scope: Scope = .localRepo) {
        self.init(graph: graph, analysis: nil, base: base, scope: scope)
    }

    /// Reuses a graph and analysis already built (gates lint the workspace they evaluate).
    public init(analysis: BlockingAnalysis, base: BaseSnapshot? = nil, scope: Scope = .localRepo) {
        self.init(graph: analysis.graph, analysis: analysis, base: base, scope: scope)
    }

    private init(graph: WorkspaceGraph, analysis: BlockingAnalysis?, base: BaseSnapshot?, scope: Scope) {
        self.graph = graph
        self.givenAnalysis = analysis
        self.base = base
        self.scope = scope
        let local = graph.workspace.config.repo
        checkedWorkplans = graph.workplans.indices.filter { scope == .workspace || graph.workplans[$0].repo == local }
    }

    /// The blocking analysis of ``graph``: the one given, else built on each access (take it once).
    public var analysis: BlockingAnalysis { givenAnalysis ?? BlockingAnalysis(graph) }

    public var workspace: Workspace { graph.workspace }
    public var lifecycles: Lifecycles { workspace.lifecycles }
    public var localRepo: String { workspace.config.repo }

    /// Whether the rules check elements of `repo`.
    public func isChecked(repo: String) -> Bool { scope == .workspace || repo == localRepo }
}

/// The local workplans as they were at a git revision.
public struct BaseSnapshot: Sendable {
    /// The revision as the user wrote it (`origin/main`).
    public var revision: String
    public var workplans: [Workplan]

    public init(revision: String, workplans: [Workplan]) {
        self.revision = revision
        self.workplans = workplans
    }
}
