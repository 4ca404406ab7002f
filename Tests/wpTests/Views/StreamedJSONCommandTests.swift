import Foundation
import Testing
import WorkplanKit

/// Issue 16, "JSON written as it is produced": the commands stream their JSON to stdout (and
/// `wp report -o`) in many chunks, and the bytes are the library's document, hostile text escaped.
@Suite("Streamed JSON output (end to end)")
struct StreamedJSONCommandTests {
    /// 120 workplans of 5 tasks with hostile titles (controls, U+2028, bidi, `##[`), each plan's T01
    /// waiting on the previous plan's T05, T03 on no id: more than one buffer of JSON for every view.
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-streamed-json")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        let title = #""t\x7F\N\x9B\L\P\u202E\u2066\u200E\u061C ##[error]x ##vso[y] \e[2J\a\r\n::error::q é 🚀""#
        for number in 1...120 {
            let id = String(format: "SJ-WP-%04d", number)
            var text = "---\nid: \(id)\ntitle: \(title)\nstatus: active\n---\n\n"
            for task in 1...5 {
                // T01 waits on the plan before; T03 on a reference that is no id (two lint findings each).
                let depends = task == 1 && number > 1 ? "depends_on: [\(String(format: "SJ-WP-%04d", number - 1))-T05]\n"
                    : task == 3 ? "depends_on: [\"NOPE-\\u202E##[x]-T01\"]\n" : ""
                text += "## T0\(task) — x\n\n```task\nid: \(id)-T0\(task)\ntitle: \(title)\nstatus: todo\n\(depends)```\n\n"
            }
            try directory.write("apps/workplans/\(id)-x.md", text)
        }
        return directory
    }

    @Test("status, ready, report and lint (JSON, SARIF) on stdout, and report -o FILE, are the library's documents byte for byte")
    func commandsWriteTheLibrarysBytes() throws {
        let directory = try Self.workspace()
        let apps = directory.absolute("apps")
        let session = WorkspaceSession(workspace: try WorkspaceLoader(offline: true, environment: [:]).load(from: apps),
                                       clock: .pinned(try #require(CalendarDate("2026-11-28"))))
        let lint = LintReport(try session.lint())
        #expect(lint.summary.errors >= 240, "\(lint.summary)")
        let expected: [([String], String)] = [
            (["status", "--format", "json"], try JSONOutput.encode(StatusReport(analysis: session.analysis))),
            (["report", "--format", "json"], try JSONOutput.encode(WorkspaceReport(index: session.index))),
            (["ready", "--all", "--format", "json"], try JSONOutput.encode(ReadyList(index: session.index, scope: .all))),
            (["lint", "--format", "json"], try lint.render(.json, in: RenderContext())),
            (["lint", "--format", "sarif"], try lint.render(.sarif, in: RenderContext())),
        ]
        for (arguments, document) in expected {
            #expect(document.utf8.count > Limits.outputBufferBytes, "\(arguments): \(document.utf8.count) bytes, more than one buffer")
            #expect(!document.contains("##[") && !document.unicodeScalars.contains("\u{202E}"), "\(arguments): escaped")
            if ["status", "report"].contains(arguments[0]) {  // lint quotes no title, ready no workplan title
                #expect(document.contains("\\u2028") && document.contains("\\u202e"), "\(arguments): the titles, escaped")
            }
            let result = try wp(arguments, in: apps, cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
            #expect(result.status == (arguments[0] == "lint" ? 1 : 0), "\(arguments): \(result.stderr)")
            #expect(result.stdout == document, "\(arguments): \(result.stdout.utf8.count) bytes, \(document.utf8.count) expected")
        }
        let file = directory.absolute("report.json")
        let written = try wp(["report", "-o", file], in: apps, cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
        #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == expected[1].1)
    }
}
