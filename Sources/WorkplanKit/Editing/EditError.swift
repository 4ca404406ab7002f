/// Why an edit was not made. Nothing was written when one is thrown.
///
/// It holds what was found, typed and with positions (``EditProblem``), not
/// text: the CLI prints each problem's ``EditProblem/description`` and then
/// the ``advice`` line.
public struct EditError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A check said no: the lifecycle, a missing field, an open dependency, the
        /// schema, new lint errors, or the file changed on disk. Exit code 1.
        case refused
        /// No element has the id (or several do). Exit code 2.
        case unknownID
        /// wp could not do the job: unreadable or unwritable file, missing input. Exit code 2.
        case failed
    }

    /// What to do about all the problems at once, said after them.
    public enum Advice: String, Sendable, Hashable {
        /// Every problem is one `--force` overrides.
        case useForce

        public var text: String {
            switch self {
            case .useForce: "nothing was written; use --force to make the edit anyway"
            }
        }
    }

    public var kind: Kind
    /// What was wrong, in the order the checks found it.
    public var problems: [EditProblem]
    public var advice: Advice?

    public init(_ kind: Kind, _ problems: [EditProblem], advice: Advice? = nil) {
        self.kind = kind
        self.problems = problems
        self.advice = advice
    }

    public init(_ kind: Kind, _ reason: EditProblem.Reason, at location: SourceLocation? = nil) {
        self.init(kind, [EditProblem(reason, at: location)])
    }

    static func refused(_ reason: EditProblem.Reason, at location: SourceLocation? = nil) -> EditError {
        EditError(.refused, reason, at: location)
    }

    static func failed(_ reason: EditProblem.Reason, at location: SourceLocation? = nil) -> EditError {
        EditError(.failed, reason, at: location)
    }

    /// The lines wp prints for it: one per problem, then the advice.
    public var lines: [String] {
        problems.map(\.description) + (advice.map { [$0.text] } ?? [])
    }

    /// ``lines``, joined.
    public var message: String { lines.joined(separator: "\n") }

    /// 1 for a refused edit, 2 when wp could not do the job.
    public var exitCode: Int32 { kind == .refused ? 1 : 2 }

    public var description: String { message }
}

/// One thing an edit found wrong: a typed ``Reason``, where it is, and how serious.
///
/// Its ``description`` is the line wp prints, `path:line:col: error: message`
/// (without a position: `error: message`), every value quoted from a file
/// ``Swift/String/terminalSafe``.
public struct EditProblem: Sendable, Hashable, CustomStringConvertible {
    public var reason: Reason
    /// Where in which file, when the problem has a place.
    public var location: SourceLocation?
    /// `.error`; `.warning` once `--force` has overridden it.
    public var severity: Severity
    /// True when `--force` may override it (the lifecycle, an open dependency, a new lint error).
    public var isForceable: Bool
    /// True when `--force` did override it: the edit goes ahead.
    public var isOverridden: Bool

    public init(_ reason: Reason, at location: SourceLocation? = nil, isForceable: Bool = false) {
        self.reason = reason
        self.location = location ?? reason.diagnostic?.location
        self.severity = .error
        self.isForceable = isForceable
        self.isOverridden = false
    }

    /// The problem as `--force` leaves it: a warning, said to be overridden.
    func overridden() -> EditProblem {
        var copy = self
        copy.severity = .warning
        copy.isOverridden = true
        return copy
    }

    public var description: String {
        let line: String
        switch reason {
        case .unreadable(var diagnostic):
            diagnostic.severity = severity
            line = diagnostic.description
        case .newLintError(var diagnostic):
            diagnostic.severity = severity
            line = "\(diagnostic) (new lint error)"
        case .notAWorkplan(let path) where location == nil:
            line = "\(path.terminalSafePath): \(severity.rawValue): \(reason.message.terminalSafe)"
        default:
            let place = location.map { "\($0): " } ?? ""
            let rule = reason.rule.map { " [\($0)]" } ?? ""
            line = "\(place)\(severity.rawValue): \(reason.message.terminalSafe)\(rule)"
        }
        return isOverridden ? line + " (overridden by --force)" : line
    }
}

extension EditProblem {
    /// What went wrong, with the values the message names.
    public enum Reason: Sendable, Hashable {
        // MARK: Finding the element

