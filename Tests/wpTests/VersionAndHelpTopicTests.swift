import Foundation
import Testing
import WorkplanKit

/// `wp --version` and the `wp help format` topic: what an installed wp, with
/// no source tree beside it, has to say for itself. (The packaged binary is
/// tested the same way, without a toolchain, by Tests/dist/run.)
@Suite("wp --version and wp help format (end to end)")
struct VersionAndHelpTopicTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/wpTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent().path

    @Test("--version: the release and the git commit the binary was built from")
    func version() throws {
        let directory = try TemporaryDirectory()
        let result = try run(try WPBinary.require(), ["--version"], in: directory.path)
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .newlines)
        let form = /^(\d+\.\d+\.\d+) \(commit ([0-9a-f]{40}|unknown)(, modified)?\)$/
        let match = try #require(line.wholeMatch(of: form), "unexpected --version output: \(line)")
        #expect(String(match.1) == WorkplanKitVersion.current)
        // Built by this test run from this checkout: the commit is its HEAD.
        let builtHere = ProcessInfo.processInfo.environment["WP_BINARY"] == nil
        if builtHere, FileManager.default.fileExists(atPath: Self.packageRoot + "/.git") {
            let head = try git(["rev-parse", "HEAD"], in: Self.packageRoot).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(String(match.2) == head, "wp --version names \(match.2), the checkout is at \(head)")
        }
    }

    @Test("help format: every section, and the exit codes README's table documents")
    func helpFormat() throws {
        let directory = try TemporaryDirectory()
        let result = try run(try WPBinary.require(), ["help", "format"], in: directory.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for section in ["FILES", "TASKS", "DECISIONS", "GATES", "REFERENCES", "LIFECYCLES", "CONFIGURATION", "ENVIRONMENT", "EXIT CODES"] {
            #expect(lines.contains(section), "wp help format has no \(section) section")
        }
        let exitSection = lines.drop { $0 != "EXIT CODES" }.dropFirst().prefix { !$0.isEmpty }
        let helpCodes = Set(exitSection.compactMap { $0.wholeMatch(of: /\ \ (\d+) +\S.*/).map { String($0.1) } })
        let readme = try String(contentsOfFile: Self.packageRoot + "/README.md", encoding: .utf8)
        let table = readme.components(separatedBy: "### Exit codes").dropFirst().first ?? ""
        let readmeCodes = Set(table.split(separator: "\n").prefix(8).compactMap { $0.wholeMatch(of: /\| (\d+) \|.*/).map { String($0.1) } })
        #expect(!helpCodes.isEmpty)
        #expect(helpCodes == readmeCodes, "wp help format lists exit codes \(helpCodes.sorted()), README \(readmeCodes.sorted())")

        let direct = try run(try WPBinary.require(), ["format"], in: directory.path)
        #expect(direct.status == 0)
        #expect(direct.stdout.contains("EXIT CODES"), "`wp format` should print the topic too")
    }

    @Test("help: format is a topic, not a listed command; every help text is ASCII and names no docs/*.md")
    func helpTexts() throws {
        let directory = try TemporaryDirectory()
        let help = try run(try WPBinary.require(), ["--help"], in: directory.path)
        #expect(help.status == 0)
        #expect(!help.stdout.split(separator: "\n").contains { $0.hasPrefix("  format ") }, "format is listed as a command")
        #expect(help.stdout.contains("wp help format"))

        // Every command's help at once, as the man page generator reads it.
        let dump = try run(try WPBinary.require(), ["--experimental-dump-help"], in: directory.path)
        #expect(dump.status == 0)
        // generate-manual drops characters outside ASCII from the man page.
        let nonASCII = dump.stdout.unicodeScalars.filter { !$0.isASCII }.map { String($0) }
        #expect(nonASCII.isEmpty, "help texts have characters outside ASCII: \(Set(nonASCII).sorted())")
        // An installed wp has no docs/ beside it: help points at `wp help format` and `man wp`.
        let docsPaths = dump.stdout.matches(of: /docs\/[a-z-]+\.md/).map { String($0.0) }
        #expect(docsPaths.isEmpty, "help texts point at \(docsPaths)")
    }
}
