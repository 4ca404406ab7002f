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

    /// A status read from a file, escaped (``Swift/String/terminalSafe``) and shown in the
    /// colour of its role in `lifecycle`, never of its word: closed grey, otherwise complete
    /// green, active cyan, waiting yellow; planned, unknown or without a lifecycle plain.
    public func status(_ status: String, in lifecycle: Lifecycle?) -> String {
        let text = status.terminalSafe
        guard let roles = lifecycle?.roles(of: Status(status)) else { return text }
        if roles.contains(.closed) { return color(text, .gray) }
        if roles.contains(.complete) { return color(text, .green) }
        if roles.contains(.active) { return color(text, .cyan) }
        if roles.contains(.waiting) { return color(text, .yellow) }
        return text
    }

    /// One of wp's own words in its colour: a gate's `pass` green; `fail` and why a
    /// reference does not resolve red. Statuses from files take ``status(_:in:)``.
    public func outcome(_ word: String) -> String {
        switch word {
        case "pass": color(word, .green)
        case "fail", "not found", "ambiguous", "unknown repo", "peer unavailable": color(word, .red)
        default: word
        }
    }
}

/// Pads `text` to `width` visible characters.
func padded(_ text: String, _ width: Int) -> String {
    let count = text.count
    return count >= width ? text : text + String(repeating: " ", count: width - count)
}
