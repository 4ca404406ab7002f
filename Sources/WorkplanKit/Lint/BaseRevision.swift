import Foundation

/// Reads the local repo's workplans as they were at a git revision, and what each
/// commit since then changed.
///
/// The walk starts where HEAD's history meets the revision (`git merge-base`: a
/// pull request's own changes, whatever landed on the target branch since) and
/// follows HEAD's first parents, one commit at a time (at most
/// ``Limits/baseCommitsWalked``). The revision comes from the command line and
/// follows `--end-of-options`; every other revision is an object id git printed;
/// paths come from git's own listings and never reach a command line: files are
/// read by object id through `git cat-file --batch`.
public struct BaseRevisionReader: Sendable {
    public var repoRoot: String

    public init(repoRoot: String) {
        self.repoRoot = repoRoot
    }

    /// The workplans the include patterns match at the start of the walk, and every
    /// change of a workplan's, task's or decision's status in each commit up to HEAD.
    public func read(revision: String, config: WorkspaceConfig) throws(WorkspaceError) -> BaseSnapshot {
        let git = GitRunner(timeout: Limits.gitLocalTimeout)
        let shown = GitRunner.escapedForMessage(revision, limit: 200)
        func fail(_ message: String) -> WorkspaceError { WorkspaceError("--base \(shown): \(message)") }
        guard let commit = resolve(revision, git: git) else {
            let verify = git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: repoRoot)
            let detail = verify.stderr.isEmpty ? "git rev-parse failed" : GitRunner.errorText(verify.stderr)
            throw WorkspaceError("--base \(shown): not a commit in \(repoRoot) (\(detail)); fetch it first, e.g. `git fetch origin main`")
        }
        // Without HEAD (a repository with no commit yet) or a common history, the working
        // tree is compared with the revision itself, as one step.
        var start = commit
        var commits: [String] = []
        if let head = resolve("HEAD", git: git), let meeting = mergeBase(commit, head, git: git) {
            start = meeting
            commits = try firstParents(from: meeting, to: head, git: git, fail: fail)
        }

        let tree: GitTree
        switch GitTree.list(repository: repoRoot, commit: start, git: git) {
        case .success(let listed): tree = listed
        case .failure(let error): throw fail(error.message)
        }
        let selection = tree.select(include: config.include, exclude: config.exclude, displayPrefix: "")
        let contents: [String: [UInt8]]
        switch GitTree.readBlobs(selection.files.map(\.objectID), in: repoRoot, git: git) {
        case .success(let read): contents = read
        case .failure(let error): throw fail(error.message)
        }
        let parser = WorkplanParser(repo: config.repo, decisions: config.lifecycles.decision)
        var workplans: [Workplan] = []
        for file in selection.files {
            guard let bytes = contents[file.objectID] else { continue }
            if let workplan = parser.parse(path: file.path, bytes: bytes).workplan { workplans.append(workplan) }
        }

