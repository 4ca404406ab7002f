/// Reads `lifecycles:` from `.wp.yaml`, starting from the defaults.
///
/// ```yaml
/// lifecycles:
///   task:
///     statuses: [todo, doing, review, done]
///     initial: [todo]
///     complete: [done, dropped]
///     succeeded: [done]      # what a gate counts as done (see Lifecycle.succeeded)
///     waiting: []
///     transitions: {todo: [doing], doing: [review, todo], review: [done, doing]}
///     require: {done: [evidence]}
/// ```
/// Any key left out keeps the default of that kind.
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

    private static func parse(_ value: YAMLValue, base: Lifecycle) throws(WorkspaceError) -> Lifecycle {
        guard value.entries != nil else {
            throw WorkspaceError("a lifecycle must be a mapping (`statuses`, `initial`, `complete`, `succeeded`, `waiting`, `transitions`, `require`)", at: value.location)
        }
        var lifecycle = base
        if let statuses = value["statuses"] {
            lifecycle.statuses = try WorkspaceConfig.stringList(statuses, field: "statuses").map { Status($0) }
        }
        let known = Set(lifecycle.statuses)
        func statusSet(_ key: String) throws(WorkspaceError) -> Set<Status>? {
            guard let field = value[key] else { return nil }
            let list = try WorkspaceConfig.stringList(field, field: key).map { Status($0) }
            if let unknown = list.first(where: { !known.contains($0) }) {
                throw WorkspaceError("`\(key)` names `\(unknown)`, which is not in `statuses`", at: field.location)
            }
            return Set(list)
        }
        if let initial = try statusSet("initial") { lifecycle.initial = initial }
        if let complete = try statusSet("complete") { lifecycle.complete = complete }
        let succeeded = try statusSet("succeeded")
        if let waiting = try statusSet("waiting") { lifecycle.waiting = waiting }
        if let transitions = value["transitions"] {
            guard let moves = transitions.entries else {
                throw WorkspaceError("`transitions` must map each status to the list of statuses it may move to", at: transitions.location)
            }
            var table: [Status: Set<Status>] = [:]
            for move in moves {
                let targets = try WorkspaceConfig.stringList(move.value, field: "transitions.\(move.key)").map { Status($0) }
                for status in [Status(move.key)] + targets where !known.contains(status) {
                    throw WorkspaceError("transition names `\(status)`, which is not in `statuses`", at: move.keyLocation)
                }
                table[Status(move.key)] = Set(targets)
            }
            lifecycle.transitions = table
        } else if value["statuses"] != nil {
            // New statuses without transitions: any move between known statuses is allowed.
            lifecycle.transitions = Dictionary(uniqueKeysWithValues: lifecycle.statuses.map { ($0, known) })
        }
        if let require = value["require"] {
            guard let fields = require.entries else {
                throw WorkspaceError("`require` must map a status to the fields it needs", at: require.location)
            }
            var table: [Status: [String]] = [:]
            for field in fields {
                table[Status(field.key)] = try WorkspaceConfig.stringList(field.value, field: "require.\(field.key)")
            }
            lifecycle.requiredFields = table
        }
        lifecycle.initial.formIntersection(known)
        lifecycle.complete.formIntersection(known)
        if let succeeded {
            if let extra = succeeded.subtracting(lifecycle.complete).sorted(by: { $0.rawValue < $1.rawValue }).first {
                throw WorkspaceError("`succeeded` names `\(extra)`, which is not in `complete`; a status that succeeded is complete", at: value["succeeded"]!.location)
            }
            lifecycle.succeeded = succeeded
        } else if value["complete"] != nil || value["statuses"] != nil {
            // The default's succeeded statuses that are still complete (`done`, not `cancelled`).
            // When the statuses were renamed, only a single complete status is surely a success;
            // with several (`shipped`, `dropped`) none counts until `succeeded:` says which.
            let kept = base.succeeded.intersection(lifecycle.complete)
            lifecycle.succeeded = !kept.isEmpty ? kept : lifecycle.complete.count == 1 ? lifecycle.complete : []
        }
        lifecycle.succeeded.formIntersection(lifecycle.complete)
        lifecycle.waiting.formIntersection(known)
        return lifecycle
    }
}
