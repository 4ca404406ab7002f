import Foundation

/// Reads the local repo's workplans as they were at a git revision.
///
/// The revision comes from the command line and follows `--end-of-options`;
/// paths come from git's own listing and never reach a command line: files
/// are read by object id through one `git cat-file --batch`.
public struct BaseRevisionReader: Sendable {
    public var repoRoot: String

    public init(repoRoot: String) {
        self.repoRoot = repoRoot
    }

    /// Parses every file the include patterns match at `revision`.
    public func read(revision: String, config: WorkspaceConfig) throws(WorkspaceError) -> BaseSnapshot {
        let git = GitRunner(timeout: Limits.gitLocalTimeout)
        let shown = GitRunner.escapedForMessage(revision, limit: 200)
        let verify = git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: repoRoot)
        let commit = String(decoding: verify.stdout, as: UTF8.self).trimmingWhitespace()
        guard verify.succeeded, GitRunner.isObjectID(commit) else {
            let detail = verify.stderr.isEmpty ? "git rev-parse failed" : GitRunner.errorText(verify.stderr)
            throw WorkspaceError("--base \(shown): not a commit in \(repoRoot) (\(detail)); fetch it first, e.g. `git fetch origin main`")
        }
        let tree: GitTree
        switch GitTree.list(repository: repoRoot, commit: commit, git: git) {
        case .success(let listed): tree = listed
        case .failure(let error): throw WorkspaceError("--base \(shown): \(error.message)")
        }
        let selection = tree.select(include: config.include, exclude: config.exclude, displayPrefix: "")
        let contents: [String: [UInt8]]
        switch tree.read(selection.files.map(\.objectID), git: git) {
        case .success(let read): contents = read
        case .failure(let error): throw WorkspaceError("--base \(shown): \(error.message)")
        }
        let parser = WorkplanParser(repo: config.repo, decisions: config.lifecycles.decision)
        var workplans: [Workplan] = []
        for file in selection.files {
            guard let bytes = contents[file.objectID] else { continue }
            if let workplan = parser.parse(path: file.path, bytes: bytes).workplan { workplans.append(workplan) }
        }
        return BaseSnapshot(revision: revision, workplans: workplans)
    }
}
