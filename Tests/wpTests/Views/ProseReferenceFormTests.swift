import Foundation
import Testing

/// Issue 13, item 3: the prose references a team writes, end to end.
@Suite("prose references the team writes (end to end)")
struct ProseReferenceFormTests {
    /// acme-apps holds ACME-WP-0004 (I01, I03 waiting); the runbook workplan names them as people do.
    static func workspace(extra: String = "") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-prose")
        try directory.write("apps/.wp.yaml", "repo: acme-apps\n")
        try directory.write("apps/workplans/ACME-WP-0004.md", ViewFixtures.plan("ACME-WP-0004", "active", [
            ("I01", "status: todo"), ("I03", "status: wait\nreason: issue-core is not published"),
        ]))
        var runbook = ViewFixtures.plan("ACME-WP-0005", "active", [("T01", "status: todo")])
        runbook += """
            Keep acme-apps-WP-0004 I03 in wait until the package is published.

            URL-encode the password (tracked in ACME-WP-0004 I01).

            The file workplans/acme-apps-WP-0004-notes.md and acme-apps-WP-0004-notes.md are paths, not references.

            \(extra)
            """
        try directory.write("apps/workplans/ACME-WP-0005.md", runbook)
        return directory
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
    }

    @Test("`repo-WP-NNNN Ixx` and `ID Ixx` in prose resolve to the task: show lists the mention, lint is silent")
    func resolved() throws {
        let directory = try Self.workspace()
        let i03 = try run(["show", "ACME-WP-0004-I03", "--format", "json"], in: directory)
        #expect(i03.status == 0, "\(i03.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(i03.stdout.utf8)) as? [String: Any])
        let mentions = try #require(object["mentions"] as? [[String: Any]])
        #expect(mentions.compactMap { $0["text"] as? String } == ["acme-apps-WP-0004 I03"], "\(i03.stdout)")
        #expect(mentions.first?["workplan"] as? String == "ACME-WP-0005")
        let i01 = try run(["show", "ACME-WP-0004-I01"], in: directory)
        #expect(i01.stdout.contains("\nMentioned in\n  ACME-WP-0005  workplans/ACME-WP-0005.md:"), "\(i01.stdout)")
        // The workplan itself is mentioned only through its items, never by the file names.
        let workplan = try run(["show", "ACME-WP-0004", "--format", "json"], in: directory)
        let workplanObject = try #require(try JSONSerialization.jsonObject(with: Data(workplan.stdout.utf8)) as? [String: Any])
        #expect((workplanObject["mentions"] as? [[String: Any]])?.isEmpty == true, "\(workplan.stdout)")
        let lint = try run(["lint"], in: directory)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(!lint.stdout.contains("prose-unresolved-reference"), "\(lint.stdout)")
    }

    @Test("a repo-prefixed reference that names nothing is a lint finding at its line and column")
    func unresolved() throws {
        let directory = try Self.workspace(extra: "Also see acme-apps-WP-0009 I01 and acme-apps-WP-0004 I07.\n")
        let lint = try run(["lint"], in: directory)
        #expect(lint.stdout.contains("'acme-apps-WP-0009 I01' in prose does not resolve"), "\(lint.stdout)")
        #expect(lint.stdout.contains("'acme-apps-WP-0004 I07' in prose does not resolve"), "\(lint.stdout)")
        // Line and column of the repo name that starts the reference, read off the file.
        let text = try String(contentsOfFile: directory.absolute("apps/workplans/ACME-WP-0005.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let number = try #require(lines.firstIndex { $0.contains("acme-apps-WP-0009") })
        let column = try #require(lines[number].range(of: "acme-apps-WP-0009")).lowerBound.utf16Offset(in: lines[number]) + 1
        #expect(lint.stdout.contains("workplans/ACME-WP-0005.md:\(number + 1):\(column): warning[prose-unresolved-reference] 'acme-apps-WP-0009 I01'"), "\(lint.stdout)")
    }
}
