import ArgumentParser
import Foundation
import WorkplanKit

/// `wp serve`: runs the `wp-serve` executable beside this one with the same arguments.
///
/// The web server lives in its own executable so that wp itself builds and links
/// without it (and without its HTTP stack). `exec` replaces this process, so
/// signals (Ctrl-C) reach the server and its exit status is wp's.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live board, graph, gates and decisions of the workspace in the browser, with checked edits.",
        discussion: """
            Binds 127.0.0.1 (only this machine) unless --host says otherwise; prints the URL once it listens. \
            The page updates within a second when a workplan file changes. Dragging a card to another column \
            is `wp set ID status STATUS`: the same checks, nothing written when one refuses. Edits need the \
            page's per-run token and are off with --read-only. JSON API under /api/ (the CLI's --format json \
            contracts), described at /api/openapi.json. Stop with Ctrl-C (exit 0). \
            Exit 2 when the workspace cannot be read or the port cannot be bound. See docs/serve.md.
            """)

    // The same options as Sources/wp-serve/ServeOptions.swift, so that `wp serve --help` and
    // wrong options are answered here; ServeCommandTests compares the two helps.
    @Option(name: [.customShort("C"), .customLong("directory")], help: "Run as if started in this directory.")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    @Option(help: "TCP port to listen on (0: any free port).")
    var port: Int = 8484

    @Option(help: "Address to bind (default 127.0.0.1). Another address serves the board to other machines: anyone who can reach it can read it, and edit unless --read-only.")
    var host: String = "127.0.0.1"

    @Flag(help: "Show the board without the edits: dragging is off and the edit API refuses.")
    var readOnly = false

    @Option(help: ArgumentHelp(
        "Link ids to the forge: a URL with {repo}, {path} and {line}, or a base to which /{repo}/src/branch/main/{path}#L{line} is added.",
        valueName: "url"))
    var linkBase: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host needs an address, e.g. --host 0.0.0.0") }
    }

    func run() throws {
        // The options as parsed, not as typed: `wp -C DIR serve` has already moved to DIR.
        var arguments = ["--port", String(port), "--host", host]
        if let directory { arguments += ["--directory", directory] }
        if offline { arguments.append("--offline") }
        if readOnly { arguments.append("--read-only") }
        if let linkBase { arguments += ["--link-base", linkBase] }
        try CompanionExecutable.exec("wp-serve", for: "serve", arguments: arguments)
    }
}
