import Foundation
import Testing

/// One policy for a workspace read only partly (issue 11): every read command
/// prints the same problem to stderr and exits 2; `--allow-partial`, where a
/// command has it, shows what could be read and exits 0. `wp gate check` has no
/// such option: a gate never passes on a partial picture.
@Suite("Partial reads: the same stderr line and exit 2 from every read command")
struct PartialReadPolicyTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    /// The examples with one workplan whose front matter is not YAML.
    static func brokenExamples() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory("wp-partial")
        for repo in ["railiance-apps", "railiance-platform"] {
            try directory.copy(examples.appendingPathComponent(repo), to: repo)
        }
        try directory.write("railiance-apps/workplans/RAILIANCE-WP-0099-broken.md",
                            "---\nid: RAILIANCE-WP-0099\ntitle: [unclosed\nstatus: active\n---\n\n# Broken\n")
        return (directory, directory.absolute("railiance-apps"))
    }

    static let problem = "workplans/RAILIANCE-WP-0099-broken.md:"

    /// Every command that reads the workspace and shows it; `allowsPartial`: it takes `--allow-partial`.
    static let commands: [(arguments: [String], allowsPartial: Bool)] = [
        (["status"], true),
        (["status", "--format", "json"], true),
        (["ready"], true),
        (["show", "RAILIANCE-WP-0002"], true),
        (["impact", "RAILIANCE-WP-0002-T03"], true),
        (["graph"], true),
        (["report"], true),
        (["report", "--format", "json"], true),
        (["gate", "list"], false),
        (["gate", "check", "vergabe-teilnahme/smoke"], false),
        (["gate", "explain", "vergabe-teilnahme/smoke"], false),
    ]

    @Test("a broken file: each read command prints the same problem line on stderr and exits 2", arguments: commands.map(\.arguments))
    func everyReadCommandExitsTwo(_ arguments: [String]) throws {
        let (directory, root) = try Self.brokenExamples()
        let reference = try wp(["status"], in: root, cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-05-20"])
        let expected = try #require(reference.stderr.split(separator: "\n").first { $0.hasPrefix(Self.problem) },
                                    "wp status names the broken file: \(reference.stderr)")
        #expect(expected.hasSuffix("[yaml-syntax]"))

        let result = try wp(arguments, in: root, cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-05-20"])
        #expect(result.status == 2, "wp \(arguments.joined(separator: " ")): exit \(result.status)\n\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").contains(expected), "wp \(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(!result.stdout.contains(Self.problem), "problems go to stderr, not into the result")
    }

    @Test("--allow-partial: the rest is shown and the exit is 0, the problem still on stderr",
          arguments: commands.filter(\.allowsPartial).map(\.arguments))
    func allowPartialShowsTheRest(_ arguments: [String]) throws {
        let (directory, root) = try Self.brokenExamples()
        let result = try wp(arguments + ["--allow-partial"], in: root, cache: directory.absolute("cache"),
                            environment: ["WP_TODAY": "2026-05-20"])
        #expect(result.status == 0, "wp \(arguments.joined(separator: " ")) --allow-partial: exit \(result.status)\n\(result.stderr)")
        #expect(result.stderr.contains(Self.problem))
        #expect(!result.stdout.isEmpty)
    }

    @Test("gate commands take no --allow-partial: a gate never passes on a partial read")
    func gateCheckHasNoAllowPartial() throws {
        let (directory, root) = try Self.brokenExamples()
        let result = try wp(["gate", "check", "vergabe-teilnahme/smoke", "--allow-partial"], in: root, cache: directory.absolute("cache"))
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test("wp lint reports the broken file as a finding (its job), exit 1")
    func lintReportsItAsAFinding() throws {
        let (directory, root) = try Self.brokenExamples()
        let result = try wp(["lint"], in: root, cache: directory.absolute("cache"))
        #expect(result.status == 1)
        #expect(result.stdout.contains(Self.problem))
    }

    @Test("an invalid WP_TODAY is an error naming the variable, exit 2, for every read command")
    func invalidPinnedDayIsAnError() throws {
        let (directory, root) = try Self.brokenExamples()
        for arguments in [["status"], ["gate", "list"], ["lint"]] {
            let result = try wp(arguments, in: root, cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-02-30"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("WP_TODAY='2026-02-30' is not a date"), "\(result.stderr)")
        }
    }
}
