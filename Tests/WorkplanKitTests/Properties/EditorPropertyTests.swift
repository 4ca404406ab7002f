import Foundation
import PropertyBased
import Testing
@testable import WorkplanKit

/// Properties of the editor (issue 15) over random valid workplans — LF or CRLF, a BOM or
/// not, plain/single/double quoting, flow or block lists, comments after values, a tab
/// after the colon, trailing blanks — and random sequences of legal edits (set, start,
/// done, block, new task, list add and remove):
///
/// - the file always parses, to the same workplan with the same tasks (one more for `new task`);
/// - only the lines of the fields an edit names change (an absent field is added inside its
///   mapping, a new task after the last one), keys and comments kept, line endings kept;
/// - an edit followed by its inverse (the old value set back) gives the original bytes.
///
/// A case is a list of choice bytes (shrunk by PropertyBased on failure); `RandomWorkplan`
/// and `RandomEdit` read them, so a failing seed replays exactly.
@Suite("Editor properties")
struct EditorPropertyTests {
    static let today = EditRepo.today
    static let choices = Gen.uint8().array(of: 16...160)
    /// About 6 s on a debug build (each edit reads, parses and lints the workspace twice).
    static let cases = 200

    @Test("random edits change only their fields' bytes, keep the file parseable, and invert")
    func editsChangeOnlyTheirFieldsAndInvert() async throws {
        var applied = 0
        var inverted = 0
        await propertyCheck(count: Self.cases, input: Self.choices) { bytes in
            var choices = Choices(bytes)
            let generated = RandomWorkplan(&choices)
            let repo = try EditRepo(texts: [:])
            try repo.directory.write(RandomWorkplan.path, bytes: generated.bytes)
            var current = generated.bytes
            var taskIDs = generated.taskIDs
            for _ in 0..<(1 + choices.choose(4)) {
                let edit = RandomEdit(&choices, taskIDs: taskIDs)
                let before = current
                let editor = try repo.editor()
                guard let plan = try? edit.plan(editor), !plan.isNoChange else { continue }
                let fromFile = plan.original == before
                #expect(fromFile, "the edit was planned on other bytes than the file's")
                let after = plan.updated
                Self.expectParses(after, tasks: taskIDs.count + (edit.addsTask ? 1 : 0), edit: edit)
                Self.expectOnlyFieldsChanged(edit, before: before, after: after)
                try plan.commit()

                if let inverse = edit.inverse(of: before), choices.choose(4) != 0 {
                    let undo = try inverse.plan(try repo.editor())
                    let restored = undo.updated == before
                    #expect(restored, "\(edit) then its inverse \(inverse) did not restore the bytes:\n\(Self.show(before))\n---\n\(Self.show(undo.updated))")
                    try undo.commit()
                    current = before
                    inverted += 1
                } else {
                    current = after
                    taskIDs = WorkplanParser(repo: "gold").parse(path: RandomWorkplan.path, bytes: after).workplan?.tasks.map(\.id) ?? taskIDs
                }
                applied += 1
                let written = try repo.bytes(RandomWorkplan.path) == current
                #expect(written, "the file on disk is not what the edits wrote")
            }
        }
        // The properties said something: most cases made edits, and many were undone.
        #expect(applied >= Self.cases, "only \(applied) edits were accepted")
        // Cases are random: a floor well below a typical count (49 inversions in 200 cases, 2026-11-28).
        #expect(inverted >= Self.cases / 8, "only \(inverted) edits were inverted")
    }

