import Foundation

/// The problems an edit met: those `--force` may override, collected until
/// every check has run, so one refusal names them all.
struct Checks {
    let force: Bool
    private(set) var problems: [String] = []
    /// Lint rules an explicit check already stands for (their findings are not listed twice).
    private(set) var coveredRules: Set<String> = []
    private(set) var overridden: [String] = []
    var notes: [String] = []

    init(force: Bool) {
        self.force = force
    }

    mutating func forceable(_ message: String, at location: SourceLocation?, rules: Set<String> = []) {
        add(EditError.format(message, at: location), rules: rules)
    }

    mutating func add(_ line: String, rules: Set<String> = []) {
        problems.append(line)
        coveredRules.formUnion(rules)
        if force {
            let warning = line.range(of: ": error: ").map { line.replacingCharacters(in: $0, with: ": warning: ") }
                ?? line.replacingOccurrences(of: "error: ", with: "warning: ")
            overridden.append(warning + " (overridden by --force)")
        }
    }

    /// Throws the collected problems unless `--force` overrides them.
    func finish() throws(EditError) {
        guard !force, !problems.isEmpty else { return }
        throw EditError(.refused, problems.joined(separator: "\n")
            + "\nnothing was written; use --force to make the edit anyway")
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
    /// A prose decision the edit resolves.
    var proseResolution: (id: String, text: String, by: String, on: String)?
}

extension WorkplanEditor {
    /// Parses the new bytes and compares them with what the edit meant to write:
    /// the intended fields changed, everything else as it was, the edited
    /// mappings valid against their schemas.
    func verify(_ file: EditableFile, _ bytes: [UInt8], _ expect: Expectations, checks: inout Checks) throws(EditError) -> ParsedFile {
        let parsed = WorkplanParser(repo: file.repo, decisions: workspace.lifecycles.decision).parse(path: file.displayPath, bytes: bytes)
        let known = Set(file.parsed.diagnostics.filter { $0.severity == .error }.map { "\($0.rule)\t\($0.message)" })
        let broken = parsed.diagnostics.filter { $0.severity == .error && !known.contains("\($0.rule)\t\($0.message)") }
        guard broken.isEmpty else {
            throw EditError(.refused, broken.map(\.description).joined(separator: "\n")
                + "\nerror: the edit would leave \(file.displayPath) unreadable as above; nothing was written")
        }
        guard let new = parsed.workplan, new.id == file.workplan.id else {
            throw notInPlace(file, "the workplan's id would change")
        }
        let old = file.workplan

        let frontMatter = expect.frontMatter ?? old.frontMatter.map { YAMLShape($0) }.flatMap { shape -> [YAMLShape.Pair]? in
            if case .map(let pairs) = shape { return pairs } else { return nil }
        }
        if let frontMatter, new.frontMatter.map(YAMLShape.init) != .map(frontMatter) {
            throw notInPlace(file, "front matter would read \(new.frontMatter.map { YAMLShape($0).description } ?? "nothing"), not \(YAMLShape.map(frontMatter))")
        }

        let newIDs = new.tasks.map(\.id)
        guard newIDs.filter({ expect.newTasks[$0] == nil }) == old.tasks.map(\.id),
              expect.newTasks.keys.allSatisfy(newIDs.contains) else {
            throw notInPlace(file, "the tasks would read \(newIDs.joined(separator: ", "))")
        }
        for task in new.tasks {
            if let status = expect.newTasks[task.id] {
                guard task.status == status else { throw notInPlace(file, "new task \(task.id) would be \(task.status), not \(status)") }
                continue
            }
            let wanted = expect.tasks[task.id].map(YAMLShape.map) ?? old.tasks.first { $0.id == task.id }.map { YAMLShape($0.fields) }
            guard YAMLShape(task.fields) == wanted else {
                throw notInPlace(file, "task \(task.id) would read \(YAMLShape(task.fields)), not \(wanted?.description ?? "nothing")")
            }
        }

        guard new.decisions.map(\.id) == old.decisions.map(\.id) else {
            throw notInPlace(file, "the decisions would read \(new.decisions.map(\.id).joined(separator: ", "))")
        }
        for (decision, before) in zip(new.decisions, old.decisions) {
            if let wanted = expect.decisions[decision.id] {
                guard decision.fields.map(YAMLShape.init) == .map(wanted) else {
                    throw notInPlace(file, "decision \(decision.id) would read \(decision.fields.map { YAMLShape($0).description } ?? "prose")")
                }
            } else if let resolved = expect.proseResolution, resolved.id == decision.id {
                guard decision.status == workspace.lifecycles.decision.status(for: .succeeded), decision.resolution == resolved.text, decision.decidedBy == resolved.by,
                      decision.decidedOn == resolved.on else {
                    throw notInPlace(file, "decision \(decision.id) would read as \(decision.status) '\(decision.resolution ?? "")'")
                }
            } else {
                guard decision.fields.map(YAMLShape.init) == before.fields.map(YAMLShape.init), decision.status == before.status,
                      decision.resolution == before.resolution, decision.decidedBy == before.decidedBy,
                      decision.decidedOn == before.decidedOn else {
                    throw notInPlace(file, "decision \(decision.id) would change")
                }
            }
        }
        guard new.gates.map({ YAMLShape($0.fields) }) == old.gates.map({ YAMLShape($0.fields) }) else {
            throw notInPlace(file, "a gate block would change")
        }

        // The edited mappings must still match their schemas.
        let lifecycles = workspace.lifecycles
        var violations: [String] = []
        func validate(_ value: YAMLValue?, _ schema: JSONSchema, _ lifecycle: Lifecycle, _ what: String) {
            guard let value else { return }
            let allowed = ["status": lifecycle.statuses.map(\.rawValue)]
            violations += schema.validate(value, allowedValues: allowed).map { "\($0.location): error: \(what.terminalSafe): \($0.message.terminalSafe) [schema]" }
        }
        validate(new.frontMatter, BuiltinSchemas.workplan, lifecycles.workplan, "front matter")
        for task in new.tasks where expect.tasks[task.id] != nil || expect.newTasks[task.id] != nil {
            validate(task.fields, BuiltinSchemas.task, lifecycles.task, "task \(task.id)")
        }
        for decision in new.decisions where expect.decisions[decision.id] != nil {
            validate(decision.fields, BuiltinSchemas.decision, lifecycles.decision, "decision \(decision.id)")
        }
        guard violations.isEmpty else {
            throw EditError(.refused, violations.joined(separator: "\n")
                + "\nerror: the edited file would not match the schema (as above); nothing was written")
        }
        return parsed
    }

