import Foundation

/// `wp new workplan` and `wp new task`: new elements from templates, with the
/// next free id, checked like every other edit.
extension WorkplanEditor {
    // MARK: New task

    /// Adds a task to workplan `id`, following the tasks it already has: the next free number in
    /// their id scheme (`I08` after `I07`, `T05` after `T04`), a heading at their level, placed
    /// after the last one's section. A workplan without tasks gets `T01` at the end of its
    /// `Tasks` section (a `## Tasks` section is added at the end when there is none).
    ///
    /// `fields` gives the id (overriding the scheme), priority, owner, dependencies and the
    /// "Done when" criterion, so one command makes a complete task.
    public func planNewTask(
        workplan id: String, title: String, fields: NewTaskFields = NewTaskFields(), template: Template? = nil
    ) throws(EditError) -> EditPlan {
        let title = try checkedTitle(title)
        let target = try locate(id)
        guard target.kind == .workplan else {
            throw EditError.refused(.notAWorkplanForNewTask(id: target.id, kind: target.kind.rawValue))
        }
        let file = try read(target)
        let workplan = file.workplan
        try requireOpen(workplan)
        let graph = graphBefore()
        let nextID = TaskIDScheme(of: workplan).next(in: workplan, graph: graph)
        let taskID = try fields.id.map { given throws(EditError) in try checkedTaskID(given, in: workplan, graph: graph, example: nextID) } ?? nextID
        let short = String(taskID.dropFirst(workplan.id.count + 1))
        let doneWhen = try fields.doneWhen.map { text throws(EditError) in try checkedLine(text, what: "--done-when") }
        let dependencies = try fields.dependsOn.flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }
            .filter { !$0.isEmpty }.map { item throws(EditError) -> String in
                guard !item.contains(where: { $0.isWhitespace }) else { throw EditError.refused(.notAReference(item: item, field: "depends_on")) }
                return item
            }
        let template = try loadTemplate(.task, root: workspace.root, given: template)
        let status = Self.initialStatus(workspace.lifecycles.task)
        let rendered = try template.render([
            "id": taskID, "title": title, "repo": workplan.repo, "today": todayText, "status": status.rawValue,
            "short_id": short, "workplan": workplan.id, "done_when": doneWhen ?? DefaultTemplates.doneWhenPlaceholder,
        ])
        var lines = rendered.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingWhitespace().isEmpty { lines.removeLast() }
        while let first = lines.first, first.trimmingWhitespace().isEmpty { lines.removeFirst() }
        if let doneWhen, !template.text.contains("{{done_when}}"), !template.text.contains("{{ done_when }}") {
            lines = Self.replacingDoneWhen(in: lines, with: doneWhen)
        }
        var expectedFields: [YAMLShape.Pair] = []
        var fieldLines: [(key: String, lines: [String])] = []
        if let priority = fields.priority {
            fieldLines.append(("priority", ["priority: " + ScalarWriter.render(priority, style: .plain, inFlow: false, kind: .string)]))
            expectedFields.append(.init(key: "priority", value: .scalar(priority, .text)))
        }
        if let owner = fields.owner {
            fieldLines.append(("owner", ["owner: " + ScalarWriter.render(owner, style: .plain, inFlow: false, kind: .string)]))
            expectedFields.append(.init(key: "owner", value: .scalar(owner, .text)))
        }
        if !dependencies.isEmpty {
            let style = file.listStyle(for: .task)
            let written: [String] = style.isBlock
                ? ["depends_on:"] + dependencies.map { String(repeating: " ", count: style.indent) + "- " + ScalarWriter.render($0, style: .plain, inFlow: false, kind: .string) }
                : ["depends_on: [" + dependencies.map { ScalarWriter.render($0, style: .plain, inFlow: true, kind: .string) }.joined(separator: ", ") + "]"]
            fieldLines.append(("depends_on", written))
            expectedFields.append(.init(key: "depends_on", value: .list(dependencies.map { .scalar($0, .text) })))
        }
        if !fieldLines.isEmpty {
            lines = try Self.addingFields(fieldLines, toTaskBlockIn: lines, template: template)
        }