    /// The case the random run found (2026-11-28): `[T01,T02]` less T02 plus T02 was `[T01, T02]`.
    /// The edit and its inverse are right; the property claimed an exact inverse it cannot have.
    @Test("a flow list's separator: kept while two items show it, the editor's own once one is left")
    func flowListSeparator() throws {
        let task = { (id: String, extra: String) in "```task\nid: GOLD-WP-0001-\(id)\nstatus: todo\n\(extra)```\n\n" }
        let text = "---\nid: GOLD-WP-0001\ntype: workplan\ntitle: Plan\nstatus: active\nowner: ana\n---\n\n# Plan\n\n"
            + task("T01", "") + task("T02", "") + task("T03", "")
            + task("T04", "depends_on: [GOLD-WP-0001-T01,GOLD-WP-0001-T02]\n")
        func edit(_ change: FieldChange, in repo: EditRepo) throws -> String {
            let plan = try repo.editor().plan(EditRequest(id: "GOLD-WP-0001-T04", changes: [change]))
            try plan.commit()
            return String(decoding: plan.updated, as: UTF8.self)
        }
        // Two items show a tight separator: a third is added the same way.
        let tight = try EditRepo(texts: [RandomWorkplan.path: text])
        #expect(try edit(.add(field: "depends_on", item: "GOLD-WP-0001-T03"), in: tight)
            .contains("depends_on: [GOLD-WP-0001-T01,GOLD-WP-0001-T02,GOLD-WP-0001-T03]\n"))
        // One item left shows none: the item added back gets the editor's `, `.
        let pair = try EditRepo(texts: [RandomWorkplan.path: text])
        #expect(try edit(.remove(field: "depends_on", item: "GOLD-WP-0001-T02"), in: pair).contains("depends_on: [GOLD-WP-0001-T01]\n"))
        #expect(try edit(.add(field: "depends_on", item: "GOLD-WP-0001-T02"), in: pair)
            .contains("depends_on: [GOLD-WP-0001-T01, GOLD-WP-0001-T02]\n"))
    }

    static func show(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self).debugDescription }

    static func expectParses(_ bytes: [UInt8], tasks: Int, edit: RandomEdit, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let parsed = WorkplanParser(repo: "gold").parse(path: RandomWorkplan.path, bytes: bytes)
        #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty, "\(edit): \(parsed.diagnostics)", sourceLocation: sourceLocation)
        #expect(parsed.workplan?.id == RandomWorkplan.id, sourceLocation: sourceLocation)
        #expect(parsed.workplan?.tasks.count == tasks, "\(edit)\n\(show(bytes))", sourceLocation: sourceLocation)
    }

    /// The mappings of a workplan file and the lines of their fields, read from the parsed
    /// file and its fences (1-based, inclusive).
    struct Layout {
        var mappings: [String: (lines: ClosedRange<Int>, fields: [String: ClosedRange<Int>])] = [:]
        var lastTaskLine = 0

        init(_ bytes: [UInt8]) {
            let lines = EditorPropertyTests.lines(bytes).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            let parsed = WorkplanParser(repo: "gold").parse(path: RandomWorkplan.path, bytes: bytes)
            guard let workplan = parsed.workplan else { return }
            let closing = (1..<lines.count).first { lines[$0] == "---" }.map { $0 + 1 } ?? 1
            add(RandomWorkplan.id, workplan.frontMatter, 2...max(2, closing - 1))
            for task in workplan.tasks {
                let fence = String(lines[task.location.line - 1].trimmingCharacters(in: .whitespaces).prefix { $0 == "`" || $0 == "~" })
                let end = ((task.location.line)..<lines.count).first { lines[$0] == fence }.map { $0 } ?? lines.count
                add(task.id, task.fields, (task.location.line + 1)...max(task.location.line + 1, end))
                lastTaskLine = max(lastTaskLine, end + 1)
            }
        }

        private mutating func add(_ id: String, _ mapping: YAMLValue?, _ range: ClosedRange<Int>) {
            let keys = (mapping?.entries ?? []).map { ($0.key, $0.keyLocation.line) }.sorted { $0.1 < $1.1 }
            var fields: [String: ClosedRange<Int>] = [:]
            for (index, key) in keys.enumerated() {
                let next = index + 1 < keys.count ? keys[index + 1].1 - 1 : range.upperBound
                fields[key.0] = key.1...max(key.1, next)
            }
            mappings[id] = (range, fields)
        }
    }

    static func expectOnlyFieldsChanged(_ edit: RandomEdit, before: [UInt8], after: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let layout = Layout(before)
        let old = lines(before)
        let new = lines(after)
        var allowed: [(mapping: String, fields: [String])] = [(RandomWorkplan.id, ["updated"])]
        if edit.target == RandomWorkplan.id { allowed[0].fields += edit.fields } else { allowed.append((edit.target, edit.fields)) }
        // Lines of the fields the edit names, and the mappings where it may add a line.
        var fieldLines = Set<Int>()
        var insertable = Set<Int>()
        for (mapping, fields) in allowed {
            guard let layout = layout.mappings[mapping] else { continue }
            for field in fields {
                if let range = layout.fields[field] {
                    fieldLines.formUnion(range)
                    insertable.formUnion(range.lowerBound...(range.upperBound + 1))
                } else {
                    insertable.formUnion(layout.lines.lowerBound...(layout.lines.upperBound + 1))
                }
            }
        }
        for hunk in diff(old, new) {
            let first = hunk.old.lowerBound + 1  // 1-based line of the hunk's start
            let changedFieldsOnly = (first..<(first + hunk.old.count)).allSatisfy(fieldLines.contains)
            let addsInPlace = hunk.new.count <= hunk.old.count || insertable.contains(first) || insertable.contains(hunk.old.upperBound + 1)
            let isNewTask = edit.addsTask && hunk.old.isEmpty && first >= layout.lastTaskLine
            #expect(changedFieldsOnly && addsInPlace || isNewTask,
                    "\(edit) changed lines \(first)...\(hunk.old.upperBound) \(old[hunk.old].map { show(Array($0)) }) → \(new[hunk.new].map { show(Array($0)) })",
                    sourceLocation: sourceLocation)
            guard hunk.old.count == hunk.new.count else { continue }
            for (was, now) in zip(old[hunk.old], new[hunk.new]).map({ (String(decoding: $0, as: UTF8.self), String(decoding: $1, as: UTF8.self)) }) {
                #expect(now.hasPrefix(String(was.prefix { $0 != ":" }) + ":"), "\(edit) rewrote the key: \(show(Array(was.utf8))) → \(show(Array(now.utf8)))", sourceLocation: sourceLocation)
                if let comment = was.range(of: "  # note") {
                    #expect(now.hasSuffix(String(was[comment.lowerBound...])), "\(edit) lost a comment: \(show(Array(was.utf8))) → \(show(Array(now.utf8)))", sourceLocation: sourceLocation)
                }
                #expect(was.hasSuffix("\r\n") == now.hasSuffix("\r\n"), "\(edit) changed a line ending", sourceLocation: sourceLocation)
            }
        }
    }

    /// Lines with their terminators (a CR stays on its line).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 10 {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    /// The changed runs of a longest-common-subsequence diff (0-based line ranges).
    static func diff(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [(old: Range<Int>, new: Range<Int>)] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var hunks: [(old: Range<Int>, new: Range<Int>)] = []
        var (i, j) = (0, 0)
        var open: (Int, Int)?
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                if let start = open { hunks.append((start.0..<i, start.1..<j)); open = nil }
                i += 1
                j += 1
            } else {
                if open == nil { open = (i, j) }
                if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] { j += 1 } else { i += 1 }
            }
        }
        if let start = open { hunks.append((start.0..<i, start.1..<j)) }
        return hunks
    }
}

