/// What one markdown file holds: a workplan (when it has front matter) and
/// gates (which may also live in runbooks without front matter).
public struct ParsedFile: Sendable {
    /// The path as positions show it.
    public var path: String
    public var workplan: Workplan?
    /// Gates defined in a file that is not a workplan.
    public var gates: [Gate]
    /// Problems that kept part of the file from being read.
    public var diagnostics: [Diagnostic]
    /// The file as read; nil when it is not UTF-8 text.
    public var source: SourceFile?

    /// The parse without the YAML trees of its front matter, tasks and decisions (``WorkspaceLoader/keepsYAMLTrees``):
    /// every field wp reads from them is kept in the model's own properties. Gates keep theirs.
    func droppingYAMLTrees() -> ParsedFile {
        guard var workplan else { return self }
        var file = self
        workplan.frontMatter = nil
        for index in workplan.tasks.indices { workplan.tasks[index].fields = .mapping([], workplan.tasks[index].location) }
        for index in workplan.decisions.indices { workplan.decisions[index].fields = nil }
        file.workplan = workplan
        return file
    }

    init(path: String, workplan: Workplan? = nil, gates: [Gate] = [], diagnostics: [Diagnostic], source: SourceFile? = nil) {
        self.path = path
        self.workplan = workplan
        self.gates = gates
        self.diagnostics = diagnostics
        self.source = source
    }
}

/// One file as the parser read it: where it is, its bytes and line table, and the
/// structure found in it. Kept in the ``Workspace`` so that an edit works on what
/// was read, instead of reading, scanning and parsing the file a second time.
public struct SourceFile: Sendable {
    /// Absolute path of the file (for a git peer's file: its path inside wp's cache,
    /// where no file is: git peers are never edited).
    public let absolutePath: String
    /// The bytes and the line table; `text.path` is the path as positions show it.
    let text: SourceText
    /// The front matter's lines, from the opening `---` to the closing one; nil without one.
    let frontMatterLines: ClosedRange<Int>?
    /// The blocks cmark found, read with the front matter blanked; nil when the
    /// file was not read that far (front matter not closed, markdown too complex).
    let outline: MarkdownOutline?

    /// The path as positions show it (relative to the repo root, or `peer:path`).
    public var displayPath: String { text.path }
    /// The bytes exactly as read.
    public var bytes: [UInt8] { text.original }
}

/// Parses one workplan file: front matter, ```` ```task ````, ```` ```decision ````
/// and ```` ```gate ```` blocks, prose decisions and prose references.
public struct WorkplanParser: Sendable {
    /// The repo the file is read from; becomes `Workplan.repo`.
    public var repo: String
    /// The decision lifecycle: which status a prose decision without a status word, or with
    /// a `**Resolution:**` paragraph, is in.
    public var decisions: Lifecycle

    public init(repo: String, decisions: Lifecycle = .decision) {
        self.repo = repo
        self.decisions = decisions
    }

    /// Parses raw file bytes; `path` is how the file is named in positions, `absolutePath`
    /// where it is (`path` when not given).
    public func parse(path: String, absolutePath: String? = nil, bytes: [UInt8]) -> ParsedFile {
        switch SourceText.decode(path: path, raw: bytes) {
        case .failure(.notText(let line, let column)):
            return ParsedFile(path: path, diagnostics: [Diagnostic(
                check: .notText, severity: .error,
                message: "file is not text (it contains a NUL byte); move binary files out of the workplan folders or narrow `include:` in .wp.yaml",
                location: SourceLocation(path: path, line: line, column: column))])
        case .failure(.invalidUTF8(let line, let column)):
            return ParsedFile(path: path, diagnostics: [Diagnostic(
                check: .invalidUTF8, severity: .error,
                message: "file is not valid UTF-8; re-save it as UTF-8",
                location: SourceLocation(path: path, line: line, column: column))])
        case .success(let source):
            var builder = FileBuilder(source: source, absolutePath: absolutePath ?? path, repo: repo, decisions: decisions)
            return builder.build()
        }
    }
}

/// The state of parsing one file; a value used once.
private struct FileBuilder {
    let source: SourceText
    let absolutePath: String
    /// The source with front matter blanked: what cmark read, so its byte offsets apply here.
    var markdown: SourceText
    let repo: String
    /// A prose decision's status when it names none (`pending` by default): the decision
    /// lifecycle's first initial status.
    let undecided: Status
    /// A prose decision's status once a `**Resolution:**` follows it (`resolved` by default):
    /// the first succeeded status (else complete); nil keeps the status the prose gave.
    let decided: Status?
    var diagnostics: [Diagnostic] = []

