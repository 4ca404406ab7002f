/// The problems an edit met that `--force` may override, collected until every
/// check has run, so one refusal names them all.
struct Checks {
    let force: Bool
    /// False for commands whose `--force` overrides nothing of this (`wp new`): the refusal
    /// does not tell the user to use it.
    let overridable: Bool
    private(set) var problems: [EditProblem] = []
    /// Lint rules an explicit check already stands for (their findings are not listed twice).
    private(set) var coveredRules: Set<String> = []
    var notes: [String] = []

    init(force: Bool, overridable: Bool = true) {
        self.force = force
        self.overridable = overridable
    }

    mutating func forceable(_ reason: EditProblem.Reason, at location: SourceLocation? = nil, rules: Set<String> = []) {
        problems.append(EditProblem(reason, at: location, isForceable: true))
        coveredRules.formUnion(rules)
    }

    /// What `--force` overrode: the problems as warnings; empty without `--force`.
    var overrides: [EditProblem] {
        force ? problems.map { $0.overridden() } : []
    }

    /// Throws the collected problems unless `--force` overrides them.
    func finish() throws(EditError) {
        guard !force, !problems.isEmpty else { return }
        throw EditError(.refused, problems, advice: overridable ? .useForce : .nothingWritten)
    }
}

/// What the file must parse to after an edit.
struct Expectations {
    /// The front matter's fields after the edit (nil: unchanged).
    var frontMatter: [YAMLShape.Pair]?
    /// Fields of edited task blocks, by task id.
    var tasks: [String: [YAMLShape.Pair]] = [:]
    /// Fields of edited decision blocks, by decision id.
    var decisions: [String: [YAMLShape.Pair]] = [:]
    /// Tasks the edit creates, with their status.
    var newTasks: [String: Status] = [:]
    /// Fields of the new tasks besides `id` and `status`, as given on the command line.
    var newTaskFields: [String: [YAMLShape.Pair]] = [:]
    /// The "Done when" criterion of new tasks, when given.
    var newTaskDoneWhen: [String: String] = [:]
    /// A prose decision the edit resolves.
    var proseResolution: (id: String, text: String, by: String, on: String)?
}

extension WorkplanEditor {
    /// Parses the new bytes and compares them with what the edit meant to write:
    /// the intended fields changed, everything else as it was, the edited
    /// mappings valid against their schemas. The one parse of the file after the edit.
    func verify(_ file: EditableFile, _ bytes: [UInt8], _ expect: Expectations, checks: inout Checks) throws(EditError) -> ParsedFile {
        let parsed = WorkplanParser(repo: file.repo, decisions: workspace.lifecycles.decision)
            .parse(path: file.displayPath, absolutePath: file.absolutePath, bytes: bytes)
        let known = Set(file.diagnostics.filter { $0.severity == .error }.map { "\($0.rule)\t\($0.message)" })
        let broken = parsed.diagnostics.filter { $0.severity == .error && !known.contains("\($0.rule)\t\($0.message)") }
        guard broken.isEmpty else {
            throw EditError(.refused, broken.map { EditProblem(.unreadable($0)) } + [EditProblem(.resultUnreadable(path: file.displayPath))])
        }
        guard let new = parsed.workplan, new.id == file.workplan.id else {
            throw notInPlace(file, .workplanID)
        }
        let old = file.workplan

        let frontMatter = expect.frontMatter ?? old.frontMatter.map { YAMLShape($0) }.flatMap { shape -> [YAMLShape.Pair]? in
            if case .map(let pairs) = shape { return pairs } else { return nil }
        }
        if let frontMatter, new.frontMatter.map(YAMLShape.init) != .map(frontMatter) {
            throw notInPlace(file, .frontMatter(
                reads: new.frontMatter.map { YAMLShape($0).description } ?? "nothing", wanted: YAMLShape.map(frontMatter).description))
        }

        let newIDs = new.tasks.map(\.id)
        guard newIDs.filter({ expect.newTasks[$0] == nil }) == old.tasks.map(\.id),
              expect.newTasks.keys.allSatisfy(newIDs.contains) else {
            throw notInPlace(file, .tasks(ids: newIDs))
        }
        for task in new.tasks {
            if let status = expect.newTasks[task.id] {
                guard task.status == status else { throw notInPlace(file, .newTaskStatus(id: task.id, reads: task.status, wanted: status)) }
                for pair in expect.newTaskFields[task.id] ?? [] where task.fields[pair.key].map(YAMLShape.init) != pair.value {
                    throw notInPlace(file, .task(id: task.id, reads: YAMLShape(task.fields).description, wanted: "\(pair.key): \(pair.value)"))
                }
                if let doneWhen = expect.newTaskDoneWhen[task.id], task.doneWhen != doneWhen {
                    throw notInPlace(file, .task(id: task.id, reads: "Done when: \(task.doneWhen ?? "nothing")", wanted: "Done when: \(doneWhen)"))
                }
                continue
            }
            let wanted = expect.tasks[task.id].map(YAMLShape.map) ?? old.tasks.first { $0.id == task.id }.map { YAMLShape($0.fields) }
            guard YAMLShape(task.fields) == wanted else {
                throw notInPlace(file, .task(id: task.id, reads: YAMLShape(task.fields).description, wanted: wanted?.description ?? "nothing"))
            }
        }

        guard new.decisions.map(\.id) == old.decisions.map(\.id) else {
            throw notInPlace(file, .decisions(ids: new.decisions.map(\.id)))
        }
        for (decision, before) in zip(new.decisions, old.decisions) {
            if let wanted = expect.decisions[decision.id] {
                guard decision.fields.map(YAMLShape.init) == .map(wanted) else {
                    throw notInPlace(file, .decisionFields(id: decision.id, reads: decision.fields.map { YAMLShape($0).description } ?? "prose"))
                }
            } else if let resolved = expect.proseResolution, resolved.id == decision.id {
                guard decision.status == workspace.lifecycles.decision.status(for: .succeeded), decision.resolution == resolved.text, decision.decidedBy == resolved.by,
                      decision.decidedOn == resolved.on else {
                    throw notInPlace(file, .proseResolution(id: decision.id, status: decision.status, resolution: decision.resolution ?? ""))
                }
            } else {
                guard decision.fields.map(YAMLShape.init) == before.fields.map(YAMLShape.init), decision.status == before.status,
                      decision.resolution == before.resolution, decision.decidedBy == before.decidedBy,
                      decision.decidedOn == before.decidedOn else {
                    throw notInPlace(file, .decision(id: decision.id))
                }
            }
        }
        guard new.gates.map({ YAMLShape($0.fields) }) == old.gates.map({ YAMLShape($0.fields) }) else {
            throw notInPlace(file, .gate)
        }

        // The edited mappings must still match their schemas.
        let lifecycles = workspace.lifecycles
        var violations: [EditProblem] = []
        func validate(_ value: YAMLValue?, _ schema: JSONSchema, _ lifecycle: Lifecycle, _ what: String) {
            guard let value else { return }
            let allowed = ["status": lifecycle.statuses.map(\.rawValue)]
            violations += schema.validate(value, allowedValues: allowed).map {
                EditProblem(.schema(what: what, message: $0.message), at: $0.location)
            }
        }
        validate(new.frontMatter, BuiltinSchemas.workplan, lifecycles.workplan, "front matter")
        for task in new.tasks where expect.tasks[task.id] != nil || expect.newTasks[task.id] != nil {
            validate(task.fields, BuiltinSchemas.task, lifecycles.task, "task \(task.id)")
        }
        for decision in new.decisions where expect.decisions[decision.id] != nil {
            validate(decision.fields, BuiltinSchemas.decision, lifecycles.decision, "decision \(decision.id)")
        }
        guard violations.isEmpty else {
            throw EditError(.refused, violations + [EditProblem(.resultBreaksSchema)])
        }
        return parsed
    }