/// Reads choice bytes; past the end every choice is the first option.
struct Choices {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    mutating func choose(_ count: Int) -> Int {
        guard count > 1 else { return 0 }
        return Int(bytes.popFirst() ?? 0) % count
    }

    mutating func bool() -> Bool { choose(2) == 1 }

    mutating func pick<T>(_ options: [T]) -> T { options[choose(options.count)] }
}

/// A valid workplan in one of many spellings; `updated:` is today, so that edits leave
/// the front matter alone unless they target the workplan.
struct RandomWorkplan {
    static let id = "GOLD-WP-0001"
    static let path = "workplans/GOLD-WP-0001-random.md"

    private(set) var bytes: [UInt8] = []
    private(set) var taskIDs: [String] = []
    private let eol: String

    init(_ choices: inout Choices) {
        eol = choices.choose(3) == 0 ? "\r\n" : "\n"
        if choices.choose(6) == 0 { bytes = [0xEF, 0xBB, 0xBF] }
        emit("---")
        field("id", Self.id, &choices)
        field("type", "workplan", &choices)
        field("title", choices.pick(["Random plan", "Plan: with a colon", "Plan's title"]), &choices)
        field("status", choices.pick(["active", "draft", "backlog"]), &choices)
        if choices.bool() { field("owner", "ana", &choices) }
        field("created", "2026-01-05", &choices)
        field("updated", EditorPropertyTests.today, &choices)
        emit("---")
        emit("")
        emit("# Random plan")
        emit("")
        if choices.bool() {
            emit(choices.pick(["Prose\twith a tab and `code`.", "Trailing blanks.   ", "A [link](https://example.org) and *emphasis*."]))
            emit("")
        }
        emit("## Tasks")
        emit("")
        let count = 1 + choices.choose(3)
        for number in 1...count {
            let id = String(format: "\(Self.id)-T%02d", number)
            taskIDs.append(id)
            emit("### T\(String(format: "%02d", number)) \(choices.pick(["Do it", "Ship — it", "Fix:\tthings"]))")
            emit("")
            let fence = choices.pick(["```", "````", "~~~"])
            emit(fence + "task")
            field("id", id, &choices)
            field("status", choices.pick(["todo", "in_progress", "wait", "todo"]), &choices)
            if choices.bool() { field("priority", choices.pick(["high", "low"]), &choices) }
            if choices.bool() { field("owner", "bob", &choices) }
            if number > 1, choices.bool() {
                let items = Array(taskIDs.prefix(1 + choices.choose(number - 1)))
                if choices.bool() {
                    emit("depends_on: [\(items.joined(separator: choices.bool() ? ", " : ","))]")
                } else {
                    emit("depends_on:")
                    let indent = choices.pick(["  ", "", "    "])
                    for item in items { emit("\(indent)- \(item)") }
                }
            } else if choices.choose(4) == 0 {
                emit("depends_on: []")
            }
            if choices.choose(3) == 0 { field("evidence", "it works", &choices) }
            emit(fence)
            emit("")
        }
    }

