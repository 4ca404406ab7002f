import Testing
import WPTestSupport
@testable import WorkplanKit

/// Lifecycle roles: what each status means, asked instead of compared with a word.
@Suite("Lifecycle roles")
struct LifecycleRoleTests {
    typealias Role = Lifecycle.Role

    private func config(_ yaml: String) throws(WorkspaceError) -> Lifecycles {
        try WorkspaceConfig.parse(bytes: Array(("repo: demo\n" + yaml).utf8), path: ".wp.yaml", defaultRepo: "demo").lifecycles
    }

    private func refusal(_ yaml: String) -> WorkspaceError? {
        do {
            _ = try config(yaml)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Defaults

    @Test("the default role sets are the sets wp used before roles: initial, complete, succeeded, waiting")
    func defaultsKeepTheEarlierSets() {
        #expect(Lifecycle.task.initial == [.todo, .inProgress, .wait, .blocked, .done, .cancelled])
        #expect(Lifecycle.task.complete == [.done, .cancelled])
        #expect(Lifecycle.task.succeeded == [.done])
        #expect(Lifecycle.task.waiting == [.wait, .blocked])
        #expect(Lifecycle.workplan.initial == [.draft, .proposed, .backlog, .active, .finished])
        #expect(Lifecycle.workplan.complete == [.finished])
        #expect(Lifecycle.workplan.succeeded == [.finished])
        #expect(Lifecycle.decision.initial == [.pending, .resolved, .rejected])
        #expect(Lifecycle.decision.complete == [.resolved])
        #expect(Lifecycle.decision.succeeded == [.resolved])
    }

    @Test("statuses(with:) answers in lifecycle order; every default status has a role")
    func statusesWithRole() {
        let task = Lifecycle.task
        #expect(task.statuses(with: .waiting) == [.wait, .blocked])
        #expect(task.statuses(with: .complete) == [.done, .cancelled])
        #expect(task.statuses(with: .closed) == [.cancelled])
        #expect(Lifecycle.workplan.statuses(with: .planned) == [.draft, .proposed, .backlog])
        #expect(Lifecycle.workplan.statuses(with: .active) == [.active])
        #expect(Lifecycle.workplan.statuses(with: .waiting) == [.paused])
        #expect(Lifecycle.decision.statuses(with: .closed) == [.rejected, .superseded])
        for lifecycle in [Lifecycle.task, .workplan, .decision] {
            for status in lifecycle.statuses {
                #expect(!lifecycle.roles(of: status).subtracting([.initial]).isEmpty, "\(status) has no role beyond initial")
            }
        }
    }

    @Test("has(_:_:) and the questions built on it; an unknown status has no role")
    func questions() {
        let task = Lifecycle.task
        #expect(task.has(.succeeded, .done))
        #expect(!task.has(.succeeded, .cancelled))
        #expect(task.has(.closed, .cancelled) && task.isComplete(.cancelled))
        #expect(task.isWaiting(.blocked) && !task.isWaiting(.todo))
        #expect(task.roles(of: "in-progress") == [])
        #expect(!task.isOpen("in-progress") && !task.isEnded("in-progress"))
        #expect(task.isOpen(.todo) && task.isOpen(.inProgress) && task.isOpen(.wait) && !task.isOpen(.done))
        // A cancelled workplan is ended but not complete: what depends on it stays blocked.
        #expect(Lifecycle.workplan.isEnded(.cancelled) && !Lifecycle.workplan.isComplete(.cancelled))
        #expect(!Lifecycle.workplan.isEnded(.paused) && Lifecycle.workplan.isOpen(.paused))
        #expect(Lifecycle.decision.isOpen(.pending))
        #expect(!Lifecycle.decision.isOpen(.rejected) && !Lifecycle.decision.isOpen(.superseded) && !Lifecycle.decision.isOpen(.resolved))
    }

    @Test("status(for:) is the preferred status, else the first with the role in lifecycle order")
    func oneStatusPerRole() {
        #expect(Lifecycle.task.status(for: .active) == .inProgress)
        #expect(Lifecycle.task.status(for: .succeeded) == .done)
        #expect(Lifecycle.task.status(for: .waiting) == .blocked, "preferred over wait, which comes first")
        #expect(Lifecycle.task.status(for: .initial) == .todo)
        #expect(Lifecycle.workplan.status(for: .active) == .active)
        #expect(Lifecycle.workplan.status(for: .succeeded) == .finished)
        #expect(Lifecycle.decision.status(for: .succeeded) == .resolved)
        #expect(Lifecycle.decision.status(for: .initial) == .pending)
        #expect(Lifecycle.decision.status(for: .active) == nil)

        var task = Lifecycle.task
        task.preferred = [:]
        #expect(task.status(for: .waiting) == .wait)
        task.preferred = [.waiting: .done]
        #expect(task.status(for: .waiting) == .wait, "a preferred status without the role is ignored")
    }

    @Test("declared role by role: a succeeded status is complete and never closed")
    func roleByRoleStaysConsistent() {
        let lifecycle = Lifecycle(statuses: ["a", "b"], initial: ["a"], complete: ["b"], succeeded: ["a", "b"],
                                  closed: ["b"], transitions: [:])
        #expect(lifecycle.succeeded == ["b"], "a succeeded status that is not complete is dropped")
        #expect(lifecycle.roles(of: "b") == [.complete, .succeeded])
        let perStatus = Lifecycle(statuses: ["x"], roles: ["x": [.succeeded, .closed]], transitions: [:])
        #expect(perStatus.roles(of: "x") == [.complete, .succeeded])
    }

    @Test("assigning a role set moves the role and keeps the others")
    func assigningARoleSet() {
        var task = Lifecycle.task
        task.waiting = [.blocked]
        #expect(task.roles(of: .wait) == [.initial])
        #expect(task.roles(of: .blocked) == [.initial, .waiting])
        task.succeeded = [.done, .cancelled]
        #expect(task.hasSucceeded(.cancelled) && task.has(.closed, .cancelled))
    }

    // MARK: .wp.yaml

    /// The renamed lifecycle, read back into default words.
    private func mappedBack(_ lifecycle: Lifecycle, _ renaming: [String: String]) -> Lifecycle {
        let back = Dictionary(uniqueKeysWithValues: renaming.map { (Status($0.value), Status($0.key)) })
        func map(_ status: Status) -> Status { back[status] ?? status }
        return Lifecycle(
            statuses: lifecycle.statuses.map(map),
            roles: Dictionary(uniqueKeysWithValues: lifecycle.roles.map { (map($0.key), $0.value) }),
            preferred: lifecycle.preferred.mapValues(map),
            transitions: Dictionary(uniqueKeysWithValues: lifecycle.transitions.map { (map($0.key), Set($0.value.map(map))) }),
            requiredFields: Dictionary(uniqueKeysWithValues: lifecycle.requiredFields.map { (map($0.key), $0.value) }))
    }

    @Test("a .wp.yaml that renames every status with the same roles reads as the default lifecycles, word for word")
    func renamedConfigMatchesTheDefaults() throws {
        let renamed = try config(RenamedLifecycles.config)
        #expect(renamed.task.statuses.map(\.rawValue) == ["open", "doing", "parked", "stuck", "shipped", "dropped"])
        #expect(mappedBack(renamed.task, RenamedLifecycles.task) == Lifecycle.task)
        #expect(mappedBack(renamed.workplan, RenamedLifecycles.workplan) == Lifecycle.workplan)
        #expect(mappedBack(renamed.decision, RenamedLifecycles.decision) == Lifecycle.decision)
        #expect(renamed.task.status(for: .waiting) == "stuck")
        #expect(renamed.workplan.has(.succeeded, "delivered") && renamed.workplan.has(.closed, "scrapped"))
    }

    @Test("the renamed lifecycles, and a prefer naming an unknown role, against the wp-config JSON Schema")
    func renamedConfigMatchesTheSchema() throws {
        func violations(_ text: String) throws -> [String] {
            guard case .success(let value?) = YAMLLoader(path: ".wp.yaml", firstLine: 1, columnOffset: 0).load("repo: demo\n" + text) else {
                Issue.record("does not parse: \(text)")
                return []
            }
            return BuiltinSchemas.config.validate(value).map(\.message)
        }
        #expect(try violations(RenamedLifecycles.config) == [])
        #expect(try violations("lifecycles:\n  task:\n    prefer: {finished: done}\n").count == 1)
    }

    @Test("terminal colours follow the role: a renamed status is shown as its default twin")
    func coloursFollowTheRole() throws {
        let renamed = try config(RenamedLifecycles.config)
        let style = TerminalStyle(enabled: true)
        for (lifecycle, custom, renaming) in [(Lifecycle.task, renamed.task, RenamedLifecycles.task),
                                              (.workplan, renamed.workplan, RenamedLifecycles.workplan),
                                              (.decision, renamed.decision, RenamedLifecycles.decision)] {
            for (word, newWord) in renaming {
                let expected = style.status(word, in: lifecycle).replacingOccurrences(of: word, with: newWord)
                #expect(style.status(newWord, in: custom) == expected, "\(newWord) is not coloured as \(word)")
            }
        }
        #expect(style.status("done", in: .task) == "\u{1B}[32mdone\u{1B}[0m")
        #expect(style.status("cancelled", in: .task) == "\u{1B}[90mcancelled\u{1B}[0m", "closed wins over complete")
        #expect(style.status("todo", in: .task) == "todo")
        #expect(style.status("done", in: .workplan) == "done", "a word is coloured by its role in its own lifecycle")
        #expect(style.status("\u{1B}[2Jdone", in: .task) == "\\e[2Jdone", "escaped, and unknown")
    }

    @Test("a role left out keeps the default's statuses that are still known; a closed default that succeeded is not closed")
    func omittedRolesKeepTheDefault() throws {
        let added = try config("lifecycles:\n  task:\n    statuses: [todo, in_progress, review, done, cancelled]\n")
        #expect(added.task.statuses(with: .active) == [.inProgress])
        #expect(added.task.roles(of: "review") == [])
        #expect(added.task.statuses(with: .closed) == [.cancelled])
        #expect(added.task.status(for: .waiting) == nil)

        let generous = try config("lifecycles:\n  task:\n    succeeded: [done, cancelled]\n")
        #expect(generous.task.hasSucceeded(.cancelled))
        #expect(generous.task.statuses(with: .closed) == [])
        #expect(generous.task.status(for: .waiting) == .blocked)

        let unchanged = try config("lifecycles:\n  workplan:\n    active: [active, backlog]\n")
        #expect(unchanged.workplan.statuses(with: .active) == [.backlog, .active])
        #expect(unchanged.workplan.status(for: .active) == .backlog)
        #expect(unchanged.task == .task && unchanged.decision == .decision)
    }

    @Test("prefer picks the status a command writes for a role")
    func preferConfigured() throws {
        let lifecycles = try config("lifecycles:\n  task:\n    active: [in_progress, wait]\n    prefer: {active: wait, waiting: wait}\n")
        #expect(lifecycles.task.status(for: .active) == .wait)
        #expect(lifecycles.task.status(for: .waiting) == .wait)
    }

    @Test("configuration errors name the key, the status and the position", arguments: [
        ("lifecycles:\n  task:\n    closed: [done]\n", "`closed` names `done`, which is also in `succeeded`", 4),
        ("lifecycles:\n  task:\n    planned: [later]\n", "`planned` names `later`, which is not in `statuses`", 4),
        ("lifecycles:\n  task:\n    prefer: {finished: done}\n", "`prefer` names `finished`, which is not a role", 4),
        ("lifecycles:\n  task:\n    prefer: {active: todo}\n", "`prefer.active` names `todo`, which is not in `active`", 4),
        ("lifecycles:\n  task:\n    prefer: [active]\n", "`prefer` must map a role", 4),
        ("lifecycles:\n  task:\n    statuses: [todo, done, todo]\n", "`statuses` lists `todo` more than once", 4),
        ("lifecycles:\n  task:\n    statuses: []\n", "`statuses` must name at least one status", 4),
        ("lifecycles:\n  task: [todo]\n", "a lifecycle must be a mapping (`statuses`, `initial`, `planned`, `active`, `waiting`, `complete`, `succeeded`, `closed`, `prefer`", 3),
    ])
    func configurationErrors(yaml: String, message: String, line: Int) throws {
        let error = try #require(refusal(yaml), "accepted: \(yaml)")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location?.line == line, "\(error)")
    }
}
