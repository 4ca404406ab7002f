import Foundation
import Testing
import WorkplanKit

/// Issue 10, item 23: repeated detail multiplied output. Prose decisions naming
/// many unknown ids, or blocking many tasks already in progress, repeated one
/// finding per pair (487 KB of decisions: 14 MB of `wp lint`; 490 KB: 25 MB);
/// YAML aliases repeated one long field value (1 MB file: 2 GB of `wp show`).
@Suite("Security: output amplification (end to end)")
struct OutputAmplificationTests {
    static let decisions = 600
    static let tasks = 30
    static let unknownIDs = 30
    static let sharedID = 100

    /// Pending prose decisions, each blocking every task of the workplan (all in progress) and unknown ids,
    /// plus decisions sharing one id: 374 KB, which printed 12 MB (text) to 40 MB (SARIF).
    static func proseDecisions() -> String {
        var text = "---\nid: PD-WP-0001\ntitle: Decisions\nstatus: active\n---\n\n"
        for task in 1...tasks { text += "```task\nid: PD-WP-0001-T\(task)\nstatus: in_progress\n```\n\n" }
        for decision in 1...decisions {
            let blocks = (1...tasks).map { "T\($0)" } + (1...unknownIDs).map { "PD-WP-0001-X\($0)" }
            text += "**Decision D-\(decision) — pick one** (pending; required before \(blocks.joined(separator: " ")))\n\n"
        }
        for _ in 1...sharedID { text += "**Decision D-9999 — the same id again** (pending)\n\n" }
        return text
    }

    @Test("prose decisions naming thousands of ids: every lint format prints at most twice its input, and says how much it left out")
    func proseDecisionsLint() throws {
        let directory = try TemporaryDirectory("wp-prose-amplification")
        let text = Self.proseDecisions()
        try directory.write(".wp.yaml", "repo: pd\n")
        try directory.write("workplans/PD-WP-0001-decisions.md", text)
        let input = text.utf8.count
        for format in ["text", "json", "github", "sarif"] {
            let result = try ChainPayloads.run(["lint", "--format", format], in: directory)
            ChainPayloads.expectExit(result, 1, "wp lint --format \(format)")
            #expect(result.stdout.utf8.count <= 2 * input, "\(format): \(result.stdout.utf8.count) bytes of output for \(input) bytes of input")
            // The first findings of each rule, then one that counts the rest.
            let unresolved = Self.decisions * Self.unknownIDs - Limits.findingsPerRuleAndFile
            #expect(result.stdout.contains("… \(unresolved) more unresolved-reference findings in this file"), "\(format)")
            let inProgress = Self.decisions * Self.tasks - Limits.findingsPerRuleAndFile
            #expect(result.stdout.contains("… \(inProgress) more in-progress-with-pending-decision findings in this file"), "\(format)")
        }
        // An id used 100 times: each finding lists the first other places and counts the rest
        // (duplicate-id caps its own notes below Limits.notesPerFinding).
        let plain = try ChainPayloads.run(["lint"], in: directory)
        #expect(plain.stdout.contains("note: … \(Self.sharedID - 1 - Limits.duplicatePositionsShown) more\n"))
    }

    @Test("a field value repeated by YAML aliases: wp show prints at most Limits.fieldTextShown characters of it")
    func aliasedFieldShow() throws {
        let directory = try TemporaryDirectory("wp-alias-amplification")
        let long = String(repeating: "x", count: 1_000_000)
        let text = "---\nid: AL-WP-0001\ntitle: Aliases\nstatus: active\n---\n\n```task\nid: AL-WP-0001-T01\nstatus: todo\n"
            + "note: &long \"\(long)\"\nmore: [\(Array(repeating: "*long", count: 2_000).joined(separator: ", "))]\n```\n"
        try directory.write(".wp.yaml", "repo: al\n")
        try directory.write("workplans/AL-WP-0001-aliases.md", text)
        for format in ["text", "json"] {
            let result = try ChainPayloads.run(["show", "AL-WP-0001-T01", "--format", format], in: directory)
            ChainPayloads.expectExit(result, 0, "wp show --format \(format)")
            #expect(result.stdout.utf8.count <= 2 * Limits.fieldTextShown + 4_096, "\(format): \(result.stdout.utf8.count) bytes")
            #expect(result.stdout.contains("x…"), "\(format): the cut is marked")
        }
    }
}