    private func notInPlace(_ file: EditableFile, _ mismatch: EditProblem.Mismatch) -> EditError {
        EditError.refused(.notInPlace(path: file.displayPath, mismatch))
    }

    /// The `wp lint` errors the edit adds to the workspace are problems.
    ///
    /// `graph` is the workspace after the edit: only the edited file was parsed again (by
    /// ``verify(_:_:_:checks:)``), every other file's parse is the one the workspace was loaded
    /// with (``replacing(_:with:)``), and no rule needs a blocking analysis. The workspace before
    /// the edit is linted only when the one after it has errors, to tell new ones from old ones.
    func checkLint(_ file: EditableFile, after graph: WorkspaceGraph, checks: inout Checks) throws(EditError) {
        guard file.repo == workspace.config.repo else { return }
        let engine = LintEngine(config: workspace.config)
        let after = engine.run(LintContext(graph: graph, clock: .pinned(today))).diagnostics.filter { $0.severity == .error }
        guard !after.isEmpty else { return }
        let before = engine.run(LintContext(graph: graphBefore(), clock: .pinned(today))).diagnostics.filter { $0.severity == .error }
        var counts: [String: Int] = [:]
        for diagnostic in before { counts[Self.lintKey(diagnostic), default: 0] += 1 }
        for diagnostic in after {
            let key = Self.lintKey(diagnostic)
            if counts[key, default: 0] > 0 {
                counts[key]! -= 1
            } else if !checks.coveredRules.contains(diagnostic.rule) {
                checks.forceable(.newLintError(diagnostic))
            }
        }
    }

    /// Positions move when lines are inserted; a finding is the same finding when rule, file and message are.
    private static func lintKey(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.rule)\t\(diagnostic.location.path)\t\(diagnostic.message)"
    }

    /// The workspace with one file as `parsed` says (added when it is new); every other file as it was read.
    func replacing(_ file: EditableFile, with parsed: ParsedFile) -> Workspace {
        var copy = workspace
        for index in copy.repos.indices where copy.repos[index].name == file.repo {
            if let existing = copy.repos[index].workplans.firstIndex(where: { $0.path == file.displayPath }) {
                if let workplan = parsed.workplan {
                    copy.repos[index].workplans[existing] = workplan
                } else {
                    copy.repos[index].workplans.remove(at: existing)
                }
            } else if let workplan = parsed.workplan {
                copy.repos[index].workplans.append(workplan)
                copy.repos[index].fileCount += 1
            }
            copy.repos[index].sources[file.displayPath] = parsed.source
        }
        copy.diagnostics = copy.diagnostics.filter { $0.location.path != file.displayPath } + parsed.diagnostics
        return copy
    }
}
