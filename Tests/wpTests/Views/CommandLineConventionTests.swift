import Foundation
import Testing

/// Issue 13, item 6: command line conventions, end to end.
@Suite("command line conventions (end to end)")
struct CommandLineConventionTests {
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-cli")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        try directory.write("apps/workplans/APP-WP-0001.md", ViewFixtures.plan("APP-WP-0001", "active", [
            ("T01", "status: todo"), ("T02", "status: todo\ndepends_on: [T01]"),
        ]))
        return directory
    }

    func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> RunResult {
        var env = ["WP_TODAY": "2026-11-28"]
        for (key, value) in environment { env[key] = value }
        return try wp(arguments, in: directory, cache: directory + "/.cache", environment: env)
    }

    @Test("wp -C DIR COMMAND (git and make style) runs in DIR, like COMMAND -C DIR; a missing DIR is exit 2")
    func directoryBeforeTheCommand() throws {
        let directory = try Self.workspace()
        let before = try run(["-C", "apps", "status"], in: directory.path)
        let after = try run(["status", "-C", "apps"], in: directory.path)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout == after.stdout)
        #expect(before.stdout.contains("APP-WP-0001"))
        let joined = try run(["-Capps", "ready"], in: directory.path)
        #expect(joined.stdout.contains("APP-WP-0001-T01"))
        let long = try run(["--directory=apps", "ready"], in: directory.path)
        #expect(long.stdout == joined.stdout)
        // Relative paths after it are relative to DIR, as with git -C.
        let report = try run(["-C", "apps", "report", "-o", "report.md"], in: directory.path)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.absolute("apps/report.md")))
        let missing = try run(["-C", "nowhere", "status"], in: directory.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such directory 'nowhere'"), "\(missing.stderr)")
        let noValue = try run(["-C"], in: directory.path)
        #expect(noValue.status == 64)
    }

    @Test("a mistyped command names the one meant (exit 64); so does a mistyped subcommand")
    func mistypedCommand() throws {
        let directory = try Self.workspace()
        let status = try run(["stauts"], in: directory.absolute("apps"))
        #expect(status.status == 64)
        #expect(status.stdout == "")
        #expect(status.stderr.hasPrefix("error: unknown command 'stauts'; did you mean 'status'?\n"), "\(status.stderr)")
        let gate = try run(["gate", "chek"], in: directory.absolute("apps"))
        #expect(gate.status == 64)
        #expect(gate.stderr.contains("unknown command 'chek' under 'wp gate'; did you mean 'check'?"), "\(gate.stderr)")
        // A word that is an argument, not a command, is left to the command.
        let show = try run(["show", "APP-WP-0001-T01"], in: directory.absolute("apps"))
        #expect(show.status == 0, "\(show.stderr)")
    }

    @Test("wp help TOPIC: the topics an installed wp has; an unknown one is exit 64, not the top-level help")
    func helpTopics() throws {
        let directory = try Self.workspace()
        let unknown = try run(["help", "nonexist"], in: directory.path)
        #expect(unknown.status == 64)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr.contains("error: no command or help topic 'nonexist'"), "\(unknown.stderr)")
        let typo = try run(["help", "staus"], in: directory.path)
        #expect(typo.stderr.contains("did you mean 'status'?"), "\(typo.stderr)")
        for (topic, heading) in [("format", "TASKS"), ("rules", "prose-unresolved-reference (warning)"), ("gates", "REQUIREMENTS")] {
            let help = try run(["help", topic], in: directory.path)
            #expect(help.status == 0, "wp help \(topic): \(help.stderr)")
            #expect(help.stdout.contains(heading), "wp help \(topic)")
            #expect(help.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "wp help \(topic) is ASCII (the man page drops the rest)")
        }
        let nested = try run(["help", "gate", "check"], in: directory.path)
        #expect(nested.status == 0)
        #expect(nested.stdout.contains("wp help gates"), "the gate check help points at a topic an installed wp has")
    }

    @Test("messages that pointed to docs/*.md point to help topics an installed wp has")
    func messagesPointAtHelpTopics() throws {
        let directory = try Self.workspace()
        let noGates = try run(["gate", "list"], in: directory.absolute("apps"))
        #expect(noGates.stdout.contains("(see `wp help gates`)"), "\(noGates.stdout)")
        try directory.write("apps/.wp.yaml", "repo: apps\nrules: {no-such-rule: off}\n")
        let badRule = try run(["status"], in: directory.absolute("apps"))
        #expect(badRule.status == 2)
        #expect(badRule.stderr.contains("(see `wp help rules`)"), "\(badRule.stderr)")
        #expect(!badRule.stderr.contains("docs/"))
    }

    @Test("negative counts are usage errors that say what the option takes", arguments: [
        ["ready", "--limit", "-1"], ["ready", "--limit=-3"], ["report", "--stale-days", "-5"], ["graph", "APP-WP-0001", "--depth", "-1"],
    ])
    func negativeNumbers(_ arguments: [String]) throws {
        let directory = try Self.workspace()
        let result = try run(arguments, in: directory.absolute("apps"))
        #expect(result.status == 64, "\(arguments): exit \(result.status)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("takes a number of 0 or more, not -"), "\(arguments): \(result.stderr)")
    }

    @Test("an invalid WP_TODAY is an error (exit 2), never ignored")
    func invalidToday() throws {
        let directory = try Self.workspace()
        let result = try run(["status"], in: directory.absolute("apps"), environment: ["WP_TODAY": "2026-02-30"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("WP_TODAY='2026-02-30' is not a date"), "\(result.stderr)")
    }

    @Test("--color always|never|auto, FORCE_COLOR and CLICOLOR_FORCE colour a pipe; NO_COLOR and never do not")
    func colour() throws {
        let directory = try Self.workspace()
        let apps = directory.absolute("apps")
        func coloured(_ arguments: [String], _ environment: [String: String] = [:]) throws -> Bool {
            let result = try run(arguments, in: apps, environment: environment)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout.contains("\u{1B}[")
        }
        #expect(try !coloured(["status"]), "stdout is a pipe: no colour by default")
        #expect(try coloured(["status", "--color", "always"]))
        #expect(try coloured(["status", "--color", "always"], ["NO_COLOR": "1"]), "the command line wins over NO_COLOR")
        #expect(try coloured(["status"], ["FORCE_COLOR": "1"]))
        #expect(try coloured(["ready"], ["CLICOLOR_FORCE": "1"]))
        #expect(try !coloured(["status"], ["FORCE_COLOR": "0"]))
        #expect(try !coloured(["status", "--color", "never"], ["FORCE_COLOR": "1"]))
        #expect(try !coloured(["status", "--color", "auto"]))
        #expect(try !coloured(["status", "--color", "always", "--format", "json"]), "JSON is never coloured")
        let bad = try run(["status", "--color", "sometimes"], in: apps)
        #expect(bad.status == 64)
    }
}
