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
    public let analysis: BlockingAnalysis
    /// The local repo's workplans at the base revision (nil without `--base`).
    public let base: BaseSnapshot?
    public let scope: Scope
    /// Indexes (into ``WorkspaceGraph/workplans``) of the workplans the rules check, in order.
    public let checkedWorkplans: [Int]

    /// Over a graph and analysis already built (the run's, see ``WorkspaceSession``; gates lint the workspace they evaluate).
    public init(analysis: BlockingAnalysis, base: BaseSnapshot? = nil, scope: Scope = .localRepo) {
        graph = analysis.graph
        self.analysis = analysis
        self.base = base
        self.scope = scope
        let local = analysis.graph.workspace.config.repo
        checkedWorkplans = analysis.graph.workplans.indices.filter { scope == .workspace || analysis.graph.workplans[$0].repo == local }
    }

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