    init(source: SourceText, absolutePath: String, repo: String, decisions: Lifecycle) {
        self.source = source
        self.absolutePath = absolutePath
        self.markdown = source
        self.repo = repo
        undecided = decisions.status(for: .initial) ?? decisions.statuses.first ?? Status("")
        decided = decisions.status(for: .succeeded) ?? decisions.status(for: .complete)
    }

    var path: String { source.path }

    /// The file as read, for ``ParsedFile/source``.
    func sourceFile(frontMatter: ClosedRange<Int>?, outline: MarkdownOutline?) -> SourceFile {
        SourceFile(absolutePath: absolutePath, text: source, frontMatterLines: frontMatter, outline: outline)
    }

    mutating func build() -> ParsedFile {
        let frontMatterRange = findFrontMatter()
        var frontMatter: YAMLValue?
        var markdownSource = source
        var frontMatterLines: ClosedRange<Int>?
        if let range = frontMatterRange {
            guard let closing = range.closingLine else {
                diagnostics.append(Diagnostic(
                    check: .frontMatter, severity: .error,
                    message: "front matter starts with '---' on line 1 but has no closing '---' line; add one after the last front-matter field",
                    location: source.location(line: 1, column: 1)))
                return ParsedFile(path: path, diagnostics: diagnostics, source: sourceFile(frontMatter: nil, outline: nil))
            }
            frontMatterLines = 1...closing
            let yamlText = closing > 2 ? source.text(lines: 2, through: closing - 1) : ""
            let problemsBefore = diagnostics.count
            frontMatter = loadYAML(yamlText, firstLine: 2, columnOffset: 0, what: "front matter")
            if frontMatter == nil, diagnostics.count == problemsBefore {
                // Nothing but blank lines or comments: the file meant to be a workplan, and its tasks
                // must not vanish without a word.
                diagnostics.append(Diagnostic(
                    rule: "front-matter", severity: .error,
                    message: "front matter is empty; give the workplan's `id`, `title` and `status` between the `---` lines",
                    location: source.location(line: 1, column: 1)))
            }
            if frontMatter != nil, frontMatter?.entries == nil {
                diagnostics.append(Diagnostic(
                    check: .frontMatter, severity: .error,
                    message: "front matter must be a mapping of `key: value` fields",
                    location: frontMatter!.location))
                frontMatter = nil
            }
            markdownSource = blankingLines(1...closing)
        }

        markdown = markdownSource
        let outline: MarkdownOutline
        switch MarkdownOutline.read(markdownSource) {
        case .success(let read):
            outline = read
        case .failure(let excess):
            // Nothing of the file is read: a workplan without its tasks could pass a gate it should fail.
            diagnostics.append(Diagnostic(
                check: .markdownTooComplex, severity: .error, message: excess.message,
                location: source.location(line: excess.line, column: excess.column)))
            return ParsedFile(path: path, diagnostics: diagnostics, source: sourceFile(frontMatter: frontMatterLines, outline: nil))
        }
        let kept = sourceFile(frontMatter: frontMatterLines, outline: outline)
        let headings = outline.blocks.compactMap { block -> MarkdownOutline.Heading? in
            if case .heading(let heading) = block { return heading }
            return nil
        }
        let paragraphs = outline.blocks.compactMap { block -> MarkdownOutline.Paragraph? in
            if case .paragraph(let paragraph) = block { return paragraph }
            return nil
        }

        let workplanID = frontMatter?["id"]?.string ?? idFromFileName()
        // Where each heading's section ends, and where the task blocks are: found once here, so
        // no task looks through the whole document for its section's end or its body.
        let sectionEnds = sectionEndLines(headings)
        let taskFenceLines = outline.blocks.compactMap { block -> Int? in
            if case .codeBlock(let code) = block, code.isFenced, code.language == "task" { return code.line }
            return nil
        }
        var nextTaskFence = 0  // index into taskFenceLines of the first fence after the current block
        var lastHeadingIndex: Int?
        var tasks: [Workplan.Task] = []
        var decisions: [Decision] = []
        var gates: [Gate] = []
        var lastHeading: MarkdownOutline.Heading?
        var proseDecisionOpen: Int?  // index into `decisions` awaiting a resolution
        var excludedLines: [ClosedRange<Int>] = []
        if let closing = frontMatterRange?.closingLine { excludedLines.append(1...closing) }

        for block in outline.blocks {
            switch block {
            case .heading(let heading):
                lastHeading = heading
                lastHeadingIndex = lastHeadingIndex.map { $0 + 1 } ?? 0
                proseDecisionOpen = nil
            case .opaque(let start, let end):
                excludedLines.append(start...max(start, end))
            case .codeBlock(let code):
                excludedLines.append(code.line...max(code.line, code.endLine))
                guard code.isFenced else { continue }
                switch code.language {
                case "task":
                    while nextTaskFence < taskFenceLines.count, taskFenceLines[nextTaskFence] <= code.line { nextTaskFence += 1 }
                    // The section runs to the next heading of the same or a higher level (any level without a heading).
                    let sectionEnd = lastHeadingIndex.map { sectionEnds[$0] } ?? (headings.first.map { $0.line - 1 } ?? source.lineCount)
                    let nextTask = nextTaskFence < taskFenceLines.count ? taskFenceLines[nextTaskFence] - 1 : source.lineCount
                    if let task = makeTask(code, heading: lastHeading, sectionEnd: sectionEnd, bodyEnd: Swift.min(sectionEnd, nextTask),
                                           paragraphs: paragraphs, workplanID: workplanID) {
                        tasks.append(task)
                    }
                case "decision":
                    if let decision = makeBlockDecision(code, heading: lastHeading, workplanID: workplanID) {
                        decisions.append(decision)
                    }
                case "gate":
                    if let gate = makeGate(code) { gates.append(gate) }
                default:
                    break
                }
            case .paragraph(let paragraph):
                // Only `**…` / `__…` paragraphs can be decisions or resolutions: skip the rest without copying text.
                guard startsWithEmphasis(paragraph) else { continue }
                let text = paragraphText(paragraph)
                let location = source.location(line: paragraph.line, column: paragraph.column)
                if let decision = ProseDecision.parseDecision(text, location: location, workplanID: workplanID ?? "", undecided: undecided) {
                    decisions.append(decision)
                    proseDecisionOpen = decisions.count - 1
                } else if let open = proseDecisionOpen,
                          let resolution = ProseDecision.parseResolution(text, location: location) {
                    if let decided { decisions[open].status = decided }
                    decisions[open].resolution = resolution.text
                    decisions[open].decidedOn = resolution.date
                    decisions[open].decidedBy = resolution.by
                    decisions[open].resolutionLocation = location
                    proseDecisionOpen = nil
                }
            }
        }

        let proseReferences = ProseReferenceScanner(source: markdownSource, excludedLines: excludedLines, paragraphs: paragraphs)
            .scanAll()

        guard let frontMatter else {
            if frontMatterRange == nil, let first = tasks.first {
                diagnostics.append(Diagnostic(
                    check: .frontMatter, severity: .error,
                    message: "task block in a file without front matter; add front matter with the workplan's `id`, `title` and `status`",
                    location: first.location))
            }
            return ParsedFile(path: path, gates: gates, diagnostics: diagnostics, source: kept)
        }
        let id = workplanID ?? ""
        if workplanID == nil {
            diagnostics.append(Diagnostic(
                check: .frontMatter, severity: .error,
                message: "front matter has no `id` and the file name does not start with one; add `id: PREFIX-WP-0001`",
                location: frontMatter.location))
        }
        let title = frontMatter["title"]?.string
            ?? headings.first(where: { $0.level == 1 })?.text
            ?? path
        let workplan = Workplan(
            id: id,
            title: title,
            status: Status(frontMatter["status"]?.string ?? ""),
            repo: repo,
            path: path,
            owner: frontMatter["owner"]?.string,
            created: frontMatter["created"]?.string,
            updated: frontMatter["updated"]?.string,
            planningPriority: frontMatter["planning_priority"]?.string,
            planningOrder: frontMatter["planning_order"]?.string.flatMap { Int($0) },
            dependsOn: references(frontMatter["depends_on"], kind: .dependsOn),
            frontMatter: frontMatter,
            location: source.location(line: 1, column: 1),
            tasks: tasks,
            decisions: decisions,
            gates: gates,
            proseReferences: proseReferences)
        var result = workplan
        result.suppressions = findSuppressions()
        result.contentHash = FNV1a.hash(source.bytes)
        return ParsedFile(path: path, workplan: result, diagnostics: diagnostics, source: kept)
    }