    private func notInPlace(_ file: EditableFile, _ detail: String) -> EditError {
        EditError.refused("cannot make this edit in \(file.displayPath) by changing only the value's bytes (\(detail)); nothing was written — edit the file by hand")
    }

    /// Runs `wp lint` on the workspace before and after the edit; errors the edit adds are problems.
    func checkLint(_ file: EditableFile, _ parsed: ParsedFile, checks: inout Checks) throws(EditError) {
        guard file.repo == workspace.config.repo else { return }
        let engine = LintEngine(config: workspace.config)
        let before = engine.run(LintContext(analysis: analysis)).diagnostics.filter { $0.severity == .error }
        let edited = replacing(file, with: parsed)
        let after = engine.run(LintContext(analysis: BlockingAnalysis(WorkspaceGraph(edited)))).diagnostics.filter { $0.severity == .error }
        var counts: [String: Int] = [:]
        for diagnostic in before { counts[Self.lintKey(diagnostic), default: 0] += 1 }
        for diagnostic in after {
            let key = Self.lintKey(diagnostic)
            if counts[key, default: 0] > 0 {
                counts[key]! -= 1
            } else if !checks.coveredRules.contains(diagnostic.rule) {
                checks.add("\(diagnostic) (new lint error)")
            }
        }
    }

    /// Positions move when lines are inserted; a finding is the same finding when rule, file and message are.
    private static func lintKey(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.rule)\t\(diagnostic.location.path)\t\(diagnostic.message)"
    }

    /// The workspace with one file's workplan as `parsed` says (added when it is new).
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
        }
        copy.diagnostics = copy.diagnostics.filter { $0.location.path != file.displayPath } + parsed.diagnostics
        return copy
    }
}
