import Foundation
@_exported import WorkplanKit

/// The day every harness runs on (gate evidence ages, dates edits write).
public let fuzzToday = CalendarDate("2026-11-28")!

/// Renders a view in each of its formats, as the commands do; only a trap matters here.
public func renderAll(_ view: some OutputView) {
    for format in type(of: view).formats { _ = try? view.render(format, in: RenderContext()) }
}

/// Stops the run on a broken invariant. libFuzzer records the trap as a crash and keeps
/// the input (`crash-<sha1>`); the message says which invariant and where.
public func invariantViolated(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    FileHandle.standardError.write(Data("\n==== wp invariant violated: \(message)\n".utf8))
    fatalError("wp invariant violated: \(message)", file: file, line: line)
}

/// The lines of a file as wp numbers them, measured independently of the library:
/// a UTF-8 BOM is not counted; LF, CRLF and a lone CR each end a line; a column
/// counts code points (bytes that are not UTF-8 continuation bytes).
public struct FileShape: Sendable {
    public let path: String
    /// Code points per line, line 1 first.
    public let lineLengths: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        var lengths: [Int] = []
        var current = 0
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 || byte == 13 {
                lengths.append(current)
                current = 0
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else if byte & 0xC0 != 0x80 {
                current += 1
            }
            index += 1
        }
        lengths.append(current)
        lineLengths = lengths
    }

    /// True when `location` names this file at a line it has and a column at most one past that line's end.
    public func contains(_ location: SourceLocation) -> Bool {
        guard location.path == path, location.line >= 1, location.line <= lineLengths.count else { return false }
        return location.column >= 1 && location.column <= lineLengths[location.line - 1] + 1
    }

    public func require(_ location: SourceLocation, _ what: @autoclosure () -> String) {
        guard !contains(location) else { return }
        let length = location.line >= 1 && location.line <= lineLengths.count ? "\(lineLengths[location.line - 1])" : "-"
        invariantViolated("\(what()) at \(location.path):\(location.line):\(location.column) lies outside \(path) "
            + "(\(lineLengths.count) lines; that line has \(length) code points)")
    }
}

/// Files by display path, to check that every position a workspace reports names a file
/// it read at a place that file has.
public struct FileShapes: Sendable {
    public var shapes: [String: FileShape] = [:]

    public init(_ files: [String: [UInt8]]) {
        for (path, bytes) in files { shapes[path] = FileShape(path: path, bytes: bytes) }
    }

    public func require(_ location: SourceLocation, _ what: @autoclosure () -> String) {
        guard let shape = shapes[location.path] else {
            invariantViolated("\(what()) names \(location.path):\(location.line):\(location.column), a file the workspace does not hold "
                + "(files: \(shapes.keys.sorted().joined(separator: ", ")))")
        }
        shape.require(location, what())
    }
}

/// Every position a parsed file reports, with what it is the position of.
public func positions(of parsed: ParsedFile) -> [(SourceLocation, String)] {
    var found: [(SourceLocation, String)] = parsed.diagnostics.map { ($0.location, "diagnostic [\($0.rule)] \($0.message.prefix(120))") }
    for gate in parsed.gates {
        found += positions(ofGate: gate)
    }
    if let workplan = parsed.workplan { found += positions(of: workplan) }
    return found
}

public func positions(ofGate gate: Gate) -> [(SourceLocation, String)] {
    [(gate.location, "gate \(gate.id)")] + positions(of: gate.fields, "gate \(gate.id) field")
}

public func positions(of workplan: Workplan) -> [(SourceLocation, String)] {
    var found: [(SourceLocation, String)] = [(workplan.location, "workplan \(workplan.id)")]
    if let front = workplan.frontMatter { found += positions(of: front, "front matter") }
    found += workplan.dependsOn.map { ($0.location, "workplan depends_on \($0.text)") }
    found += workplan.proseReferences.map { ($0.location, "prose reference \($0.text)") }
    found += workplan.suppressions.map { ($0.location, "suppression") }
    for task in workplan.tasks {
        found.append((task.location, "task \(task.id)"))
        if let title = task.titleLocation { found.append((title, "task \(task.id) title")) }
        if let doneWhen = task.doneWhenLocation { found.append((doneWhen, "task \(task.id) done-when")) }
        found += task.dependsOn.map { ($0.location, "task \(task.id) depends_on \($0.text)") }
        found += positions(of: task.fields, "task \(task.id) field")
    }
    for decision in workplan.decisions {
        found.append((decision.location, "decision \(decision.id)"))
        if let resolution = decision.resolutionLocation { found.append((resolution, "decision \(decision.id) resolution")) }
        found += decision.blocks.map { ($0.location, "decision \(decision.id) blocks \($0.text)") }
        if let fields = decision.fields { found += positions(of: fields, "decision \(decision.id) field") }
    }
    for gate in workplan.gates { found += positions(ofGate: gate) }
    return found
}

/// The positions of every node of a YAML value; iterative, as YAML nests as deep as the node budget.
public func positions(of value: YAMLValue, _ what: String) -> [(SourceLocation, String)] {
    var found: [(SourceLocation, String)] = []
    var stack = [value]
    while let next = stack.popLast() {
        found.append((next.location, "\(what) node"))
        switch next {
        case .scalar: break
        case .sequence(let items, _): stack += items
        case .mapping(let entries, _):
            for entry in entries {
                found.append((entry.keyLocation, "\(what) key '\(entry.key.prefix(40))'"))
                stack.append(entry.value)
            }
        }
    }
    return found
}
