import Foundation
import FuzzSupport

private let repo = ScratchRepo("edit")
private let config = Array("repo: fuzz\n".utf8)
private let path = "workplans/\(GeneratedWorkplan.workplanID)-fuzzed.md"
private let today = fuzzToday

/// One edit the fuzzer chose, and the fields of which mapping it may change.
private struct ChosenEdit {
    enum Target { case workplan, task(Int) }
    var target: Target
    var id: String
    /// Fields the edit names (the front matter's `updated:` always follows).
    var fields: [String]
    var addsTask = false
    var run: (WorkplanEditor) throws -> EditPlan
    var repeatable = true
    /// The item a list removal takes out: the same removal again is refused as "not listed"
    /// (wp says a removal did nothing rather than pass it in silence), and the file is unchanged.
    var removedItem: (key: String, item: String)? = nil
}

/// Harness 3: edit round trip. A valid generated workplan plus a fuzzer-chosen edit (set,
/// start, done, block, new task, list add/remove). When the editor accepts the edit:
/// the result parses; lints no worse; only the lines of the fields it names (and
/// `updated:`) change, keys and trailing comments kept; the same edit again changes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEdit(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    let plan = GeneratedWorkplan(&input)
    let edit = chooseEdit(plan, &input)
    repo.write([".wp.yaml": config, path: plan.bytes])
    let workspace = load()
    guard let original = workspace.workplans.first, workspace.diagnostics.isEmpty else {
        invariantViolated("the generated workplan does not read cleanly: \(workspace.diagnostics.map(\.description)) "
            + String(decoding: plan.bytes, as: UTF8.self).debugDescription)
    }
    guard original.tasks.count == plan.tasks.count else {
        invariantViolated("generated \(plan.tasks.count) tasks, parsed \(original.tasks.map(\.id))")
    }
    let editor = WorkplanEditor(workspace: workspace, today: today)
    let result: EditPlan
    do {
        result = try edit.run(editor)
    } catch {
        return 0  // A refusal is an answer; what it says is checked by the suite.
    }
    guard result.original == plan.bytes else { invariantViolated("the plan was computed from other bytes than the file's") }
    if result.isNoChange { return 0 }

    // The result parses, to the same workplan, without a new reading problem.
    let reparsed = WorkplanParser(repo: "fuzz").parse(path: path, bytes: result.updated)
    guard let updated = reparsed.workplan, updated.id == original.id, reparsed.diagnostics.filter({ $0.severity == .error }).isEmpty else {
        invariantViolated("edited file does not parse: \(reparsed.diagnostics.map(\.description))\n\(String(decoding: result.updated, as: UTF8.self))")
    }
    let expectedTasks = original.tasks.count + (edit.addsTask ? 1 : 0)
    guard updated.tasks.count == expectedTasks else { invariantViolated("tasks went from \(original.tasks.count) to \(updated.tasks.count)") }

    checkOnlyTargetedLinesChanged(plan, edit, before: plan.bytes, after: result.updated)

    // Lints no worse: every error after the edit was there before (same rule, file, message).
    repo.write([".wp.yaml": config, path: result.updated])
    let after = load()
    let errorsBefore = lintErrors(workspace)
    for (error, count) in lintErrors(after) where errorsBefore[error, default: 0] < count {
        invariantViolated("the edit added the lint error \(error)")
    }

    // Idempotent: the file now says what the edit asked for.
    if edit.repeatable {
        do {
            let again = try edit.run(WorkplanEditor(workspace: after, today: today))
            guard again.isNoChange else {
                invariantViolated("the same edit again changes the file:\n\(String(decoding: again.updated, as: UTF8.self))")
            }
        } catch let error as EditError where edit.removedItem.map({ refusesAsNotListed(error, $0) }) ?? false {
            // A removal again: refused as not listed; the editor only plans, so nothing was written.
        } catch {
            invariantViolated("the same edit again is refused: \(error)\nbefore:\n\(String(decoding: plan.bytes, as: UTF8.self))\nafter:\n\(String(decoding: result.updated, as: UTF8.self))")
        }
    }
    return 0
}

