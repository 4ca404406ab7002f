/// ``ParsedFile`` to and from the parse cache's binary form (without its source:
/// a file read from the cache has none, see ``ParseCacheStore``).
///
/// Every field of the model is written, in declaration order: an entry read back is
/// equal to the parse it was written from (`ParseCacheTests` checks that on every
/// file of `examples/`, the real corpus and `workplans/`). A new field in the model
/// needs a line here and a new ``ParseCacheStore/formatVersion``.
enum ParsedFileCoding {
    /// Nesting of YAML values written or read; the parser refuses deeper documents
    /// (``Limits/yamlNestingDepth``), so a deeper entry is corrupt. Bounds the
    /// reader's recursion on a thread's small stack.
    static let maximumDepth = Limits.yamlNestingDepth + 2

    struct TooDeep: Error {}

    static func encode(_ file: ParsedFile) throws(TooDeep) -> [UInt8] {
        var writer = FileWriter(path: file.path)
        writer.out.string(file.path)
        if let workplan = file.workplan {
            writer.out.bool(true)
            try writer.workplan(workplan)
        } else {
            writer.out.bool(false)
        }
        writer.out.number(UInt64(file.gates.count))
        for gate in file.gates { try writer.gate(gate) }
        writer.out.number(UInt64(file.diagnostics.count))
        for diagnostic in file.diagnostics { writer.diagnostic(diagnostic) }
        return writer.out.finished()
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, expectedPath: String) throws(CacheFormatError) -> ParsedFile {
        var reader = FileReader(input: try CacheReader(bytes), path: expectedPath)
        guard try reader.input.string() == expectedPath else { throw CacheFormatError(reason: "another file's entry") }
        let workplan = try reader.input.bool() ? try reader.workplan() : nil
        var gates: [Gate] = []
        let gateCount = try reader.input.count(minimumBytesEach: 4)
        gates.reserveCapacity(gateCount)
        for _ in 0..<gateCount { gates.append(try reader.gate()) }
        var diagnostics: [Diagnostic] = []
        let diagnosticCount = try reader.input.count(minimumBytesEach: 4)
        diagnostics.reserveCapacity(diagnosticCount)
        for _ in 0..<diagnosticCount { diagnostics.append(try reader.diagnostic()) }
        guard reader.input.isAtEnd else { throw CacheFormatError(reason: "bytes after the end") }
        return ParsedFile(path: expectedPath, workplan: workplan, gates: gates, diagnostics: diagnostics)
    }
}

private struct FileWriter {
    var out = CacheWriter()
    /// Locations in the file itself (nearly all) store no path.
    let path: String

    mutating func location(_ location: SourceLocation) {
        if location.path == path {
            out.bool(false)
        } else {
            out.bool(true)
            out.string(location.path)
        }
        out.number(location.line)
        out.number(location.column)
    }

    mutating func optionalLocation(_ location: SourceLocation?) {
        if let location {
            out.bool(true)
            self.location(location)
        } else {
            out.bool(false)
        }
    }

    mutating func references(_ references: [Reference]) {
        out.number(UInt64(references.count))
        for reference in references {
            out.string(reference.text)
            out.optionalString(reference.repo)
            out.string(reference.id)
            let kindCode: UInt8 = switch reference.kind {
            case .dependsOn: 0
            case .blocks: 1
            case .requires: 2
            case .prose: 3
            }
            out.byte(kindCode)
            location(reference.location)
            out.bool(reference.claimsBlocking)
        }
    }

    mutating func yaml(_ value: YAMLValue, depth: Int = 0) throws(ParsedFileCoding.TooDeep) {
        guard depth <= ParsedFileCoding.maximumDepth else { throw ParsedFileCoding.TooDeep() }
        switch value {
        case .scalar(let scalar):
            out.byte(0)
            out.string(scalar.text)
            let kindCode: UInt8 = switch scalar.kind {
            case .string: 0
            case .int: 1
            case .float: 2
            case .bool: 3
            case .null: 4
            case .timestamp: 5
            }
            out.byte(kindCode)
            let styleCode: UInt8 = switch scalar.style {
            case .plain: 0
            case .singleQuoted: 1
            case .doubleQuoted: 2
            case .literal: 3
            case .folded: 4
            }
            out.byte(styleCode)
            location(scalar.location)
        case .sequence(let items, let location):
            out.byte(1)
            self.location(location)
            out.number(UInt64(items.count))
            for item in items { try yaml(item, depth: depth + 1) }
        case .mapping(let entries, let location):
            out.byte(2)
            self.location(location)
            out.number(UInt64(entries.count))
            for entry in entries {
                out.string(entry.key)
                self.location(entry.keyLocation)
                try yaml(entry.value, depth: depth + 1)
            }
        }
    }

