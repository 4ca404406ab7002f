import ArgumentParser
import Foundation
import WPLSP
import WorkplanKit

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol over stdin/stdout for editors.",
        discussion: """
            Started by an editor, not by hand: diagnostics as you type (wp lint's rules over the unsaved buffer), \
            hover, go to definition, references, completion, quick fixes and symbols for workplans. \
            The workspace is the client's root folder unless -C says otherwise. Editor setup: docs/lsp.md.
            Exit 0 after the client's shutdown and exit, 1 when the client exits or goes away without shutdown.
            """)

    @Option(name: [.customShort("C"), .customLong("directory")], help: "The workspace's directory (default: the editor's root folder).")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    @Option(help: "Git revision to compare with: reports status moves the lifecycle forbids and offers to bump `updated` (e.g. origin/main).")
    var base: String?

    func run() throws {
        let code = StdioServer.run(LanguageServer.Configuration(
            directory: directory.map { ($0 as NSString).standardizingPath }, offline: offline, base: base))
        if code != 0 { throw ExitCode(code) }
    }
}
