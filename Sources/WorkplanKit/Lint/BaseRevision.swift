import Foundation

/// Reads the local repo's workplans as they were at a git revision.
public struct BaseRevisionReader: Sendable {
    public var repoRoot: String

    public init(repoRoot: String) {
        self.repoRoot = repoRoot
    }

    /// Parses every file the include patterns match at `revision`.
    public func read(revision: String, config: WorkspaceConfig) throws(WorkspaceError) -> BaseSnapshot {
        let runner = CommandRunner(timeout: 120)
        let verify = runner.run("git", ["-C", repoRoot, "rev-parse", "--verify", "--quiet", revision + "^{commit}"])
        guard verify.status == 0 else {
            throw WorkspaceError("--base \(revision): not a commit in \(repoRoot) (\(verify.stderr.isEmpty ? "git rev-parse failed" : verify.stderr.trimmingWhitespace())); fetch it first, e.g. `git fetch origin main`")
        }
        let list = runner.run("git", ["-C", repoRoot, "ls-tree", "-r", "-z", "--name-only", revision])
        guard list.status == 0 else {
            throw WorkspaceError("--base \(revision): git ls-tree failed: \(list.stderr.trimmingWhitespace())")
        }
        let includes = config.include.map(Glob.init)
        let excludes = config.exclude.map(Glob.init)
        let paths = list.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter { path in
            includes.contains { $0.matches(path) } && !excludes.contains { $0.matches(path) }
        }
        let parser = WorkplanParser(repo: config.repo)
        var workplans: [Workplan] = []
        for path in paths {
            let show = runner.run("git", ["-C", repoRoot, "show", "\(revision):\(path)"])
            guard show.status == 0 else { continue }
            if let workplan = parser.parse(path: path, bytes: show.stdout).workplan { workplans.append(workplan) }
        }
        return BaseSnapshot(revision: revision, workplans: workplans)
    }
}
