import Foundation
import WorkplanKit

/// One line of progress on stderr while a long command works (`wp report` on a team's
/// workspace), overwritten in place and cleared at the end. Only when stderr is a
/// terminal: a CI log or a redirected stderr never sees it. The messages are wp's own.
struct ProgressLine {
    let enabled: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        enabled = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    /// Replaces the line with `message` (no newline, so the next one overwrites it).
    func show(_ message: String) {
        guard enabled else { return }
        try? OutputWriter.write("\r\u{1B}[K" + message, to: STDERR_FILENO, name: "standard error")
    }

    /// Clears the line, so what follows (results, messages) starts on a clean one.
    func clear() {
        guard enabled else { return }
        try? OutputWriter.write("\r\u{1B}[K", to: STDERR_FILENO, name: "standard error")
    }
}
