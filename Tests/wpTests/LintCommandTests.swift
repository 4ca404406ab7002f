import Foundation
import Testing

/// End-to-end runs of the built `wp lint` against real git repositories.
@Suite struct LintCommandTests {
    /// The `wp` binary built beside this test bundle.
    static var binary: String {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("wp").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/wp").path
    }


    static func run(_ arguments: [String], in directory: String) throws -> ProcessResult {
        try runProcess(binary, arguments, in: directory, environment: ["NO_COLOR": "1", "WP_CACHE_DIR": directory + "/.wp-cache"])
    }

    static func git(_ directory: String, _ arguments: String...) throws {
        try WPTestSupport.git(arguments, in: directory)
    }

    static func workplan(taskStatus: String) -> String {
        """
        ---
        id: EX-WP-0001
        title: Example
        status: active
        created: "2026-05-18"
        updated: "2026-05-18"
        ---

        ### T01 — Ship it

        ```task
        id: EX-WP-0001-T01
        status: \(taskStatus)
        ```

        """
    }

    static func makeRepo(committed: String, working: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wp-lint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/workplans", withIntermediateDirectories: true)
        try Data("repo: example\n".utf8).write(to: URL(fileURLWithPath: root + "/.wp.yaml"))
        let file = URL(fileURLWithPath: root + "/workplans/EX-WP-0001-example.md")
        try Data(committed.utf8).write(to: file)
        try git(root, "init", "-q")
        try git(root, "add", "-A")
        try git(root, "commit", "-qm", "base")
        try Data(working.utf8).write(to: file)
        return root
    }

    @Test func doneBackToTodoFailsAgainstBase() throws {
        let root = try Self.makeRepo(committed: Self.workplan(taskStatus: "done"), working: Self.workplan(taskStatus: "todo"))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try Self.run(["lint", "--base", "HEAD"], in: root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("workplans/EX-WP-0001-example.md:13:9: error[illegal-transition]"))
        #expect(result.stdout.contains("EX-WP-0001-T01"))
        #expect(result.stdout.contains("'done'") && result.stdout.contains("'todo'") && result.stdout.contains("HEAD"))
    }

    @Test func todoToDoneIsAllowed() throws {
        let root = try Self.makeRepo(committed: Self.workplan(taskStatus: "todo"), working: Self.workplan(taskStatus: "done"))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try Self.run(["lint", "--base", "HEAD"], in: root)
        #expect(!result.stdout.contains("illegal-transition"))
        // The file changed without an `updated:` bump: a warning, not an error.
        #expect(result.stdout.contains("warning[updated-not-bumped]"))
        #expect(result.status == 0)
        let strict = try Self.run(["lint", "--base", "HEAD", "--strict"], in: root)
        #expect(strict.status == 1)
    }