    private mutating func emit(_ line: String) {
        bytes += Array((line + eol).utf8)
    }

    /// `key: value` in a random quoting, with a tab or spaces after the colon, maybe a comment.
    private mutating func field(_ key: String, _ value: String, _ choices: inout Choices) {
        let quoted: String
        switch choices.choose(3) {
        case 1 where !value.contains("'"): quoted = "'\(value)'"
        case 2: quoted = "\"\(value)\""
        default: quoted = value.contains(": ") || value.hasPrefix("'") || value.first?.isNumber == true && key != "id" ? "\"\(value)\"" : value
        }
        var line = key + choices.pick([": ", ":\t", ":  "]) + quoted
        switch choices.choose(5) {
        case 0: line += "  # note on \(key)"
        case 1: line += "  "
        default: break
        }
        emit(line)
    }
}

/// One legal edit, chosen at random, and how to undo it.
struct RandomEdit: CustomStringConvertible {
    enum Kind {
        case set(String, String), start, done(evidence: String?), block(on: String), newTask(String), add(String), remove(String)
    }

    var target: String
    var kind: Kind

    /// Values any quoting can hold, so that setting the old value back writes the old bytes.
    static let plainValues = ["high", "low", "ana", "bob", "medium", "it works", "shipped"]

    init(_ choices: inout Choices, taskIDs: [String]) {
        let task = choices.pick(taskIDs)
        let other = choices.pick(taskIDs)
        switch choices.choose(9) {
        case 0: (target, kind) = (task, .start)
        case 1: (target, kind) = (task, .done(evidence: choices.bool() ? choices.pick(["shipped", "v1: live", "it's done"]) : nil))
        case 2: (target, kind) = (task, .set(choices.pick(["priority", "owner", "evidence"]), choices.pick(Self.plainValues + ["a # hash", "x: y", "'q'"])))
        case 3: (target, kind) = (task, .set("status", choices.pick(["todo", "in_progress", "wait", "cancelled"])))
        case 4: (target, kind) = (task, .add(other))
        case 5: (target, kind) = (task, .remove(other))
        case 6: (target, kind) = (task, .block(on: other))
        case 7: (target, kind) = (RandomWorkplan.id, .set(choices.pick(["owner", "title", "status"]), choices.pick(["bob", "New title", "active", "backlog"])))
        default: (target, kind) = (RandomWorkplan.id, .newTask(choices.pick(["New work", "Fix: it", "Ünïcode — task"])))
        }
    }