        var states = ElementStates(workplans)
        var changes: [ElementChange] = []
        var parsed = ParsedBlobs(parser: parser)
        let includes = config.include.map(Glob.init)
        let excludes = config.exclude.map(Glob.init)
        var previous = start
        for (step, next) in commits.enumerated() {
            let changed = try changedFiles(from: previous, to: next, git: git, fail: fail)
                .filter { GitTree.selects($0.path, include: includes, exclude: excludes) }
            previous = next
            guard !changed.isEmpty else { continue }
            switch GitTree.readBlobs(changed.compactMap(\.objectID).filter { !parsed.has($0) }, in: repoRoot, git: git) {
            case .success(let read): parsed.add(read)
            case .failure(let error): throw fail(error.message)
            }
            let before = states
            var touched = Set<String>()
            for file in changed {
                touched.formUnion(states.ids(inPath: file.path))
                guard let objectID = file.objectID else {
                    states.replace(path: file.path, with: [])
                    continue
                }
                // A version that does not parse (a broken intermediate commit) keeps the file's
                // last readable state: it neither deletes nor re-creates what the file holds.
                guard let elements = parsed.elements(of: objectID, path: file.path) else { continue }
                touched.formUnion(elements.map(\.id))
                states.replace(path: file.path, with: elements)
            }
            changes += ElementStates.changes(of: touched, from: before, to: states, step: step)
        }
        return BaseSnapshot(revision: revision, workplans: workplans, commits: commits.map { String($0.prefix(7)) },
                            changes: changes, last: states)
    }

    // MARK: git

    /// The commit `revision` names (a full object id), or nil.
    private func resolve(_ revision: String, git: GitRunner) -> String? {
        let verify = git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: repoRoot)
        let commit = String(decoding: verify.stdout, as: UTF8.self).trimmingWhitespace()
        return verify.succeeded && GitRunner.isObjectID(commit) ? commit : nil
    }

    /// Where the histories of two commits meet, or nil when they have none in common.
    private func mergeBase(_ first: String, _ second: String, git: GitRunner) -> String? {
        let output = git.run(["merge-base", "--end-of-options", first, second], in: repoRoot)
        let commit = String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace()
        return output.succeeded && GitRunner.isObjectID(commit) ? commit : nil
    }

    /// The commits from `start` (excluded) to `head` along first parents, oldest first.
    private func firstParents(
        from start: String, to head: String, git: GitRunner, fail: (String) -> WorkspaceError
    ) throws(WorkspaceError) -> [String] {
        let limit = Limits.baseCommitsWalked
        let output = git.run(["rev-list", "--first-parent", "--max-count=\(limit + 1)", "--end-of-options", head, "^" + start], in: repoRoot)
        guard output.succeeded else { throw fail("git rev-list failed: " + GitRunner.explain(output, timeout: git.timeout)) }
        let commits = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init).filter(GitRunner.isObjectID)
        guard commits.count <= limit else {
            throw fail("more than \(limit.formatted) commits lead from it to HEAD, more than wp checks one by one; "
                       + "lint against a nearer revision, e.g. `wp lint --base HEAD~\(limit)`")
        }
        return commits.reversed()
    }

    /// A file one commit added, changed or deleted.
    private struct ChangedFile {
        var path: String
        /// The blob the commit leaves at `path`; nil when it deleted the file (or left no regular file there).
        var objectID: String?
    }

    /// `git diff-tree -r -z --no-renames` between two commits: renames show as a deletion and an
    /// addition, which the walk reads as one element moving, since it follows ids, not files.
    private func changedFiles(
        from old: String, to new: String, git: GitRunner, fail: (String) -> WorkspaceError
    ) throws(WorkspaceError) -> [ChangedFile] {
        let output = git.run(["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", "--raw", "--end-of-options", old, new], in: repoRoot)
        guard output.succeeded else { throw fail("git diff-tree failed: " + GitRunner.explain(output, timeout: git.timeout)) }
        // Each entry: ":<old mode> <new mode> <old id> <new id> <status>" NUL "<path>" NUL.
        var files: [ChangedFile] = []
        let fields = output.stdout.split(separator: 0, omittingEmptySubsequences: false)
        var index = 0
        while index + 1 < fields.count {
            let header = String(decoding: fields[index], as: UTF8.self).split(separator: " ")
            let path = String(decoding: fields[index + 1], as: UTF8.self)
            index += 2
            guard header.count == 5, header[0].hasPrefix(":") else { continue }
            let mode = header[1]
            let objectID = String(header[3])
            let isFile = (mode == "100644" || mode == "100755") && GitRunner.isObjectID(objectID) && objectID.contains { $0 != "0" }
            files.append(ChangedFile(path: path, objectID: isFile ? objectID : nil))
        }
        return files
    }
}

/// Blobs read during the walk, parsed once each: a file reverted, or renamed without a
/// change, costs nothing the second time.
private struct ParsedBlobs {
    let parser: WorkplanParser
    private var bytes: [String: [UInt8]] = [:]
    /// The elements of each blob that parsed as a workplan; nil for one that did not.
    private var elementsOf: [String: [(id: String, state: ElementState)]?] = [:]

    init(parser: WorkplanParser) {
        self.parser = parser
    }

    func has(_ objectID: String) -> Bool { bytes[objectID] != nil || elementsOf[objectID] != nil }

    mutating func add(_ read: [String: [UInt8]]) {
        for (objectID, content) in read where elementsOf[objectID] == nil { bytes[objectID] = content }
    }

    /// The elements of the blob as a workplan at `path`, or nil when it is none (missing, too large, unparseable).
    mutating func elements(of objectID: String, path: String) -> [(id: String, state: ElementState)]? {
        if let known = elementsOf[objectID] { return known }
        guard let content = bytes.removeValue(forKey: objectID), content.count <= Limits.maximumFileSize else {
            elementsOf[objectID] = .some(nil)
            return nil
        }
        let elements = parser.parse(path: path, bytes: content).workplan.map(ElementStates.elements(of:))
        elementsOf[objectID] = .some(elements)
        return elements
    }
}
