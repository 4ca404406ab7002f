import Foundation
import Testing
@testable import WorkplanKit

/// The real workplans of the first users, read as they are. Every expected
/// value is either copied from the file's text or computed here by scanning
/// its lines, never taken from the parser.
@Suite("Corpus parsing")
struct CorpusParsingTests {
    struct CorpusFile: Sendable, CustomTestStringConvertible {
        var repo: String
        var name: String
        var taskCount: Int

        var fixture: String { "corpus/\(repo)/workplans/\(name)" }
        var displayPath: String { "workplans/\(name)" }
        var testDescription: String { name }
    }

    static let wp0002 = CorpusFile(repo: "railiance-apps", name: "RAILIANCE-WP-0002-vergabe-teilnahme-on-railiance01.md", taskCount: 8)
    static let wp0004 = CorpusFile(repo: "railiance-apps", name: "RAILIANCE-WP-0004-app-deployment-improvements.md", taskCount: 7)
    static let wp0003 = CorpusFile(repo: "railiance-platform", name: "RAILIANCE-WP-0003-apps-pg-shared-cluster.md", taskCount: 6)
    static let files = [wp0002, wp0004, wp0003]

    struct Loaded {
        var text: String
        var parsed: ParsedFile
        var workplan: Workplan
        var lines: [String] { TextScan.lines(text) }
    }

    static func load(_ file: CorpusFile) throws -> Loaded {
        let bytes = try Fixtures.bytes(file.fixture)
        let parsed = WorkplanParser(repo: file.repo).parse(path: file.displayPath, bytes: bytes)
        let workplan = try #require(parsed.workplan, "\(file.name) must parse to a workplan")
        return Loaded(text: String(decoding: bytes, as: UTF8.self), parsed: parsed, workplan: workplan)
    }

    // MARK: Independent scan of the file

    struct ExpectedTask: Equatable {
        var id: String
        var status: String
        var title: String
        var titleLine: Int
        var fenceLine: Int
        /// First line of the next heading of the same or a higher level, or nil at the end of file.
        var nextSectionLine: Int?
        var headingLevel: Int
    }

