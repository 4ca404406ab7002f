import Foundation
import Testing

/// `wp mcp` driven by a real MCP client nobody here wrote: the official Python SDK
/// (`mcp` on PyPI, installed by scripts/install-deps), through Tests/mcp/wp_mcp_client.py.
/// Each scenario runs on its own copy of examples/ (railiance-apps a git repo, its path
/// peer beside it). A missing python3 or `mcp` package fails the test, never skips it.
@Suite("wp mcp with the official Python MCP client")
struct MCPServerTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let client = packageRoot.appendingPathComponent("Tests/mcp/wp_mcp_client.py").path

    @Test("initialize, tools with their schemas, resources (each workplan's bytes, status and ready as the CLI's JSON), --read-only")
    func catalog() throws { try scenario("catalog") }

    @Test("every read tool answers what `wp … --format json` prints for the same question")
    func readTools() throws { try scenario("read_tools") }

    @Test("start → done with evidence, block, set, new_task, new_workplan, resolve: dry run first, then the same diff written; wp lint passes after")
    func edits() throws { try scenario("edits") }

    @Test("an illegal move, an unknown id, bad arguments: tool errors with the CLI's message and exit code; no byte changes")
    func refusals() throws { try scenario("refusals") }

    @Test("a file changed on disk between two calls is seen by the second; subscribers are notified")
    func diskChange() throws { try scenario("disk_change") }

    @Test("malformed JSON-RPC (bad JSON, unknown method, an oversized line, control characters) gets errors; the server keeps serving")
    func malformedRequests() throws { try scenario("raw_rpc") }

    @Test("control characters and forged lines in a workplan reach no tool text or resource listing; escaped as the CLI escapes them")
    func hostileText() throws { try scenario("hostile") }

    @Test("answers that grow with the workspace are bounded: lint, impact and ready cut at `limit` (with total and truncated), graph one node per workplan, then a request for ids")
    func boundedAnswers() throws { try scenario("bounded") }

    private func scenario(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let binary = try WPBinary.require()
        let workspace = try TemporaryDirectory("wp-mcp-\(name)")
        for repo in ["railiance-apps", "railiance-platform"] {
            try workspace.copy(Self.packageRoot.appendingPathComponent("examples/\(repo)"), to: repo)
        }
        let apps = workspace.absolute("railiance-apps")
        try git(["init", "-q", "-b", "main"], in: apps)
        try git(["add", "-A"], in: apps)
        try git(["commit", "-q", "-m", "examples"], in: apps)
        let result = try run("/usr/bin/env", ["python3", Self.client, name, binary, workspace.path], in: workspace.path)
        if result.status == 3 || result.status == 127 {
            Issue.record("""
                the MCP tests need python3 with the `mcp` package (scripts/install-deps installs it): \
                exit \(result.status): \(result.stderr)
                """, sourceLocation: sourceLocation)
            return
        }
        let serverLog = (try? String(contentsOfFile: workspace.absolute("server-stderr.log"), encoding: .utf8)) ?? ""
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nserver stderr:\n\(serverLog)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("pass \(name)"), "the scenario did not finish: \(result.stdout)", sourceLocation: sourceLocation)
    }
}
