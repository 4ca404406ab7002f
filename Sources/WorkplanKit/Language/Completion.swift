import Foundation

/// One thing an editor may offer where the cursor is (`wp lsp` completion).
public struct CompletionCandidate: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// An id for `depends_on`, `blocks`, `requires` (`repo:ID` from another repo).
        case reference
        /// A status the element's lifecycle allows from its current status.
        case status
        /// A key of the block's or front matter's schema.
        case key
    }

    public var kind: Kind
    /// What the list shows (an id, a status, a key).
    public var label: String
    /// What replaces ``replacing``.
    public var insertText: String
    /// A title, or a status's roles.
    public var detail: String?
    /// A status and repo, or a schema's description of a key.
    public var documentation: String?
    /// The text typed so far that the insertion replaces (empty at the cursor).
    public var replacing: FileSpan
    /// Lists sort by this.
    public var sortKey: String
}

/// The candidates at one position.
public struct CompletionAnswer: Sendable, Hashable {
    public var candidates: [CompletionCandidate]
    /// More matched than ``Limits/completionItemsListed``: typing more narrows the list.
    public var isIncomplete: Bool

    public static let none = CompletionAnswer(candidates: [], isIncomplete: false)
}

/// The keys each schema of `schemas/` declares, with their descriptions.
public enum SchemaKeys {
    public struct Key: Sendable, Hashable {
        public var name: String
        public var description: String?
    }

    public static let workplan = keys(EmbeddedSchemas.workplan)
    public static let task = keys(EmbeddedSchemas.task)
    public static let decision = keys(EmbeddedSchemas.decision)
    public static let gate = keys(EmbeddedSchemas.gate)

    /// The keys of the schema for a kind of element's YAML (front matter for a workplan).
    public static func of(_ kind: WorkspaceGraph.Kind) -> [Key] {
        switch kind {
        case .workplan: workplan
        case .task: task
        case .decision: decision
        case .gate: gate
        }
    }

    private static func keys(_ json: String) -> [Key] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let properties = object["properties"] as? [String: Any] else { return [] }
        return properties.keys.sorted().map { name in
            Key(name: name, description: (properties[name] as? [String: Any])?["description"] as? String)
        }
    }
}

extension WorkspaceSession {
    /// What may be typed at byte `offset` of the file at `displayPath`: ids in a reference
    /// list (`depends_on`, `blocks`, `requires`, a requirement's `ref`/`gate`), statuses in
    /// `status:` (those the lifecycle allows from the element's current status), or keys of
    /// the schema at the start of a line of front matter or of a task, decision or gate block.
    ///
    /// The current status is the element's status at `base` (`--base`), else in the file as
    /// saved on disk; an element found in neither is new, and may start in an initial status.
    public func completions(atOffset offset: Int, inFile displayPath: String, base: BaseSnapshot? = nil) -> CompletionAnswer {
        guard let source = source(displayPath: displayPath) else { return .none }
        let bytes = source.bytes
        let offset = min(max(offset, 0), bytes.count)
        let lineNumber = source.text.onDisk.lineNumber(ofOffset: offset)
        guard let region = YAMLRegion.containing(line: lineNumber, in: source) else { return .none }
        let line = source.lineBounds(lineNumber)
        guard offset >= line.start, offset <= line.contentEnd else { return .none }
        let before = String(decoding: bytes[line.start..<offset], as: UTF8.self)
        let indent = before.prefix { $0 == " " || $0 == "\t" }.count
        let content = before.dropFirst(indent)

        func span(_ typed: Substring) -> FileSpan { source.fileSpan((offset - typed.utf8.count)..<offset) }

        if content.hasPrefix("-") {
            // A list item: `- T04`, or a requirement mapping's first key (`- ref: T04`).
            let item = content.dropFirst().drop { $0 == " " || $0 == "\t" }
            if let colon = item.firstIndex(of: ":") {
                let key = String(item[..<colon])
                return value(of: key, typed: item[item.index(after: colon)...], region: region, source: source, span: span, base: base)
            }
            guard let owner = region.owningKey(ofLine: lineNumber, indent: indent, in: source) else { return .none }
            return value(of: owner, typed: item, region: region, source: source, span: span, base: base)
        }
        if let colon = content.firstIndex(of: ":") {
            let key = String(content[..<colon]).trimmingWhitespace()
            return value(of: key, typed: content[content.index(after: colon)...], region: region, source: source, span: span, base: base)
        }
        // The start of a key, at the mapping's own indentation.
        guard content.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
              indent == region.keyIndent(in: source) else { return .none }
        let present = region.keys(in: source, indent: indent, except: lineNumber)
        let typed = content.lowercased()
        let candidates = SchemaKeys.of(region.kind).filter { !present.contains($0.name) && $0.name.hasPrefix(typed) }.map { key in
            CompletionCandidate(kind: .key, label: key.name, insertText: key.name + ": ", detail: "\(region.kind.rawValue) field",
                                documentation: key.description, replacing: span(content), sortKey: key.name)
        }
        return CompletionAnswer(candidates: candidates, isIncomplete: false)
    }

