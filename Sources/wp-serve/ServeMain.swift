import ArgumentParser
import Foundation
import WorkplanKit
import WPServe

/// `wp-serve`: what `wp serve` runs (it passes its arguments on unchanged).
@main
struct ServeMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wp serve",
        abstract: ServeHelp.abstract,
        discussion: ServeHelp.discussion)

    @OptionGroup var options: ServeOptions

    func run() async throws {
        if ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil {
            // Hummingbird's own log says nothing the listening line does not.
            setenv("LOG_LEVEL", "warning", 1)
        }
        let directory = options.directory ?? FileManager.default.currentDirectoryPath
        let configuration = ServeConfiguration(
            host: options.host, port: options.port, readOnly: options.readOnly, linkBase: try options.checkedLinkBase(),
            workspace: WorkspaceSession.Options(directory: directory, offline: options.offline, allowPartial: true,
                                                keepingSources: .all))
        let readOnly = options.readOnly
        do {
            try await ServeServer.run(configuration, onListening: { url in
                FileHandle.standardOutput.write(Data("wp serve: listening on \(url)\(readOnly ? " (read-only)" : ""); stop with Ctrl-C\n".utf8))
            }, onProblems: { problems in
                for problem in problems { FileHandle.standardError.write(Data((problem.description.terminalSafeLines + "\n").utf8)) }
            })
        } catch {
            // The workspace's errors say "error:" themselves.
            let message = String(describing: error).terminalSafeLines
            FileHandle.standardError.write(Data(((message.hasPrefix("error: ") ? message : "error: \(message)") + "\n").utf8))
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
