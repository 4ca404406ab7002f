/// The statuses one kind of element may have, what each one means, and the moves between them.
///
/// Code asks a lifecycle what a status means (`lifecycle.has(.succeeded, status)`), never
/// compares it with a word: a team that renames its statuses and gives them the same
/// roles gets the same answers.
public struct Lifecycle: Hashable, Sendable {
    /// What a status means, whatever it is called. A status may have several roles
    /// (a task's `done` is initial, complete and succeeded), or none.
    public enum Role: String, CaseIterable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
        /// A new element may start in it (lint's `illegal-initial-status`).
        case initial
        /// Nobody works on it yet and work may start: a task's `todo`, a workplan's `draft`,
        /// `proposed`, `backlog`.
        case planned
        /// Work is under way: a task's `in_progress`, a workplan's `active`.
        case active
        /// Held up although nothing it depends on may be open: a task's `wait` and `blocked`
        /// (such a task is blocked), a workplan's `paused`, a decision's `pending`.
        case waiting
        /// Counts as done for whatever depends on it: `done`, `cancelled`, `finished`, `resolved`.
        case complete
        /// Complete because the work was done, not dropped: what a gate requirement accepts
        /// (`done`, `finished`, `resolved`). Always also complete.
        case succeeded
        /// Ended without success: `cancelled`, `rejected`, `superseded`. Never succeeded; complete
        /// only where the lifecycle says so (a task's `cancelled`, not a workplan's).
        case closed

        public var description: String { rawValue }