    /// Candidates for the value of `key`, `typed` being what follows its colon so far.
    private func value(
        of key: String, typed: Substring, region: YAMLRegion, source: SourceFile, span: (Substring) -> FileSpan, base: BaseSnapshot?
    ) -> CompletionAnswer {
        let trimmedKey = key.trimmingWhitespace()
        if trimmedKey == "status", region.kind != .gate {
            let written = typed.drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
            return statuses(in: region, source: source, typed: written, span: span(written), base: base)
        }
        let referenceKinds: [WorkspaceGraph.Kind]
        switch (trimmedKey, region.kind) {
        case ("depends_on", .task), ("depends_on", .workplan): referenceKinds = [.task, .workplan, .decision]
        case ("blocks", .decision): referenceKinds = [.task, .workplan]
        case ("requires", .gate), ("ref", .gate): referenceKinds = [.workplan, .task, .decision]
        case ("gate", .gate): referenceKinds = [.gate]
        default: return .none
        }
        // The item being typed: after `[`, `,` or the key's blank, without quotes.
        var item = typed
        if let separator = typed.lastIndex(where: { $0 == "[" || $0 == "," }) { item = typed[typed.index(after: separator)...] }
        item = item.drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        guard !item.contains(where: { $0 == " " || $0 == "]" }) else { return .none }
        return references(kinds: referenceKinds, typed: String(item), file: source.displayPath, span: span(item))
    }

    private func statuses(in region: YAMLRegion, source: SourceFile, typed: Substring, span: FileSpan, base: BaseSnapshot?) -> CompletionAnswer {
        guard let lifecycle = workspace.lifecycles.of(region.kind) else { return .none }
        let id = region.elementID(in: self, source: source)
        let current = id.flatMap { savedStatus(of: $0, file: source, base: base) }
        var allowed: [Status]
        if let current, lifecycle.isKnown(current) {
            let reachable = lifecycle.transitions[current, default: []]
            allowed = lifecycle.statuses.filter { $0 == current || reachable.contains($0) }
        } else if current == nil {
            allowed = lifecycle.statuses(with: .initial)
        } else {
            allowed = lifecycle.statuses
        }
        let prefix = typed.lowercased()
        allowed = allowed.filter { prefix.isEmpty || $0.rawValue.lowercased().hasPrefix(prefix) || typed.isEmpty }
        let candidates = allowed.map { status in
            let order = lifecycle.statuses.firstIndex(of: status) ?? 0
            let roles = lifecycle.roles(of: status).sorted().map(\.rawValue).joined(separator: ", ")
            let note = current.map { $0 == status ? "the current status" : "allowed from \($0.rawValue)" } ?? "a new element's status"
            return CompletionCandidate(kind: .status, label: status.rawValue, insertText: status.rawValue,
                                       detail: roles.isEmpty ? nil : roles, documentation: note, replacing: span,
                                       sortKey: String(format: "%03d", order))
        }
        return CompletionAnswer(candidates: candidates, isIncomplete: false)
    }

    /// The status element `id` has at `base`, else in the file as saved (nil: a new element).
    private func savedStatus(of id: String, file: SourceFile, base: BaseSnapshot?) -> Status? {
        let workplans: [Workplan]
        if let base {
            workplans = base.workplans
        } else {
            guard case .success(let bytes) = WorkspaceLoader.readFile(file.absolutePath, display: file.displayPath) else { return nil }
            let repo = self.repo(ofFile: file.displayPath)?.name ?? workspace.config.repo
            let parsed = WorkplanParser(repo: repo, decisions: workspace.lifecycles.decision).parse(path: file.displayPath, bytes: bytes)
            workplans = parsed.workplan.map { [$0] } ?? []
        }
        for workplan in workplans {
            if workplan.id == id { return workplan.status }
            if let task = workplan.tasks.first(where: { $0.id == id }) { return task.status }
            if let decision = workplan.decisions.first(where: { $0.id == id }) { return decision.status }
        }
        return nil
    }