        /// No workplan, task or decision has the id; `suggestion` is a near miss.
        case unknownID(id: String, suggestion: String?)
        /// The id names elements in several repos.
        case ambiguousID(id: String, repos: [String])
        /// `repo:ID` names a repo the workspace does not have.
        case unknownRepo(repo: String)
        /// The id names a gate in a runbook.
        case gateInRunbook(id: String)
        /// The element belongs to a peer repo.
        case elementInPeer(id: String, repo: String)
        /// `wp set` on a gate.
        case gateNotSettable(id: String)
        /// `wp resolve` on something that is not a decision.
        case notADecision(id: String, kind: String)
        /// `wp start` or `wp done` on something that is neither a task nor a workplan.
        case notTaskOrWorkplan(command: String, id: String, kind: String)
        /// `wp block` on something that is not a task.
        case notATask(id: String)
        /// `wp new task` with an id that is not a workplan's.
        case notAWorkplanForNewTask(id: String, kind: String)
        /// `wp set` on a decision written in prose.
        case proseDecision(id: String)

        // MARK: The file

        /// A problem reading the file, as the reader or the parser reported it.
        case unreadable(Diagnostic)
        /// The file has no front matter, so it holds no workplan.
        case notAWorkplan(path: String)
        /// The workplan's front matter could not be read.
        case noFrontMatter(path: String)
        /// The file is not what the workspace was read from.
        case changedWhileReading(path: String)
        /// The element is not in the file as it was read.
        case vanished(id: String, path: String)
        /// Two edits of one plan overlap: a bug in wp.
        case overlappingEdits(path: String)
        /// The workspace was loaded without keeping the file (``WorkspaceLoader/SourceRetention/none``).
        case sourceNotKept(path: String)

        // MARK: Fields and values

        case invalidFieldName(field: String)
        case idNotChangeable(id: String)
        case taskTitleIsHeading
        /// A near miss of a field the schema knows.
        case unknownField(kind: String, field: String, suggestion: String, known: [String])
        /// A list item that is not one reference.
        case notAReference(item: String, field: String)

        // MARK: Changing the bytes in place

        case mappingNotList(key: String)
        case notListed(key: String, item: String, listed: [String])
        case cannotRemoveInPlace(item: String, key: String)
        case cannotReorder(key: String)
        case cannotAddToFlowMapping(key: String)
        case cannotAddField
        case colonNotFound(key: String)
        case cannotEditListItem
        /// The new bytes would not parse to exactly the intended change.
        case notInPlace(path: String, Mismatch)

        // MARK: The lifecycle

        case unknownStatus(status: String, what: String, suggestion: String?, known: [String])
        /// The lifecycle does not allow the move; `allowed` lists the moves it allows from `from`, when said.
        case moveNotAllowed(what: String, from: Status, to: Status, allowed: [Status]?)
        /// The new status needs a field; `suggestsDone` says to give it with `wp done --evidence`.
        case requiredField(what: String, status: Status, field: String, id: String, suggestsDone: Bool)
        /// `id` cannot take a complete `status` while a dependency is open.
        case openDependency(id: String, status: Status, blocker: OpenDependency)

        // MARK: Resolve and block

        case missingResolution
        case missingDecider
        /// Neither `--by` nor `git config user.name` names who decided.
        case noDeciderConfigured
        case alreadyResolved(id: String, on: String?, by: String?, resolution: String?)
        case deciderNotWritable
        case resolutionInContainer(id: String)
        case blockNeedsWhat(id: String)
        /// `wp start`/`done`/`block`/`resolve` write the lifecycle's status for a role, and it has none.
        case noStatusForRole(command: String, kind: String, role: String)

        // MARK: The result

        /// The parser's problems with the new bytes come before this one.
        case resultUnreadable(path: String)
        /// A field the JSON Schema rejects; `what` is `front matter`, `task ID` or `decision ID`.
        case schema(what: String, message: String)
        /// The ``schema(what:message:)`` problems come before this one.
        case resultBreaksSchema
        /// A `wp lint` error the workspace did not have before the edit.
        case newLintError(Diagnostic)

        // MARK: New workplans and tasks

        case invalidTitle
        case unknownRepoForNew(repo: String, suggestion: String?, known: [String])
        case repoUnavailable(repo: String)
        case gitPeerNotWritable(repo: String)
        case notAWorkplanID(id: String)
        case idTaken(id: String, kind: String, path: String)
        case notIncluded(path: String)
        case noIDPrefix(repo: String)
        case templateUnreadable(template: String)
        case templateLacksID(template: String)
        case templateBreaksSchema(template: String)
        case templateLacksTaskBlock(template: String)
        case templateNotUTF8
        case unknownPlaceholder(name: String, kind: String, known: [String])

