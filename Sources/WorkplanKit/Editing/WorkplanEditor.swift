/// Plans checked, byte-preserving edits of workplan files: `wp set`, `start`,
/// `done`, `block`, `resolve` and `new`.
///
/// Planning reads the file, changes only the bytes of the values it changes
/// (plus the front matter's `updated:`), and checks the result before
/// anything is written:
///
/// - the status move is one the workspace's lifecycle allows;
/// - the fields the lifecycle requires for the new status are there;
/// - `done` waits until every dependency is complete;
/// - the new bytes parse to exactly the intended fields, everything else unchanged;
/// - the edited front matter and block still match their JSON Schemas;
/// - the edit adds no `wp lint` error to the workspace.
///
/// `force` overrides the lifecycle move, open dependencies and new lint errors
/// (and says so); never the schema or required fields. ``EditPlan/commit(beforeCommit:)``
/// writes the result atomically.
public struct WorkplanEditor: Sendable {
    public let workspace: Workspace
    /// `YYYY-MM-DD` written into `updated:` and `decided_on:`.
    public let today: String
    let graph: WorkspaceGraph
    let analysis: BlockingAnalysis

    /// An editor over the run's analysis (``WorkspaceSession/editor``); `today` is the local day edits write.
    public init(analysis: BlockingAnalysis, today: CalendarDate) {
        workspace = analysis.graph.workspace
        self.today = today.description
        graph = analysis.graph
        self.analysis = analysis
    }

    /// Fields whose value is a list of references.
    static let listFields: Set<String> = ["depends_on", "blocks"]
    /// Fields whose value is a whole number.
    static let integerFields: Set<String> = ["planning_order"]

    // MARK: Field edits

    /// Checks `request` and computes the new bytes; throws when a check refuses.
    public func plan(_ request: EditRequest) throws(EditError) -> EditPlan {
        let target = try locate(request.id)
        let file = try read(target)
        var checks = Checks(force: request.force)
        let kind = graph.nodes[target.node].kind
        let lifecycle: Lifecycle
        let what: String
        var editor: MappingEditor
        var frontMatter: MappingEditor?
        var expectations = Expectations()
        switch kind {
        case .workplan:
            editor = try file.frontMatterEditor()
            lifecycle = workspace.lifecycles.workplan
            what = "workplan"
        case .task:
            guard let task = file.workplan.tasks.first(where: { $0.id == target.id }) else { throw vanished(target, file) }
            editor = file.blockEditor(fields: task.fields, fenceLine: task.location.line)
            frontMatter = try file.frontMatterEditor()
            lifecycle = workspace.lifecycles.task
            what = "task"
        case .decision:
            guard let decision = file.workplan.decisions.first(where: { $0.id == target.id }) else { throw vanished(target, file) }
            guard decision.form == .block, let fields = decision.fields else {
                throw EditError.refused(
                    "decision \(decision.id) is written in prose (**Decision …**); `wp set` edits ```decision blocks only. "
                        + "Resolve it with `wp resolve \(decision.id) --option TEXT`, or rewrite it as a ```decision block",
                    at: decision.location)
            }
            editor = file.blockEditor(fields: fields, fenceLine: decision.location.line)
            frontMatter = try file.frontMatterEditor()
            lifecycle = workspace.lifecycles.decision
            what = "decision"
        case .gate:
            throw EditError(.failed, EditError.format("\(target.id) is a gate; gates are not edited with wp set", at: graph.nodes[target.node].location))
        }

        let oldStatus = Status(editor.entry("status")?.value.string ?? "")
        var summary: [String] = []
        for change in request.changes {
            try validateField(change.field, of: kind, id: target.id, at: editor.location)
            if let line = try apply(change, to: &editor, id: target.id) { summary.append(line) }
        }
        guard editor.hasChanges else {
            return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: file.raw.bytes, updated: file.raw.bytes,
                            changes: [], overridden: [], notes: ["\(target.id) already says that; nothing to change"], id: target.id)
        }

