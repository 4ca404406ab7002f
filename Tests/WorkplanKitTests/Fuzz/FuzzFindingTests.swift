import Foundation
import Testing
@testable import WorkplanKit

/// One test per finding of the fuzz harnesses (docs/reliability.md), on its minimized input.
@Suite struct FuzzFindingTests {
    /// FuzzParse: a ```task block left open at the end of a file without a final newline
    /// put its YAML error on the line after the last one (libyaml's end-of-input mark).
    @Test func fuzzFinding_unclosedBlockErrorPastEndOfFile() throws {
        let bytes = try FuzzFinding.input("parse-unclosed-block-error-past-end.md")
        let parsed = WorkplanParser(repo: "fuzz").parse(path: "workplans/X-WP-0001-x.md", bytes: bytes)
        let error = try #require(parsed.diagnostics.first { $0.rule == "yaml-syntax" })
        #expect(error.location.line == 7)
        #expect(error.location.column == 6)  // just past `state`, where the key lacks its `:`
        FuzzFinding.expectPositionsInside(parsed, bytes: bytes)
    }

    /// FuzzParse: a front matter with nothing in it (`---` twice) gave no workplan and no
    /// word about it; the file's tasks vanished from every report.
    @Test func fuzzFinding_emptyFrontMatterIsReported() throws {
        let bytes = try FuzzFinding.input("parse-empty-front-matter.md")
        let parsed = WorkplanParser(repo: "fuzz").parse(path: "workplans/X-WP-0001-x.md", bytes: bytes)
        #expect(parsed.workplan == nil)
        let error = try #require(parsed.diagnostics.first)
        #expect(error.rule == "front-matter")
        #expect(error.severity == .error)
        #expect(error.message.contains("front matter is empty"))
        #expect(error.location == SourceLocation(path: "workplans/X-WP-0001-x.md", line: 1, column: 1))
    }

    /// FuzzSchema: a YAML document that is only `---` (no final newline) is null, and libyaml
    /// put that null on line 2 of a one-line text; `.wp.yaml` reported its error there.
    @Test func fuzzFinding_emptyDocumentPositionPastEnd() throws {
        let bytes = try FuzzFinding.input("schema-empty-document-past-end.yaml")
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)  // the harness's first byte chose YAML text
        let loaded = YAMLLoader(path: "x.yaml", firstLine: 1, columnOffset: 0).load(text)
        let value = try #require(try loaded.get())
        #expect(value.location == SourceLocation(path: "x.yaml", line: 1, column: 4))
        #expect(BuiltinSchemas.decision.validate(value).allSatisfy { $0.location.line == 1 })

