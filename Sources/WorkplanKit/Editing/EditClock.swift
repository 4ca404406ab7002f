import Foundation

/// Today's date and the user's name, as edits write them.
public enum EditClock {
    /// `YYYY-MM-DD` in the local time zone; `WP_TODAY=YYYY-MM-DD` pins it (tests, reproducible runs).
    public static func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let pinned = environment["WP_TODAY"], isDate(pinned) { return pinned }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// True for a real calendar date written `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool {
        GateEvaluator.days(from: text, to: text) == 0
    }

    /// `git config user.name` in `directory`, or nil when git has none.
    public static func gitUserName(in directory: String) -> String? {
        let output = CommandRunner(timeout: 10).run("git", ["config", "user.name"], in: directory)
        guard output.status == 0, !output.timedOut else { return nil }
        let name = String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
        return name.isEmpty ? nil : name
    }
}