        // The status move.
        if case .scalar(let text, _)? = editor.expectedValue("status"), Status(text) != oldStatus {
            let newStatus = Status(text)
            try checkMove(from: oldStatus, to: newStatus, lifecycle: lifecycle, what: what, target: target, editor: editor, checks: &checks)
        }

        // The front matter's `updated:` follows every change to the file.
        let setsUpdated = kind == .workplan && request.changes.contains { $0.field == "updated" }
        if kind == .workplan {
            if !setsUpdated, let line = try bumpUpdated(&editor) { summary.append(line) }
            expectations.frontMatter = editor.expected
        } else if var front = frontMatter {
            if let line = try bumpUpdated(&front) { summary.append(line) }
            expectations.frontMatter = front.expected
            frontMatter = front
        }
        switch kind {
        case .task: expectations.tasks[target.id] = editor.expected
        case .decision: expectations.decisions[target.id] = editor.expected
        default: break
        }
        let edits = try editor.allEdits() + (frontMatter?.allEdits() ?? [])
        guard let updated = ByteEdit.apply(edits, to: file.raw.bytes) else {
            throw EditError.failed("internal: overlapping edits in \(file.displayPath); please report this bug")
        }
        let result = try verify(file, updated, expectations, checks: &checks)
        try checkLint(file, result, checks: &checks)
        try checks.finish()
        return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: file.raw.bytes, updated: updated,
                        changes: summary, overridden: checks.overridden, notes: checks.notes, id: target.id)
    }

    /// Applies one change to the editor; returns the summary line, nil when nothing changes.
    private func apply(_ change: FieldChange, to editor: inout MappingEditor, id: String) throws(EditError) -> String? {
        let field = change.field
        let before = editor.expectedValue(field)
        let isList = Self.listFields.contains(field) || { if case .list? = before { return true } else { return false } }()
        switch change {
        case .set(_, let value) where isList:
            let trimmed = value.trimmingWhitespace()
            if trimmed.hasPrefix("+") {
                let item = String(trimmed.dropFirst()).trimmingWhitespace()
                try requireItem(item, field)
                return try editor.addItem(field, item) ? "\(id) \(field): + \(item)" : nil
            } else if trimmed.hasPrefix("-") {
                let item = String(trimmed.dropFirst()).trimmingWhitespace()
                try requireItem(item, field)
                try editor.removeItem(field, item)
                return "\(id) \(field): - \(item)"
            }
            var inner = Substring(trimmed)
            if inner.hasPrefix("["), inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
            let items = inner.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            let old = editor.currentItems(field)
            try editor.setList(field, items)
            return old == items && before != nil ? nil : "\(id) \(field): [\(old.joined(separator: ", "))] → [\(items.joined(separator: ", "))]"
        case .set(_, let value):
            let kind: ValueKind = Self.integerFields.contains(field) ? .integer : .string
            guard try editor.setScalar(field, value, kind: kind) else { return nil }
            return "\(id) \(field): \(Self.describe(before)) → \(value)"
        case .add(_, let item):
            try requireItem(item, field)
            return try editor.addItem(field, item) ? "\(id) \(field): + \(item)" : nil
        case .remove(_, let item):
            try requireItem(item, field)
            try editor.removeItem(field, item)
            return "\(id) \(field): - \(item)"
        case .replaceList(_, let items):
            let old = editor.currentItems(field)
            try editor.setList(field, items)
            return old == items && before != nil ? nil : "\(id) \(field): [\(old.joined(separator: ", "))] → [\(items.joined(separator: ", "))]"
        }
    }

    private func requireItem(_ item: String, _ field: String) throws(EditError) {
        guard !item.isEmpty, !item.contains(where: { $0.isWhitespace || $0 == "," }) else {
            throw EditError.refused("'\(item)' is not a reference for `\(field)`; write one id, e.g. `+RAILIANCE-WP-0003-T05` or `-T04`")
        }
    }

    static func describe(_ shape: YAMLShape?) -> String {
        switch shape {
        case nil: "(none)"
        case .scalar(_, .null)?: "(empty)"
        case .scalar(let text, _)?: text
        case let other?: other.description
        }
    }

    /// Known fields per kind (from the schemas); a near miss of one is a typo, not a new field.
    static let knownFields: [WorkspaceGraph.Kind: [String]] = [
        .task: ["id", "status", "priority", "repo", "owner", "depends_on", "reason", "evidence", "state_hub_task_id"],
        .decision: ["id", "title", "status", "resolution", "decided_by", "decided_on", "blocks"],
        .workplan: ["id", "type", "title", "status", "repo", "owner", "domain", "topic_slug", "created", "updated",
                    "planning_priority", "planning_order", "depends_on", "state_hub_workstream_id"],
    ]

    private func validateField(_ field: String, of kind: WorkspaceGraph.Kind, id: String, at location: SourceLocation) throws(EditError) {
        let bytes = Array(field.utf8)
        guard let first = bytes.first, first.isUppercaseASCII || first.isLowercaseASCII || first == UInt8(ascii: "_"),
              bytes.allSatisfy({ $0.isWordASCII || $0 == UInt8(ascii: "-") }) else {
            throw EditError.refused("'\(field)' is not a field name wp can write; use letters, digits, `_` and `-`")
        }
        if field == "id" {
            throw EditError.refused("an id is not changed with wp set: every reference to \(id) would break; rename it by hand and update its references")
        }
        if kind == .task, field == "title" {
            throw EditError.refused("a task's title is the heading above its block; edit the heading")
        }
        let known = Self.knownFields[kind] ?? []
        if !known.contains(field), let near = suggestion(for: field, among: known) {
            throw EditError.refused("unknown \(kind.rawValue) field '\(field)'; did you mean '\(near)'? (known: \(known.joined(separator: ", ")))")
        }
    }

    /// Lifecycle, required fields and (for done) open dependencies.
    private func checkMove(
        from oldStatus: Status, to newStatus: Status, lifecycle: Lifecycle, what: String, target: Target,
        editor: MappingEditor, checks: inout Checks
    ) throws(EditError) {
        let location = editor.entry("status")?.value.location ?? editor.location
        guard lifecycle.isKnown(newStatus) else {
            let known = lifecycle.statuses.map(\.rawValue)
            let hint = suggestion(for: newStatus.rawValue, among: known).map { "did you mean '\($0)'? " } ?? ""
            throw EditError.refused("'\(newStatus)' is not a \(what) status; \(hint)(known: \(known.joined(separator: ", ")))", at: location)
        }
        if !lifecycle.allows(from: oldStatus, to: newStatus) {
            let reachable = lifecycle.transitions[oldStatus, default: []]
            let choices = lifecycle.statuses.filter { reachable.contains($0) }.map(\.rawValue)
            let allowed = choices.isEmpty ? "nothing (it is final)" : choices.joined(separator: ", ")
            checks.forceable(
                "the \(what) lifecycle does not allow \(oldStatus.rawValue.isEmpty ? "(none)" : oldStatus.rawValue) → \(newStatus) (from \(oldStatus) it allows \(allowed))",
                at: location)
        }
        for field in lifecycle.requiredFields[newStatus] ?? [] {
            let value = editor.expectedValue(field)
            if value == nil || value == .scalar("", .null) {
                let hint = what == "task" && newStatus == lifecycle.status(for: .succeeded) && field == "evidence"
                    ? "`wp done \(target.id) --evidence TEXT`" : "`wp set \(target.id) \(field) VALUE` first"
                throw EditError.refused(
                    "a \(what) in status \(newStatus) needs `\(field)` (.wp.yaml lifecycles.\(what).require); give it with \(hint)", at: location)
            }
        }
        if what == "task", let state = analysis.states[target.node] {
            if lifecycle.hasSucceeded(newStatus) {
                for blocker in state.blockers {
                    checks.forceable("\(target.id) cannot be \(newStatus) yet: \(describe(blocker))", at: location, rules: ["done-with-open-dependency"])
                }
            } else if !lifecycle.isComplete(newStatus), !lifecycle.isWaiting(newStatus) {
                // Allowed, but worth saying: work starts on something that still waits.
                checks.notes += state.blockers.map { "\(target.id) is still blocked: \(describe($0))" }
            }
        }
    }

    /// A blocker in words: what is open and how the task depends on it.
    func describe(_ blocker: BlockingAnalysis.Blocker) -> String {
        let dependency = blocker.dependency
        guard let node = dependency.resolution.node else {
            return "it depends on '\(dependency.reference.text)', which \(dependency.resolution.explanation)"
        }
        let value = graph.nodes[node]
        let status = value.status?.rawValue ?? "open"
        switch dependency.via {
        case .decision: return "decision \(value.id) that blocks it is \(status)"
        case .workplan: return "its workplan depends on \(value.id), which is \(status)"
        case .dependsOn, .requires: return "it depends on \(value.id), which is \(status)"
        }
    }

    /// Sets the front matter's `updated:` to today; returns the summary line.
    func bumpUpdated(_ editor: inout MappingEditor) throws(EditError) -> String? {
        let old = editor.expectedValue("updated")
        var style = YAMLValue.Scalar.Style.doubleQuoted
        if case .scalar(let created)? = editor.entry("created")?.value { style = created.style }
        guard try editor.setScalar("updated", today, kind: .string, newStyle: style) else { return nil }
        return "updated: \(Self.describe(old)) → \(today)"
    }

    // MARK: Resolve

    /// `wp resolve`: a block decision gets `status: resolved`, `resolution`, `decided_on`
    /// (today) and `decided_by`; a prose decision gets a `**Resolution (date, who):** text`
    /// paragraph after its `**Decision …**` paragraph.
    public func planResolve(_ id: String, option: String, by person: String, force: Bool = false) throws(EditError) -> EditPlan {
        let resolution = option.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !resolution.isEmpty else { throw EditError.refused("say what was decided: --option TEXT") }
        let who = person.trimmingWhitespace()
        guard !who.isEmpty else { throw EditError.refused("say who decided: --by NAME (or set git config user.name)") }
        let target = try locate(id)
        guard graph.nodes[target.node].kind == .decision else {
            throw EditError.refused("\(target.id) is a \(graph.nodes[target.node].kind.rawValue), not a decision; `wp resolve` resolves decisions")
        }
        let file = try read(target)
        guard let decision = file.workplan.decisions.first(where: { $0.id == target.id }) else { throw vanished(target, file) }
        if decision.form == .block {
            return try plan(EditRequest(id: id, changes: [
                .set(field: "status", value: try status(for: .succeeded, of: .decision, command: "resolve").rawValue),
                .set(field: "resolution", value: resolution),
                .set(field: "decided_on", value: today),
                .set(field: "decided_by", value: who),
            ], force: force))
        }
        return try planProseResolution(file, decision, target: target, resolution: resolution, by: who, force: force)
    }

    private func planProseResolution(
        _ file: EditableFile, _ decision: Decision, target: Target, resolution: String, by who: String, force: Bool
    ) throws(EditError) -> EditPlan {
        var checks = Checks(force: force)
        let lifecycle = workspace.lifecycles.decision
        if decision.resolutionLocation != nil {
            throw EditError.refused(
                "decision \(decision.id) already has a resolution (\(decision.decidedOn ?? "?"), \(decision.decidedBy ?? "?")): \(decision.resolution ?? ""); edit that paragraph by hand",
                at: decision.resolutionLocation)
        }
        // The status the parser gives a decision with a **Resolution** paragraph.
        let resolved = try status(for: .succeeded, of: .decision, command: "resolve")
        if !lifecycle.allows(from: decision.status, to: resolved) {
            checks.forceable("the decision lifecycle does not allow \(decision.status) → \(resolved)", at: decision.location)
        }
        guard !who.contains(","), !who.contains(")") else {
            throw EditError.refused("a prose resolution names who decided inside `(date, who)`: the name cannot hold `,` or `)`")
        }
        guard let paragraph = file.paragraphs.first(where: { $0.line == decision.location.line }) else { throw vanished(target, file) }
        guard paragraph.column == 1 else {
            throw EditError.refused("decision \(decision.id) sits inside a list or quote; add its **Resolution** paragraph by hand", at: decision.location)
        }
        // `**Resolution (date, who):** text` as its own paragraph right after the decision.
        let last = file.raw.line(paragraph.endLine)
        let terminator = file.raw.terminator(ofLine: paragraph.endLine)
        let eol = terminator.isEmpty ? file.raw.preferredLineEnding : terminator
        let text = Array("**Resolution (\(today), \(who)):** \(resolution)".utf8)
        var insertion: [UInt8]
        if terminator.isEmpty {
            insertion = eol + eol + text
        } else {
            insertion = eol + text + eol
            if paragraph.endLine < file.raw.lineCount, !file.raw.isBlank(line: paragraph.endLine + 1) { insertion += eol }
        }
        var front = try file.frontMatterEditor()
        var summary = ["\(decision.id) status: \(decision.status) → \(resolved)", "\(decision.id) resolution: \(resolution) (\(today), \(who))"]
        if let line = try bumpUpdated(&front) { summary.append(line) }
        let edits = try front.allEdits() + [ByteEdit(insert: insertion, at: last.end)]
        guard let updated = ByteEdit.apply(edits, to: file.raw.bytes) else {
            throw EditError.failed("internal: overlapping edits in \(file.displayPath); please report this bug")
        }
        var expectations = Expectations()
        expectations.frontMatter = front.expected
        expectations.proseResolution = (decision.id, resolution, who, today)
        let result = try verify(file, updated, expectations, checks: &checks)
        try checkLint(file, result, checks: &checks)
        try checks.finish()
        return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: file.raw.bytes, updated: updated,
                        changes: summary, overridden: checks.overridden, notes: checks.notes, id: decision.id)
    }

    // MARK: Finding things

    struct Target {
        var id: String
        var node: Int
        var workplanIndex: Int
    }

    /// The element `id` names, in a repo wp may write to.
    func locate(_ id: String) throws(EditError) -> Target {
        let reference = Reference(parsing: id, kind: .dependsOn, location: SourceLocation(path: "", line: 1, column: 1))
        switch graph.resolve(reference, inWorkplan: nil) {
        case .resolved(let node):
            let value = graph.nodes[node]
            guard let workplanIndex = value.workplanIndex else {
                throw EditError(.failed, EditError.format("\(value.id) is a gate in a runbook; wp edits workplans, tasks and decisions", at: value.location))
            }
            guard value.repo == workspace.config.repo else {
                throw EditError(.failed, EditError.format(
                    "\(value.id) belongs to peer repo `\(value.repo)`; edit it in that repo (run wp there)", at: value.location))
            }
            return Target(id: value.id, node: node, workplanIndex: workplanIndex)
        case .ambiguous(let nodes):
            let repos = nodes.map { graph.nodes[$0].repo }.joined(separator: ", ")
            throw EditError(.unknownID, EditError.format("'\(id)' names elements in several repos (\(repos)); qualify it as repo:ID", at: nil))
        case .unknownRepo(let repo):
            throw EditError(.unknownID, EditError.format("no repo named `\(repo)` in .wp.yaml (`repo:` or `peers:`)", at: nil))
        case .notFound, .repoUnavailable:
            let ids = graph.nodes.filter { $0.kind != .gate && $0.repo == workspace.config.repo }.map(\.id)
            let hint = suggestion(for: reference.id, among: ids).map { "; did you mean '\($0)'?" } ?? ""
            throw EditError(.unknownID, EditError.format("no workplan, task or decision has id '\(id)'\(hint)", at: nil))
        }
    }

    /// Reads the target's file afresh and makes sure it is the file the workspace was read from.
    func read(_ target: Target) throws(EditError) -> EditableFile {
        let workplan = graph.workplans[target.workplanIndex]
        let file = try EditableFile(absolutePath: absolutePath(of: workplan), displayPath: workplan.path, repo: workplan.repo,
                                    decisions: workspace.lifecycles.decision)
        guard file.workplan.contentHash == workplan.contentHash else {
            throw EditError.refused("\(workplan.path) changed on disk while wp was reading it; nothing was written — run the command again")
        }
        return file
    }

    func absolutePath(of workplan: Workplan) -> String {
        let repo = workspace.repo(named: workplan.repo)
        let root = repo?.root ?? workspace.root
        let prefix = repo?.displayPrefix ?? ""
        let relative = workplan.path.hasPrefix(prefix) ? String(workplan.path.dropFirst(prefix.count)) : workplan.path
        return root + "/" + relative
    }

    private func vanished(_ target: Target, _ file: EditableFile) -> EditError {
        EditError.refused("\(target.id) is no longer in \(file.displayPath) as wp read it; run the command again")
    }
}