    mutating func optionalYAML(_ value: YAMLValue?) throws(ParsedFileCoding.TooDeep) {
        if let value {
            out.bool(true)
            try yaml(value)
        } else {
            out.bool(false)
        }
    }

    mutating func optionalNumber(_ value: Int?) {
        if let value {
            out.bool(true)
            out.number(value)
        } else {
            out.bool(false)
        }
    }

    mutating func workplan(_ workplan: Workplan) throws(ParsedFileCoding.TooDeep) {
        out.string(workplan.id)
        out.string(workplan.title)
        out.string(workplan.status.rawValue)
        out.string(workplan.repo)
        out.string(workplan.path)
        out.optionalString(workplan.owner)
        out.optionalString(workplan.created)
        out.optionalString(workplan.updated)
        out.optionalString(workplan.planningPriority)
        optionalNumber(workplan.planningOrder)
        references(workplan.dependsOn)
        try optionalYAML(workplan.frontMatter)
        location(workplan.location)
        out.number(UInt64(workplan.tasks.count))
        for task in workplan.tasks { try self.task(task) }
        out.number(UInt64(workplan.decisions.count))
        for decision in workplan.decisions { try self.decision(decision) }
        out.number(UInt64(workplan.gates.count))
        for gate in workplan.gates { try self.gate(gate) }
        references(workplan.proseReferences)
        out.number(UInt64(workplan.suppressions.count))
        for suppression in workplan.suppressions {
            out.number(UInt64(suppression.rules.count))
            for rule in suppression.rules { out.string(rule) }
            out.string(suppression.reason)
            location(suppression.location)
        }
        out.fixed64(workplan.contentHash)
    }

    mutating func task(_ task: Workplan.Task) throws(ParsedFileCoding.TooDeep) {
        out.string(task.id)
        out.string(task.status.rawValue)
        out.string(task.title)
        out.optionalString(task.priority)
        out.optionalString(task.repo)
        out.optionalString(task.owner)
        references(task.dependsOn)
        out.optionalString(task.reason)
        out.optionalString(task.evidence)
        try yaml(task.fields)
        location(task.location)
        optionalLocation(task.titleLocation)
        if let lines = task.bodyLines {
            out.bool(true)
            out.number(lines.lowerBound)
            out.number(lines.upperBound)
        } else {
            out.bool(false)
        }
        out.number(task.sectionLines.lowerBound)
        out.number(task.sectionLines.upperBound)
        out.optionalString(task.doneWhen)
        optionalLocation(task.doneWhenLocation)
    }

    mutating func decision(_ decision: Decision) throws(ParsedFileCoding.TooDeep) {
        out.string(decision.id)
        out.string(decision.title)
        out.string(decision.status.rawValue)
        out.optionalString(decision.resolution)
        out.optionalString(decision.decidedBy)
        out.optionalString(decision.decidedOn)
        references(decision.blocks)
        out.byte(decision.form == .block ? 0 : 1)
        try optionalYAML(decision.fields)
        location(decision.location)
        optionalLocation(decision.resolutionLocation)
    }

    mutating func gate(_ gate: Gate) throws(ParsedFileCoding.TooDeep) {
        out.string(gate.id)
        out.optionalString(gate.title)
        try yaml(gate.fields)
        location(gate.location)
    }

    mutating func diagnostic(_ diagnostic: Diagnostic) {
        out.string(diagnostic.rule)
        let severityCode: UInt8 = switch diagnostic.severity {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
        out.byte(severityCode)
        out.string(diagnostic.message)
        location(diagnostic.location)
        out.number(UInt64(diagnostic.notes.count))
        for note in diagnostic.notes { out.string(note) }
        if let subject = diagnostic.subject {
            out.bool(true)
            out.string(subject.repo)
            out.string(subject.id)
        } else {
            out.bool(false)
        }
    }
}

private struct FileReader {
    var input: CacheReader
    let path: String

