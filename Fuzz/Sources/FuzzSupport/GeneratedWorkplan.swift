/// A valid workplan written from a fuzzer's choices, with the line layout of every
/// mapping and field it wrote, so that a harness can tell which lines an edit may touch
/// without asking the library.
///
/// Choices: LF or CRLF, a BOM, plain/single/double quoting, flow or block lists,
/// comments after values, a tab after the colon, trailing spaces, several tasks with
/// dependencies, a prose paragraph, with or without a `## Tasks` section.
public struct GeneratedWorkplan {
    /// Lines of one YAML mapping (front matter or a task block), 1-based, inclusive.
    public struct MappingLayout {
        public var lines: ClosedRange<Int>
        public var fields: [String: ClosedRange<Int>]
        /// Comments written after a field's value, as they appear on its line.
        public var comments: [String: String]
    }

    public static let workplanID = "FUZZ-WP-0001"

    public private(set) var bytes: [UInt8] = []
    public private(set) var frontMatter = MappingLayout(lines: 1...1, fields: [:], comments: [:])
    public private(set) var tasks: [(id: String, status: String, layout: MappingLayout)] = []
    public private(set) var lineEnding: [UInt8] = [10]
    private var line = 1

    public init(_ input: inout FuzzInput) {
        lineEnding = input.choose(4) == 0 ? [13, 10] : [10]
        if input.choose(8) == 0 { bytes += [0xEF, 0xBB, 0xBF] }
        emit("---")
        let tasksCount = 1 + input.choose(3)
        let taskIDs = (1...tasksCount).map { "\(Self.workplanID)-T0\($0)" }
        var front = Mapping(start: line)
        front.field("id", scalar(Self.workplanID, &input), &input, into: &self)
        front.field("type", "workplan", &input, into: &self)
        front.field("title", scalar(input.pick(["Fuzzed plan", "A plan: with colon", "Plan #1", "Plan's title"]), &input), &input, into: &self)
        front.field("status", input.pick(["draft", "active", "backlog", "proposed"]), &input, into: &self)
        if input.bool() { front.field("repo", "fuzz", &input, into: &self) }
        if input.bool() { front.field("owner", scalar(input.pick(["ana", "bo b", "ça"]), &input), &input, into: &self) }
        let created = input.pick(["\"2026-01-05\"", "'2026-01-05'", "2026-01-05"])
        front.field("created", created, &input, into: &self)
        if input.bool() { front.field("updated", input.pick(["\"2026-02-01\"", "'2026-02-01'", "2026-02-01", "\"\""]), &input, into: &self) }
        if input.bool() { front.field("planning_order", "\(input.choose(9))", &input, into: &self) }
        if input.choose(3) == 0 { front.list("depends_on", [], &input, into: &self) }
        frontMatter = front.finish(lastLine: line - 1)
        emit("---")
        emit("")
        emit("# Fuzzed plan")
        emit("")
        if input.bool() {
            emit(input.pick(["Some prose with `code` and a [link](https://example.org).", "Prose\tafter a tab, and *emphasis*.",
                             "A line with trailing spaces.   "]))
            emit("")
        }
        let hasSection = input.choose(4) != 0
        if hasSection {
            emit("## Tasks")
            emit("")
        }
        for (index, id) in taskIDs.enumerated() {
            emit("\(hasSection ? "###" : "##") T0\(index + 1) \(input.pick(["Do it", "Ship — it", "Fix: things"]))")
            emit("")
            let fence = input.pick(["```", "````", "~~~"])
            emit(fence + "task")
            var block = Mapping(start: line)
            block.field("id", scalar(id, &input), &input, into: &self)
            let status = input.pick(["todo", "in_progress", "blocked", "wait", "todo", "done"])
            block.field("status", status, &input, into: &self)
            if input.bool() { block.field("priority", input.pick(["high", "medium", "low"]), &input, into: &self) }
            if input.bool() { block.field("owner", scalar("ana", &input), &input, into: &self) }
            // Later tasks may depend on earlier ones only: no cycles.
            let earlier = Array(taskIDs[..<index])
            if input.bool() {
                let count = earlier.isEmpty ? 0 : input.choose(earlier.count + 1)
                let items = Array(earlier.prefix(count))
                // A done task depends only on done work; the generator keeps earlier tasks' statuses.
                let open = items.filter { dependency in tasks.first { $0.id == dependency }?.status != "done" }
                block.list("depends_on", status == "done" ? items.filter { !open.contains($0) } : items, &input, into: &self)
            }
            if status == "done" || input.choose(4) == 0 { block.field("evidence", scalar("it works", &input), &input, into: &self) }
            if status == "blocked" { block.field("reason", scalar("waiting on a review", &input), &input, into: &self) }
            tasks.append((id, status, block.finish(lastLine: line - 1)))
            emit(fence)
            emit("")
            if input.bool() {
                emit("**Done when:** it is done.")
                emit("")
            }
        }
    }

    /// A scalar in a chosen quoting style.
    private func scalar(_ text: String, _ input: inout FuzzInput) -> String {
        switch input.choose(3) {
        case 1 where !text.contains("'"): return "'\(text)'"
        case 2: return "\"\(text)\""
        default:
            let needsQuotes = text.contains(": ") || text.contains(" #") || text.hasPrefix("'") || text.hasPrefix("\"")
                || text.contains("'") && text.first == "'"
            return needsQuotes ? "\"\(text)\"" : text
        }
    }

    fileprivate mutating func emit(_ text: String) {
        bytes += Array(text.utf8) + lineEnding
        line += 1
    }

    /// Writes one mapping, keeping where each field went.
    fileprivate struct Mapping {
        let start: Int
        var fields: [String: ClosedRange<Int>] = [:]
        var comments: [String: String] = [:]

        init(start: Int) {
            self.start = start
        }

        mutating func field(_ key: String, _ value: String, _ input: inout FuzzInput, into plan: inout GeneratedWorkplan) {
            let separator = input.choose(6) == 0 ? ":\t" : ": "
            var text = key + separator + value
            if input.choose(4) == 0 {
                let comment = "  # note on \(key)"
                comments[key] = comment
                text += comment
            } else if input.choose(8) == 0 {
                text += "  "
            }
            let first = plan.line
            plan.emit(text)
            fields[key] = first...first
        }

        mutating func list(_ key: String, _ items: [String], _ input: inout FuzzInput, into plan: inout GeneratedWorkplan) {
            let first = plan.line
            if items.isEmpty || input.bool() {
                let separator = input.bool() ? ", " : ","
                plan.emit("\(key): [\(items.joined(separator: separator))]")
            } else {
                plan.emit("\(key):")
                let indent = input.pick(["  ", "", "    "])
                for item in items { plan.emit("\(indent)- \(item)") }
            }
            fields[key] = first...(plan.line - 1)
        }

        func finish(lastLine: Int) -> MappingLayout {
            MappingLayout(lines: start...max(start, lastLine), fields: fields, comments: comments)
        }
    }
}
