import Foundation
import Testing
import WorkplanKit

/// Issue 10 follow-up f: lint messages quoted whole values. A `.wp.yaml` listing 20,000
/// task statuses put all 149 KB of them into every `unknown status` finding (300 findings:
/// 45 MB of text from 163 KB of input), and a 100 KB value repeated 2,000 times by YAML
/// aliases in `depends_on` was scanned and quoted whole each time (`wp lint`: 51 s).
@Suite("Security: lint quotes bounded values (end to end)")
struct LintQuotingBoundsTests {
    @Test("a .wp.yaml of 20,000 statuses: every lint format prints at most twice its input, the list cut with a count")
    func hugeStatusList() throws {
        let directory = try TemporaryDirectory("wp-status-list")
        let statuses = 20_000
        try directory.write(".wp.yaml", "repo: amp\nlifecycles:\n  task:\n    statuses: ["
            + (0..<statuses).map { "s\($0)" }.joined(separator: ", ") + "]\n")
        for plan in 1...3 {
            let id = "AMP-WP-000\(plan)"
            try directory.write("workplans/\(id)-a.md", "---\nid: \(id)\ntitle: A\nstatus: active\n---\n\n"
                + (1...100).map { "```task\nid: \(id)-T\($0)\nstatus: todo\n```\n\n" }.joined())
        }
        let input = try ChainPayloads.inputBytes(directory)
        for format in ["text", "json", "github", "sarif"] {
            let result = try ChainPayloads.run(["lint", "--format", format], in: directory)
            ChainPayloads.expectExit(result, 1, "wp lint --format \(format)")
            #expect(result.stdout.utf8.count <= 2 * input, "\(format): \(result.stdout.utf8.count) bytes of output for \(input) of input")
            #expect(result.stdout.contains("s18, s19, … \(statuses - Limits.valuesListedInMessage) more)"), "\(format)")
        }
    }

    @Test("a 100 KB reference repeated 2,000 times by aliases: lint and status end, quoting at most Limits.quotedValueLength characters")
    func aliasedLongReference() throws {
        let directory = try TemporaryDirectory("wp-long-reference")
        try directory.write(".wp.yaml", "repo: ref\n")
        let long = String(repeating: "X", count: 100_000)
        let text = "---\nid: REF-WP-0001\ntitle: R\nstatus: active\n---\n\n```task\nid: REF-WP-0001-T01\nstatus: todo\n"
            + "depends_on: [&a \"\(long)\", " + Array(repeating: "*a", count: 2_000).joined(separator: ", ") + "]\n```\n"
        try directory.write("workplans/REF-WP-0001-r.md", text)
        let shown = String(repeating: "X", count: Limits.quotedValueLength) + "…"
        for format in ["text", "sarif"] {
            let result = try ChainPayloads.run(["lint", "--format", format], in: directory)
            ChainPayloads.expectExit(result, 1, "wp lint --format \(format)")
            #expect(result.stdout.utf8.count <= 2 * text.utf8.count, "\(format): \(result.stdout.utf8.count) bytes")
            #expect(result.stdout.contains(shown), "\(format): the value is quoted cut")
            #expect(!result.stdout.contains(shown.dropLast() + "X"), "\(format): never longer")
        }
        let lint = try ChainPayloads.run(["lint"], in: directory)
        #expect(lint.stdout.contains("must be at most \(Limits.maximumReferenceLength) characters long"), "\(lint.stdout.prefix(2_000))")
        #expect(lint.stdout.contains("error[unresolved-reference] reference '"), "the cut reference resolves to nothing and is reported")
        let status = try ChainPayloads.run(["status", "--format", "json"], in: directory)
        ChainPayloads.expectExit(status, 0, "wp status")
        #expect(status.stdout.contains("\"not found\""), "the task stays blocked on what it cannot resolve")
    }

    @Test("the schemas bound references and ids at Limits.maximumReferenceLength, where Reference cuts them")
    func schemaBoundMatchesTheLimit() throws {
        for name in ["task", "decision", "gate", "workplan"] {
            let source = try #require(BuiltinSchemas.source(named: name))
            #expect(source.contains("\"maxLength\": \(Limits.maximumReferenceLength),"), "\(name)")
        }
    }
}
