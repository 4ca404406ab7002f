import Foundation
import Testing

/// Issue 10, item 10: graph walks were recursive, one stack frame per link, so a
/// long enough chain crashed wp with SIGSEGV. The walks now keep their own stack.
///
/// The runs get a 512 KiB stack: what a secondary thread has on macOS, where the
/// library may be called from; the default 8 MiB main stack only moves the depth
/// at which a recursive walk crashes (the former code crashed here at 3,000 links).
@Suite("Security: 3,000-deep dependency chains (end to end)")
struct DeepChainStackTests {
    static let depth = 3_000
    static let stack = 512 * 1024

    /// The commands that walk the graph; each must exit 0.
    static func commands(top: String, bottom: String) -> [[String]] {
        [["lint"], ["status"], ["show", top], ["impact", bottom], ["graph"], ["report", "--format", "json"]]
    }

    @Test("a chain of 3,000 tasks, top-down across workplans: no command overflows the stack")
    func deepTaskChain() throws {
        let directory = try TemporaryDirectory("wp-deep-tasks")
        try ChainPayloads.taskChain(workplans: 30, tasksPerWorkplan: Self.depth / 30, in: directory)
        let top = ChainPayloads.taskID(0, tasksPerWorkplan: Self.depth / 30)
        let bottom = ChainPayloads.taskID(Self.depth - 1, tasksPerWorkplan: Self.depth / 30)
        for command in Self.commands(top: top, bottom: bottom) {
            let result = try ChainPayloads.run(command, in: directory, stackBytes: Self.stack)
            ChainPayloads.expectExit(result, 0, "wp \(command.joined(separator: " "))")
            #expect(!result.stdout.isEmpty, "wp \(command.joined(separator: " ")) printed nothing")
        }
        let impact = try ChainPayloads.run(["impact", top], in: directory, stackBytes: Self.stack)
        #expect(impact.stdout.contains("\(top) → \(ChainPayloads.taskID(1, tasksPerWorkplan: Self.depth / 30)) → "))
        #expect(impact.stdout.contains(" → \(bottom)\n"), "the critical path reaches the bottom of the chain")
    }

    @Test("a chain of 3,000 workplans, each depending on the next: no command overflows the stack")
    func deepWorkplanChain() throws {
        let directory = try TemporaryDirectory("wp-deep-workplans")
        try ChainPayloads.workplanChain(count: Self.depth, in: directory)
        let top = ChainPayloads.workplanID(0)
        let bottom = ChainPayloads.workplanID(Self.depth - 1)
        for command in [["impact", bottom], ["graph"], ["report", "--format", "json"]] {
            let result = try ChainPayloads.run(command, in: directory, stackBytes: Self.stack)
            ChainPayloads.expectExit(result, 0, "wp \(command.joined(separator: " "))")
            #expect(!result.stdout.isEmpty, "wp \(command.joined(separator: " ")) printed nothing")
        }
        let status = try ChainPayloads.run(["status"], in: directory, stackBytes: Self.stack)
        #expect(status.stdout.contains("\(Self.depth) tasks, \(Self.depth - 1) blocked"))
    }
}