    init(target: String, kind: Kind) {
        self.target = target
        self.kind = kind
    }

    var addsTask: Bool { if case .newTask = kind { true } else { false } }

    var fields: [String] {
        switch kind {
        case .set(let field, _): [field]
        case .start: ["status"]
        // `wp done` writes the day it was done (`done_on`, issue 12), with the status.
        case .done(let evidence): evidence == nil ? ["status", "done_on"] : ["status", "done_on", "evidence"]
        case .block: ["status", "depends_on", "reason"]
        case .newTask: []
        case .add, .remove: ["depends_on"]
        }
    }

    var description: String { "\(kind) on \(target)" }

    func plan(_ editor: WorkplanEditor, force: Bool = false) throws -> EditPlan {
        switch kind {
        case .set(let field, let value): try editor.plan(EditRequest(id: target, changes: [.set(field: field, value: value)], force: force))
        case .start: try editor.planStart(target, force: force)
        case .done(let evidence): try editor.planDone(target, evidence: evidence, force: force)
        case .block(let on): try editor.planBlock(target, on: on, reason: "waiting", force: force)
        case .newTask(let title): try editor.planNewTask(workplan: target, title: title)
        case .add(let item): try editor.plan(EditRequest(id: target, changes: [.add(field: "depends_on", item: item)], force: force))
        case .remove(let item): try editor.plan(EditRequest(id: target, changes: [.remove(field: "depends_on", item: item)], force: force))
        }
    }

    /// The edit that sets back what this one changed, when the file held a value any quoting
    /// writes the same (nil when there is no exact inverse: an absent field, a new task).
    func inverse(of before: [UInt8]) -> Inverse? {
        guard let workplan = WorkplanParser(repo: "gold").parse(path: RandomWorkplan.path, bytes: before).workplan else { return nil }
        let fields = target == RandomWorkplan.id ? workplan.frontMatter : workplan.tasks.first { $0.id == target }?.fields
        func old(_ field: String) -> YAMLValue? { fields?[field] }
        switch kind {
        case .set(let field, let new):
            // A value that needed quotes leaves them for the next one (the editor keeps a style that
            // can hold the new value), so only a value any style holds has an exact inverse.
            guard let value = old(field)?.string, field == "status" || field == "title" || Self.plainValues.contains(value),
                  field == "status" || field == "title" || Self.plainValues.contains(new) else { return nil }
            return Inverse(target: target, field: field, value: value)
        case .start:
            guard let status = old("status")?.string else { return nil }
            return Inverse(target: target, field: "status", value: status)
        case .add(let item):
            guard old("depends_on")?.items?.contains(where: { $0.string == item }) == false else { return nil }
            return Inverse(target: target, field: "depends_on", value: "-" + item)
        case .remove(let item):
            // An item added back goes last; a block list emptied becomes `[]` and forgets its style;
            // a flow list left with one item forgets its separator (`[A,B]` less B, plus B, is
            // `[A, B]`: the editor writes `, ` unless two items show another).
            guard let items = old("depends_on")?.items, items.count >= 2, items.last?.string == item else { return nil }
            if items.count == 2, let first = items[0].string,
               String(decoding: before, as: UTF8.self).contains("\(first),\(item)") { return nil }
            return Inverse(target: target, field: "depends_on", value: "+" + item)
        case .done, .block, .newTask:
            // `done` also writes `done_on`, which setting the status back leaves.
            return nil
        }
    }

    /// `wp set TARGET FIELD VALUE --force`: the lifecycle may not allow a move back.
    struct Inverse: CustomStringConvertible {
        var target: String
        var field: String
        var value: String

        func plan(_ editor: WorkplanEditor) throws -> EditPlan {
            try editor.plan(EditRequest(id: target, changes: [.set(field: field, value: value)], force: true))
        }

        var description: String { "set \(field) \(value) on \(target)" }
    }
}
