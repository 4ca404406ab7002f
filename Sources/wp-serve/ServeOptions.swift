import ArgumentParser
import WorkplanKit
import WPServe

// The same options, help and checks as Sources/wp/ServeCommand.swift (wp cannot link
// this target without linking Hummingbird); ServeCommandTests compares the two helps.

enum ServeHelp {
    static let abstract = "Serve a live board, graph, gates and decisions of the workspace in the browser, with checked edits."
    static let discussion = """
        Binds 127.0.0.1 (only this machine) unless --host says otherwise; prints the URL once it listens. \
        The page updates within a second when a workplan file changes. Dragging a card to another column \
        is `wp set ID status STATUS`: the same checks, nothing written when one refuses. Edits need the \
        page's per-run token and are off with --read-only. JSON API under /api/ (the CLI's --format json \
        contracts), described at /api/openapi.json. Stop with Ctrl-C (exit 0). \
        Exit 2 when the workspace cannot be read or the port cannot be bound. See docs/serve.md.
        """
}

struct ServeOptions: ParsableArguments {
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
        _ = try checkedLinkBase()
    }

    func checkedLinkBase() throws -> LinkBase? {
        guard let linkBase else { return nil }
        do throws(LinkBase.Problem) {
            return try LinkBase(linkBase)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
