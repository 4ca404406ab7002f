import Foundation
import Testing
import WorkplanKit

/// Rules that compared every element with every other: n copies of one id (issue 10 follow-up:
/// `duplicate-id` built each copy's list of the others, 2,000 copies took 0.5 GB, 20,000 copies
/// 23 GB) and n task ids without their workplan's prefix (`task-id-prefix` looked each task up
/// in the list again: 20,000 tasks took 18 s, the 230,000 an 8 MiB file holds about 40 minutes).
/// Run under a memory limit and a timeout; the tests assert a clean end, not a speed.
@Suite("Security: many copies in one file cost linear work")
struct ManyCopiesTests {
    static let copies = 20_000

    @Test("20,000 copies of one task id: lint ends within 2 GiB with the first findings and a count of the rest")
    func twentyThousandCopiesOfOneID() throws {
        let directory = try TemporaryDirectory("wp-duplicate-copies")
        try directory.write(".wp.yaml", "repo: dup\n")
        var text = "---\nid: DUP-WP-0001\ntitle: Copies\nstatus: active\n---\n\n"
        for _ in 0..<Self.copies { text += "```task\nid: DUP-WP-0001-T01\nstatus: todo\n```\n\n" }
        try directory.write("workplans/DUP-WP-0001-copies.md", text)
        let result = try ChainPayloads.run(["lint"], in: directory)
        ChainPayloads.expectExit(result, 1, "wp lint on \(Self.copies) copies")
        #expect(result.stdout.hasPrefix("workplans/DUP-WP-0001-copies.md:8:5: error[duplicate-id] id 'DUP-WP-0001-T01' is also defined at "
                + "workplans/DUP-WP-0001-copies.md:13:5 (dup)"), "\(result.stdout.prefix(1_000))")
        #expect(result.stdout.contains("and \(Self.copies - 2) more places"), "\(result.stdout.prefix(1_000))")
        #expect(result.stdout.contains("… \(Self.copies - Limits.findingsPerRuleAndFile) more duplicate-id findings in this file"),
                "\(result.stdout.suffix(2_000))")
        #expect(result.stdout.utf8.count <= 2 * text.utf8.count, "\(result.stdout.utf8.count) bytes of output")
    }

    @Test("20,000 task ids without their workplan's prefix: lint ends within 2 GiB, each finding suggesting the task's own number")
    func twentyThousandUnprefixedTaskIDs() throws {
        let directory = try TemporaryDirectory("wp-unprefixed-copies")
        try directory.write(".wp.yaml", "repo: pre\n")
        var text = "---\nid: PRE-WP-0001\ntitle: Unprefixed\nstatus: active\n---\n\n"
        for task in 1...Self.copies { text += "```task\nid: task-\(task)\nstatus: todo\n```\n\n" }
        try directory.write("workplans/PRE-WP-0001-unprefixed.md", text)
        let result = try ChainPayloads.run(["lint"], in: directory)
        ChainPayloads.expectExit(result, 1, "wp lint on \(Self.copies) unprefixed task ids")
        #expect(result.stdout.contains("task id 'task-1' does not start with its workplan's id 'PRE-WP-0001'; use 'PRE-WP-0001-T01'"),
                "\(result.stdout.prefix(1_000))")
        #expect(result.stdout.contains("task id 'task-100' does not start with its workplan's id 'PRE-WP-0001'; use 'PRE-WP-0001-T100'"))
        #expect(result.stdout.contains("… \(Self.copies - Limits.findingsPerRuleAndFile) more task-id-prefix findings in this file"))
    }
}
