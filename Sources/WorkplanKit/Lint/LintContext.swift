/// Everything rules may look at: the workspace graph, the blocking analysis, the
/// clock, and, under `--base`, the local workplans as they were at that revision
/// and every step since.
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
    /// Every step from the base to the working tree (nil without `--base`).
    public let history: BaseHistory?
    /// The run's clock; nil when the caller has none (rules that need today then say less).
    public let clock: WorkplanClock?
    public let scope: Scope
    /// Indexes (into ``WorkspaceGraph/workplans``) of the workplans the rules check, in order.
    public let checkedWorkplans: [Int]
    /// Every workplan of ``scope``, also when ``checkedWorkplans`` holds only some of them (gates
    /// lint only the workplans they may ask about): a rule whose findings on one workplan depend
    /// on which others are checked (where a cycle is reported) reads this instead.
    let workplansInScope: [Int]
    /// The run's day (UTC, ``WorkplanClock/today``), for rules about dates; nil skips them.
    public var today: CalendarDate? { clock?.today }

    public init(workspace: Workspace, base: BaseSnapshot? = nil, scope: Scope = .localRepo, clock: WorkplanClock? = nil) {
        self.init(graph: WorkspaceGraph(workspace), base: base, scope: scope, clock: clock)
    }

    /// Reuses a graph already built (an edit lints the workspace it located its target in).
    public init(graph: WorkspaceGraph, base: BaseSnapshot? = nil, scope: Scope = .localRepo, clock: WorkplanClock? = nil) {
        self.init(graph: graph, analysis: nil, base: base, scope: scope, clock: clock)
    }

    /// Reuses a graph and analysis already built (gates lint the workspace they evaluate).
    public init(analysis: BlockingAnalysis, base: BaseSnapshot? = nil, scope: Scope = .localRepo, clock: WorkplanClock? = nil) {
        self.init(graph: analysis.graph, analysis: analysis, base: base, scope: scope, clock: clock)
    }

    /// Checks only the workplans at `only` (indexes into ``WorkspaceGraph/workplans``) of `scope`:
    /// every finding about an element of them is the one a check of the whole scope makes, at a
    /// fraction of the work. Rules that do not go workplan by workplan (duplicate ids, cycles,
    /// gates' own blocks) still look at the whole scope. For gates, which ask lint only about the
    /// elements their requirements name.
    init(analysis: BlockingAnalysis, scope: Scope, clock: WorkplanClock? = nil, onlyWorkplans only: Set<Int>) {
        self.init(graph: analysis.graph, analysis: analysis, base: nil, scope: scope, clock: clock, only: only)
    }

    private init(graph: WorkspaceGraph, analysis: BlockingAnalysis?, base: BaseSnapshot?, scope: Scope, clock: WorkplanClock?,
                 only: Set<Int>? = nil) {
        self.graph = graph
        self.givenAnalysis = analysis
        self.base = base
        self.scope = scope
        self.clock = clock
        let local = graph.workspace.config.repo
        let inScope = graph.workplans.indices.filter { scope == .workspace || graph.workplans[$0].repo == local }
        workplansInScope = inScope
        checkedWorkplans = only.map { only in inScope.filter(only.contains) } ?? inScope
        // The working tree is the local repo's workplans (the base is read from the local repo).
        history = base.map { BaseHistory(snapshot: $0, workingTree: graph.workplans.filter { $0.repo == local }) }
    }

    /// The blocking analysis of ``graph``: the one given, else built on each access (take it once).
    public var analysis: BlockingAnalysis { givenAnalysis ?? BlockingAnalysis(graph) }

    public var workspace: Workspace { graph.workspace }
    public var lifecycles: Lifecycles { workspace.lifecycles }
    public var localRepo: String { workspace.config.repo }

    /// Whether the rules check elements of `repo`.
    public func isChecked(repo: String) -> Bool { scope == .workspace || repo == localRepo }
}
