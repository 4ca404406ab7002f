/// The statuses one kind of element may have and the moves between them.
public struct Lifecycle: Hashable, Sendable {
    /// Every known status, in the order they are usually passed through.
    public var statuses: [Status]
    /// Statuses a new element may start in.
    public var initial: Set<Status>
    /// Statuses that count as complete for dependencies.
    public var complete: Set<Status>
    /// Complete statuses that mean the work was done, not dropped: what a gate
    /// requirement asks for (`done`, not `cancelled`). Always a subset of ``complete``.
    public var succeeded: Set<Status>
    /// Statuses that mark an element as waiting although nothing it depends on is open.
    public var waiting: Set<Status>
    /// Allowed moves: `transitions[from]` is every status reachable in one step.
    public var transitions: [Status: Set<Status>]
    /// Fields an element must have once it is in a status (e.g. `done` needs `evidence`).
    public var requiredFields: [Status: [String]]

    /// - Parameter succeeded: defaults to `complete`; give it when some complete status means
    ///   the work was dropped (a task's `cancelled`), so that no gate counts it as done.
    public init(
        statuses: [Status], initial: Set<Status>, complete: Set<Status>, succeeded: Set<Status>? = nil,
        waiting: Set<Status> = [], transitions: [Status: Set<Status>], requiredFields: [Status: [String]] = [:]
    ) {
        self.statuses = statuses
        self.initial = initial
        self.complete = complete
        self.succeeded = (succeeded ?? complete).intersection(complete)
        self.waiting = waiting
        self.transitions = transitions
        self.requiredFields = requiredFields
    }

    public func isKnown(_ status: Status) -> Bool { statuses.contains(status) }
    public func isComplete(_ status: Status) -> Bool { complete.contains(status) }
    /// Whether `status` means the work was done (see ``succeeded``): what a gate requirement asks.
    public func hasSucceeded(_ status: Status) -> Bool { succeeded.contains(status) }
    public func isWaiting(_ status: Status) -> Bool { waiting.contains(status) }

    /// Whether moving from `from` to `to` is allowed (staying put always is).
    public func allows(from: Status, to: Status) -> Bool {
        from == to || transitions[from, default: []].contains(to)
    }

    /// Task lifecycle: todo → in_progress → done, with wait/blocked side states.
    public static let task = Lifecycle(
        statuses: [.todo, .inProgress, .wait, .blocked, .done, .cancelled],
        initial: [.todo, .inProgress, .wait, .blocked, .done, .cancelled],
        complete: [.done, .cancelled],
        succeeded: [.done],
        waiting: [.wait, .blocked],
        transitions: [
            .todo: [.inProgress, .wait, .blocked, .done, .cancelled],
            .inProgress: [.todo, .wait, .blocked, .done, .cancelled],
            .wait: [.todo, .inProgress, .blocked, .done, .cancelled],
            .blocked: [.todo, .inProgress, .wait, .done, .cancelled],
            .done: [],
            .cancelled: [.todo],
        ])

    /// Workplan lifecycle: draft → proposed → backlog → active → finished.
    public static let workplan = Lifecycle(
        statuses: [.draft, .proposed, .backlog, .active, .paused, .finished, .cancelled],
        initial: [.draft, .proposed, .backlog, .active, .finished],
        complete: [.finished],
        transitions: [
            .draft: [.proposed, .backlog, .active, .cancelled],
            .proposed: [.draft, .backlog, .active, .cancelled],
            .backlog: [.proposed, .active, .paused, .cancelled],
            .active: [.paused, .backlog, .finished, .cancelled],
            .paused: [.active, .backlog, .cancelled],
            .finished: [.active],
            .cancelled: [.draft, .backlog],
        ])

    /// Decision lifecycle: pending → resolved | rejected; resolved → superseded.
    public static let decision = Lifecycle(
        statuses: [.pending, .resolved, .rejected, .superseded],
        initial: [.pending, .resolved, .rejected],
        complete: [.resolved],
        transitions: [
            .pending: [.resolved, .rejected],
            .resolved: [.superseded],
            .rejected: [.pending],
            .superseded: [],
        ])
}

/// The lifecycles a workspace uses, defaults unless `.wp.yaml` overrides them.
public struct Lifecycles: Hashable, Sendable {
    public var task: Lifecycle
    public var workplan: Lifecycle
    public var decision: Lifecycle

    public init(task: Lifecycle = .task, workplan: Lifecycle = .workplan, decision: Lifecycle = .decision) {
        self.task = task
        self.workplan = workplan
        self.decision = decision
    }

    public static let `default` = Lifecycles()
}
