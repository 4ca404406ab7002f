import Foundation
import Testing

/// `wp mcp` runs the `wp-mcp` executable beside wp (wp itself does not link the MCP SDK).
@Suite("wp mcp runs wp-mcp")
struct MCPCommandTests {
    @Test("`wp mcp --help` and `wp-mcp --help` describe the same options")
    func sameHelp() throws {
        let binary = try WPBinary.require()
        let companion = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("wp-mcp").path
        let scratch = try TemporaryDirectory("wp-mcp-help")
        let viaWP = try run(binary, ["mcp", "--help"], in: scratch.path)
        let direct = try run(companion, ["--help"], in: scratch.path)
        #expect(viaWP.status == 0 && direct.status == 0)
        // Only the command's name in USAGE and wp's --version differ.
        func comparable(_ help: String) -> [String] {
            help.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("USAGE:") && !$0.contains("--version") }.map(String.init)
        }
        #expect(comparable(viaWP.stdout) == comparable(direct.stdout))
        #expect(viaWP.stdout.contains("--read-only") && viaWP.stdout.contains("docs/agents.md"))
    }

    @Test("wp without wp-mcp beside it: exit 2 saying how to build it")
    func missingCompanion() throws {
        let binary = try WPBinary.require()
        let scratch = try TemporaryDirectory("wp-mcp-missing")
        try scratch.makeDirectory("bin")
        try FileManager.default.copyItem(atPath: binary, toPath: scratch.absolute("bin/wp"))
        let result = try run(scratch.absolute("bin/wp"), ["mcp"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("swift build --product wp-mcp"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a workspace that cannot be read: exit 2 with wp's message, nothing on standard output")
    func unreadableWorkspace() throws {
        let scratch = try TemporaryDirectory("wp-mcp-nodir")
        let result = try wp(["mcp", "-C", scratch.absolute("missing")], in: scratch.path, cache: scratch.absolute("cache"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("no such directory"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "standard output carries only the protocol: \(result.stdout)")
    }
}
