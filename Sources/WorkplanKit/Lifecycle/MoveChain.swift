/// Chains of allowed moves: how a status can lead to another in several steps.
///
/// A commit may hold several edits of one element (`wp start` and `wp done` before
/// one `git commit`), so lint and edits ask whether *some* chain of allowed moves
/// leads from one status to another, and which is the shortest.
extension Lifecycle {
    /// What a search for a chain of allowed moves found.
    public enum MoveChain: Sendable, Hashable {
        /// The shortest chain, both ends included (`[draft, active, finished]`); `[from]` when
        /// `from == to`, `[from, to]` for a direct move.
        case found([Status])
        /// No chain: the link that is missing.
        case none(MissingLink)
        /// The search examined ``Limits/moveChainSearch`` moves without an answer.
        case gaveUp
    }

    /// Why no chain of allowed moves leads from one status to another: what can be
    /// reached, and what could have led on.
    public struct MissingLink: Sendable, Hashable {
        /// Statuses reachable from the start (the start excluded), in lifecycle order.
        public var reachable: [Status]
        /// Statuses with a direct move to the target, in lifecycle order.
        public var leadingToTarget: [Status]
    }

    /// The shortest chain of allowed moves from `from` to `to`, found breadth first and
    /// iteratively; ties go to the status that comes first in the lifecycle, so the
    /// answer is the same on every run. Examines at most ``Limits/moveChainSearch`` moves.
    public func chain(from: Status, to: Status) -> MoveChain {
        if from == to { return .found([from]) }
        let order = Dictionary(statuses.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func sorted(_ set: Set<Status>) -> [Status] {
            set.sorted { (order[$0] ?? .max, $0.rawValue) < (order[$1] ?? .max, $1.rawValue) }
        }
        var parent: [Status: Status] = [from: from]
        var queue: [Status] = [from]
        var head = 0
        var examined = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            let targets = transitions[current, default: []]
            // Counted before sorting: one status may list a great many targets.
            examined += targets.count
            if examined > Limits.moveChainSearch { return .gaveUp }
            for next in sorted(targets) {
                guard parent[next] == nil else { continue }
                parent[next] = current
                if next == to {
                    var chain = [to]
                    var step = current
                    while step != from {
                        chain.append(step)
                        step = parent[step] ?? from
                    }
                    chain.append(from)
                    return .found(chain.reversed())
                }
                queue.append(next)
            }
        }
        let leading = Set(transitions.compactMap { $0.value.contains(to) ? $0.key : nil })
        return .none(MissingLink(reachable: sorted(Set(queue.dropFirst())), leadingToTarget: sorted(leading)))
    }
}

extension Lifecycle.MissingLink {
    /// `'done' is final`, or what `from` reaches and what may move to `to`, each list
    /// cut at ``Limits/statusesNamedPerMessage`` names.
    public func explanation(from: Status, to: Status) -> String {
        guard !reachable.isEmpty else { return "'\(from)' is final: no move leaves it" }
        let onward = "from '\(from)' the lifecycle leads only to \(Self.names(reachable))"
        guard !leadingToTarget.isEmpty else { return onward + ", and no move leads to '\(to)'" }
        return onward + ", none of which may move to '\(to)' (only \(Self.names(leadingToTarget)) may)"
    }

    static func names(_ statuses: [Status]) -> String {
        let shown = statuses.prefix(Limits.statusesNamedPerMessage).map(\.rawValue)
        let more = statuses.count - shown.count
        return shown.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }
}
