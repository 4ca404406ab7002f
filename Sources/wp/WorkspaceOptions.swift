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
    func load(paths: [String]? = nil) throws -> Workspace {
        let start = directory ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.error("error: no such directory '\(start)'; -C takes the directory to run in")
            throw ExitCode(2)
        }
        do {
            return try WorkspaceLoader(offline: offline).load(from: start, paths: paths)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// stdout for results, stderr for wp's own problems.
enum Terminal {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func style(forStdoutWith environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle.automatic(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment)
    }

    /// Prints load problems to stderr, one `path:line:col: severity: message [rule]` per line.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics.sorted() { error(diagnostic.description) }
    }
}