        public static func < (left: Role, right: Role) -> Bool {
            allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
        }
    }

    /// Every known status, in the order they are usually passed through.
    public var statuses: [Status]
    /// The roles of each status; a status missing here has none.
    public var roles: [Status: Set<Role>]
    /// The status a command writes for a role when it is not the first with that role
    /// (see ``status(for:)``): the default task lifecycle's `wp block` writes `blocked`, not `wait`.
    public var preferred: [Role: Status]
    /// Allowed moves: `transitions[from]` is every status reachable in one step.
    public var transitions: [Status: Set<Status>]
    /// Fields an element must have once it is in a status (e.g. `done` needs `evidence`).
    public var requiredFields: [Status: [String]]

    /// A lifecycle declared status by status. A succeeded status is made complete, and loses
    /// `closed` (ended without success): the roles stay consistent whatever is given.
    public init(
        statuses: [Status], roles: [Status: Set<Role>], preferred: [Role: Status] = [:],
        transitions: [Status: Set<Status>], requiredFields: [Status: [String]] = [:]
    ) {
        self.statuses = statuses
        self.roles = roles.mapValues(Self.consistent)
        self.preferred = preferred
        self.transitions = transitions
        self.requiredFields = requiredFields
    }

    /// A lifecycle declared role by role (the shape `.wp.yaml` uses).
    ///
    /// - Parameter succeeded: defaults to `complete`; give it when some complete status means
    ///   the work was dropped (a task's `cancelled`), so that no gate counts it as done.
    public init(
        statuses: [Status], initial: Set<Status>, complete: Set<Status>, succeeded: Set<Status>? = nil,
        waiting: Set<Status> = [], planned: Set<Status> = [], active: Set<Status> = [], closed: Set<Status> = [],
        preferred: [Role: Status] = [:], transitions: [Status: Set<Status>], requiredFields: [Status: [String]] = [:]
    ) {
        let succeeded = (succeeded ?? complete).intersection(complete)
        let byRole: [(Role, Set<Status>)] = [
            (.initial, initial), (.planned, planned), (.active, active), (.waiting, waiting),
            (.complete, complete), (.succeeded, succeeded), (.closed, closed),
        ]
        var roles: [Status: Set<Role>] = [:]
        for (role, members) in byRole {
            for status in members { roles[status, default: []].insert(role) }
        }
        self.init(statuses: statuses, roles: roles, preferred: preferred, transitions: transitions, requiredFields: requiredFields)
    }

    private static func consistent(_ roles: Set<Role>) -> Set<Role> {
        roles.contains(.succeeded) ? roles.union([.complete]).subtracting([.closed]) : roles
    }

    // MARK: Questions

    public func isKnown(_ status: Status) -> Bool { statuses.contains(status) }

    /// The roles of `status` (none for a status the lifecycle does not know).
    public func roles(of status: Status) -> Set<Role> { roles[status] ?? [] }

    /// Whether `status` has `role`: `lifecycle.has(.succeeded, task.status)`.
    public func has(_ role: Role, _ status: Status) -> Bool { roles[status]?.contains(role) ?? false }

    /// The statuses with `role`, in lifecycle order.
    public func statuses(with role: Role) -> [Status] { statuses.filter { has(role, $0) } }

    /// The one status a command writes for `role` (`wp start`: active, `wp done`: succeeded,
    /// `wp block`: waiting): ``preferred`` when it has the role, else the first status with
    /// it in lifecycle order; nil when no status has it.
    public func status(for role: Role) -> Status? {
        if let preferred = preferred[role], isKnown(preferred), has(role, preferred) { return preferred }
        return statuses.first { has(role, $0) }
    }

    /// Counts as done for dependencies (``Role/complete``).
    public func isComplete(_ status: Status) -> Bool { has(.complete, status) }
    /// Means the work was done (``Role/succeeded``): what a gate requirement asks.
    public func hasSucceeded(_ status: Status) -> Bool { has(.succeeded, status) }
    /// Held up whatever its dependencies (``Role/waiting``).
    public func isWaiting(_ status: Status) -> Bool { has(.waiting, status) }
    /// Work remains: the status is planned, active or waiting. A decision that is open is
    /// what reports call pending. A status the lifecycle does not know is not open (lint reports it).
    public func isOpen(_ status: Status) -> Bool {
        !roles(of: status).isDisjoint(with: [.planned, .active, .waiting])
    }
    /// Ended: complete or closed. Nothing more is expected of it (a `cancelled` workplan is not
    /// complete, so what depends on it stays blocked, but no work is offered in it).
    public func isEnded(_ status: Status) -> Bool {
        !roles(of: status).isDisjoint(with: [.complete, .closed])
    }

    // The role sets, for code and configuration that think role by role.

    /// Statuses a new element may start in.
    public var initial: Set<Status> {
        get { members(.initial) }
        set { assign(.initial, newValue) }
    }
    /// Statuses that count as complete for dependencies.
    public var complete: Set<Status> {
        get { members(.complete) }
        set { assign(.complete, newValue) }
    }
    /// Complete statuses that mean the work was done, not dropped: what a gate
    /// requirement asks for (`done`, not `cancelled`). Always a subset of ``complete``.
    public var succeeded: Set<Status> {
        get { members(.succeeded) }
        set { assign(.succeeded, newValue.intersection(complete)) }
    }
    /// Statuses that mark an element as waiting although nothing it depends on is open.
    public var waiting: Set<Status> {
        get { members(.waiting) }
        set { assign(.waiting, newValue) }
    }

    /// Statuses with `role`, unordered.
    public func members(_ role: Role) -> Set<Status> {
        Set(roles.compactMap { $0.value.contains(role) ? $0.key : nil })
    }

    /// Gives `role` to exactly `members`.
    public mutating func assign(_ role: Role, _ members: Set<Status>) {
        for status in Set(roles.keys).union(members) {
            if members.contains(status) {
                roles[status, default: []].insert(role)
            } else if var kept = roles[status], kept.remove(role) != nil {
                roles[status] = kept.isEmpty ? nil : kept
            }
        }
    }

    /// Whether moving from `from` to `to` is allowed (staying put always is).
    public func allows(from: Status, to: Status) -> Bool {
        from == to || transitions[from, default: []].contains(to)
    }

    // MARK: Defaults

    /// Task lifecycle: todo → in_progress → done, with wait/blocked side states.
    public static let task = Lifecycle(
        statuses: [.todo, .inProgress, .wait, .blocked, .done, .cancelled],
        roles: [
            .todo: [.initial, .planned],
            .inProgress: [.initial, .active],
            .wait: [.initial, .waiting],
            .blocked: [.initial, .waiting],
            .done: [.initial, .complete, .succeeded],
            .cancelled: [.initial, .complete, .closed],
        ],
        // `wp block` records what blocks the task: `blocked`, although `wait` comes first.
        preferred: [.waiting: .blocked],
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
        roles: [
            .draft: [.initial, .planned],
            .proposed: [.initial, .planned],
            .backlog: [.initial, .planned],
            .active: [.initial, .active],
            .paused: [.waiting],
            .finished: [.initial, .complete, .succeeded],
            .cancelled: [.closed],
        ],
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
        roles: [
            .pending: [.initial, .waiting],
            .resolved: [.initial, .complete, .succeeded],
            .rejected: [.initial, .closed],
            .superseded: [.closed],
        ],
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

    /// The lifecycle of a kind of element; nil for gates, which have results, not statuses.
    public func of(_ kind: WorkspaceGraph.Kind) -> Lifecycle? {
        switch kind {
        case .task: task
        case .workplan: workplan
        case .decision: decision
        case .gate: nil
        }
    }

    /// The lifecycle of a kind named as reports write it (`"task"`, `"workplan"`, `"decision"`).
    public func of(kindNamed name: String?) -> Lifecycle? {
        name.flatMap(WorkspaceGraph.Kind.init(rawValue:)).flatMap(of)
    }
}
