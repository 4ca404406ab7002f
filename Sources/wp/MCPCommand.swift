import ArgumentParser
import Foundation
import WorkplanKit
import WPMCP

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

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Offer no edit tools: the server never writes a file.")
    var readOnly = false

    func run() throws {
        let options = MCPServerOptions(
            session: WorkspaceSession.Options(
                directory: workspace.directory ?? FileManager.default.currentDirectoryPath, offline: workspace.offline,
                allowPartial: true, keepingSources: .all),
            readOnly: readOnly)
        if let error = MCPServer.runBlocking(options, log: { Terminal.error($0) }) {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