        // Where it goes, and at which heading level.
        let raw = file.raw
        let place = newTaskPlace(in: file)
        let lastContent = place.afterLine
        // The template's heading takes the level of the tasks around it.
        if let index = lines.firstIndex(where: { $0.hasPrefix("#") }) {
            let hashes = lines[index].prefix { $0 == "#" }
            if hashes.count <= 6, lines[index].dropFirst(hashes.count).first == " " {
                lines[index] = String(repeating: "#", count: place.headingLevel) + lines[index].dropFirst(hashes.count)
            }
        }
        if let separator = place.separator { lines += ["", separator] }
        if place.addsSection { lines = ["## Tasks", ""] + lines }
        let terminator = raw.terminator(ofLine: lastContent)
        let eol = raw.preferredLineEnding
        let block = Array(lines.joined(separator: String(decoding: eol, as: UTF8.self)).utf8)
        var insertion: [UInt8]
        if terminator.isEmpty {
            insertion = eol + eol + block
        } else {
            insertion = eol + block + eol
            if lastContent < raw.lineCount, !raw.isBlank(line: lastContent + 1) { insertion += eol }
        }
        var front = try file.frontMatterEditor()
        var summary = ["\(taskID) new task: \(title) (\(status))"]
        for field in fields.summary(dependencies: dependencies, doneWhen: doneWhen) { summary.append("\(taskID) \(field)") }
        if let line = try bumpUpdated(&front) { summary.append(line) }
        guard let updated = ByteEdit.apply(try front.allEdits() + [ByteEdit(insert: insertion, at: raw.line(lastContent).end)], to: raw.bytes) else {
            throw EditError.failed(.overlappingEdits(path: file.displayPath))
        }
        var expectations = Expectations()
        expectations.frontMatter = front.expected
        expectations.newTasks[taskID] = status
        expectations.newTaskFields[taskID] = expectedFields
        if let doneWhen { expectations.newTaskDoneWhen[taskID] = doneWhen }
        var checks = Checks(force: false, overridable: false)
        let result: ParsedFile
        do {
            result = try verify(file, updated, expectations, checks: &checks)
        } catch {
            // A template without the task block is the template's fault: say so, not that the edit went wrong.
            let parsed = WorkplanParser(repo: file.repo, decisions: workspace.lifecycles.decision).parse(path: file.displayPath, bytes: updated)
            guard parsed.workplan?.tasks.contains(where: { $0.id == taskID }) == true else {
                throw EditError.failed(.templateLacksTaskBlock(template: template.source), at: SourceLocation(path: template.source, line: 1, column: 1))
            }
            throw error
        }
        try checkLint(file, after: WorkspaceGraph(replacing(file, with: result)), checks: &checks)
        try checks.finish()
        return EditPlan(path: file.absolutePath, displayPath: file.displayPath, original: raw.bytes, updated: updated,
                        changes: summary, overrides: [], notes: checks.notes, id: taskID)
    }

    /// A new task in a workplan that is complete would be open work lint refuses
    /// (`finished-with-open-work`): refused, saying how to reopen the workplan.
    private func requireOpen(_ workplan: Workplan) throws(EditError) {
        let lifecycle = workspace.lifecycles.workplan
        guard lifecycle.isComplete(workplan.status) else { return }
        let reopen: EditProblem.Reopen
        if let active = lifecycle.status(for: .active), lifecycle.allows(from: workplan.status, to: active) {
            reopen = .start(id: workplan.id)
        } else if let open = lifecycle.statuses.first(where: { lifecycle.isOpen($0) && lifecycle.allows(from: workplan.status, to: $0) }) {
            reopen = .set(id: workplan.id, status: open)
        } else {
            reopen = .impossible
        }
        throw EditError.refused(.workplanComplete(id: workplan.id, status: workplan.status, reopen: reopen), at: workplan.location(ofField: "status"))
    }

    /// `--id`: a full task id of this workplan or its short part (`I08`), not taken.
    private func checkedTaskID(_ given: String, in workplan: Workplan, graph: WorkspaceGraph, example: String) throws(EditError) -> String {
        let trimmed = given.trimmingWhitespace()
        let full = trimmed.hasPrefix(workplan.id + "-") ? trimmed : workplan.id + "-" + trimmed
        let suffix = String(full.dropFirst(workplan.id.count + 1))
        guard IDGrammar.canonicalShortID(suffix) != nil else {
            throw EditError.refused(.notATaskID(id: given, workplan: workplan.id, example: example))
        }
        if let existing = graph.nodes(withID: full).first {
            throw EditError.refused(.idTaken(id: full, kind: graph.nodes[existing].kind.rawValue, path: graph.nodes[existing].location.path))
        }
        return full
    }

    /// One line of text from the command line (no line breaks).
    func checkedLine(_ text: String, what: String) throws(EditError) -> String {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isNewline }) else {
            throw EditError.refused(.invalidLine(option: what))
        }
        return trimmed
    }

    /// Where a new task goes: after the section of the workplan's last task with a heading of
    /// its own (ending, like it, with a thematic break when it ends with one), at that heading's
    /// level; else at the end of the `Tasks` section, one level below its heading; else in a new
    /// `## Tasks` section at the end.
    struct NewTaskPlace {
        /// The new lines go after this line.
        var afterLine: Int
        var headingLevel: Int
        var addsSection: Bool
        /// The line that ends each task's section (`---`), repeated after the new task.
        var separator: String?
    }

    func newTaskPlace(in file: EditableFile) -> NewTaskPlace {
        let raw = file.raw
        let headings = file.headings
        func lastNonBlank(from end: Int, downTo start: Int) -> Int {
            for line in stride(from: end, through: start, by: -1) where !raw.isBlank(line: line) { return line }
            return start
        }
        let tasks = file.workplan.tasks
        // A heading that several tasks share is a section's, not a task's own.
        if let last = tasks.last, let titleLine = last.titleLocation?.line,
           tasks.filter({ $0.titleLocation?.line == titleLine }).count == 1,
           let heading = headings.first(where: { $0.line == titleLine }) {
            let afterLine = lastNonBlank(from: last.sectionLines.upperBound, downTo: last.sectionLines.lowerBound)
            let lastText = raw.text(ofLine: afterLine).trimmingWhitespace()
            let breakCharacters = lastText.filter { $0 != " " && $0 != "\t" }
            let isBreak = breakCharacters.count >= 3 && ["-", "*", "_"].contains { mark in breakCharacters.allSatisfy { $0 == mark } }
                && afterLine > last.location.line
            return NewTaskPlace(afterLine: afterLine, headingLevel: heading.level, addsSection: false, separator: isBreak ? lastText : nil)
        }
        if let section = headings.first(where: { $0.text.trimmingWhitespace().lowercased() == "tasks" }) {
            let end = headings.first { $0.line > section.line && $0.level <= section.level }.map { $0.line - 1 } ?? raw.lineCount
            return NewTaskPlace(afterLine: lastNonBlank(from: end, downTo: section.line), headingLevel: min(section.level + 1, 6),
                                addsSection: false, separator: nil)
        }
        return NewTaskPlace(afterLine: lastNonBlank(from: raw.lineCount, downTo: 1), headingLevel: 3, addsSection: true, separator: nil)
    }

    /// A template without `{{done_when}}`: the text after its `**Done when:**` label, to the end of
    /// that paragraph, becomes `text`; a template without the label gets the paragraph at the end.
    static func replacingDoneWhen(in lines: [String], with text: String) -> [String] {
        guard let index = lines.firstIndex(where: {
            let trimmed = $0.trimmingWhitespace()
            return trimmed.hasPrefix("**Done when:**") || trimmed.hasPrefix("__Done when:__")
        }) else {
            return lines + ["", "**Done when:** " + text]
        }
        var end = index + 1
        while end < lines.count, !lines[end].trimmingWhitespace().isEmpty { end += 1 }
        let label = lines[index].hasPrefix("__") ? "__Done when:__" : "**Done when:**"
        let indentation = String(lines[index].prefix { $0 == " " })
        return Array(lines[..<index]) + [indentation + label + " " + text] + Array(lines[end...])
    }

    /// The task block's fields with `fields` added before its closing fence, at its `id:`
    /// line's indentation (a field the template already writes is replaced).
    static func addingFields(_ fields: [(key: String, lines: [String])], toTaskBlockIn lines: [String], template: Template) throws(EditError) -> [String] {
        func fence(_ line: String) -> String? {
            let trimmed = line.trimmingWhitespace()
            guard let first = trimmed.first, first == "`" || first == "~" else { return nil }
            let marker = String(trimmed.prefix { $0 == first })
            return marker.count >= 3 ? marker : nil
        }
        guard let open = lines.firstIndex(where: { line in
            guard let marker = fence(line) else { return false }
            return line.trimmingWhitespace().dropFirst(marker.count).trimmingWhitespace().hasPrefix("task")
        }), let marker = fence(lines[open]),
              let close = lines[(open + 1)...].firstIndex(where: { $0.trimmingWhitespace().hasPrefix(marker) && fence($0) != nil }) else {
            throw EditError.failed(.templateLacksTaskBlock(template: template.source), at: SourceLocation(path: template.source, line: 1, column: 1))
        }
        var body = Array(lines[(open + 1)..<close])
        let indentation = body.first { $0.trimmingWhitespace().hasPrefix("id:") }.map { String($0.prefix { $0 == " " }) } ?? ""
        for field in fields {
            let written = field.lines.map { indentation + $0 }
            if let existing = body.firstIndex(where: { $0.trimmingWhitespace().hasPrefix(field.key + ":") }) {
                body.replaceSubrange(existing...existing, with: written)
            } else {
                body += written
            }
        }
        return Array(lines[...open]) + body + Array(lines[close...])
    }

    // MARK: New workplan

    /// Creates `workplans/<ID>-<slug>.md` in `repo` (the local repo by default, or a
    /// path peer) from the workplan template; without `id`, the next free
    /// `PREFIX-WP-NNNN` after the highest number of the repo's prefix.
    public func planNewWorkplan(id: String?, title: String, repo: String? = nil, template: Template? = nil) throws(EditError) -> EditPlan {
        let title = try checkedTitle(title)
        let repoName = repo ?? workspace.config.repo
        guard let target = workspace.repo(named: repoName) else {
            let names = workspace.repos.map(\.name)
            throw EditError(.unknownID, .unknownRepoForNew(repo: repoName, suggestion: suggestion(for: repoName, among: names), known: names))
        }
        guard let root = target.root, target.isAvailable else {
            throw EditError.failed(.repoUnavailable(repo: repoName))
        }
        if case .gitPeer = target.kind {
            throw EditError.failed(.gitPeerNotWritable(repo: repoName))
        }
        let config = repoName == workspace.config.repo ? workspace.config : peerConfig(root: root, name: repoName)

        let graph = graphBefore()
        let newID: String
        if let id {
            guard IDGrammar.isWorkplanID(id) else {
                throw EditError.refused(.notAWorkplanID(id: id))
            }
            newID = id
        } else {
            newID = try nextWorkplanID(in: target, graph: graph)
        }
        if let existing = graph.nodes(withID: newID).first {
            throw EditError.refused(.idTaken(id: newID, kind: graph.nodes[existing].kind.rawValue, path: graph.nodes[existing].location.path))
        }

        // A pattern that climbs out of the repo (`../x/**`, `/abs/**`) is no place to create a file.
        let directory = config.include.map(Glob.init).first { $0.hasWildcards && !$0.literalPrefix.isEmpty && !$0.leavesRoot }?
            .literalPrefix.joined(separator: "/") ?? "workplans"
        let relative = "\(directory)/\(newID)-\(Self.slug(title)).md"
        let included = config.include.map(Glob.init).contains { $0.matches(relative) }
            && !config.exclude.map(Glob.init).contains { $0.matches(relative) }
        guard included else {
            throw EditError.refused(.notIncluded(path: relative))
        }
        let absolute = root + "/" + relative
        let display = target.displayPrefix + relative
        // Nor is a directory that a link takes outside the repo: the walk would skip the new file,
        // and wp would have written where the pull request's link pointed.
        if !workspace.config.allowsOutsidePaths, let real = Self.realPathOutside(directory: root + "/" + directory, root: root) {
            throw EditError.refused(.directoryOutsideRepo(path: target.displayPrefix + directory, target: real))
        }
        if FileManager.default.fileExists(atPath: absolute) {
            throw EditError.refused(.fileExists(path: display))
        }
        let template = try loadTemplate(.workplan, root: root, given: template)
        let status = Self.initialStatus(workspace.lifecycles.workplan)
        let text = try template.render([
            "id": newID, "title": title, "repo": repoName, "today": todayText, "status": status.rawValue,
            "short_id": "", "workplan": newID,
        ])
        let bytes = Array(text.utf8)

        let parsed = WorkplanParser(repo: repoName, decisions: workspace.lifecycles.decision).parse(path: display, absolutePath: absolute, bytes: bytes)
        let problems = parsed.diagnostics.filter { $0.severity == .error }
        guard problems.isEmpty else {
            throw EditError(.refused, problems.map { EditProblem(.unreadable($0)) } + [EditProblem(.templateUnreadable(template: template.source))])
        }
        let file = try EditableFile(parsed: parsed)
        guard file.workplan.id == newID else {
            throw EditError.failed(.templateLacksID(template: template.source))
        }
        let violations = file.workplan.frontMatter.map {
            BuiltinSchemas.workplan.validate($0, allowedValues: ["status": workspace.lifecycles.workplan.statuses.map(\.rawValue)])
        } ?? []
        guard violations.isEmpty else {
            throw EditError(.refused, violations.map { EditProblem(.schema(what: "front matter", message: $0.message), at: $0.location) }
                + [EditProblem(.templateBreaksSchema(template: template.source))])
        }
        var checks = Checks(force: false, overridable: false)
        try checkLint(file, after: WorkspaceGraph(replacing(file, with: parsed)), checks: &checks)
        try checks.finish()
        return EditPlan(path: absolute, displayPath: display, original: nil, updated: bytes,
                        changes: ["\(newID) new workplan: \(title) (\(status)) in \(display)"], overrides: [], notes: checks.notes, id: newID)
    }

    /// The real path of `directory` (of its deepest existing ancestor, when it does not exist yet)
    /// when that lies outside `root`'s real path; nil when it is inside.
    static func realPathOutside(directory: String, root: String) -> String? {
        let realRoot = realPath(root) ?? root
        var existing = directory
        while realPath(existing) == nil, existing != "/", !existing.isEmpty {
            existing = (existing as NSString).deletingLastPathComponent
        }
        guard let real = realPath(existing) else { return nil }
        return realRoot == "/" || real == realRoot || real.hasPrefix(realRoot + "/") ? nil : real
    }

    /// The next `PREFIX-WP-NNNN` for the prefix most of the repo's workplans use;
    /// numbers are counted over the whole workspace, which may share the prefix.
    func nextWorkplanID(in repo: Workspace.Repo, graph: WorkspaceGraph) throws(EditError) -> String {
        func split(_ id: String) -> (prefix: String, digits: Substring)? {
            guard IDGrammar.isWorkplanID(id), let marker = id.range(of: "-WP-", options: .backwards) else { return nil }
            return (String(id[..<marker.lowerBound]), id[marker.upperBound...])
        }
        var counts: [String: Int] = [:]
        for workplan in repo.workplans { if let parts = split(workplan.id) { counts[parts.prefix, default: 0] += 1 } }
        guard let prefix = counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).first?.key else {
            throw EditError.failed(.noIDPrefix(repo: repo.name))
        }
        var highest = 0
        var width = 4
        for workplan in workspace.workplans {
            guard let parts = split(workplan.id), parts.prefix == prefix, let number = Int(parts.digits) else { continue }
            highest = max(highest, number)
            width = max(width, parts.digits.count)
        }
        var next = highest + 1
        while !graph.nodes(withID: "\(prefix)-WP-\(String(next).leftPadded(to: width))").isEmpty { next += 1 }
        return "\(prefix)-WP-\(String(next).leftPadded(to: width))"
    }

    /// `Establish vergabe-teilnahme on railiance01` → `establish-vergabe-teilnahme-on-railiance01`.
    public static func slug(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 50 {
            let cut = slug.prefix(50)
            slug = cut.lastIndex(of: "-").map { String(cut[..<$0]) } ?? String(cut)
        }
        return slug.isEmpty ? "workplan" : slug
    }

    /// The status a new element starts in: the lifecycle's first initial one, else its first
    /// (`.wp.yaml` refuses a lifecycle without statuses; a hand-built one gets the empty status).
    static func initialStatus(_ lifecycle: Lifecycle) -> Status {
        lifecycle.status(for: .initial) ?? lifecycle.statuses.first ?? Status("")
    }

    private func loadTemplate(_ kind: Template.Kind, root: String, given: Template?) throws(EditError) -> Template {
        if let given { return given }
        return try Template.load(kind, repoRoot: root, allowsOutside: workspace.config.allowsOutsidePaths)
    }

    private func checkedTitle(_ title: String) throws(EditError) -> String {
        let trimmed = title.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isNewline }) else {
            throw EditError.refused(.invalidTitle)
        }
        return trimmed
    }

    private func peerConfig(root: String, name: String) -> WorkspaceConfig {
        let path = root + "/" + WorkspaceConfig.fileName
        guard case .success(let bytes) = WorkspaceLoader.readFile(path, display: WorkspaceConfig.fileName),
              let config = try? WorkspaceConfig.parse(bytes: bytes, path: WorkspaceConfig.fileName, defaultRepo: name) else {
            return WorkspaceConfig(repo: name)
        }
        return config
    }
}

