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
///
/// The editor works on the workspace as it was loaded: the target file's bytes,
/// line table, front matter and outline come from its ``SourceFile``; the file
/// is read again only to make sure it did not change, and parsed again only
/// once, to check the result. One graph is built, of the workspace after the
/// edit, for the checks that need one (open dependencies, lint); the graph of
/// the workspace before it only when an id has to be resolved the long way,
/// a new id chosen, or lint errors told apart from those already there.
public struct WorkplanEditor: Sendable {
    public let workspace: Workspace
    /// The day written into `updated:` and `decided_on:`.
    public let today: CalendarDate
    /// The graph of ``workspace``, when the caller has one.
    let givenGraph: WorkspaceGraph?

    public init(workspace: Workspace, today: CalendarDate) {
        self.workspace = workspace
        self.today = today
        self.givenGraph = nil
    }

    /// Reuses a graph already built for the workspace.
    public init(graph: WorkspaceGraph, today: CalendarDate) {
        self.workspace = graph.workspace
        self.today = today
        self.givenGraph = graph
    }

    /// The graph of the workspace before the edit.
    func graphBefore() -> WorkspaceGraph {
        givenGraph ?? WorkspaceGraph(workspace)
    }

    /// ``today`` as edits write it, `YYYY-MM-DD`.
    var todayText: String { today.description }

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
        let kind = target.kind
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
                throw EditError.refused(.proseDecision(id: decision.id), at: decision.location)
            }
            editor = file.blockEditor(fields: fields, fenceLine: decision.location.line)
            frontMatter = try file.frontMatterEditor()
            lifecycle = workspace.lifecycles.decision
            what = "decision"
        case .gate:
            throw EditError.failed(.gateNotSettable(id: target.id), at: target.location)
        }

        let oldStatus = Status(editor.entry("status")?.value.string ?? "")
        var summary: [String] = []
        for change in request.changes {
            try validateField(change.field, of: kind, id: target.id, at: editor.location)
            if let line = try apply(change, to: &editor, id: target.id) { summary.append(line) }
        }
        guard editor.hasChanges else {
            return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: file.raw.bytes, updated: file.raw.bytes,
                            changes: [], overrides: [], notes: ["\(target.id) already says that; nothing to change"], id: target.id)
        }

        // The status move.
        var move: (to: Status, at: SourceLocation)?
        if case .scalar(let text, _)? = editor.expectedValue("status"), Status(text) != oldStatus {
            let newStatus = Status(text)
            try checkMove(from: oldStatus, to: newStatus, lifecycle: lifecycle, what: what, target: target, editor: editor, checks: &checks)
            move = (newStatus, editor.entry("status")?.value.location ?? editor.location)
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
            throw EditError.failed(.overlappingEdits(path: file.displayPath))
        }
        let result = try verify(file, updated, expectations, checks: &checks)
        let after = WorkspaceGraph(replacing(file, with: result))
        if kind == .task, let move {
            checkOpenDependencies(of: target, from: oldStatus, to: move.to, at: move.at, lifecycle: lifecycle, in: after, checks: &checks)
        }
        try checkLint(file, after: after, checks: &checks)
        try checks.finish()
        return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: file.raw.bytes, updated: updated,
                        changes: summary, overrides: checks.overrides, notes: checks.notes, id: target.id)
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
            throw EditError.refused(.notAReference(item: item, field: field))
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
            throw EditError.refused(.invalidFieldName(field: field))
        }
        if field == "id" {
            throw EditError.refused(.idNotChangeable(id: id))
        }
        if kind == .task, field == "title" {
            throw EditError.refused(.taskTitleIsHeading)
        }
        let known = Self.knownFields[kind] ?? []
        if !known.contains(field), let near = suggestion(for: field, among: known) {
            throw EditError.refused(.unknownField(kind: kind.rawValue, field: field, suggestion: near, known: known))
        }
    }

    /// The lifecycle allows the move; the new status has the fields it requires.
    private func checkMove(
        from oldStatus: Status, to newStatus: Status, lifecycle: Lifecycle, what: String, target: Target,
        editor: MappingEditor, checks: inout Checks
    ) throws(EditError) {
        let location = editor.entry("status")?.value.location ?? editor.location
        guard lifecycle.isKnown(newStatus) else {
            let known = lifecycle.statuses.map(\.rawValue)
            throw EditError.refused(
                .unknownStatus(status: newStatus.rawValue, what: what, suggestion: suggestion(for: newStatus.rawValue, among: known), known: known),
                at: location)
        }
        if !lifecycle.allows(from: oldStatus, to: newStatus) {
            let reachable = lifecycle.transitions[oldStatus, default: []]
            let allowed = lifecycle.statuses.filter { reachable.contains($0) }
            checks.forceable(.moveNotAllowed(what: what, from: oldStatus, to: newStatus, allowed: allowed), at: location)
        }
        for field in lifecycle.requiredFields[newStatus] ?? [] {
            let value = editor.expectedValue(field)
            if value == nil || value == .scalar("", .null) {
                let suggestsDone = what == "task" && newStatus == lifecycle.status(for: .succeeded) && field == "evidence"
                throw EditError.refused(
                    .requiredField(what: what, status: newStatus, field: field, id: target.id, suggestsDone: suggestsDone), at: location)
            }
        }
    }

    /// `done` waits until every dependency of the task is complete; a task that starts while
    /// one is open gets a note. Open as ``BlockingAnalysis`` counts its blockers: its own, its
    /// workplan's and the added dependencies, in that order, that do not resolve to a complete
    /// element; a task that was complete before the move has none.
    ///
    /// Read from the graph after the edit (the task's dependencies as the edit leaves them,
    /// every other element as it was): no analysis of the whole workspace.
    private func checkOpenDependencies(
        of target: Target, from oldStatus: Status, to newStatus: Status, at location: SourceLocation, lifecycle: Lifecycle,
        in graph: WorkspaceGraph, checks: inout Checks
    ) {
        guard !lifecycle.isComplete(oldStatus),
              let node = graph.nodes(withID: target.id).first(where: { graph.nodes[$0].workplanIndex == target.workplanIndex }) else { return }
        let open = graph.dependencies[node].filter { dependency in
            dependency.resolution.node.map { !graph.nodes[$0].isComplete } ?? true
        }
        if lifecycle.hasSucceeded(newStatus) {
            for dependency in open {
                checks.forceable(
                    .openDependency(id: target.id, status: newStatus, blocker: describe(dependency, in: graph)), at: location,
                    rules: ["done-with-open-dependency"])
            }
        } else if !lifecycle.isComplete(newStatus), !lifecycle.isWaiting(newStatus) {
            // Allowed, but worth saying: work starts on something that still waits.
            checks.notes += open.map { "\(target.id) is still blocked: \(describe($0, in: graph).text)" }
        }
    }

    /// What is open and how the task depends on it.
    func describe(_ dependency: WorkspaceGraph.Dependency, in graph: WorkspaceGraph) -> EditProblem.OpenDependency {
        guard let node = dependency.resolution.node else {
            return .unresolved(reference: dependency.reference.text, explanation: dependency.resolution.explanation)
        }
        let value = graph.nodes[node]
        let status = value.status?.rawValue ?? "open"
        switch dependency.via {
        case .decision: return .decision(id: value.id, status: status)
        case .workplan: return .workplan(id: value.id, status: status)
        case .dependsOn, .requires: return .dependency(id: value.id, status: status)
        }
    }

    /// Sets the front matter's `updated:` to today; returns the summary line.
    func bumpUpdated(_ editor: inout MappingEditor) throws(EditError) -> String? {
        let old = editor.expectedValue("updated")
        var style = YAMLValue.Scalar.Style.doubleQuoted
        if case .scalar(let created)? = editor.entry("created")?.value { style = created.style }
        guard try editor.setScalar("updated", todayText, kind: .string, newStyle: style) else { return nil }
        return "updated: \(Self.describe(old)) → \(todayText)"
    }

    // MARK: Resolve

    /// `wp resolve`: a block decision gets `status: resolved`, `resolution`, `decided_on`
    /// (today) and `decided_by`; a prose decision gets a `**Resolution (date, who):** text`
    /// paragraph after its `**Decision …**` paragraph.
    public func planResolve(_ id: String, option: String, by person: String, force: Bool = false) throws(EditError) -> EditPlan {
        let resolution = option.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !resolution.isEmpty else { throw EditError.refused(.missingResolution) }
        let who = person.trimmingWhitespace()
        guard !who.isEmpty else { throw EditError.refused(.missingDecider) }
        let target = try locate(id)
        guard target.kind == .decision else {
            throw EditError.refused(.notADecision(id: target.id, kind: target.kind.rawValue))
        }
        let file = try read(target)
        guard let decision = file.workplan.decisions.first(where: { $0.id == target.id }) else { throw vanished(target, file) }
        if decision.form == .block {
            return try plan(EditRequest(id: id, changes: [
                .set(field: "status", value: try status(for: .succeeded, of: .decision, command: "resolve").rawValue),
                .set(field: "resolution", value: resolution),
                .set(field: "decided_on", value: todayText),
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
                .alreadyResolved(id: decision.id, on: decision.decidedOn, by: decision.decidedBy, resolution: decision.resolution),
                at: decision.resolutionLocation)
        }
        // The status the parser gives a decision with a **Resolution** paragraph.
        let resolved = try status(for: .succeeded, of: .decision, command: "resolve")
        if !lifecycle.allows(from: decision.status, to: resolved) {
            checks.forceable(.moveNotAllowed(what: "decision", from: decision.status, to: resolved, allowed: nil), at: decision.location)
        }
        guard !who.contains(","), !who.contains(")") else {
            throw EditError.refused(.deciderNotWritable)
        }
        guard let paragraph = file.paragraphs.first(where: { $0.line == decision.location.line }) else { throw vanished(target, file) }
        guard paragraph.column == 1 else {
            throw EditError.refused(.resolutionInContainer(id: decision.id), at: decision.location)
        }
        // `**Resolution (date, who):** text` as its own paragraph right after the decision.
        let last = file.raw.line(paragraph.endLine)
        let terminator = file.raw.terminator(ofLine: paragraph.endLine)
        let eol = terminator.isEmpty ? file.raw.preferredLineEnding : terminator
        let text = Array("**Resolution (\(todayText), \(who)):** \(resolution)".utf8)
        var insertion: [UInt8]
        if terminator.isEmpty {
            insertion = eol + eol + text
        } else {
            insertion = eol + text + eol
            if paragraph.endLine < file.raw.lineCount, !file.raw.isBlank(line: paragraph.endLine + 1) { insertion += eol }
        }
        var front = try file.frontMatterEditor()
        var summary = ["\(decision.id) status: \(decision.status) → \(resolved)", "\(decision.id) resolution: \(resolution) (\(todayText), \(who))"]
        if let line = try bumpUpdated(&front) { summary.append(line) }
        let edits = try front.allEdits() + [ByteEdit(insert: insertion, at: last.end)]
        guard let updated = ByteEdit.apply(edits, to: file.raw.bytes) else {
            throw EditError.failed(.overlappingEdits(path: file.displayPath))
        }
        var expectations = Expectations()
        expectations.frontMatter = front.expected
        expectations.proseResolution = (decision.id, resolution, who, todayText)
        let result = try verify(file, updated, expectations, checks: &checks)
        try checkLint(file, after: WorkspaceGraph(replacing(file, with: result)), checks: &checks)
        try checks.finish()
        return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: file.raw.bytes, updated: updated,
                        changes: summary, overrides: checks.overrides, notes: checks.notes, id: decision.id)
    }

    // MARK: Finding things

    /// The element an edit is about.
    struct Target: Equatable {
        var id: String
        var kind: WorkspaceGraph.Kind
        var repo: String
        /// Index into ``Workspace/workplans`` (as into ``WorkspaceGraph/workplans``) of its workplan.
        var workplanIndex: Int
        var location: SourceLocation
    }

    /// The element `id` names, in a repo wp may write to.
    ///
    /// An id (or `repo:ID`) that names exactly one element is what ``WorkspaceGraph/resolve(_:inWorkplan:repo:)``
    /// resolves it to, so a scan of the workspace finds it without a graph; any other id is
    /// resolved by the graph, whose answer says what is wrong.
    func locate(_ id: String) throws(EditError) -> Target {
        let reference = Reference(parsing: id, kind: .dependsOn, location: SourceLocation(path: "", line: 1, column: 1))
        if givenGraph == nil, let element = onlyElement(named: reference) {
            return try writable(element)
        }
        let graph = graphBefore()
        switch graph.resolve(reference, inWorkplan: nil) {
        case .resolved(let node):
            let value = graph.nodes[node]
            return try writable((value.id, value.kind, value.repo, value.workplanIndex, value.location))
        case .ambiguous(let nodes):
            throw EditError(.unknownID, .ambiguousID(id: id, repos: nodes.map { graph.nodes[$0].repo }))
        case .unknownRepo(let repo):
            throw EditError(.unknownID, .unknownRepo(repo: repo))
        case .notFound, .repoUnavailable:
            let ids = graph.nodes.filter { $0.kind != .gate && $0.repo == workspace.config.repo }.map(\.id)
            throw EditError(.unknownID, .unknownID(id: id, suggestion: suggestion(for: reference.id, among: ids)))
        }
    }

    private typealias Element = (id: String, kind: WorkspaceGraph.Kind, repo: String, workplanIndex: Int?, location: SourceLocation)

    /// The one workplan, task, decision or gate whose id is `reference.id` (in `reference.repo`, a repo
    /// of the workspace, when it names one); nil when there are none or several.
    private func onlyElement(named reference: Reference) -> Element? {
        if let repo = reference.repo, workspace.repo(named: repo) == nil { return nil }
        let wanted = reference.id
        var found: Element?
        var count = 0
        func offer(_ element: @autoclosure () -> Element, _ id: String, _ repo: String) {
            guard id == wanted, reference.repo == nil || reference.repo == repo else { return }
            count += 1
            found = element()
        }
        for (index, workplan) in workspace.workplans.enumerated() {
            let repo = workplan.repo
            offer((workplan.id, .workplan, repo, index, workplan.location), workplan.id, repo)
            for task in workplan.tasks { offer((task.id, .task, repo, index, task.location), task.id, repo) }
            for decision in workplan.decisions { offer((decision.id, .decision, repo, index, decision.location), decision.id, repo) }
            for gate in workplan.gates { offer((gate.id, .gate, repo, index, gate.location), gate.id, repo) }
        }
        for repo in workspace.repos {
            for gate in repo.gates { offer((gate.id, .gate, repo.name, nil, gate.location), gate.id, repo.name) }
        }
        return count == 1 ? found : nil
    }

    /// The element as a target, unless it is somewhere wp does not edit.
    private func writable(_ element: Element) throws(EditError) -> Target {
        guard let workplanIndex = element.workplanIndex else {
            throw EditError.failed(.gateInRunbook(id: element.id), at: element.location)
        }
        guard element.repo == workspace.config.repo else {
            throw EditError.failed(.elementInPeer(id: element.id, repo: element.repo), at: element.location)
        }
        return Target(id: element.id, kind: element.kind, repo: element.repo, workplanIndex: workplanIndex, location: element.location)
    }

    /// The target's file as the workspace read it, after making sure the file on disk still
    /// holds those bytes (the edit is computed on them): a read and a comparison, no parse.
    func read(_ target: Target) throws(EditError) -> EditableFile {
        let workplan = workspace.workplans[target.workplanIndex]
        guard let source = workspace.source(of: workplan) else {
            throw EditError.failed(.sourceNotKept(path: workplan.path))
        }
        switch WorkspaceLoader.readFile(source.absolutePath, display: source.displayPath) {
        case .success(let bytes):
            guard bytes == source.bytes else { throw EditError.refused(.changedWhileReading(path: workplan.path)) }
        case .failure(let diagnostic):
            throw EditError.failed(.unreadable(diagnostic))
        }
        let problems = workspace.diagnostics.filter { $0.location.path == source.displayPath }
        return try EditableFile(source: source, workplan: workplan, diagnostics: problems)
    }

    private func vanished(_ target: Target, _ file: EditableFile) -> EditError {
        EditError.refused(.vanished(id: target.id, path: file.displayPath))
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
            throw EditError.refused(.notATask(id: id))
        }
        guard reference != nil || reason != nil else {
            throw EditError.refused(.blockNeedsWhat(id: id))
        }
        var changes: [FieldChange] = [.set(field: "status", value: try status(for: .waiting, of: .task, command: "block").rawValue)]
        if let reference { changes.append(.add(field: "depends_on", item: reference)) }
        if let reason { changes.append(.set(field: "reason", value: reason)) }
        return try plan(EditRequest(id: id, changes: changes, force: force))
    }

    /// The one status `wp command` writes for `role` (see ``Lifecycle/status(for:)``).
    private func status(for role: Lifecycle.Role, of kind: WorkspaceGraph.Kind, command: String) throws(EditError) -> Status {
        guard let status = workspace.lifecycles.of(kind)?.status(for: role) else {
            throw EditError.refused(.noStatusForRole(command: command, kind: kind.rawValue, role: "\(role)"))
        }
        return status
    }

    private func kind(of id: String, for command: String) throws(EditError) -> WorkspaceGraph.Kind {
        let kind = try locate(id).kind
        guard kind == .task || kind == .workplan else {
            throw EditError.refused(.notTaskOrWorkplan(command: command, id: id, kind: kind.rawValue))
        }
        return kind
    }
}