    /// `wp-lint: ignore rule[, rule] -- reason` anywhere on a line.
    private func findSuppressions() -> [Suppression] {
        let marker = Array("wp-lint: ignore".utf8)
        let bytes = source.bytes
        var result: [Suppression] = []
        var index = 0
        while let found = bytes.firstOffset(of: marker, from: index) {
            index = found
            let position = source.position(ofByte: index)
            let lineEnd = source.byteRange(ofLine: position.line).upperBound
            var text = String(decoding: bytes[(index + marker.count)..<lineEnd], as: UTF8.self)
            if let close = text.range(of: "-->") { text = String(text[..<close.lowerBound]) }
            let parts = text.components(separatedBy: "--")
            let rules = parts[0].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            let reason = parts.count > 1 ? parts[1...].joined(separator: "--").trimmingWhitespace() : ""
            result.append(Suppression(rules: rules, reason: reason, location: source.location(line: position.line, column: position.column)))
            index = lineEnd
        }
        return result
    }

    /// The paragraph's text from its first character (container markers such as `- ` or `> ` on the first line excluded).
    private func paragraphText(_ paragraph: MarkdownOutline.Paragraph) -> String {
        let end = markdown.byteRange(ofLine: paragraph.endLine).upperBound
        guard paragraph.startByte < end else { return "" }
        return String(decoding: markdown.bytes[paragraph.startByte..<end], as: UTF8.self)
    }

