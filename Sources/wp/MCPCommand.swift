import ArgumentParser
import Foundation
import WorkplanKit

/// `wp mcp`: runs the `wp-mcp` executable beside this one with the same arguments.
///
/// The server lives in its own executable because the MCP SDK imports FoundationNetworking,
/// which links libcurl, TLS and Kerberos libraries: wp itself stays small and self-contained
/// for everything else. `exec` replaces this process, so the client's pipes, signals and
/// the exit status are the server's own.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the workspace to coding agents: a Model Context Protocol server over stdin/stdout.",
        discussion: """
            Tools: status, ready, show, impact, lint, gate_check, graph, and the checked edits start, done, block, \
            resolve, set, new_task, new_workplan (each with dry_run; none with --read-only). Resources: every workplan \
            as wp://REPO/ID, wp://status and wp://ready. Files changed on disk are seen by the next call. \
            Registering it with an MCP client: docs/agents.md. Exit 0 when the client closes stdin; 2 when the \
            workspace cannot be read at all.
            """)

    // The same options as Sources/wp-mcp/WPMCPCommand.swift, so that `wp mcp --help` and wrong
    // options are answered here; MCPCommandTests compares the two helps.
    @Option(name: [.customShort("C"), .customLong("directory")], help: "Run as if started in this directory.")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    @Flag(help: "Offer no edit tools: the server never writes a file.")
    var readOnly = false

    func run() throws {
        // The options as parsed, not as typed: `wp -C DIR mcp` has already moved to DIR.
        var arguments: [String] = []
        if let directory { arguments += ["--directory", directory] }
        if offline { arguments.append("--offline") }
        if readOnly { arguments.append("--read-only") }
        try CompanionExecutable.exec("wp-mcp", for: "mcp", arguments: arguments)
    }
}
