import Foundation

/// The user's name, as `wp resolve` writes it.
public enum EditClock {
    /// `git config user.name` in `directory`, or nil when git has none.
    public static func gitUserName(in directory: String) -> String? {
        let output = GitRunner(timeout: Limits.gitLocalTimeout).run(["config", "--get", "user.name"], in: directory)
        guard output.succeeded else { return nil }
        let name = String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
        return name.isEmpty ? nil : name
    }
}