    /// `**Done when`, `__Done when` or `Done when`, checked on the bytes.
    private func startsWithDoneWhen(_ paragraph: MarkdownOutline.Paragraph) -> Bool {
        let label = Array("Done when".utf8)
        var start = paragraph.startByte
        if startsWithEmphasis(paragraph) { start += 2 }
        let bytes = markdown.bytes
        guard start + label.count <= bytes.count else { return false }
        return bytes[start..<start + label.count].elementsEqual(label)
    }

    private func startsWithEmphasis(_ paragraph: MarkdownOutline.Paragraph) -> Bool {
        let bytes = markdown.bytes
        let start = paragraph.startByte
        guard start + 1 < bytes.count else { return false }
        return (bytes[start] == UInt8(ascii: "*") && bytes[start + 1] == UInt8(ascii: "*"))
            || (bytes[start] == UInt8(ascii: "_") && bytes[start + 1] == UInt8(ascii: "_"))
    }

    // MARK: Front matter

    struct FrontMatterRange {
        var closingLine: Int?
    }

    func findFrontMatter() -> FrontMatterRange? {
        guard source.lineCount >= 1, isDelimiter(line: 1, allowDots: false) else { return nil }
        var line = 2
        while line <= source.lineCount {
            if isDelimiter(line: line, allowDots: true) { return FrontMatterRange(closingLine: line) }
            line += 1
        }
        return FrontMatterRange(closingLine: nil)
    }

    private func isDelimiter(line: Int, allowDots: Bool) -> Bool {
        let range = source.byteRange(ofLine: line)
        var end = range.upperBound
        while end > range.lowerBound, source.bytes[end - 1].isSpaceOrTab { end -= 1 }
        guard end - range.lowerBound == 3 else { return false }
        let slice = source.bytes[range.lowerBound..<end]
        return slice.elementsEqual("---".utf8) || (allowDots && slice.elementsEqual("...".utf8))
    }

    /// A copy of the source with `lines` emptied, so cmark never sees front
    /// matter (it would read it as a thematic break and a setext heading)
    /// while every later line keeps its number.
    private func blankingLines(_ lines: ClosedRange<Int>) -> SourceText {
        let end = source.byteRange(ofLine: lines.upperBound).upperBound
        var bytes = [UInt8](repeating: 10, count: lines.count - 1)
        bytes.append(contentsOf: source.bytes[end...])
        return SourceText(path: source.path, normalizedBytes: bytes)
    }

    private func idFromFileName() -> String? {
        let name = Array((path.split(separator: "/").last.map(String.init) ?? path).utf8)
        guard let end = IDGrammar.scanWorkplanID(name, from: 0) else { return nil }
        return String(decoding: name[..<end], as: UTF8.self)
    }

