import ArgumentParser
import Foundation
import WorkplanKit

/// The servers that live in executables of their own beside wp (`wp-serve`, `wp-mcp`):
/// their HTTP and MCP stacks stay out of wp. `wp serve` and `wp mcp` parse their options
/// here (so help and usage errors are wp's) and then `exec` the companion with the same
/// options, as parsed: `exec` replaces this process, so pipes, signals and the exit
/// status are the server's own.
enum CompanionExecutable {
    /// Replaces this process with `name` run with `arguments`; returns only by throwing.
    static func exec(_ name: String, for command: String, arguments: [String]) throws -> Never {
        let server = path(name)
        guard FileManager.default.isExecutableFile(atPath: server) else {
            Terminal.error("""
                error: wp \(command) runs the \(name) executable beside wp, and there is none at '\(server.terminalSafePath)'; \
                build it in wp's source tree with `swift build --product \(name)` and put it beside wp
                """)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        // Only reached when exec failed.
        let reason = String(cString: strerror(errno))
        Terminal.error("error: cannot run '\(server.terminalSafePath)': \(reason)")
        throw ExitCode(ExitStatus.failure.rawValue)
    }

    /// `name` in the directory of the running wp (symlinks resolved: an installed link
    /// finds the server beside the real binary).
    static func path(_ name: String) -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executableURL?.resolvingSymlinksInPath().path
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