    @Test func unknownBaseIsExit2() throws {
        let root = try Self.makeRepo(committed: Self.workplan(taskStatus: "todo"), working: Self.workplan(taskStatus: "todo"))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try Self.run(["lint", "--base", "no-such-branch"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-branch"))
    }

    @Test func corpusLintsCleanWithTheExpectedWarnings() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/railiance-apps").path
        let result = try Self.run(["lint", "--format", "json"], in: examples)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let found = Set(diagnostics.map { "\($0["rule"]!) \($0["line"]!):\($0["column"]!) \(($0["path"] as! String).split(separator: "/").last!.prefix(17))" })
        // Positions computed from the corpus text itself.
        let wp2 = try String(contentsOfFile: examples + "/workplans/RAILIANCE-WP-0002-vergabe-teilnahme-on-railiance01.md", encoding: .utf8)
            .components(separatedBy: "\n")
        let wp4 = try String(contentsOfFile: examples + "/workplans/RAILIANCE-WP-0004-app-deployment-improvements.md", encoding: .utf8)
            .components(separatedBy: "\n")
        func position(_ lines: [String], _ needle: String, after: String? = nil) -> String {
            var start = 0
            if let after { start = lines.firstIndex { $0.contains(after) }! }
            let index = lines[start...].firstIndex { $0.contains(needle) }!
            let column = lines[index].distance(from: lines[index].startIndex, to: lines[index].range(of: needle)!.lowerBound) + 1
            return "\(index + 1):\(column)"
        }
        #expect(found.contains("prose-unresolved-reference \(position(wp4, "RAIL-AP-WP-0001")) RAILIANCE-WP-0004"))
        #expect(found.contains("prose-unresolved-reference \(position(wp2, "RAILIANCE-WP-0001")) RAILIANCE-WP-0002"))
        #expect(found.contains("prose-undeclared-blocker \(position(wp2, "RAILIANCE-WP-0003", after: "Blocked on:")) RAILIANCE-WP-0002"))
        #expect(diagnostics.allSatisfy { $0["severity"] as? String == "warning" })
    }
}

/// Renames, severities from `.wp.yaml`, and in-place suppressions, end to end.
@Suite struct LintConfigurationTests {
    @Test func renamedFileKeepsItsHistory() throws {
        let root = try LintCommandTests.makeRepo(
            committed: LintCommandTests.workplan(taskStatus: "done"), working: LintCommandTests.workplan(taskStatus: "done"))
        defer { try? FileManager.default.removeItem(atPath: root) }
        try LintCommandTests.git(root, "mv", "workplans/EX-WP-0001-example.md", "workplans/EX-WP-0001-renamed.md")
        let clean = try LintCommandTests.run(["lint", "--base", "HEAD"], in: root)
        #expect(clean.status == 0, "a rename alone is no finding: \(clean.stdout)")
        #expect(!clean.stdout.contains("illegal-initial-status"), "a renamed workplan is not new")
        // The same task, moved back to todo in the renamed file, is still an illegal move.
        try Data(LintCommandTests.workplan(taskStatus: "todo").utf8)
            .write(to: URL(fileURLWithPath: root + "/workplans/EX-WP-0001-renamed.md"))
        let moved = try LintCommandTests.run(["lint", "--base", "HEAD"], in: root)
        #expect(moved.status == 1)
        #expect(moved.stdout.contains("workplans/EX-WP-0001-renamed.md:13:9: error[illegal-transition]"))
    }

    static func corpusCopy(config extra: String) throws -> String {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples").path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wp-lintcfg-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: examples, toPath: root)
        let config = root + "/railiance-apps/.wp.yaml"
        let original = try String(contentsOfFile: config, encoding: .utf8)
        try Data((original + extra).utf8).write(to: URL(fileURLWithPath: config))
        return root + "/railiance-apps"
    }

    @Test func severityFromConfig() throws {
        let off = try Self.corpusCopy(config: "rules:\n  prose-unresolved-reference: off\n")
        defer { try? FileManager.default.removeItem(atPath: (off as NSString).deletingLastPathComponent) }
        let quiet = try LintCommandTests.run(["lint"], in: off)
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("prose-unresolved-reference"))
        #expect(quiet.stdout.contains("warning[prose-undeclared-blocker]"), "other rules still run")

        let strict = try Self.corpusCopy(config: "rules:\n  prose-undeclared-blocker: error\n")
        defer { try? FileManager.default.removeItem(atPath: (strict as NSString).deletingLastPathComponent) }
        let failing = try LintCommandTests.run(["lint"], in: strict)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("error[prose-undeclared-blocker]"))

        let typo = try Self.corpusCopy(config: "rules:\n  prose-undeclared-blockers: error\n")
        defer { try? FileManager.default.removeItem(atPath: (typo as NSString).deletingLastPathComponent) }
        let bad = try LintCommandTests.run(["lint"], in: typo)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".wp.yaml:7:3"))
        #expect(bad.stderr.contains("did you mean 'prose-undeclared-blocker'?"))
    }

    @Test func suppressionNeedsAReason() throws {
        let text = """
            ---
            id: EX-WP-0001
            title: Example
            status: active
            ---

            <!-- wp-lint: ignore prose-unresolved-reference -- EX-WP-0009 lives in the archived repo -->
            This follows EX-WP-0009.

            This follows EX-WP-0008. <!-- wp-lint: ignore prose-unresolved-reference -->

            """
        let root = try LintCommandTests.makeRepo(committed: text, working: text)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try LintCommandTests.run(["lint"], in: root)
        #expect(!result.stdout.contains("'EX-WP-0009'"), "silenced with a reason")
        #expect(result.stdout.contains("workplans/EX-WP-0001-example.md:10:14: warning[prose-unresolved-reference] 'EX-WP-0008'"),
                "a suppression without a reason silences nothing")
        #expect(result.stdout.contains("error[suppression-without-reason]"))
        #expect(result.status == 1)
    }
}