    // MARK: YAML

    private mutating func loadYAML(_ text: String, firstLine: Int, columnOffset: Int, lineOffsets: [Int] = [], what: String) -> YAMLValue? {
        let loader = YAMLLoader(path: path, firstLine: firstLine, columnOffset: columnOffset, lineOffsets: lineOffsets,
                                maximumDepth: Limits.yamlNestingDepth, fileLineCount: source.lineCount)
        switch loader.load(text) {
        case .success(let value):
            return value
        case .failure(.syntax(let message, let location)):
            diagnostics.append(Diagnostic(
                check: .yamlSyntax, severity: .error, message: "\(what): \(message); fix the YAML so the \(what) can be read",
                location: location))
            return nil
        case .failure(.tooLarge(let location)):
            diagnostics.append(Diagnostic(
                check: .yamlTooLarge, severity: .error,
                message: "\(what) expands to more than \(YAMLLoader.nodeBudget) YAML nodes (through aliases?); write the values out plainly",
                location: location))
            return nil
        case .failure(.aliasHeavy(let location)):
            diagnostics.append(Diagnostic(
                rule: "yaml-too-large", severity: .error,
                message: "\(what) repeats more through aliases than its size allows (at most \(Limits.yamlAliasNodesPerByte) nodes "
                    + "per byte of its text); write the values out plainly",
                location: location))
            return nil
        }
    }

    /// Loads a fenced block's YAML; the content starts on the line after the fence.
    private mutating func loadBlock(_ code: MarkdownOutline.CodeBlock, what: String) -> YAMLValue? {
        let problemsBefore = diagnostics.count
        guard let value = loadYAML(code.literal, firstLine: code.line + 1, columnOffset: code.column - 1,
                                   lineOffsets: contentOffsets(code), what: "\(what) block") else {
            if diagnostics.count == problemsBefore {
                diagnostics.append(Diagnostic(
                    check: .blockShape, severity: .error,
                    message: "empty \(what) block; write its fields as YAML (`id:`, `status:` …)",
                    location: source.location(line: code.line, column: code.column)))
            }
            return nil
        }
        guard value.entries != nil else {
            diagnostics.append(Diagnostic(
                check: .blockShape, severity: .error,
                message: "\(what) block must be a YAML mapping of `key: value` fields, found a \(value.typeName)",
                location: value.location))
            return nil
        }
        return value
    }

    /// How many columns each content line of a fenced block lost to container
    /// and fence indentation: the literal line is what remains of the source line.
    private func contentOffsets(_ code: MarkdownOutline.CodeBlock) -> [Int] {
        guard code.column > 1 else { return [] }
        let literalLines = code.literal.split(separator: "\n", omittingEmptySubsequences: false)
        return literalLines.enumerated().map { index, literal in
            let sourceLine = code.line + 1 + index
            guard sourceLine <= source.lineCount else { return code.column - 1 }
            let raw = source.lineText(sourceLine)
            // Aligned on the text after the line's leading blanks: where the container's indent
            // ends inside a tab, cmark writes the rest of that tab as spaces, so the literal line
            // is not a suffix of the file's line, but what follows the blanks is.
            let text = literal.drop { $0 == " " || $0 == "\t" }
            guard raw.hasSuffix(text) else { return code.column - 1 }
            return raw.unicodeScalars.count - literal.unicodeScalars.count
        }
    }

    private func references(_ value: YAMLValue?, kind: Reference.Kind) -> [Reference] {
        guard let value else { return [] }
        if let items = value.items {
            return items.compactMap { item in
                item.string.map { Reference(parsing: $0, kind: kind, location: item.location) }
            }
        }
        if let text = value.string {
            return [Reference(parsing: text, kind: kind, location: value.location)]
        }
        return []
    }

    // MARK: Blocks

    /// For each heading, the last line of its section: the line before the next heading of the
    /// same or a higher level, or the file's last line. One pass with a stack of open headings.
    private func sectionEndLines(_ headings: [MarkdownOutline.Heading]) -> [Int] {
        var ends = [Int](repeating: source.lineCount, count: headings.count)
        var open: [Int] = []
        for (index, heading) in headings.enumerated() {
            while let last = open.last, headings[last].level >= heading.level {
                ends[last] = heading.line - 1
                open.removeLast()
            }
            open.append(index)
        }
        return ends
    }

