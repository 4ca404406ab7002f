import Foundation
import Testing

/// Issue 10 follow-up d and a sibling of item 2, end to end: YAML nested near libyaml's limit
/// crashed wp (SIGSEGV) on a 512 KiB stack, aliases of nested lists crashed it on any stack,
/// and many small blocks each expanding to the per-document node budget cost minutes and
/// gigabytes (1,000 blocks, 223 KB: over 120 s and 1.7 GB). Each must end cleanly.
@Suite("Security: deep and alias-heavy YAML (end to end)")
struct DeepYAMLTests {
    static let stack = 512 * 1024

    static func deepWorkspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-deep-yaml")
        try directory.write(".wp.yaml", "repo: deep\n")
        // Eight files nested 990 levels (front matter and a task block), read in parallel...
        for file in 1...8 {
            let id = "DY-WP-000\(file)"
            try directory.write("workplans/\(id)-deep.md", "---\nid: \(id)\ntitle: Deep\nstatus: active\nx: "
                + String(repeating: "[", count: 990) + String(repeating: "]", count: 990) + "\n---\n\n```task\nid: \(id)-T01\nstatus: todo\ny: "
                + String(repeating: "{a: ", count: 990) + "1" + String(repeating: "}", count: 990) + "\n```\n")
        }
        // ...and eight 900-deep lists, each holding an alias of the one before (14 KB).
        var lines = ["a0: &a0 " + String(repeating: "[", count: 900) + "1" + String(repeating: "]", count: 900)]
        for level in 1..<8 {
            lines.append("a\(level): &a\(level) " + String(repeating: "[", count: 900) + "*a\(level - 1)" + String(repeating: "]", count: 900))
        }
        try directory.write("workplans/DY-WP-0009-aliases.md", "---\nid: DY-WP-0009\ntitle: Aliases\nstatus: active\n"
            + lines.joined(separator: "\n") + "\n---\n")
        return directory
    }

    @Test("990-deep YAML and aliases of 900-deep lists on a 512 KiB stack: every command ends with the position, no crash")
    func deepYAMLOnASmallStack() throws {
        let directory = try Self.deepWorkspace()
        for (command, status) in [(["lint"], Int32(1)), (["status"], 2), (["gate", "list"], 2), (["report", "--format", "json"], 2)] {
            let result = try ChainPayloads.run(command, in: directory, stackBytes: Self.stack)
            ChainPayloads.expectExit(result, status, "wp \(command.joined(separator: " "))")
            let text = result.stdout + result.stderr
            #expect(text.contains("workplans/DY-WP-0009-aliases.md:5:72: error"), "\(command): \(text.prefix(2_000))")
            #expect(text.contains("workplans/DY-WP-0001-deep.md:5:67: error"), "\(command)")
            #expect(text.contains("workplans/DY-WP-0001-deep.md:11:256: error"), "\(command)")
            #expect(text.contains("nest more than 64 levels deep"), "\(command)")
        }
        // An element in an unreadable file is unknown, cleanly.
        ChainPayloads.expectExit(try ChainPayloads.run(["show", "DY-WP-0001"], in: directory, stackBytes: Self.stack), 2, "wp show")
    }

    @Test("1,000 task blocks each expanding to 90,000 nodes: refused block by block, within 512 MiB")
    func manyAliasHeavyBlocks() throws {
        let directory = try TemporaryDirectory("wp-alias-blocks")
        try directory.write(".wp.yaml", "repo: blocks\n")
        var text = "---\nid: AB-WP-0001\ntitle: Blocks\nstatus: active\n---\n\n"
        for block in 1...1_000 {
            text += "```task\nid: AB-WP-0001-T\(block)\nstatus: todo\nx0: &a [1,1,1,1,1,1,1,1,1,1]\nx1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nx4: [*d,*d,*d,*d,*d,*d,*d]\n```\n\n"
        }
        try directory.write("workplans/AB-WP-0001-blocks.md", text)
        let result = try GateAttack.bounded(["status"], in: directory.path, cache: directory.absolute(".cache"))
        #expect(GateAttack.describeAbnormal(result.status) == nil, "\(result.status)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("workplans/AB-WP-0001-blocks.md:12:27: error: task block repeats more through aliases"), "\(result.stderr.prefix(1_000))")
        #expect(result.stderr.contains("task block repeats more through aliases than its size allows"), "\(result.stderr.prefix(1_000))")
        #expect(result.stdout.contains("AB-WP-0001"), "the workplan itself is read")
    }
}
