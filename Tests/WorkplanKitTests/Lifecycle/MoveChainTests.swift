import Testing
@testable import WorkplanKit

/// Chains of allowed moves (issue 12, item 2): what `wp lint --base` accepts within one
/// commit and what `wp done` on a draft names as the first step.
@Suite struct MoveChainTests {
    @Test("draft → finished is two allowed moves, through active; a direct move is itself; no move is the status alone")
    func chainsOfTheDefaultLifecycles() {
        #expect(Lifecycle.workplan.chain(from: "draft", to: "finished") == .found(["draft", "active", "finished"]))
        #expect(Lifecycle.task.chain(from: "todo", to: "in_progress") == .found(["todo", "in_progress"]))
        #expect(Lifecycle.task.chain(from: "done", to: "done") == .found(["done"]))
    }

    @Test("no chain: a final status says so; otherwise what it leads to and what could lead on")
    func missingLinks() throws {
        guard case .none(let final) = Lifecycle.task.chain(from: "done", to: "todo") else {
            Issue.record("done → todo has no chain")
            return
        }
        #expect(final.explanation(from: "done", to: "todo") == "'done' is final: no move leaves it")
        guard case .none(let resolved) = Lifecycle.decision.chain(from: "resolved", to: "pending") else {
            Issue.record("resolved → pending has no chain")
            return
        }
        #expect(resolved.explanation(from: "resolved", to: "pending")
            == "from 'resolved' the lifecycle leads only to superseded, none of which may move to 'pending' (only rejected may)")
    }

    @Test("the shortest chain wins, ties go to the status the lifecycle lists first, every run")
    func shortestAndDeterministic() {
        let lifecycle = Lifecycle(
            statuses: ["a", "b", "c", "d", "e"], initial: ["a"], complete: ["e"],
            transitions: ["a": ["c", "b", "d"], "b": ["e"], "c": ["e"], "d": ["b"]])
        for _ in 0..<20 { #expect(lifecycle.chain(from: "a", to: "e") == .found(["a", "b", "e"])) }
    }

    @Test("a lifecycle with more moves than wp examines: the search gives up instead of running on; long lists are cut")
    func boundedSearch() throws {
        let count = Limits.moveChainSearch + 1
        let many = (0..<count).map { Status("s\($0)") }
        var transitions: [Status: Set<Status>] = ["start": Set(many)]
        for status in many { transitions[status] = ["start"] }
        let lifecycle = Lifecycle(statuses: ["start"] + many + ["end"], initial: ["start"], complete: ["end"], transitions: transitions)
        #expect(lifecycle.chain(from: "start", to: "end") == .gaveUp)

        let names = Lifecycle.MissingLink.names((0..<(Limits.statusesNamedPerMessage + 3)).map { Status("s\($0)") })
        #expect(names.hasSuffix(" and 3 more"), "\(names)")
        #expect(names.split(separator: ",").count == Limits.statusesNamedPerMessage)
    }
}
