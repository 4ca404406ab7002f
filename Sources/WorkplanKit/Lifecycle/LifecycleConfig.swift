/// Reads `lifecycles:` from `.wp.yaml`, starting from the defaults.
///
/// ```yaml
/// lifecycles:
///   task:
///     statuses: [todo, doing, review, done, dropped]
///     initial: [todo]
///     planned: [todo]          # not started; work may start (roles: see Lifecycle.Role)
///     active: [doing, review]  # work under way; `wp start` writes the first
///     waiting: []              # held up whatever the dependencies; `wp block` writes the first
///     complete: [done, dropped]
///     succeeded: [done]        # what a gate counts as done; `wp done` writes the first
///     closed: [dropped]        # ended without success
///     prefer: {active: doing}  # the status a command writes for a role, when not the first
///     transitions: {todo: [doing], doing: [review, todo], review: [done, doing]}
///     require: {done: [evidence]}
/// ```
/// Any key left out keeps the default of that kind (its statuses that are still known).
enum LifecycleConfig {
    static func parse(_ value: YAMLValue) throws(WorkspaceError) -> Lifecycles {
        guard let entries = value.entries else {
            throw WorkspaceError("`lifecycles` must map `task`, `workplan` or `decision` to a lifecycle", at: value.location)
        }
        var lifecycles = Lifecycles.default
        for entry in entries {
            switch entry.key {
            case "task": lifecycles.task = try parse(entry.value, base: .task)
            case "workplan": lifecycles.workplan = try parse(entry.value, base: .workplan)
            case "decision": lifecycles.decision = try parse(entry.value, base: .decision)
            default:
                throw WorkspaceError("unknown lifecycle `\(entry.key)`; use `task`, `workplan` or `decision`", at: entry.keyLocation)
            }
        }
        return lifecycles
    }

    private static let roleNames = Lifecycle.Role.allCases.map { "`\($0)`" }.joined(separator: ", ")

    private static func parse(_ value: YAMLValue, base: Lifecycle) throws(WorkspaceError) -> Lifecycle {
        guard value.entries != nil else {
            throw WorkspaceError("a lifecycle must be a mapping (`statuses`, \(roleNames), `prefer`, `transitions`, `require`)", at: value.location)
        }
        var statuses = base.statuses
        if let list = value["statuses"] {
            statuses = try WorkspaceConfig.stringList(list, field: "statuses").map { Status($0) }
            guard !statuses.isEmpty else { throw WorkspaceError("`statuses` must name at least one status", at: list.location) }
            var seen: Set<Status> = []
            if let repeated = statuses.first(where: { !seen.insert($0).inserted }) {
                throw WorkspaceError("`statuses` lists `\(repeated)` more than once; remove the repeat", at: list.location)
            }
        }
        let known = Set(statuses)
        func statusSet(_ key: String) throws(WorkspaceError) -> Set<Status>? {
            guard let field = value[key] else { return nil }
            let list = try WorkspaceConfig.stringList(field, field: key).map { Status($0) }
            if let unknown = list.first(where: { !known.contains($0) }) {
                throw WorkspaceError("`\(key)` names `\(unknown)`, which is not in `statuses`", at: field.location)
            }
            return Set(list)
        }
        var members: [Lifecycle.Role: Set<Status>] = [:]
        for role in [Lifecycle.Role.initial, .planned, .active, .waiting, .complete] {
            members[role] = try statusSet(role.rawValue) ?? base.members(role).intersection(known)
        }
        let complete = members[.complete] ?? []
        let succeeded: Set<Status>
        if let given = try statusSet("succeeded") {
            if let extra = given.subtracting(complete).sorted(by: { $0.rawValue < $1.rawValue }).first {
                throw WorkspaceError("`succeeded` names `\(extra)`, which is not in `complete`; a status that succeeded is complete", at: value["succeeded"]!.location)
            }
            succeeded = given
        } else if value["complete"] != nil || value["statuses"] != nil {
            // The default's succeeded statuses that are still complete (`done`, not `cancelled`).
            // When the statuses were renamed, only a single complete status is surely a success;
            // with several (`shipped`, `dropped`) none counts until `succeeded:` says which.
            let kept = base.succeeded.intersection(complete)
            succeeded = !kept.isEmpty ? kept : complete.count == 1 ? complete : []
        } else {
            succeeded = base.succeeded.intersection(complete)
        }
        members[.succeeded] = succeeded
        if let closed = try statusSet("closed") {
            if let both = closed.intersection(succeeded).sorted(by: { $0.rawValue < $1.rawValue }).first {
                throw WorkspaceError("`closed` names `\(both)`, which is also in `succeeded`; a status that ended without success did not succeed", at: value["closed"]!.location)
            }
            members[.closed] = closed
        } else {
            // A default closed status the config counts as a success (`succeeded: [done, cancelled]`) is not closed.
            members[.closed] = base.members(.closed).intersection(known).subtracting(succeeded)
        }

        var preferred = base.preferred.filter { known.contains($0.value) && (members[$0.key] ?? []).contains($0.value) }
        if let prefer = value["prefer"] {
            guard let entries = prefer.entries else {
                throw WorkspaceError("`prefer` must map a role (\(roleNames)) to the status a command writes for it", at: prefer.location)
            }
            for entry in entries {
                guard let role = Lifecycle.Role(rawValue: entry.key) else {
                    throw WorkspaceError("`prefer` names `\(entry.key)`, which is not a role; use one of \(roleNames)", at: entry.keyLocation)
                }
                guard let name = entry.value.string else {
                    throw WorkspaceError("`prefer.\(role)` must be one status", at: entry.value.location)
                }
                let status = Status(name)
                guard (members[role] ?? []).contains(status) else {
                    throw WorkspaceError("`prefer.\(role)` names `\(status)`, which is not in `\(role)`", at: entry.value.location)
                }
                preferred[role] = status
            }
        }

        var transitions = base.transitions
        if let moves = value["transitions"] {
            guard let entries = moves.entries else {
                throw WorkspaceError("`transitions` must map each status to the list of statuses it may move to", at: moves.location)
            }
            var table: [Status: Set<Status>] = [:]
            for move in entries {
                let targets = try WorkspaceConfig.stringList(move.value, field: "transitions.\(move.key)").map { Status($0) }
                for status in [Status(move.key)] + targets where !known.contains(status) {
                    throw WorkspaceError("transition names `\(status)`, which is not in `statuses`", at: move.keyLocation)
                }
                table[Status(move.key)] = Set(targets)
            }
            transitions = table
        } else if value["statuses"] != nil {
            // New statuses without transitions: any move between known statuses is allowed.
            transitions = Dictionary(uniqueKeysWithValues: statuses.map { ($0, known) })
        }
        var requiredFields = base.requiredFields
        if let require = value["require"] {
            guard let fields = require.entries else {
                throw WorkspaceError("`require` must map a status to the fields it needs", at: require.location)
            }
            var table: [Status: [String]] = [:]
            for field in fields {
                table[Status(field.key)] = try WorkspaceConfig.stringList(field.value, field: "require.\(field.key)")
            }
            requiredFields = table
        }
        return Lifecycle(
            statuses: statuses, initial: members[.initial] ?? [], complete: complete, succeeded: succeeded,
            waiting: members[.waiting] ?? [], planned: members[.planned] ?? [], active: members[.active] ?? [],
            closed: members[.closed] ?? [], preferred: preferred, transitions: transitions, requiredFields: requiredFields)
    }
}