        #expect(throws: WorkspaceError.self) { try WorkspaceConfig.parse(bytes: Array(text.utf8), path: ".wp.yaml", defaultRepo: "r") }
        do {
            _ = try WorkspaceConfig.parse(bytes: Array(text.utf8), path: ".wp.yaml", defaultRepo: "r")
        } catch {
            #expect(error.location == SourceLocation(path: ".wp.yaml", line: 1, column: 4))
        }
    }

    /// FuzzWorkspace: a gate required a done task of a workplan whose decision block did not
    /// parse, and passed: the unread decision was the one blocking that task.
    @Test func fuzzFinding_gateOnTaskOfUnreadableFileFails() throws {
        let directory = try TemporaryDirectory("wp-fuzz-finding")
        try directory.write(".wp.yaml", "repo: fuzz\ninclude: [workplans/**/*.md, docs/**/*.md]\n")
        try directory.write("workplans/FUZZ-WP-0001-first.md", bytes: try FuzzFinding.input("workspace-gate-on-task-of-unreadable-file.md"))
        try directory.write("docs/runbook.md", bytes: try FuzzFinding.input("workspace-gate-on-task-of-unreadable-file.runbook.md"))
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute(".cache")).load(from: directory.path)
        #expect(workspace.diagnostics.contains { $0.rule == "yaml-syntax" && $0.location.line == 15 })
        let results = GateEvaluator(analysis: BlockingAnalysis(WorkspaceGraph(workspace)), today: day("2026-11-28")).evaluateAll()
        let gate = try #require(results.first { $0.id == "other" })
        #expect(gate.result == .fail)
        let requirement = try #require(gate.requirements.first)
        #expect(!requirement.met)
        #expect(requirement.reason.contains("workplans/FUZZ-WP-0001-first.md:15:"), "\(requirement.reason)")
        #expect(requirement.reason.contains("[yaml-syntax]"), "\(requirement.reason)")

        // Silencing the reading error does not make the gate sure of the task either.
        var silenced = try FuzzFinding.input("workspace-gate-on-task-of-unreadable-file.md")
        silenced += Array("<!-- wp-lint: ignore yaml-syntax -- the decision is being rewritten -->\n".utf8)
        let moved = silenced.count
        try directory.write("workplans/FUZZ-WP-0001-first.md", bytes: silenced)
        #expect(moved > 0)
        let again = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute(".cache")).load(from: directory.path)
        #expect(GateEvaluator(analysis: BlockingAnalysis(WorkspaceGraph(again)), today: day("2026-11-28")).evaluateAll().first { $0.id == "other" }?.result == .fail)
    }

    /// FuzzGlob: fnmatch stops at a NUL, so a pattern segment `\u{1}\0…` matched any path
    /// segment with the same bytes before its NUL. A NUL (a YAML `"\0"`) now matches nothing.
    @Test func fuzzFinding_globSegmentWithNULMatchesNothing() throws {
        let input = try FuzzFinding.input("glob-nul-in-segment")
        let lines = input.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.count == 2)
        #expect(!Glob(lines[0]).matches(lines[1]))
        #expect(!Glob("workplans/a\0b.md").matches("workplans/a"))
        #expect(!Glob("workplans/*").matches("workplans/a\0b"))
        #expect(Glob("workplans/*.md").matches("workplans/a.md"))
    }

    /// FuzzGlob: a combining mark right after `/` (U+06D9, `**/\u{06D9}`) joins the slash into
    /// one Character, so splitting the String on "/" left `**/\u{06D9}` one segment: it matched
    /// nothing that `\u{06D9}` matches. Patterns and paths are now cut at `/` bytes.
    @Test func fuzzFinding_globCombiningMarkAfterSlash() throws {
        let input = try FuzzFinding.input("glob-combining-mark-after-slash")
        let lines = input.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.count == 2)
        #expect(Glob(lines[0]).matches(lines[1]))
        #expect(Glob("**/" + lines[0]).matches(lines[1]))
        #expect(Glob("docs/**/\u{301}*.md").matches("docs/a/\u{301}x.md"))
        #expect(Glob("docs/\u{301}x.md").segments == ["docs", "\u{301}x.md"])
        #expect(Glob("./\u{301}*/x").literalPrefix.isEmpty)  // `*` after a mark is still a wildcard
        #expect(!Glob("docs/*.md").matches("docs/\u{301}/x.md"))
    }

    /// FuzzGlob: each `**` tried every split of the rest of the path, so twelve of them against
    /// a path 41 segments deep ran for minutes (libFuzzer's timeout). Matching now retries
    /// only from the last `**` (at most pattern × path segment comparisons); the answers are
    /// those of the old definition.
    @Test(.timeLimit(.minutes(1))) func fuzzFinding_globManyDoubleStarsIsPolynomial() throws {
        let input = try FuzzFinding.input("glob-many-double-stars")
        let lines = input.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
        #expect(!Glob(lines[0]).matches(lines[1]))
        #expect(Glob(lines[0]).matches(lines[1].replacingOccurrences(of: "/b", with: "/x")))
        let cases: [(String, String, Bool)] = [
            ("**", "", true), ("**", "a/b/c", true), ("**/*.md", "x.md", true), ("**/*.md", "a/b/x.md", true),
            ("a/**", "a", true), ("a/**/b", "a/b", true), ("a/**/b", "a/x/y/b", true), ("a/**/b", "a/x/y/c", false),
            ("*/b", "a/b", true), ("*/b", "a/c/b", false), ("a/*", "a", false), ("", "", true), ("", "a", false),
            ("**/**/x", "x", true), ("[ab]/?.md", "b/c.md", true), ("[!ab]/?.md", "b/c.md", false),
        ]
        for (pattern, path, expected) in cases {
            #expect(Glob(pattern).matches(path) == expected, "\(pattern) against \(path)")
        }
    }

    /// FuzzParse: in a block inside a list item, a content line indented with a tab reached
    /// YAML as spaces (cmark writes the rest of a tab the item's indent cut into as spaces),
    /// so its positions were shifted past the end of the file's line.
    @Test func fuzzFinding_tabIndentedLineInListBlockColumn() throws {
        let bytes = try FuzzFinding.input("parse-tab-in-list-block-column.md")
        let parsed = WorkplanParser(repo: "fuzz").parse(path: "workplans/X-WP-0001-x.md", bytes: bytes)
        let error = try #require(parsed.diagnostics.first { $0.rule == "yaml-syntax" })
        #expect(error.location.line == 9)
        #expect(error.location.column == 3, "just past the `\"` that opens the unterminated string (line 9 is a tab and a quote)")
        FuzzFinding.expectPositionsInside(parsed, bytes: bytes)
    }
}