    private func references(kinds: [WorkspaceGraph.Kind], typed: String, file displayPath: String, span: FileSpan) -> CompletionAnswer {
        let contextRepo = repo(ofFile: displayPath)?.name ?? workspace.config.repo
        let contextWorkplan = workplanIndex(ofFile: displayPath)
        let wanted = typed.lowercased()
        var matches: [(rank: Int, label: String, node: Int)] = []
        for (node, value) in graph.nodes.enumerated() where kinds.contains(value.kind) {
            let label = value.repo == contextRepo ? value.id : "\(value.repo):\(value.id)"
            guard wanted.isEmpty || label.lowercased().contains(wanted) else { continue }
            var rank = value.workplanIndex == contextWorkplan && contextWorkplan != nil ? 0 : value.repo == contextRepo ? 2 : 4
            if value.isComplete { rank += 1 }
            matches.append((rank, label, node))
        }
        matches.sort { ($0.rank, $0.label) < ($1.rank, $1.label) }
        let shown = matches.prefix(Limits.completionItemsListed).enumerated().map { position, match in
            let value = graph.nodes[match.node]
            let status = value.status.map { " · \($0.rawValue)" } ?? ""
            return CompletionCandidate(kind: .reference, label: match.label, insertText: match.label, detail: value.title,
                                       documentation: "\(value.kind.rawValue)\(status) · \(value.repo)", replacing: span,
                                       sortKey: String(format: "%05d", position))
        }
        return CompletionAnswer(candidates: Array(shown), isIncomplete: matches.count > shown.count)
    }
}

/// The YAML of a file a position is in: the front matter, or a task, decision or gate block.
struct YAMLRegion {
    var kind: WorkspaceGraph.Kind
    /// First and last line of the YAML (without the fences or `---` lines).
    var lines: ClosedRange<Int>
    /// The line the block's fence opens on (nil for front matter).
    var fenceLine: Int?

    static func containing(line: Int, in source: SourceFile) -> YAMLRegion? {
        if let frontMatter = source.frontMatterLines {
            if frontMatter.upperBound > frontMatter.lowerBound + 1, line > frontMatter.lowerBound, line < frontMatter.upperBound {
                return YAMLRegion(kind: .workplan, lines: (frontMatter.lowerBound + 1)...(frontMatter.upperBound - 1), fenceLine: nil)
            }
        } else if source.lineCount > 1, source.text.lineText(1).trimmingWhitespace() == "---", line > 1 {
            // Front matter not closed yet (being typed): up to the end of the file.
            return YAMLRegion(kind: .workplan, lines: 2...source.lineCount, fenceLine: nil)
        }
        for code in source.codeBlocks where line > code.line && line <= code.endLine {
            let kind: WorkspaceGraph.Kind
            switch code.language {
            case "task": kind = .task
            case "decision": kind = .decision
            case "gate": kind = .gate
            default: return nil
            }
            let closing = source.text.lineText(code.endLine).trimmingWhitespace()
            let closed = code.endLine > code.line && closing.count >= 3 && (closing.allSatisfy { $0 == "`" } || closing.allSatisfy { $0 == "~" })
            let last = closed ? code.endLine - 1 : code.endLine
            guard line <= last else { return nil }
            return YAMLRegion(kind: kind, lines: (code.line + 1)...max(code.line + 1, last), fenceLine: code.line)
        }
        return nil
    }

    /// The indentation of the mapping's keys: its first key line's.
    func keyIndent(in source: SourceFile) -> Int {
        for line in lines {
            let text = source.text.lineText(line)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty, !trimmed.hasPrefix("#") { return text.count - trimmed.count }
        }
        return 0
    }

    /// Keys written at `indent` in the region, but on `except` (the line being typed).
    func keys(in source: SourceFile, indent: Int, except: Int) -> Set<String> {
        var keys = Set<String>()
        for line in lines where line != except {
            let text = source.text.lineText(line)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            guard text.count - trimmed.count == indent, !trimmed.hasPrefix("-"), let colon = trimmed.firstIndex(of: ":") else { continue }
            keys.insert(String(trimmed[..<colon]).trimmingWhitespace())
        }
        return keys
    }

    /// The key a list item on `line` belongs to: the nearest line above at no deeper
    /// indentation that is a `key:` (YAML lets a list's dashes stand at its key's indentation).
    func owningKey(ofLine line: Int, indent: Int, in source: SourceFile) -> String? {
        var current = line - 1
        while current >= lines.lowerBound {
            let text = source.text.lineText(current)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            let depth = text.count - trimmed.count
            if !trimmed.isEmpty, !trimmed.hasPrefix("#"), depth <= indent, !trimmed.hasPrefix("-") {
                guard let colon = trimmed.firstIndex(of: ":") else { return nil }
                return String(trimmed[..<colon]).trimmingWhitespace()
            }
            current -= 1
        }
        return nil
    }

    /// The id of the element the region belongs to.
    func elementID(in session: WorkspaceSession, source: SourceFile) -> String? {
        guard let index = session.workplanIndex(ofFile: source.displayPath) else { return nil }
        let workplan = session.graph.workplans[index]
        switch kind {
        case .workplan: return workplan.id
        case .task: return workplan.tasks.first { $0.location.line == fenceLine }?.id
        case .decision: return workplan.decisions.first { $0.location.line == fenceLine }?.id
        case .gate: return workplan.gates.first { $0.location.line == fenceLine }?.id
        }
    }
}
