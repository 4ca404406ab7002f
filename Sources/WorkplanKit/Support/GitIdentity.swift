/// Who the user is to git, for the names wp writes (`decided_by:`, a prose resolution's `who`).
public enum GitIdentity {
    /// `git config user.name` as git reads it in `directory` (its repo's config, then the
    /// user's), or nil when none is set. Runs git as ``GitRunner`` does: no hooks, no prompt.
    public static func userName(in directory: String) -> String? {
        let output = GitRunner(timeout: Limits.gitLocalTimeout).run(["config", "--get", "user.name"], in: directory)
        guard output.succeeded else { return nil }
        let name = String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
        return name.isEmpty ? nil : name
    }
}
