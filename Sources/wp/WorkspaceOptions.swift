import ArgumentParser
import Foundation
import WorkplanKit

/// Options every command that reads the workspace shares.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("directory")], help: "Run as if started in this directory.")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    /// Loads the workspace, printing the problem and exiting 2 when `.wp.yaml` is unusable.
    /// Edits keep the local repo's files as read (`keepingSources`); reading commands need none.
    func load(paths: [String]? = nil, keepingSources: WorkspaceLoader.SourceRetention = .none) throws -> Workspace {
        let start = directory ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.error("error: no such directory '\(start)'; -C takes the directory to run in")
            throw ExitCode(2)
        }
        do {
            return try WorkspaceLoader(offline: offline, keepingSources: keepingSources).load(from: start, paths: paths)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// stdout for results, stderr for wp's own problems.
enum Terminal {
    /// Writes results to stdout; a failed write (disk full, a closed file) is exit 2 with a message.
    static func write(_ text: String) throws {
        do {
            try OutputWriter.write(text, to: STDOUT_FILENO, name: "standard output")
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
    }

    /// Renders an output; a failure (JSON that cannot be encoded) is exit 2 with its message.
    static func render(_ body: () throws -> String) throws -> String {
        do {
            return try body()
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
    }

    /// Writes a message to stderr, line by line ``terminalSafe``: whatever a message
    /// quotes from a file, no control character and no line starting with `:` gets out.
    /// A failed write to stderr is ignored: there is nowhere left to say so.
    static func error(_ text: String) {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        try? OutputWriter.write(body.terminalSafeLines + "\n", to: STDERR_FILENO, name: "standard error")
    }

    static func style(forStdoutWith environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle.automatic(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment)
    }

    /// Prints load problems to stderr, one `path:line:col: severity: message [rule]` per line.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics.sorted() { error(diagnostic.description) }
    }
}
