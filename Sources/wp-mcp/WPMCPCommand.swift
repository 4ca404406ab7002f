import ArgumentParser
import Foundation
import WorkplanKit
import WPMCP

// The same options, help and checks as Sources/wp/MCPCommand.swift (wp does not link the
// MCP SDK, which links FoundationNetworking and libcurl); MCPCommandTests compares the helps.

@main
struct WPMCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wp-mcp",
        abstract: "Serve the workspace to coding agents: a Model Context Protocol server over stdin/stdout.",
        discussion: """
            Tools: status, ready, show, impact, lint, gate_check, graph, and the checked edits start, done, block, \
            resolve, set, new_task, new_workplan (each with dry_run; none with --read-only). Resources: every workplan \
            as wp://REPO/ID, wp://status and wp://ready. Files changed on disk are seen by the next call. \
            Registering it with an MCP client: docs/agents.md. Exit 0 when the client closes stdin; 2 when the \
            workspace cannot be read at all.
            """)

    @Option(name: [.customShort("C"), .customLong("directory")], help: "Run as if started in this directory.")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    @Flag(help: "Offer no edit tools: the server never writes a file.")
    var readOnly = false

    func run() throws {
        let options = MCPServerOptions(
            session: WorkspaceSession.Options(
                directory: directory ?? FileManager.default.currentDirectoryPath, offline: offline,
                allowPartial: true, keepingSources: .all),
            readOnly: readOnly)
        if let error = MCPServer.runBlocking(options, log: Self.log) {
            Self.log("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// wp's own messages go to standard error, line by line terminal-safe: standard output carries the protocol.
    @Sendable static func log(_ text: String) {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        try? OutputWriter.write(body.terminalSafeLines + "\n", to: STDERR_FILENO, name: "standard error")
    }
}