    /// Finds ```` ```task ```` fences outside other fences, the `id:`/`status:` lines
    /// inside them and the nearest heading above (code-span backticks dropped, as
    /// a heading's plain text has none).
    static func expectedTasks(in text: String) -> [ExpectedTask] {
        let lines = TextScan.lines(text)
        var tasks: [ExpectedTask] = []
        var headings: [(level: Int, text: String, line: Int)] = []
        var index = 0
        var inFence = false
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("```") {
                if !inFence, line == "```task" {
                    var end = index + 1
                    var id = ""
                    var status = ""
                    while end < lines.count, lines[end] != "```" {
                        if lines[end].hasPrefix("id: ") { id = String(lines[end].dropFirst(4)) }
                        if lines[end].hasPrefix("status: ") { status = String(lines[end].dropFirst(8)) }
                        end += 1
                    }
                    let heading = headings.last!
                    tasks.append(ExpectedTask(
                        id: id, status: status, title: heading.text, titleLine: heading.line,
                        fenceLine: index + 1, nextSectionLine: nil, headingLevel: heading.level))
                    index = end + 1
                    continue
                }
                inFence.toggle()
            } else if !inFence, line.hasPrefix("#") {
                let level = line.prefix { $0 == "#" }.count
                let title = line.dropFirst(level).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
                headings.append((level, title, index + 1))
                for taskIndex in tasks.indices where tasks[taskIndex].nextSectionLine == nil
                    && tasks[taskIndex].titleLine < index + 1 && level <= tasks[taskIndex].headingLevel {
                    tasks[taskIndex].nextSectionLine = index + 1
                }
            }
            index += 1
        }
        return tasks
    }

    /// The `**Done when:**` paragraph after `line` (1-based), whitespace collapsed, with its first line.
    static func doneWhen(after line: Int, in text: String) -> (text: String, line: Int)? {
        let lines = TextScan.lines(text)
        guard let start = lines.indices.first(where: { $0 >= line && lines[$0].hasPrefix("**Done when:**") }) else { return nil }
        var paragraph: [String] = []
        var index = start
        while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
            paragraph.append(lines[index])
            index += 1
        }
        let joined = paragraph.joined(separator: " ").dropFirst("**Done when:**".count)
        return (joined.split(whereSeparator: \.isWhitespace).joined(separator: " "), start + 1)
    }

    // MARK: Tasks

    @Test("every task has the id, status, title and fence line written in the file", arguments: files)
    func tasksMatchTheFile(_ file: CorpusFile) throws {
        let loaded = try Self.load(file)
        #expect(loaded.parsed.diagnostics.isEmpty, "\(loaded.parsed.diagnostics)")
        let expected = Self.expectedTasks(in: loaded.text)
        #expect(expected.count == file.taskCount, "the independent scan itself must find every task block")
        try #require(loaded.workplan.tasks.count == expected.count)
        for (task, want) in zip(loaded.workplan.tasks, expected) {
            #expect(task.id == want.id)
            #expect(task.status == Status(want.status))
            #expect(task.title == want.title)
            #expect(task.location == WorkplanKit.SourceLocation(path: file.displayPath, line: want.fenceLine, column: 1))
            #expect(task.titleLocation?.line == want.titleLine)
            // The `id:` line is the first line inside the fence.
            #expect(loaded.lines[want.fenceLine] == "id: \(task.id)")
            #expect(loaded.lines[want.fenceLine - 1] == "```task")
        }
    }

    @Test("a task's line is the fence just above its id line")
    func taskLineFromIDLine() throws {
        let loaded = try Self.load(Self.wp0002)
        let idLine = try #require(TextScan.lineNumber(of: "id: RAILIANCE-WP-0002-T04", in: loaded.text))
        let task = try #require(loaded.workplan.tasks.first { $0.id == "RAILIANCE-WP-0002-T04" })
        #expect(task.location.line == idLine - 1)
        #expect(task.title == "T04 — Provision PostgreSQL role and database")
        #expect(task.status == .done)
        #expect(task.priority == "high")
    }

    @Test("a task's section runs from its heading to the line before the next heading of its level", arguments: files)
    func sectionLines(_ file: CorpusFile) throws {
        let loaded = try Self.load(file)
        let expected = Self.expectedTasks(in: loaded.text)
        for (task, want) in zip(loaded.workplan.tasks, expected) {
            let last = (want.nextSectionLine ?? (loaded.lines.count + 1)) - 1
            #expect(task.sectionLines.lowerBound == want.titleLine, "\(task.id)")
            #expect(task.sectionLines.upperBound == last, "\(task.id)")
        }
    }

    @Test("a heading with a code span gives a title without backticks")
    func titleWithCodeSpan() throws {
        let loaded = try Self.load(Self.wp0004)
        let task = try #require(loaded.workplan.tasks.first { $0.id == "RAILIANCE-WP-0004-I03" })
        #expect(task.title == "I03 — Publish issue-core to a Gitea Python package registry")
    }

    @Test("a task's repo: names where the work happens")
    func taskRepo() throws {
        let loaded = try Self.load(Self.wp0002)
        let repos = Dictionary(uniqueKeysWithValues: loaded.workplan.tasks.map { ($0.id, $0.repo) })
        #expect(repos["RAILIANCE-WP-0002-T02"] == .some("vergabe-teilnahme"))
        #expect(repos.filter { $0.value != nil }.count == 1)
    }

    @Test("keys wp does not know are kept in the task's fields, with their positions", arguments: files)
    func unknownKeysKept(_ file: CorpusFile) throws {
        let loaded = try Self.load(file)
        for task in loaded.workplan.tasks {
            let fence = task.location.line
            // The lines of the block as written.
            let blockLines = loaded.lines[fence...].prefix { $0 != "```" }
            let written = blockLines.first { $0.hasPrefix("state_hub_task_id: ") }
            let entry = task.fields.entry("state_hub_task_id")
            guard let written else {
                #expect(entry == nil, "\(task.id)")
                continue
            }
            let value = written.dropFirst("state_hub_task_id: ".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            #expect(entry?.value.string == value, "\(task.id)")
            let keyLine = blockLines.firstIndex(of: written)! + 1  // array index 0 is line 1
            #expect(entry?.keyLocation == WorkplanKit.SourceLocation(path: file.displayPath, line: keyLine, column: 1))
        }
    }

    // MARK: Front matter

    struct ExpectedFrontMatter: Sendable, CustomTestStringConvertible {
        var file: CorpusFile
        var id: String
        var title: String
        var status: String
        var owner: String
        var created: String
        var updated: String
        var planningPriority: String
        var planningOrder: Int?
        var testDescription: String { id }
    }

    // Values copied from the files' front matter.
    static let frontMatters = [
        ExpectedFrontMatter(
            file: wp0002, id: "RAILIANCE-WP-0002", title: "Establish vergabe-teilnahme as an Application on railiance01",
            status: "finished", owner: "railiance", created: "2026-05-18", updated: "2026-05-18", planningPriority: "high",
            planningOrder: 2),
        ExpectedFrontMatter(
            file: wp0004, id: "RAILIANCE-WP-0004", title: "App deployment improvements (lessons from RAILIANCE-WP-0002)",
            status: "backlog", owner: "railiance", created: "2026-05-19", updated: "2026-05-19", planningPriority: "medium",
            planningOrder: nil),
        ExpectedFrontMatter(
            file: wp0003, id: "RAILIANCE-WP-0003", title: "Provision shared CNPG cluster apps-pg",
            status: "finished", owner: "codex", created: "2026-05-19", updated: "2026-05-19", planningPriority: "high",
            planningOrder: 3),
    ]

    @Test("front matter fields", arguments: frontMatters)
    func frontMatter(_ expected: ExpectedFrontMatter) throws {
        let workplan = try Self.load(expected.file).workplan
        #expect(workplan.id == expected.id)
        #expect(workplan.title == expected.title)
        #expect(workplan.status == Status(expected.status))
        #expect(workplan.owner == expected.owner)
        #expect(workplan.created == expected.created)
        #expect(workplan.updated == expected.updated)
        #expect(workplan.planningPriority == expected.planningPriority)
        #expect(workplan.planningOrder == expected.planningOrder)
        #expect(workplan.repo == expected.file.repo)
        #expect(workplan.path == expected.file.displayPath)
        #expect(workplan.location.line == 1)
        #expect(workplan.dependsOn.isEmpty)
    }

    @Test("unknown front-matter keys are kept verbatim with their lines")
    func unknownFrontMatterKeys() throws {
        let loaded = try Self.load(Self.wp0002)
        let frontMatter = try #require(loaded.workplan.frontMatter)
        let line = try #require(TextScan.lineNumber(containing: "state_hub_workstream_id:", in: loaded.text))
        let entry = try #require(frontMatter.entry("state_hub_workstream_id"))
        #expect(entry.value.string == "94522a85-80d5-4f2c-8eb0-8d0bcb15f3b0")
        #expect(entry.keyLocation.line == line)
        #expect(frontMatter["type"]?.string == "workplan")
        #expect(frontMatter["domain"]?.string == "railiance")
        // Every key of the front matter survives, in order.
        let closing = try #require(TextScan.lineNumber(of: "---", in: loaded.text, after: 1))
        let writtenKeys = loaded.lines[1..<(closing - 1)].map { String($0.prefix { $0 != ":" }) }
        #expect(frontMatter.entries?.map(\.key) == writtenKeys)
    }

    // MARK: Decisions

    @Test("the prose decision D-01 and its later resolution")
    func proseDecision() throws {
        let loaded = try Self.load(Self.wp0002)
        #expect(loaded.workplan.decisions.count == 1)
        let decision = try #require(loaded.workplan.decisions.first)
        let line = try #require(loaded.lines.firstIndex { $0.hasPrefix("**Decision D-01") }) + 1
        let resolutionLine = try #require(loaded.lines.firstIndex { $0.hasPrefix("**Resolution (2026-05-18, bernd):**") }) + 1
        #expect(decision.id == "RAILIANCE-WP-0002-D01")
        #expect(decision.form == .prose)
        #expect(decision.status == .resolved)
        #expect(decision.title == "cnpg target for `vergabe_db`")
        #expect(decision.decidedBy == "bernd")
        #expect(decision.decidedOn == "2026-05-18")
        #expect(decision.resolution?.hasPrefix("Option D. Provision a new shared cnpg cluster") == true)
        #expect(decision.resolution?.contains("\n") == false, "resolution text is collapsed to one line")
        #expect(decision.blocks.map(\.text) == ["T04"])
        #expect(decision.blocks.map(\.kind) == [.blocks])
        #expect(decision.location == WorkplanKit.SourceLocation(path: Self.wp0002.displayPath, line: line, column: 1))
        #expect(decision.resolutionLocation?.line == resolutionLine)
    }

    @Test("a decision only mentioned in prose is not a decision")
    func mentionedDecisionIsNotOne() throws {
        // WP-0003 writes "Decision `D-01` (resolved 2026-05-18, bernd)" without the bold opening.
        #expect(try Self.load(Self.wp0003).workplan.decisions.isEmpty)
        #expect(try Self.load(Self.wp0004).workplan.decisions.isEmpty)
    }

    // MARK: Done when

    @Test("Done when: criteria are read from the task's section", arguments: files)
    func doneWhenCriteria(_ file: CorpusFile) throws {
        let loaded = try Self.load(file)
        let expected = Self.expectedTasks(in: loaded.text)
        for (task, want) in zip(loaded.workplan.tasks, expected) {
            var criterion = Self.doneWhen(after: want.fenceLine, in: loaded.text)
            if let found = criterion, let next = want.nextSectionLine, found.line >= next { criterion = nil }
            #expect(task.doneWhen == criterion?.text, "\(task.id)")
            #expect(task.doneWhenLocation?.line == criterion?.line, "\(task.id)")
        }
    }

    @Test("Done when: of T04, as written")
    func doneWhenOfT04() throws {
        let loaded = try Self.load(Self.wp0002)
        let task = try #require(loaded.workplan.tasks.first { $0.id == "RAILIANCE-WP-0002-T04" })
        #expect(task.doneWhen == "the new role can connect to `vergabe_db` from inside the cluster (`kubectl run --rm -it psql ...`) and is recorded in the SOPS values used by T05.")
        let none = try Self.load(Self.wp0004).workplan.tasks
        #expect(none.allSatisfy { $0.doneWhen == nil })
    }

    // MARK: Prose references

    @Test("every prose reference sits exactly where its text is written", arguments: files)
    func proseReferencesPointAtTheirText(_ file: CorpusFile) throws {
        let loaded = try Self.load(file)
        #expect(!loaded.workplan.proseReferences.isEmpty)
        for reference in loaded.workplan.proseReferences {
            let line = loaded.lines[reference.location.line - 1]
            let scalars = Array(line.unicodeScalars)
            let start = reference.location.column - 1
            let written = String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + reference.text.unicodeScalars.count)]))
            #expect(written == reference.text, "\(reference.location)")
            #expect(reference.kind == .prose)
            #expect(reference.location.path == file.displayPath)
        }
        // Front matter is not prose: its title mentions RAILIANCE-WP-0002 in WP-0004.
        let closing = try #require(TextScan.lineNumber(of: "---", in: loaded.text, after: 1))
        #expect(loaded.workplan.proseReferences.allSatisfy { $0.location.line > closing })
    }

    struct ExpectedReference: Sendable, CustomTestStringConvertible {
        var file: CorpusFile
        /// Text on the line that identifies it.
        var lineContaining: String
        /// The reference's text as written on that line.
        var text: String
        var id: String
        var repo: String?
        var claimsBlocking: Bool
        var testDescription: String { "\(text) in \(file.name)" }
    }

    static let references = [
        ExpectedReference(file: wp0002, lineContaining: "enabled container registry from `RAILIANCE-WP-0001`",
                          text: "RAILIANCE-WP-0001", id: "RAILIANCE-WP-0001", repo: nil, claimsBlocking: false),
        ExpectedReference(file: wp0002, lineContaining: "carryover blocker from `RAILIANCE-WP-0001-T04`",
                          text: "RAILIANCE-WP-0001-T04", id: "RAILIANCE-WP-0001-T04", repo: nil, claimsBlocking: false),
        ExpectedReference(file: wp0004, lineContaining: "container registry from `RAIL-AP-WP-0001`",
                          text: "RAIL-AP-WP-0001", id: "RAIL-AP-WP-0001", repo: nil, claimsBlocking: false),
        ExpectedReference(file: wp0002, lineContaining: "backlog (`RAILIANCE-WP-0004`)",
                          text: "RAILIANCE-WP-0004", id: "RAILIANCE-WP-0004", repo: nil, claimsBlocking: false),
        ExpectedReference(file: wp0002, lineContaining: "**`RAILIANCE-WP-0003`** (workstream",
                          text: "RAILIANCE-WP-0003", id: "RAILIANCE-WP-0003", repo: "railiance-platform", claimsBlocking: true),
        ExpectedReference(file: wp0002, lineContaining: "Consumer recipe (from RAILIANCE-WP-0003 T06)",
                          text: "RAILIANCE-WP-0003 T06", id: "RAILIANCE-WP-0003-T06", repo: nil, claimsBlocking: false),
        ExpectedReference(file: wp0003, lineContaining: "This unblocks `railiance-apps RAILIANCE-WP-0002 T04`",
                          text: "RAILIANCE-WP-0002 T04", id: "RAILIANCE-WP-0002-T04", repo: "railiance-apps", claimsBlocking: false),
        ExpectedReference(file: wp0003, lineContaining: "4. `railiance-apps RAILIANCE-WP-0002 T04` is unblocked",
                          text: "RAILIANCE-WP-0002 T04", id: "RAILIANCE-WP-0002-T04", repo: "railiance-apps", claimsBlocking: false),
    ]

    @Test("named prose references: id, repo, blocking claim, line and column", arguments: references)
    func proseReference(_ expected: ExpectedReference) throws {
        let loaded = try Self.load(expected.file)
        let position = try #require(TextScan.position(of: expected.text, onLineContaining: expected.lineContaining, in: loaded.text))
        let found = loaded.workplan.proseReferences.filter {
            $0.location.line == position.line && $0.location.column == position.column
        }
        try #require(found.count == 1, "no reference at \(position) among \(loaded.workplan.proseReferences.map(\.location))")
        let reference = found[0]
        #expect(reference.text == expected.text)
        #expect(reference.id == expected.id)
        #expect(reference.repo == expected.repo)
        #expect(reference.claimsBlocking == expected.claimsBlocking)
    }

    @Test("the reference to RAILIANCE-WP-0004 lies in T08's section")
    func referenceInsideTaskSection() throws {
        let loaded = try Self.load(Self.wp0002)
        let task = try #require(loaded.workplan.tasks.first { $0.id == "RAILIANCE-WP-0002-T08" })
        let mentions = loaded.workplan.proseReferences.filter { $0.id == "RAILIANCE-WP-0004" }
        #expect(mentions.count == 1)
        #expect(mentions.allSatisfy { task.sectionLines.contains($0.location.line) })
    }

    @Test("references inside code blocks are not prose")
    func noReferencesFromCode() throws {
        // WP-0002's ```task blocks hold the ids RAILIANCE-WP-0002-T01 ... T08; none is prose.
        let loaded = try Self.load(Self.wp0002)
        let fenceLines = Set(loaded.workplan.tasks.map { $0.location.line + 1 })
        #expect(loaded.workplan.proseReferences.allSatisfy { !fenceLines.contains($0.location.line) })
        #expect(!loaded.workplan.proseReferences.contains { $0.id == "RAILIANCE-WP-0002-T01" })
    }

    // MARK: Context files

    @Test("a markdown guide without front matter is no workplan and no error")
    func contextGuide() throws {
        let bytes = try Fixtures.bytes("corpus/context/deployment-process.md")
        let parsed = WorkplanParser(repo: "context").parse(path: "deployment-process.md", bytes: bytes)
        #expect(parsed.workplan == nil)
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test("the runbook text (no front matter) mentions ids but is no workplan, and does not crash the parser")
    func runbookText() async {
        // Its tables follow a paragraph line directly; run in a child process so a crash fails only this test.
        await #expect(processExitsWith: .success) {
            let bytes = try Fixtures.bytes("corpus/context/vergabe-teilnahme-runbook.txt")
            let parsed = WorkplanParser(repo: "context").parse(path: "runbook.txt", bytes: bytes)
            guard parsed.workplan == nil, parsed.diagnostics.isEmpty else { exit(3) }
        }
    }
}
