import Foundation
import Testing
@testable import WorkplanKit

@Suite struct EditAtomicWriterTests {
    @Test func permissionsSurviveTheReplace() throws {
        let repo = try GoldFixture.repo()
        let path = repo.directory.absolute(GoldFixture.mainPath)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try repo.editor().planStart("GOLD-WP-0001-T01").commit()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func aSymlinkedWorkplanIsEditedWhereItLives() throws {
        let repo = try GoldFixture.repo()
        try repo.directory.write("elsewhere/real.md", GoldFixture.other)
        let link = repo.directory.absolute(GoldFixture.otherPath)
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: repo.directory.absolute("elsewhere/real.md"))
        try repo.editor().plan(EditRequest(id: "GOLD-WP-0002", changes: [.set(field: "title", value: "Renamed")])).commit()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == repo.directory.absolute("elsewhere/real.md"))
        #expect(try repo.text("elsewhere/real.md").contains("title: Renamed\n"))
    }

    @Test func staleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        let repo = try GoldFixture.repo()
        // A pid that cannot be running: beyond pid_max on Linux and macOS.
        let stale = "workplans/.GOLD-WP-0001-golden-edits.md.wp-tmp-2147483646-abc"
        let live = "workplans/.GOLD-WP-0001-golden-edits.md.wp-tmp-\(getpid())-def"
        try repo.directory.write(stale, "half a file")
        try repo.directory.write(live, "another writer's file")
        try repo.editor().planStart("GOLD-WP-0001-T01").commit()
        let entries = try repo.entries("workplans")
        #expect(!entries.contains { $0.hasSuffix("-abc") }, "the dead process's file is gone")
        #expect(entries.contains { $0.hasSuffix("-def") }, "a live process's file is left alone")
    }

    @Test func createNeverOverwrites() throws {
        let directory = try TemporaryDirectory("wp-edit")
        let path = directory.absolute("x/new.md")
        try AtomicFileWriter.create(path, with: Array("one".utf8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("one".utf8))
        let error = #expect(throws: EditError.self) { try AtomicFileWriter.create(path, with: Array("two".utf8)) }
        #expect(error?.kind == .refused)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("one".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.absolute("x")) == ["new.md"])
    }
}