// MARK: Shortcuts

extension WorkplanEditor {
    /// `wp start`: a task or workplan goes to its lifecycle's active status
    /// (``Lifecycle/status(for:)``: `in_progress`, `active` by default).
    public func planStart(_ id: String, force: Bool = false) throws(EditError) -> EditPlan {
        let status = try status(for: .active, of: kind(of: id, for: "start"), command: "start")
        return try plan(EditRequest(id: id, changes: [.set(field: "status", value: status.rawValue)], force: force))
    }

    /// `wp done`: a task goes to its lifecycle's succeeded status (`done` by default; with
    /// `evidence:` when given), a workplan to its own (`finished`).
    public func planDone(_ id: String, evidence: String? = nil, force: Bool = false) throws(EditError) -> EditPlan {
        let status = try status(for: .succeeded, of: kind(of: id, for: "done"), command: "done")
        var changes: [FieldChange] = [.set(field: "status", value: status.rawValue)]
        if let evidence { changes.append(.set(field: "evidence", value: evidence)) }
        return try plan(EditRequest(id: id, changes: changes, force: force))
    }

    /// `wp block`: the task lifecycle's waiting status (`blocked` by default), `on` added to
    /// `depends_on`, `reason:` written.
    public func planBlock(_ id: String, on reference: String?, reason: String?, force: Bool = false) throws(EditError) -> EditPlan {
        guard try kind(of: id, for: "block") == .task else {
            throw EditError.refused("`wp block` works on tasks; \(id) is not one")
        }
        guard reference != nil || reason != nil else {
            throw EditError.refused("say what \(id) waits for: --on REF and/or --reason TEXT")
        }
        var changes: [FieldChange] = [.set(field: "status", value: try status(for: .waiting, of: .task, command: "block").rawValue)]
        if let reference { changes.append(.add(field: "depends_on", item: reference)) }
        if let reason { changes.append(.set(field: "reason", value: reason)) }
        return try plan(EditRequest(id: id, changes: changes, force: force))
    }

    /// The one status `wp command` writes for `role` (see ``Lifecycle/status(for:)``).
    private func status(for role: Lifecycle.Role, of kind: WorkspaceGraph.Kind, command: String) throws(EditError) -> Status {
        guard let status = workspace.lifecycles.of(kind)?.status(for: role) else {
            throw EditError.refused("`wp \(command)` writes the \(kind.rawValue) lifecycle's first \(role) status, and it has none; "
                + "give one in .wp.yaml (lifecycles.\(kind.rawValue).\(role)) or use `wp set`")
        }
        return status
    }

    private func kind(of id: String, for command: String) throws(EditError) -> WorkspaceGraph.Kind {
        let kind = graph.nodes[try locate(id).node].kind
        guard kind == .task || kind == .workplan else {
            throw EditError.refused("`wp \(command)` works on tasks and workplans; \(id) is a \(kind.rawValue)"
                + (kind == .decision ? " (use `wp resolve`)" : ""))
        }
        return kind
    }
}
