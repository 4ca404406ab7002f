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
            Registering it with an MCP client: docs/mcp.md. Exit 0 when the client closes stdin; 2 when the \
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
        let server = Self.companionPath()
        guard FileManager.default.isExecutableFile(atPath: server) else {
            Terminal.error("""
                error: wp mcp runs the wp-mcp executable beside wp, and there is none at '\(server.terminalSafePath)'; \
                build it in wp's source tree with `swift build --product wp-mcp` and put it beside wp
                """)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        let arguments = CommandLine.arguments
        let passed = arguments.firstIndex(of: "mcp").map { Array(arguments[($0 + 1)...]) } ?? []
        let argv = ([server] + passed).map { strdup($0) } + [nil]
        execv(server, argv)
        // Only reached when exec failed.
        let reason = String(cString: strerror(errno))
        Terminal.error("error: cannot run '\(server.terminalSafePath)': \(reason)")
        throw ExitCode(ExitStatus.failure.rawValue)
    }

    /// `wp-mcp` in the directory of the running wp (symlinks resolved: an installed link
    /// finds the server beside the real binary).
    static func companionPath() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executableURL?.resolvingSymlinksInPath().path
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("wp-mcp").path
    }
}