@Suite struct EditLineDiffTests {
    @Test func unifiedDiffOfAChangedAndAnAddedLine() {
        let old = Array("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n".utf8)
        let new = Array("a\nb\nC\nd\ne\nf\ng\nh\ni\nj\nk\n".utf8)
        let diff = LineDiff.unified(old: old, new: new, oldName: "a/x.md", newName: "b/x.md")
        #expect(diff == """
            --- a/x.md
            +++ b/x.md
            @@ -1,6 +1,6 @@
             a
             b
            -c
            +C
             d
             e
             f
            @@ -8,3 +8,4 @@
             h
             i
             j
            +k

            """)
    }

    @Test func missingFinalNewlineIsMarked() {
        let diff = LineDiff.unified(old: Array("a\nb".utf8), new: Array("a\nc".utf8), oldName: "a", newName: "b")
        #expect(diff == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
    }

    @Test func aNewFileDiffsAgainstNothing() {
        let diff = LineDiff.unified(old: [], new: Array("x\ny\n".utf8), oldName: "/dev/null", newName: "b/n.md")
        #expect(diff == "--- /dev/null\n+++ b/n.md\n@@ -0,0 +1,2 @@\n+x\n+y\n")
    }

    @Test func equalInputsGiveNoDiff() {
        #expect(LineDiff.unified(old: Array("same\n".utf8), new: Array("same\n".utf8), oldName: "a", newName: "b") == "")
    }

    /// Myers finds a shortest script: deletions + insertions = n + m − 2·LCS, checked against a plain LCS.
    @Test(arguments: 0..<60)
    func scriptsAreShortestAndReplayable(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let old = (0..<Int(generator.next() % 14)).map { _ in Int(generator.next() % 4) }
        let new = (0..<Int(generator.next() % 14)).map { _ in Int(generator.next() % 4) }
        let script = LineDiff.operations(old, new)
        var rebuilt: [Int] = []
        var edits = 0
        var oldIndex = 0
        for step in script {
            switch step {
            case .same(let o, let n):
                #expect(old[o] == new[n])
                #expect(o == oldIndex)
                rebuilt.append(old[o])
                oldIndex += 1
            case .delete(let o):
                #expect(o == oldIndex)
                oldIndex += 1
                edits += 1
            case .insert(let n):
                rebuilt.append(new[n])
                edits += 1
            }
        }
        #expect(rebuilt == new)
        #expect(oldIndex == old.count)
        #expect(edits == old.count + new.count - 2 * lcsLength(old, new))
    }
}

/// A small deterministic generator, so parameterised cases are stable.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct EditTemplateTests {
    static let templatesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    @Test(arguments: Template.Kind.allCases)
    func builtInTemplatesEqualTheFilesInTemplates(_ kind: Template.Kind) throws {
        let file = try String(contentsOf: Self.templatesDirectory.appendingPathComponent("\(kind.rawValue).md"), encoding: .utf8)
        #expect(Template.builtIn(kind).text == file, "templates/\(kind.rawValue).md and DefaultTemplates.\(kind.rawValue) must be the same text")
    }

    @Test func aRepoTemplateOverridesTheBuiltInOne() throws {
        let repo = try GoldFixture.repo()
        try repo.directory.write(".wp/templates/task.md", """
            #### {{short_id}}: {{title}}

            ```task
            id: {{id}}
            status: {{status}}
            owner: {{repo}}
            note: "{{title}} ({{today}})"
            ```

            Added for {{workplan}}.

            """)
        try repo.directory.write(".wp/templates/workplan.md", """
            ---
            id: {{id}}
            title: '{{title}}'
            status: {{status}}
            created: {{today}}
            ---

            # {{title}}

            ## Tasks

            """)
        let task = try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: #"Say "hi": 'now'"#)
        try task.commit()
        let text = try repo.text(GoldFixture.mainPath)
        // The heading level follows the Tasks heading (##), not the template (####).
        #expect(text.contains(#"""
            ### T05: Say "hi": 'now'

            ```task
            id: GOLD-WP-0001-T05
            status: todo
            owner: gold
            note: "Say \"hi\": 'now' (2026-06-01)"
            ```

            Added for GOLD-WP-0001.
            """#))
        let workplan = try repo.editor().planNewWorkplan(id: "GOLD-WP-0042", title: "It's mine")
        try workplan.commit()
        #expect(try repo.text("workplans/GOLD-WP-0042-it-s-mine.md") == "---\nid: GOLD-WP-0042\ntitle: 'It''s mine'\nstatus: draft\ncreated: 2026-06-01\n---\n\n# It's mine\n\n## Tasks\n")
        #expect(try repo.lintErrors().map(\.description) == [])
        let tasks = try #require(try repo.load().workplans.first { $0.id == "GOLD-WP-0001" }).tasks
        #expect(tasks.last?.fields["note"]?.string == #"Say "hi": 'now' (2026-06-01)"#)
    }

    @Test func crlfTemplatesWithABOMFollowTheFileTheyGoInto() throws {
        let repo = try GoldFixture.repo()
        let crlf = { (text: String) in "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") }
        try repo.directory.write(".wp/templates/task.md", crlf(DefaultTemplates.task))
        try repo.directory.write(".wp/templates/workplan.md", crlf(DefaultTemplates.workplan))
        try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "Fifth").commit()
        let main = try repo.bytes(GoldFixture.mainPath)
        #expect(!main.contains(13), "an LF file gets LF lines")
        #expect(!main.starts(with: [0xEF, 0xBB, 0xBF]))
        let plan = try repo.editor().planNewWorkplan(id: nil, title: "Windows")
        try plan.commit()
        let new = try repo.bytes(plan.displayPath)
        #expect(String(decoding: new, as: UTF8.self) == DefaultTemplates.workplan
            .replacingOccurrences(of: "{{id}}", with: "GOLD-WP-0003").replacingOccurrences(of: "{{title}}", with: "Windows")
            .replacingOccurrences(of: "{{repo}}", with: "gold").replacingOccurrences(of: "{{status}}", with: "draft")
            .replacingOccurrences(of: "{{today}}", with: "2026-06-01").replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test func unknownPlaceholdersAndBrokenTemplatesAreReported() throws {
        let repo = try GoldFixture.repo()
        try repo.directory.write(".wp/templates/task.md", "### {{short_id}}\n\n```task\nid: {{id}}\nstatus: {{state}}\n```\n")
        let unknown = #expect(throws: EditError.self) { try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "x") }
        #expect(unknown?.kind == .failed)
        #expect(unknown?.message.contains(".wp/templates/task.md:5:9: error: unknown placeholder {{state}}") == true)
        try repo.directory.write(".wp/templates/task.md", "### {{short_id}}\n\nNo block here.\n")
        let broken = #expect(throws: EditError.self) { try repo.editor().planNewTask(workplan: "GOLD-WP-0001", title: "x") }
        #expect(broken?.message.contains("does not give a ```task block") == true)
        #expect(try repo.text(GoldFixture.mainPath) == GoldFixture.main)
    }

    @Test func aTakenIDOrPathIsRefused() throws {
        let repo = try GoldFixture.repo()
        let taken = #expect(throws: EditError.self) { try repo.editor().planNewWorkplan(id: "GOLD-WP-0002", title: "Again") }
        #expect(taken?.message.contains("GOLD-WP-0002 is taken") == true)
        let malformed = #expect(throws: EditError.self) { try repo.editor().planNewWorkplan(id: "gold-1", title: "x") }
        #expect(malformed?.message.contains("not a workplan id") == true)
        let repoless = #expect(throws: EditError.self) { try repo.editor().planNewWorkplan(id: nil, title: "x", repo: "nowhere") }
        #expect(repoless?.kind == .unknownID)
    }

    @Test(arguments: [
        ("Establish vergabe-teilnahme as an Application on railiance01", "establish-vergabe-teilnahme-as-an-application-on"),
        ("Über die Brücke: äöü!", "uber-die-brucke-aou"),
        ("***", "workplan"),
    ])
    func slugs(_ title: String, _ slug: String) {
        #expect(WorkplanEditor.slug(title) == slug)
    }
}
