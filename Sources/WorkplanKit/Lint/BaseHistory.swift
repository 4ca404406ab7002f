/// A pull request as the sequence it is: the local workplans where the walk starts,
/// then what each commit, and finally the working tree, changed.
///
/// Elements are followed by id across the whole repo, not by file: a renamed file,
/// or a task moved to another workplan, keeps its history.
public struct BaseSnapshot: Sendable {
    /// The revision as the user wrote it (`origin/main`).
    public var revision: String
    /// The local workplans where the walk starts: where HEAD's history meets the revision.
    public var workplans: [Workplan]
    /// Short ids of the commits walked after the start, oldest first.
    public var commits: [String]
    /// What each commit changed, in order; ``ElementChange/step`` indexes ``commits``.
    public var changes: [ElementChange]
    /// Every element as the last commit walked left it.
    public var last: ElementStates

    /// The workplans at a revision, with no commit walked since (the working tree follows directly).
    public init(revision: String, workplans: [Workplan]) {
        self.init(revision: revision, workplans: workplans, commits: [], changes: [], last: ElementStates(workplans))
    }

    init(revision: String, workplans: [Workplan], commits: [String], changes: [ElementChange], last: ElementStates) {
        self.revision = revision
        self.workplans = workplans
        self.commits = commits
        self.changes = changes
        self.last = last
    }
}

/// One element's status before and after one step of the walk.
public struct ElementChange: Sendable, Hashable {
    public var id: String
    public var kind: WorkspaceGraph.Kind
    /// Nil: the element appeared in this step.
    public var before: Status?
    /// Nil: the element disappeared in this step.
    public var after: Status?
    /// Index of the step: a commit of ``BaseSnapshot/commits``, or, one past them, the working tree.
    public var step: Int
}

/// What one step of the walk shows: an element's kind and status.
public struct ElementState: Sendable, Hashable {
    public var kind: WorkspaceGraph.Kind
    public var status: Status
}

/// The workplans, tasks and decisions of a set of files, by id, as they stand at one step.
///
/// An id written in several files (lint reports it) takes the state of the copy in the
/// first file by path, so each step reads it the same way.
public struct ElementStates: Sendable {
    /// id → path → state.
    private var occurrences: [String: [String: ElementState]] = [:]
    /// path → the ids the file holds.
    private var idsOfPath: [String: [String]] = [:]

    public init() {}

    init(_ workplans: [Workplan]) {
        for workplan in workplans { replace(path: workplan.path, with: Self.elements(of: workplan)) }
    }

    /// The state of `id`, nil when no file holds it.
    public func state(of id: String) -> ElementState? {
        guard let copies = occurrences[id], let first = copies.keys.min() else { return nil }
        return copies[first]
    }

    /// Every id some file holds.
    var ids: Dictionary<String, [String: ElementState]>.Keys { occurrences.keys }

    /// The ids the file at `path` holds now.
    func ids(inPath path: String) -> [String] { idsOfPath[path] ?? [] }

    /// Makes the file at `path` hold `elements` (none: the file is gone).
    mutating func replace(path: String, with elements: [(id: String, state: ElementState)]) {
        for id in idsOfPath[path] ?? [] {
            occurrences[id]?[path] = nil
            if occurrences[id]?.isEmpty == true { occurrences[id] = nil }
        }
        idsOfPath[path] = elements.isEmpty ? nil : elements.map(\.id)
        for element in elements where occurrences[element.id]?[path] == nil {
            occurrences[element.id, default: [:]][path] = element.state
        }
    }

    /// The workplan, its tasks and its decisions.
    static func elements(of workplan: Workplan) -> [(id: String, state: ElementState)] {
        [(workplan.id, ElementState(kind: .workplan, status: workplan.status))]
            + workplan.tasks.map { ($0.id, ElementState(kind: .task, status: $0.status)) }
            + workplan.decisions.map { ($0.id, ElementState(kind: .decision, status: $0.status)) }
    }

    /// The changes that turn `before`'s states of `ids` into `after`'s, in id order.
    static func changes(of ids: Set<String>, from before: ElementStates, to after: ElementStates, step: Int) -> [ElementChange] {
        var changes: [ElementChange] = []
        for id in ids.sorted() {
            let old = before.state(of: id)
            let new = after.state(of: id)
            guard old != new else { continue }
            if let old, let new, old.kind == new.kind {
                changes.append(ElementChange(id: id, kind: new.kind, before: old.status, after: new.status, step: step))
                continue
            }
            // A kind that changed (a task id now names a decision) is one element gone and another new.
            if let old { changes.append(ElementChange(id: id, kind: old.kind, before: old.status, after: nil, step: step)) }
            if let new { changes.append(ElementChange(id: id, kind: new.kind, before: nil, after: new.status, step: step)) }
        }
        return changes
    }
}

/// Every step from `--base` to the working tree, for the rules that judge status moves.
public struct BaseHistory: Sendable {
    public var snapshot: BaseSnapshot
    /// Every change, step by step: the commits', then the working tree's (step ``workingTreeStep``).
    public var changes: [ElementChange]

    /// Compares the last commit walked with the workplans in the working tree.
    init(snapshot: BaseSnapshot, workingTree workplans: [Workplan]) {
        self.snapshot = snapshot
        let current = ElementStates(workplans)
        let ids = Set(snapshot.last.ids).union(current.ids)
        changes = snapshot.changes
            + ElementStates.changes(of: ids, from: snapshot.last, to: current, step: snapshot.commits.count)
    }

    public var revision: String { snapshot.revision }
    public var workingTreeStep: Int { snapshot.commits.count }

    /// Where a change was made: `in commit 1a2b3c4 (since origin/main)`, `in the working tree (since HEAD)`.
    public func place(ofStep step: Int) -> String {
        let since = "(since \(revision))"
        return step < snapshot.commits.count ? "in commit \(snapshot.commits[step]) \(since)" : "in the working tree \(since)"
    }

    /// Ids that existed at the start or appeared on the way, each with the step that last removed it, if any.
    public var lastRemoval: [String: Int] {
        var removed: [String: Int] = [:]
        for change in changes where change.after == nil { removed[change.id] = change.step }
        return removed
    }
}