    /// The task of a ```` ```task ```` block. Its section (`sectionLines`) runs to `sectionEnd`; its body and
    /// "Done when" to `bodyEnd`, which also stops before the next task block.
    private mutating func makeTask(
        _ code: MarkdownOutline.CodeBlock, heading: MarkdownOutline.Heading?, sectionEnd: Int, bodyEnd: Int,
        paragraphs: [MarkdownOutline.Paragraph], workplanID: String?
    ) -> Workplan.Task? {
        guard let fields = loadBlock(code, what: "task") else { return nil }
        let location = source.location(line: code.line, column: code.column)
        guard let id = fields["id"]?.string else {
            diagnostics.append(Diagnostic(
                check: .blockShape, severity: .error,
                message: "task block has no `id`; add `id: \(workplanID ?? "PREFIX-WP-0001")-T01` (the next free number)",
                location: location))
            return nil
        }
        let bodyStart = code.endLine + 1
        var doneWhen: String?
        var doneWhenLocation: SourceLocation?
        // Paragraphs are in line order: start at the body's first one, stop past its end.
        var low = 0
        var high = paragraphs.count
        while low < high {
            let middle = (low + high) / 2
            if paragraphs[middle].line < bodyStart { low = middle + 1 } else { high = middle }
        }
        for paragraph in paragraphs[low...] {
            guard paragraph.line <= bodyEnd else { break }
            guard startsWithDoneWhen(paragraph) else { continue }
            let text = paragraphText(paragraph)
            if let criterion = ProseDecision.labelledText(text, label: "Done when") {
                doneWhen = criterion
                doneWhenLocation = source.location(line: paragraph.line, column: paragraph.column)
                break
            }
        }
        return Workplan.Task(
            id: id,
            status: Status(fields["status"]?.string ?? ""),
            title: heading?.text ?? id,
            priority: fields["priority"]?.string,
            repo: fields["repo"]?.string,
            owner: fields["owner"]?.string,
            dependsOn: references(fields["depends_on"], kind: .dependsOn),
            reason: fields["reason"]?.string,
            evidence: fields["evidence"]?.string,
            fields: fields,
            location: location,
            titleLocation: heading.map { source.location(line: $0.line, column: $0.column) },
            bodyLines: bodyStart <= bodyEnd ? bodyStart...bodyEnd : nil,
            sectionLines: (heading?.line ?? code.line)...max(sectionEnd, code.endLine),
            doneWhen: doneWhen,
            doneWhenLocation: doneWhenLocation)
    }

    private mutating func makeBlockDecision(
        _ code: MarkdownOutline.CodeBlock, heading: MarkdownOutline.Heading?, workplanID: String?
    ) -> Decision? {
        guard let fields = loadBlock(code, what: "decision") else { return nil }
        let location = source.location(line: code.line, column: code.column)
        guard let written = fields["id"]?.string else {
            diagnostics.append(Diagnostic(
                check: .blockShape, severity: .error,
                message: "decision block has no `id`; add `id: \(workplanID ?? "PREFIX-WP-0001")-D01`",
                location: location))
            return nil
        }
        var id = written
        if let workplanID, let short = IDGrammar.canonicalShortID(written) { id = "\(workplanID)-\(short)" }
        return Decision(
            id: id,
            title: fields["title"]?.string ?? heading?.text ?? id,
            status: Status(fields["status"]?.string ?? ""),
            resolution: fields["resolution"]?.string,
            decidedBy: fields["decided_by"]?.string,
            decidedOn: fields["decided_on"]?.string,
            blocks: references(fields["blocks"], kind: .blocks),
            form: .block,
            fields: fields,
            location: location)
    }

    private mutating func makeGate(_ code: MarkdownOutline.CodeBlock) -> Gate? {
        guard let fields = loadBlock(code, what: "gate") else { return nil }
        let location = source.location(line: code.line, column: code.column)
        guard let id = fields["id"]?.string else {
            diagnostics.append(Diagnostic(
                check: .blockShape, severity: .error,
                message: "gate block has no `id`; add `id: <repo>/<name>` (e.g. `id: my-app/promote-production`)",
                location: location))
            return nil
        }
        return Gate(id: id, title: fields["title"]?.string, fields: fields, location: location)
    }
}