/// What `wp new task` writes besides the id, title and status.
public struct NewTaskFields: Sendable, Hashable {
    /// The task id, full (`RAILIANCE-WP-0004-I08`) or its short part (`I08`); nil: the next free one.
    public var id: String?
    public var priority: String?
    public var owner: String?
    /// References, each possibly `A, B` (split at commas).
    public var dependsOn: [String]
    /// The "Done when" criterion; nil: the template's placeholder.
    public var doneWhen: String?

    public init(id: String? = nil, priority: String? = nil, owner: String? = nil, dependsOn: [String] = [], doneWhen: String? = nil) {
        self.id = id
        self.priority = priority
        self.owner = owner
        self.dependsOn = dependsOn
        self.doneWhen = doneWhen
    }

    /// The summary lines of the fields given (after the task's id).
    func summary(dependencies: [String], doneWhen: String?) -> [String] {
        var lines: [String] = []
        if let priority { lines.append("priority: \(priority)") }
        if let owner { lines.append("owner: \(owner)") }
        if !dependencies.isEmpty { lines.append("depends_on: [\(dependencies.joined(separator: ", "))]") }
        if let doneWhen { lines.append("done when: \(doneWhen)") }
        return lines
    }
}

/// How a workplan numbers its tasks, read from the tasks it has: `RAILIANCE-WP-0004-I07` is
/// the letter `I`, two digits. The letters most of its tasks use win (the last task's on a tie);
/// a workplan without tasks numbers them `T01`, `T02`, ….
struct TaskIDScheme: Hashable, Sendable {
    /// 1–3 capitals: `T`, `I`.
    var letters: String
    /// True for `D-01`: a `-` between letters and digits.
    var hyphen: Bool
    /// Digits at least (zero-padded).
    var width: Int