    mutating func location() throws(CacheFormatError) -> SourceLocation {
        let path = try input.bool() ? try input.string() : self.path
        let line = try input.int()
        let column = try input.int()
        return SourceLocation(path: path, line: line, column: column)
    }

    mutating func optionalLocation() throws(CacheFormatError) -> SourceLocation? {
        try input.bool() ? try location() : nil
    }

    mutating func references() throws(CacheFormatError) -> [Reference] {
        let count = try input.count(minimumBytesEach: 7)
        var references: [Reference] = []
        references.reserveCapacity(count)
        for _ in 0..<count {
            let text = try input.string()
            let repo = try input.optionalString()
            let id = try input.string()
            let kind: Reference.Kind = switch try input.byte() {
            case 0: .dependsOn
            case 1: .blocks
            case 2: .requires
            case 3: .prose
            default: throw CacheFormatError(reason: "unknown reference kind")
            }
            let location = try location()
            let claimsBlocking = try input.bool()
            references.append(Reference(text: text, repo: repo, id: id, kind: kind, location: location, claimsBlocking: claimsBlocking))
        }
        return references
    }

    mutating func yaml(depth: Int = 0) throws(CacheFormatError) -> YAMLValue {
        guard depth <= ParsedFileCoding.maximumDepth else { throw CacheFormatError(reason: "YAML nested too deep") }
        switch try input.byte() {
        case 0:
            let text = try input.string()
            let kind: YAMLValue.Scalar.Kind = switch try input.byte() {
            case 0: .string
            case 1: .int
            case 2: .float
            case 3: .bool
            case 4: .null
            case 5: .timestamp
            default: throw CacheFormatError(reason: "unknown scalar kind")
            }
            let style: YAMLValue.Scalar.Style = switch try input.byte() {
            case 0: .plain
            case 1: .singleQuoted
            case 2: .doubleQuoted
            case 3: .literal
            case 4: .folded
            default: throw CacheFormatError(reason: "unknown scalar style")
            }
            return .scalar(YAMLValue.Scalar(text: text, kind: kind, style: style, location: try location()))
        case 1:
            let location = try location()
            let count = try input.count(minimumBytesEach: 6)
            var items: [YAMLValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try yaml(depth: depth + 1)) }
            return .sequence(items, location)
        case 2:
            let location = try location()
            let count = try input.count(minimumBytesEach: 10)
            var entries: [YAMLValue.Entry] = []
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let key = try input.string()
                let keyLocation = try self.location()
                entries.append(YAMLValue.Entry(key: key, keyLocation: keyLocation, value: try yaml(depth: depth + 1)))
            }
            return .mapping(entries, location)
        default:
            throw CacheFormatError(reason: "unknown YAML node")
        }
    }

    mutating func optionalYAML() throws(CacheFormatError) -> YAMLValue? {
        try input.bool() ? try yaml() : nil
    }

    mutating func optionalNumber() throws(CacheFormatError) -> Int? {
        try input.bool() ? try input.int() : nil
    }

    mutating func workplan() throws(CacheFormatError) -> Workplan {
        let id = try input.string()
        let title = try input.string()
        let status = Status(rawValue: try input.string())
        let repo = try input.string()
        let path = try input.string()
        let owner = try input.optionalString()
        let created = try input.optionalString()
        let updated = try input.optionalString()
        let planningPriority = try input.optionalString()
        let planningOrder = try optionalNumber()
        let dependsOn = try references()
        let frontMatter = try optionalYAML()
        let location = try location()
        let taskCount = try input.count(minimumBytesEach: 20)
        var tasks: [Workplan.Task] = []
        tasks.reserveCapacity(taskCount)
        for _ in 0..<taskCount { tasks.append(try task()) }
        let decisionCount = try input.count(minimumBytesEach: 12)
        var decisions: [Decision] = []
        decisions.reserveCapacity(decisionCount)
        for _ in 0..<decisionCount { decisions.append(try decision()) }
        let gateCount = try input.count(minimumBytesEach: 4)
        var gates: [Gate] = []
        gates.reserveCapacity(gateCount)
        for _ in 0..<gateCount { gates.append(try gate()) }
        let proseReferences = try references()
        var workplan = Workplan(
            id: id, title: title, status: status, repo: repo, path: path, owner: owner, created: created, updated: updated,
            planningPriority: planningPriority, planningOrder: planningOrder, dependsOn: dependsOn, frontMatter: frontMatter,
            location: location, tasks: tasks, decisions: decisions, gates: gates, proseReferences: proseReferences)
        let suppressionCount = try input.count(minimumBytesEach: 5)
        workplan.suppressions.reserveCapacity(suppressionCount)
        for _ in 0..<suppressionCount {
            let ruleCount = try input.count(minimumBytesEach: 1)
            var rules: [String] = []
            rules.reserveCapacity(ruleCount)
            for _ in 0..<ruleCount { rules.append(try input.string()) }
            let reason = try input.string()
            workplan.suppressions.append(Suppression(rules: rules, reason: reason, location: try self.location()))
        }
        workplan.contentHash = try input.fixed64()
        return workplan
    }

    mutating func task() throws(CacheFormatError) -> Workplan.Task {
        let id = try input.string()
        let status = Status(rawValue: try input.string())
        let title = try input.string()
        let priority = try input.optionalString()
        let repo = try input.optionalString()
        let owner = try input.optionalString()
        let dependsOn = try references()
        let reason = try input.optionalString()
        let evidence = try input.optionalString()
        let fields = try yaml()
        let location = try location()
        let titleLocation = try optionalLocation()
        var bodyLines: ClosedRange<Int>?
        if try input.bool() {
            let first = try input.int()
            let last = try input.int()
            guard first <= last else { throw CacheFormatError(reason: "body ends before it starts") }
            bodyLines = first...last
        }
        let first = try input.int()
        let last = try input.int()
        guard first <= last else { throw CacheFormatError(reason: "section ends before it starts") }
        let doneWhen = try input.optionalString()
        let doneWhenLocation = try optionalLocation()
        return Workplan.Task(
            id: id, status: status, title: title, priority: priority, repo: repo, owner: owner, dependsOn: dependsOn,
            reason: reason, evidence: evidence, fields: fields, location: location, titleLocation: titleLocation, bodyLines: bodyLines,
            sectionLines: first...last, doneWhen: doneWhen, doneWhenLocation: doneWhenLocation)
    }

    mutating func decision() throws(CacheFormatError) -> Decision {
        let id = try input.string()
        let title = try input.string()
        let status = Status(rawValue: try input.string())
        let resolution = try input.optionalString()
        let decidedBy = try input.optionalString()
        let decidedOn = try input.optionalString()
        let blocks = try references()
        let form: Decision.Form = switch try input.byte() {
        case 0: .block
        case 1: .prose
        default: throw CacheFormatError(reason: "unknown decision form")
        }
        let fields = try optionalYAML()
        let location = try location()
        let resolutionLocation = try optionalLocation()
        return Decision(
            id: id, title: title, status: status, resolution: resolution, decidedBy: decidedBy, decidedOn: decidedOn,
            blocks: blocks, form: form, fields: fields, location: location, resolutionLocation: resolutionLocation)
    }

    mutating func gate() throws(CacheFormatError) -> Gate {
        let id = try input.string()
        let title = try input.optionalString()
        let fields = try yaml()
        return Gate(id: id, title: title, fields: fields, location: try location())
    }

    mutating func diagnostic() throws(CacheFormatError) -> Diagnostic {
        let rule = try input.string()
        let severity: Severity = switch try input.byte() {
        case 0: .note
        case 1: .warning
        case 2: .error
        default: throw CacheFormatError(reason: "unknown severity")
        }
        let message = try input.string()
        let location = try location()
        let noteCount = try input.count(minimumBytesEach: 1)
        var notes: [String] = []
        notes.reserveCapacity(noteCount)
        for _ in 0..<noteCount { notes.append(try input.string()) }
        let subject = try input.bool() ? Diagnostic.Subject(repo: try input.string(), id: try input.string()) : nil
        return Diagnostic(rule: rule, severity: severity, message: message, location: location, notes: notes, subject: subject)
    }
}
