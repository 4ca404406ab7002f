/// ANSI styling decided per output stream.
///
/// A value, not a global switch: one run may colour stdout (a terminal) and
/// not a file it writes, and tests render both ways side by side.
public struct TerminalStyle: Sendable, Equatable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = TerminalStyle(enabled: false)

    /// Colour when `isTerminal` and `NO_COLOR` is not set (https://no-color.org).
    public static func automatic(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
        TerminalStyle(enabled: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    public enum Color: Int, Sendable {
        case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
    }

    public func color(_ text: String, _ color: Color) -> String {
        enabled ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String {
        enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    public func dim(_ text: String) -> String {
        enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    /// The colour a status is shown in.
    public func status(_ status: String) -> String {
        switch status {
        case "done", "finished", "resolved", "pass": color(status, .green)
        case "in_progress", "active": color(status, .cyan)
        case "blocked", "fail", "not found", "ambiguous", "unknown repo", "peer unavailable": color(status, .red)
        case "wait", "pending", "paused": color(status, .yellow)
        case "cancelled", "rejected", "superseded": color(status, .gray)
        default: status
        }
    }
}

/// Pads `text` to `width` visible characters.
func padded(_ text: String, _ width: Int) -> String {
    let count = text.count
    return count >= width ? text : text + String(repeating: " ", count: width - count)
}
