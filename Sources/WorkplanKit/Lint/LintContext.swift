/// Everything rules may look at: the workspace graph, the blocking analysis,
/// and, under `--base`, the local workplans as they were at that revision.
public struct LintContext: Sendable {
    public let graph: WorkspaceGraph
    public let analysis: BlockingAnalysis
    /// The local repo's workplans at the base revision (nil without `--base`).
    public let base: BaseSnapshot?

    public init(workspace: Workspace, base: BaseSnapshot? = nil) {
        graph = WorkspaceGraph(workspace)
        analysis = BlockingAnalysis(graph)
        self.base = base
    }

    public var workspace: Workspace { graph.workspace }
    public var lifecycles: Lifecycles { workspace.lifecycles }
    public var localRepo: String { workspace.config.repo }

    /// Indexes (into ``WorkspaceGraph/workplans``) of the local repo's workplans: only these are linted.
    public var localWorkplans: [Int] {
        graph.workplans.indices.filter { graph.workplans[$0].repo == localRepo }
    }
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