    static let `default` = TaskIDScheme(letters: "T", hyphen: false, width: 2)

    init(letters: String, hyphen: Bool, width: Int) {
        self.letters = letters
        self.hyphen = hyphen
        self.width = width
    }

    /// The scheme of `workplan`'s tasks.
    init(of workplan: Workplan) {
        var counts: [TaskIDScheme: Int] = [:]
        var lastSeen: [TaskIDScheme: Int] = [:]
        for (index, task) in workplan.tasks.enumerated() {
            guard let parts = Self.parts(of: task.id, in: workplan.id) else { continue }
            let key = TaskIDScheme(letters: parts.letters, hyphen: parts.hyphen, width: 0)
            counts[key, default: 0] += 1
            lastSeen[key] = index
        }
        guard let best = counts.max(by: { ($0.value, lastSeen[$0.key] ?? 0) < ($1.value, lastSeen[$1.key] ?? 0) })?.key else {
            self = .default
            return
        }
        let width = workplan.tasks.compactMap { Self.parts(of: $0.id, in: workplan.id) }
            .filter { $0.letters == best.letters && $0.hyphen == best.hyphen }.map(\.digits.count).max() ?? 2
        self.init(letters: best.letters, hyphen: best.hyphen, width: width)
    }

    /// `I`, no hyphen, `07` for `RAILIANCE-WP-0004-I07` in `RAILIANCE-WP-0004`.
    static func parts(of id: String, in workplanID: String) -> (letters: String, hyphen: Bool, digits: Substring)? {
        guard id.hasPrefix(workplanID + "-") else { return nil }
        let suffix = id.dropFirst(workplanID.count + 1)
        let letters = suffix.prefix { $0.isASCII && $0.isUppercase }
        guard (1...3).contains(letters.count) else { return nil }
        var rest = suffix.dropFirst(letters.count)
        let hyphen = rest.first == "-"
        if hyphen { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return (String(letters), hyphen, rest)
    }

    /// The id with `number`.
    func id(_ number: Int, in workplanID: String) -> String {
        "\(workplanID)-\(letters)\(hyphen ? "-" : "")\(String(number).leftPadded(to: width))"
    }

    /// The id after the highest number any element of the workspace has in this scheme, not taken.
    func next(in workplan: Workplan, graph: WorkspaceGraph) -> String {
        var highest = 0
        var width = self.width
        let prefix = "\(workplan.id)-\(letters)\(hyphen ? "-" : "")"
        for node in graph.nodes where node.id.hasPrefix(prefix) {
            let digits = node.id.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { continue }
            highest = max(highest, number)
            width = max(width, digits.count)
        }
        let scheme = TaskIDScheme(letters: letters, hyphen: hyphen, width: width)
        var next = highest + 1
        while !graph.nodes(withID: scheme.id(next, in: workplan.id)).isEmpty { next += 1 }
        return scheme.id(next, in: workplan.id)
    }
}