private func load() -> Workspace {
    do {
        return try WorkspaceLoader(offline: true, cacheDirectory: repo.root + "/.cache").load(from: repo.root)
    } catch {
        invariantViolated("loading the scratch repo failed: \(error)")
    }
}

private func lintErrors(_ workspace: Workspace) -> [String: Int] {
    var counts: [String: Int] = [:]
    for diagnostic in LintEngine().run(LintContext(workspace: workspace)).diagnostics where diagnostic.severity == .error {
        counts["\(diagnostic.rule) \(diagnostic.location.path) \(diagnostic.message)", default: 0] += 1
    }
    return counts
}

/// True when `error` refuses exactly one thing: removing `removed.item`, which `removed.key` no longer lists.
private func refusesAsNotListed(_ error: EditError, _ removed: (key: String, item: String)) -> Bool {
    guard error.problems.count == 1, case .notListed(let key, let item, let listed) = error.problems[0].reason else { return false }
    return key == removed.key && item == removed.item && !listed.contains(item)
}

private func chooseEdit(_ plan: GeneratedWorkplan, _ input: inout FuzzInput) -> ChosenEdit {
    let taskIndex = input.choose(plan.tasks.count)
    let task = plan.tasks[taskIndex]
    let otherTask = plan.tasks[input.choose(plan.tasks.count)].id
    let wp = GeneratedWorkplan.workplanID
    let text = input.pick(["shipped", "it's done", "value: with colon", "a # hash", "\"quoted\"", "ünïcode", "  spaced  ", "-dash", "[bracket]", "x"])
    switch input.choose(11) {
    case 0:
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: ["status"]) { try $0.planStart(task.id) }
    case 1:
        let evidence: String? = input.bool() ? text : nil
        // `done` writes the day it was done too (`done_on`, issue 12).
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: evidence == nil ? ["status", "done_on"] : ["status", "done_on", "evidence"]) {
            try $0.planDone(task.id, evidence: evidence)
        }
    case 2:
        let field = input.pick(["priority", "owner", "reason", "evidence", "status"])
        let value = field == "status" ? input.pick(["todo", "in_progress", "wait", "cancelled"]) : field == "priority" ? input.pick(["high", "low"]) : text
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: [field]) {
            try $0.plan(EditRequest(id: task.id, changes: [.set(field: field, value: value)]))
        }
    case 3:
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: ["depends_on"]) {
            try $0.plan(EditRequest(id: task.id, changes: [.add(field: "depends_on", item: otherTask)]))
        }
    case 4:
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: ["depends_on"], run: {
            try $0.plan(EditRequest(id: task.id, changes: [.remove(field: "depends_on", item: otherTask)]))
        }, removedItem: ("depends_on", otherTask))
    case 5:
        let items = Array(plan.tasks.map(\.id).prefix(input.choose(plan.tasks.count + 1)))
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: ["depends_on"]) {
            try $0.plan(EditRequest(id: task.id, changes: [.replaceList(field: "depends_on", items: items)]))
        }
    case 6:
        return ChosenEdit(target: .task(taskIndex), id: task.id, fields: ["status", "depends_on", "reason"]) {
            try $0.planBlock(task.id, on: otherTask, reason: text)
        }
    case 7:
        return ChosenEdit(target: .workplan, id: wp, fields: ["status"]) { try $0.planStart(wp) }
    case 8:
        let field = input.pick(["title", "owner", "planning_order", "planning_priority"])
        let value = field == "planning_order" ? "\(input.choose(20))" : text
        return ChosenEdit(target: .workplan, id: wp, fields: [field]) {
            try $0.plan(EditRequest(id: wp, changes: [.set(field: field, value: value)]))
        }
    case 9:
        return ChosenEdit(target: .workplan, id: wp, fields: ["status"]) { try $0.planDone(wp) }
    default:
        let title = input.pick(["New work", "Fix: it", "Ünïcode — task", "# not a heading"])
        return ChosenEdit(target: .workplan, id: wp, fields: [], addsTask: true, run: { try $0.planNewTask(workplan: wp, title: title) },
                          repeatable: false)
    }
}