        // MARK: Writing

        case fileExists(path: String)
        /// A template or the directory a new workplan goes to is a link out of the repo.
        case templateOutsideRepo(kind: String, path: String, target: String)
        case directoryOutsideRepo(path: String, target: String)
        case aborted(path: String, reason: String)
        /// Someone else wrote the file after wp read it.
        case changedBeforeWrite(path: String)
        case readOnly(path: String, mode: String)
        /// A system call failed; `reason` is the system's word for it.
        case fileSystem(FileOperation, path: String, reason: String)

        /// The finding's rule, for problems that are findings of one (`[schema]`).
        var rule: String? {
            if case .schema = self { return "schema" }
            return nil
        }

        /// The reader's, parser's or linter's own finding this problem is.
        var diagnostic: Diagnostic? {
            switch self {
            case .unreadable(let diagnostic), .newLintError(let diagnostic): diagnostic
            default: nil
            }
        }

        /// What happened and what to do, values as they are (``EditProblem/description`` makes them safe).
        public var message: String {
            switch self {
            case .unknownID(let id, let suggestion):
                "no workplan, task or decision has id '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            case .ambiguousID(let id, let repos):
                "'\(id)' names elements in several repos (\(repos.joined(separator: ", "))); qualify it as repo:ID"
            case .unknownRepo(let repo):
                "no repo named `\(repo)` in .wp.yaml (`repo:` or `peers:`)"
            case .gateInRunbook(let id):
                "\(id) is a gate in a runbook; wp edits workplans, tasks and decisions"
            case .elementInPeer(let id, let repo):
                "\(id) belongs to peer repo `\(repo)`; edit it in that repo (run wp there)"
            case .gateNotSettable(let id):
                "\(id) is a gate; gates are not edited with wp set"
            case .notADecision(let id, let kind):
                "\(id) is a \(kind), not a decision; `wp resolve` resolves decisions"
            case .notTaskOrWorkplan(let command, let id, let kind):
                "`wp \(command)` works on tasks and workplans; \(id) is a \(kind)" + (kind == "decision" ? " (use `wp resolve`)" : "")
            case .notATask(let id):
                "`wp block` works on tasks; \(id) is not one"
            case .notAWorkplanForNewTask(let id, let kind):
                "\(id) is a \(kind); `wp new task` needs a workplan id"
            case .proseDecision(let id):
                "decision \(id) is written in prose (**Decision …**); `wp set` edits ```decision blocks only. "
                    + "Resolve it with `wp resolve \(id) --option TEXT`, or rewrite it as a ```decision block"

            case .unreadable(let diagnostic):
                diagnostic.message
            case .notAWorkplan:
                "not a workplan (no front matter)"
            case .noFrontMatter(let path):
                "\(path) has no readable front matter"
            case .changedWhileReading(let path):
                "\(path) changed on disk while wp was reading it; nothing was written — run the command again"
            case .vanished(let id, let path):
                "\(id) is no longer in \(path) as wp read it; run the command again"
            case .overlappingEdits(let path):
                "internal: overlapping edits in \(path); please report this bug"
            case .sourceNotKept(let path):
                "internal: the workspace was loaded without keeping \(path) as read (WorkspaceLoader keepingSources: .none); "
                    + "load it with .localRepo to edit it"

            case .invalidFieldName(let field):
                "'\(field)' is not a field name wp can write; use letters, digits, `_` and `-`"
            case .idNotChangeable(let id):
                "an id is not changed with wp set: every reference to \(id) would break; rename it by hand and update its references"
            case .taskTitleIsHeading:
                "a task's title is the heading above its block; edit the heading"
            case .unknownField(let kind, let field, let suggestion, let known):
                "unknown \(kind) field '\(field)'; did you mean '\(suggestion)'? (known: \(known.joined(separator: ", ")))"
            case .notAReference(let item, let field):
                "'\(item)' is not a reference for `\(field)`; write one id, e.g. `+RAILIANCE-WP-0003-T05` or `-T04`"

            case .mappingNotList(let key):
                "`\(key)` is a mapping, not a list; edit it by hand"
            case .notListed(let key, let item, let listed):
                "`\(key)` does not list '\(item)' (\(listed.isEmpty ? "it lists nothing" : "it lists \(listed.joined(separator: ", "))"))"
            case .cannotRemoveInPlace(let item, let key):
                "cannot remove '\(item)' from `\(key)` in place; edit it by hand"
            case .cannotReorder(let key):
                "cannot reorder `\(key)` in place; remove and add items one by one (`-X`, `+X`)"
            case .cannotAddToFlowMapping(let key):
                "cannot add `\(key)` to a mapping written in flow style ({…}); add it by hand"
            case .cannotAddField:
                "cannot add a field to this mapping in place; add it by hand"
            case .colonNotFound(let key):
                "cannot find the `:` after `\(key)`; edit it by hand"
            case .cannotEditListItem:
                "cannot edit this list item in place; edit it by hand"
            case .notInPlace(let path, let mismatch):
                "cannot make this edit in \(path) by changing only the value's bytes (\(mismatch.text)); nothing was written — edit the file by hand"

            case .unknownStatus(let status, let what, let suggestion, let known):
                "'\(status)' is not a \(what) status; \(suggestion.map { "did you mean '\($0)'? " } ?? "")(known: \(known.joined(separator: ", ")))"
            case .moveNotAllowed(let what, let from, let to, let allowed):
                "the \(what) lifecycle does not allow \(from.rawValue.isEmpty ? "(none)" : from.rawValue) → \(to)"
                    + (allowed.map { " (from \(from) it allows \($0.isEmpty ? "nothing (it is final)" : $0.map(\.rawValue).joined(separator: ", ")))" } ?? "")
            case .requiredField(let what, let status, let field, let id, let suggestsDone):
                "a \(what) in status \(status) needs `\(field)` (.wp.yaml lifecycles.\(what).require); give it with "
                    + (suggestsDone ? "`wp done \(id) --evidence TEXT`" : "`wp set \(id) \(field) VALUE` first")
            case .openDependency(let id, let status, let blocker):
                "\(id) cannot be \(status) yet: \(blocker.text)"

            case .missingResolution:
                "say what was decided: --option TEXT"
            case .missingDecider:
                "say who decided: --by NAME (or set git config user.name)"
            case .noDeciderConfigured:
                "say who decided with --by NAME (git config user.name is not set)"
            case .alreadyResolved(let id, let on, let by, let resolution):
                "decision \(id) already has a resolution (\(on ?? "?"), \(by ?? "?")): \(resolution ?? ""); edit that paragraph by hand"
            case .deciderNotWritable:
                "a prose resolution names who decided inside `(date, who)`: the name cannot hold `,` or `)`"
            case .resolutionInContainer(let id):
                "decision \(id) sits inside a list or quote; add its **Resolution** paragraph by hand"
            case .templateOutsideRepo(let kind, let path, let target):
                "the \(kind) template \(path) is a link to \(target), outside the repo; nothing was written — "
                    + "make it a file of the repo, or add `allow_outside_paths: true` to .wp.yaml"
            case .directoryOutsideRepo(let path, let target):
                "\(path) leads outside the repo (to \(target)); nothing was written — "
                    + "make it a directory of the repo, or add `allow_outside_paths: true` to .wp.yaml"
            case .blockNeedsWhat(let id):
                "say what \(id) waits for: --on REF and/or --reason TEXT"
            case .noStatusForRole(let command, let kind, let role):
                "`wp \(command)` writes the \(kind) lifecycle's first \(role) status, and it has none; "
                    + "give one in .wp.yaml (lifecycles.\(kind).\(role)) or use `wp set`"

            case .resultUnreadable(let path):
                "the edit would leave \(path) unreadable as above; nothing was written"
            case .schema(let what, let message):
                "\(what): \(message)"
            case .resultBreaksSchema:
                "the edited file would not match the schema (as above); nothing was written"
            case .newLintError(let diagnostic):
                diagnostic.message

            case .invalidTitle:
                "a title is one non-empty line of text"
            case .unknownRepoForNew(let repo, let suggestion, let known):
                "no repo named `\(repo)` in this workspace\(suggestion.map { "; did you mean '\($0)'?" } ?? "") (known: \(known.joined(separator: ", ")))"
            case .repoUnavailable(let repo):
                "repo `\(repo)` could not be read; nothing to write into"
            case .gitPeerNotWritable(let repo):
                "repo `\(repo)` is a git peer (a read-only cache); create the workplan in a clone of it"
            case .notAWorkplanID(let id):
                "'\(id)' is not a workplan id; write PREFIX-WP-DIGITS, e.g. RAILIANCE-WP-0005"
            case .idTaken(let id, let kind, let path):
                "\(id) is taken (\(kind) in \(path)); choose another id or leave --id out"
            case .notIncluded(let path):
                "\(path) would not be read: .wp.yaml `include:`/`exclude:` do not cover it; add `workplans/**/*.md` to `include:`"
            case .noIDPrefix(let repo):
                "repo `\(repo)` has no workplans to take an id prefix from; give the id with --id PREFIX-WP-0001"
            case .templateUnreadable(let template):
                "the workplan template (\(template)) gives a file wp cannot read; fix the template"
            case .templateLacksID(let template):
                "the workplan template (\(template)) does not write `id: {{id}}` in its front matter; fix the template"
            case .templateBreaksSchema(let template):
                "the workplan template (\(template)) gives front matter that does not match the schema"
            case .templateLacksTaskBlock(let template):
                "the task template (\(template)) does not give a ```task block with `id: {{id}}`; fix the template"
            case .templateNotUTF8:
                "template is not valid UTF-8; re-save it as UTF-8"
            case .unknownPlaceholder(let name, let kind, let known):
                "unknown placeholder {{\(name)}} in the \(kind) template; known: \(known.map { "{{\($0)}}" }.joined(separator: ", "))"

            case .fileExists(let path):
                "\(path.terminalSafePath) already exists; nothing was written"
            case .aborted(let path, let reason):
                "edit aborted before writing \(path.terminalSafePath): \(reason)"
            case .changedBeforeWrite(let path):
                "\(path.terminalSafePath) changed on disk after wp read it (another edit or an editor saved it); nothing was written — run the command again"
            case .readOnly(let path, let mode):
                "\(path.terminalSafePath) is read-only (mode \(mode)); nothing was written — "
                    + "run the command again with --force to replace it anyway (it stays read-only)"
            case .fileSystem(let operation, let path, let reason):
                "cannot \(operation.rawValue) \(path.terminalSafePath): \(reason)" + (operation == .read ? "; it was there a moment ago" : "")
            }
        }
    }

