import Foundation

/// `wp new workplan` and `wp new task`: new elements from templates, with the
/// next free id, checked like every other edit.
extension WorkplanEditor {
    // MARK: New task

    /// Adds a task with the next free `T` number at the end of the workplan's
    /// `Tasks` section (a `## Tasks` section is added at the end when there is none).
    public func planNewTask(workplan id: String, title: String, template: Template? = nil) throws(EditError) -> EditPlan {
        let title = try checkedTitle(title)
        let target = try locate(id)
        guard target.kind == .workplan else {
            throw EditError.refused(.notAWorkplanForNewTask(id: target.id, kind: target.kind.rawValue))
        }
        let file = try read(target)
        let workplan = file.workplan
        let taskID = nextTaskID(in: workplan, graph: graphBefore())
        let short = String(taskID.dropFirst(workplan.id.count + 1))
        let template = try loadTemplate(.task, root: workspace.root, given: template)
        let status = Self.initialStatus(workspace.lifecycles.task)
        let rendered = try template.render([
            "id": taskID, "title": title, "repo": workplan.repo, "today": todayText, "status": status.rawValue,
            "short_id": short, "workplan": workplan.id,
        ])
        var lines = rendered.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingWhitespace().isEmpty { lines.removeLast() }
        while let first = lines.first, first.trimmingWhitespace().isEmpty { lines.removeFirst() }

        // Where it goes: after the last non-blank line of the Tasks section.
        let raw = file.raw
        let headings = file.headings
        var lastContent: Int
        var taskLevel = 3
        var addsSection = false
        if let section = headings.first(where: { $0.text.trimmingWhitespace().lowercased() == "tasks" }) {
            let end = headings.first { $0.line > section.line && $0.level <= section.level }.map { $0.line - 1 } ?? raw.lineCount
            lastContent = section.line
            for line in stride(from: end, through: section.line, by: -1) where !raw.isBlank(line: line) {
                lastContent = line
                break
            }
            taskLevel = min(section.level + 1, 6)
        } else {
            lastContent = (1...raw.lineCount).last { !raw.isBlank(line: $0) } ?? raw.lineCount
            addsSection = true
        }
        // The template's heading takes the level below the Tasks heading.
        if let index = lines.firstIndex(where: { $0.hasPrefix("#") }) {
            let hashes = lines[index].prefix { $0 == "#" }
            if hashes.count <= 6, lines[index].dropFirst(hashes.count).first == " " {
                lines[index] = String(repeating: "#", count: taskLevel) + lines[index].dropFirst(hashes.count)
            }
        }
        if addsSection { lines = ["## Tasks", ""] + lines }
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
        if let line = try bumpUpdated(&front) { summary.append(line) }
        guard let updated = ByteEdit.apply(try front.allEdits() + [ByteEdit(insert: insertion, at: raw.line(lastContent).end)], to: raw.bytes) else {
            throw EditError.failed(.overlappingEdits(path: file.displayPath))
        }
        var expectations = Expectations()
        expectations.frontMatter = front.expected
        expectations.newTasks[taskID] = status
        var checks = Checks(force: false)
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

    /// `<workplan>-T<n+1>` after the highest `T` number of the workplan, at least two digits.
    func nextTaskID(in workplan: Workplan, graph: WorkspaceGraph) -> String {
        var highest = 0
        var width = 2
        let prefix = workplan.id + "-T"
        for id in graph.nodes.map(\.id) where id.hasPrefix(prefix) {
            let digits = id.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { continue }
            highest = max(highest, number)
            width = max(width, digits.count)
        }
        var next = highest + 1
        while !graph.nodes(withID: prefix + String(next).leftPadded(to: width)).isEmpty { next += 1 }
        return prefix + String(next).leftPadded(to: width)
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
        var checks = Checks(force: false)
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
