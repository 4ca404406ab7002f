/// Status moves the lifecycle does not allow (done → todo) rewrite history.
struct IllegalTransitionRule: Rule {
    static let description = RuleDescription(
        id: "illegal-transition",
        summary: "Every status change since `--base` is a move the lifecycle allows",
        rationale: """
            A task moved from done back to todo, or a decision from resolved back to pending, silently rewrites what \
            was reported. A pull request is judged as the sequence it is: each commit from where HEAD meets `--base` \
            (first parents), then the working tree, is one step, and elements are followed by id, across renamed \
            files. Within one step a move is allowed when a chain of allowed moves leads from the old status to the \
            new one (`wp start` then `wp done` before one commit: draft → active → finished); when none does, the \
            finding names the step and the missing link.
            """,
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: ↓todo\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```decision\nid: EX-WP-0001-D01\nstatus: ↓pending\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```decision\nid: EX-WP-0001-D01\nstatus: resolved\nresolution: A\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: finished\n---\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: draft\n---\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n",
                        base: "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        guard let history = context.history else { return [] }
        let current = CurrentElements(context)
        struct Move: Hashable {
            var kind: WorkspaceGraph.Kind
            var from: Status
            var to: Status
        }
        var chains: [Move: Lifecycle.MoveChain] = [:]
        var findings: [Diagnostic] = []
        for change in history.changes {
            // An element gone since is not judged here (deleted-with-dependents is); one that
            // is back to where it started is judged step by step like any other.
            guard let old = change.before, let new = change.after, old != new,
                  let place = current.place(of: change.id, kind: change.kind),
                  let lifecycle = context.lifecycles.of(change.kind), lifecycle.isKnown(old), lifecycle.isKnown(new) else { continue }
            let move = Move(kind: change.kind, from: old, to: new)
            let chain = chains[move] ?? lifecycle.chain(from: old, to: new)
            chains[move] = chain
            let why: String
            switch chain {
            case .found: continue
            case .none(let missing): why = missing.explanation(from: old, to: new)
            case .gaveUp: why = "wp stopped looking for a chain of allowed moves after \(Limits.moveChainSearch.formatted) moves"
            }
            let kind = change.kind.rawValue
            findings.append(finding(
                "\(kind) \(change.id) moved from '\(old)' to '\(new)' \(history.place(ofStep: change.step)), "
                    + "which the \(kind) lifecycle does not allow: \(why)",
                at: place.statusLocation, about: place.subject))
        }
        return findings
    }
}