    /// How the parse of the new bytes differs from what the edit meant to write.
    public enum Mismatch: Sendable, Hashable {
        case workplanID
        case frontMatter(reads: String, wanted: String)
        case tasks(ids: [String])
        case newTaskStatus(id: String, reads: Status, wanted: Status)
        case task(id: String, reads: String, wanted: String)
        case decisions(ids: [String])
        case decisionFields(id: String, reads: String)
        case proseResolution(id: String, status: Status, resolution: String)
        case decision(id: String)
        case gate

        public var text: String {
            switch self {
            case .workplanID: "the workplan's id would change"
            case .frontMatter(let reads, let wanted): "front matter would read \(reads), not \(wanted)"
            case .tasks(let ids): "the tasks would read \(ids.joined(separator: ", "))"
            case .newTaskStatus(let id, let reads, let wanted): "new task \(id) would be \(reads), not \(wanted)"
            case .task(let id, let reads, let wanted): "task \(id) would read \(reads), not \(wanted)"
            case .decisions(let ids): "the decisions would read \(ids.joined(separator: ", "))"
            case .decisionFields(let id, let reads): "decision \(id) would read \(reads)"
            case .proseResolution(let id, let status, let resolution): "decision \(id) would read as \(status) '\(resolution)'"
            case .decision(let id): "decision \(id) would change"
            case .gate: "a gate block would change"
            }
        }
    }

    /// What a task is still waiting for, as an edit that would complete it explains it.
    public enum OpenDependency: Sendable, Hashable {
        /// A reference that does not resolve; `explanation` says why.
        case unresolved(reference: String, explanation: String)
        /// A decision that blocks the task is not made.
        case decision(id: String, status: String)
        /// The task's workplan depends on an open element.
        case workplan(id: String, status: String)
        /// The task depends on an open element.
        case dependency(id: String, status: String)

        public var text: String {
            switch self {
            case .unresolved(let reference, let explanation): "it depends on '\(reference)', which \(explanation)"
            case .decision(let id, let status): "decision \(id) that blocks it is \(status)"
            case .workplan(let id, let status): "its workplan depends on \(id), which is \(status)"
            case .dependency(let id, let status): "it depends on \(id), which is \(status)"
            }
        }
    }

    /// A file operation that can fail, named as a message says it (`cannot replace …`).
    public enum FileOperation: String, Sendable, Hashable {
        case openDirectory = "open directory of"
        case replace
        case read
        case createDirectory = "create directory for"
        case create
        case writeBeside = "write next to"
    }
}
