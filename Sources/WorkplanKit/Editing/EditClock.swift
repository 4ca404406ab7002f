import Foundation

/// Today's date and the user's name, as edits write them.
public enum EditClock {
    /// `YYYY-MM-DD` in the local time zone; `WP_TODAY=YYYY-MM-DD` pins it (tests, reproducible runs).
    public static func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        Today.local(environment: environment)
    }

    /// `git config user.name` in `directory`, or nil when git has none.
    public static func gitUserName(in directory: String) -> String? {
        let output = GitRunner(timeout: Limits.gitLocalTimeout).run(["config", "--get", "user.name"], in: directory)
        guard output.succeeded else { return nil }
        let name = String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
        return name.isEmpty ? nil : name
    }
}
