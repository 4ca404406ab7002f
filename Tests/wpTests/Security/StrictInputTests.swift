import Foundation
import Testing

/// Lenient reading that let a gate pass on values wp should not have trusted (issue 10,
/// items 15 and 21, and a sibling): each attack passed its gate (exit 0) before its fix.
@Suite("Strict input (end to end)")
struct StrictInputTests {
    static let frontMatter = "---\nid: STR-WP-0001\ntitle: Strict\nstatus: active\n---\n\n"

    /// A git work tree with one workplan (`frontMatter` + `body`) that also holds the gate.
    static func workspace(_ body: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-strict")
        try directory.write(".wp.yaml", "repo: strict\n")
        try directory.write("workplans/STR-WP-0001-s.md", frontMatter + body)
        try git(["init", "--quiet"], in: directory.path)
        return directory
    }

    static func runWP(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(arguments, in: directory.path, cache: directory.absolute(".wp-cache"), environment: ["WP_TODAY": "2026-06-10", "NO_COLOR": "1"])
    }

    static let evidenceGate = "```gate\nid: strict/drill\nrequires:\n  - evidence: restore-drill\n    max_age: 30d\n```\n"

    @Test("done_on: \"2026-06-+1\" is not a date: the evidence's age cannot be checked, the gate fails, lint says where")
    func doneOnWithASign() throws {
        let directory = try Self.workspace(
            "## T01 — Drill\n\n```task\nid: STR-WP-0001-T01\nstatus: done\nevidence: restore-drill\ndone_on: \"2026-06-+1\"\n```\n\n"
                + Self.evidenceGate)
        let gate = try Self.runWP(["gate", "check", "strict/drill"], in: directory)
        #expect(gate.status == 1, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("has no valid `done_on: YYYY-MM-DD`"), "\(gate.stdout)")
        let lint = try Self.runWP(["lint"], in: directory)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains(
            "workplans/STR-WP-0001-s.md:13:10: error[schema] task STR-WP-0001-T01: 'done_on' must be a date YYYY-MM-DD, found '2026-06-+1'"),
            "\(lint.stdout)")
    }

    @Test("evidence_date (an old, undocumented alias) is not read: the gate fails, lint asks to rename the key")
    func evidenceDateAlias() throws {
        let directory = try Self.workspace(
            "## T01 — Drill\n\n```task\nid: STR-WP-0001-T01\nstatus: done\nevidence: restore-drill\nevidence_date: 2026-06-01\n```\n\n"
                + Self.evidenceGate)
        let gate = try Self.runWP(["gate", "check", "strict/drill"], in: directory)
        #expect(gate.status == 1, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("has no valid `done_on: YYYY-MM-DD`"), "\(gate.stdout)")
        let lint = try Self.runWP(["lint"], in: directory)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains(
            "workplans/STR-WP-0001-s.md:13:1: error[schema] task STR-WP-0001-T01: `evidence_date` is not read any more; rename the key to `done_on`"),
            "\(lint.stdout)")
        // The hint works as printed: with the key renamed the gate passes (9 days old).
        let fixed = try Self.workspace(
            "## T01 — Drill\n\n```task\nid: STR-WP-0001-T01\nstatus: done\nevidence: restore-drill\ndone_on: 2026-06-01\n```\n\n"
                + Self.evidenceGate)
        #expect(try Self.runWP(["gate", "check", "strict/drill"], in: fixed).status == 0)
        #expect(try Self.runWP(["lint"], in: fixed).status == 0)
    }

    @Test("max_age: +30d (a sign Int() accepts) is a malformed requirement: the gate fails")
    func maxAgeWithASign() throws {
        let directory = try Self.workspace(
            "## T01 — Drill\n\n```task\nid: STR-WP-0001-T01\nstatus: done\nevidence: restore-drill\ndone_on: 2026-06-01\n```\n\n"
                + "```gate\nid: strict/drill\nrequires:\n  - evidence: restore-drill\n    max_age: +30d\n```\n")
        let gate = try Self.runWP(["gate", "check", "strict/drill"], in: directory)
        #expect(gate.status == 1, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("malformed requirement: `max_age` must look like 30d"), "\(gate.stdout)")
    }

    @Test("a duplicate key hidden behind a tag (`status: done` then `!x status: todo`) is an error with both positions; the gate does not pass")
    func duplicateKeyBehindATag() throws {
        let directory = try Self.workspace(
            "## T01 — Tagged\n\n```task\nid: STR-WP-0001-T01\nstatus: done\n!x status: todo\n```\n\n"
                + "```gate\nid: strict/tagged\nrequires:\n  - STR-WP-0001-T01\n```\n")
        let gate = try Self.runWP(["gate", "check", "strict/tagged"], in: directory)
        // The task cannot be read: the requirement is unmet and the picture incomplete (exit 2), never a pass.
        #expect(gate.status == 2, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("STR-WP-0001-T01 — not found"), "\(gate.stdout)")
        let lint = try Self.runWP(["lint"], in: directory)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains(
            "workplans/STR-WP-0001-s.md:12:1: error[yaml-syntax] task block: duplicate key 'status' (first at line 11, column 1)"),
            "\(lint.stdout)")
    }
}