/// Compares the files line by line (an LCS diff): every changed run of lines lies in a
/// field the edit names, in the mapping it edits (or `updated:`); an absent field is
/// added inside its mapping; a new task is only added after the existing ones.
private func checkOnlyTargetedLinesChanged(_ plan: GeneratedWorkplan, _ edit: ChosenEdit, before: [UInt8], after: [UInt8]) {
    let old = lines(before)
    let new = lines(after)
    var allowed: [(GeneratedWorkplan.MappingLayout, [String])] = [(plan.frontMatter, ["updated"])]
    switch edit.target {
    case .workplan: allowed[0].1 += edit.fields
    case .task(let index): allowed.append((plan.tasks[index].layout, edit.fields))
    }
    let lastTaskLine = plan.tasks.last.map { $0.layout.lines.upperBound + 1 } ?? plan.frontMatter.lines.upperBound + 1
    // Lines of the fields the edit names (an edit of two adjacent fields is one run of the
    // diff), and where it may add lines: in a named field, or anywhere in a mapping that lacks one.
    var fieldLines = Set<Int>()
    var insertable = Set<Int>()
    for (layout, fields) in allowed {
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
        let removed = hunk.old
        let first = removed.lowerBound + 1
        let changedFieldsOnly = (first..<(first + removed.count)).allSatisfy(fieldLines.contains)
        let addsInPlace = hunk.new.count <= removed.count || insertable.contains(first) || insertable.contains(removed.upperBound + 1)
        let isNewTask = edit.addsTask && removed.isEmpty && first > lastTaskLine
        guard changedFieldsOnly && addsInPlace || isNewTask else {
            invariantViolated("the edit of \(edit.fields) on \(edit.id) changed lines \(first)...\(removed.upperBound) "
                + "\(old[removed].map { String(decoding: $0, as: UTF8.self) }) → \(new[hunk.new].map { String(decoding: $0, as: UTF8.self) })\n"
                + String(decoding: before, as: UTF8.self) + "\n-----\n" + String(decoding: after, as: UTF8.self))
        }
        // A value changed in place keeps its key, its comment and its line ending.
        guard removed.count == hunk.new.count else { continue }
        for (index, newIndex) in zip(removed, hunk.new) {
            let was = String(decoding: old[index], as: UTF8.self)
            let now = String(decoding: new[newIndex], as: UTF8.self)
            let key = was.prefix { $0 != ":" }
            guard now.hasPrefix(key + ":") else { invariantViolated("the edit rewrote the key of \(was.debugDescription): \(now.debugDescription)") }
            for (layout, _) in allowed {
                for (field, comment) in layout.comments where layout.fields[field]?.contains(index + 1) == true {
                    guard now.trimmingCharacters(in: .newlines).hasSuffix(comment) else {
                        invariantViolated("the edit lost the comment of \(was.debugDescription): \(now.debugDescription)")
                    }
                }
            }
            guard was.hasSuffix("\r\n") == now.hasSuffix("\r\n") else {
                invariantViolated("the edit changed the line ending of \(was.debugDescription): \(now.debugDescription)")
            }
        }
    }
}

/// Lines with their terminators (a CR stays with its line).
private func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 10 {
        result.append(bytes[start...index])
        start = index + 1
    }
    if start < bytes.count { result.append(bytes[start...]) }
    return result
}

/// Changed runs of an LCS diff: old lines `old` (0-based) became new lines `new`.
private func diff(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [(old: Range<Int>, new: Range<Int>)] {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
    }
    var hunks: [(old: Range<Int>, new: Range<Int>)] = []
    var i = 0
    var j = 0
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
