import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps shallow copies of `git` peers in wp's cache directory.
///
/// Each peer is a bare repository, `<cache>/git/<name>-<hash of url and ref>.git`,
/// and its files are read from the fetched commit's tree (``GitTree``), never
/// from a work tree: files planted in the cache are never read, no checkout
/// runs a filter or hook, and no hook runs at all (``GitRunner``). Before each
/// use wp checks that the repository is still as wp made it (its config holds
/// only what `git init` writes, no alternates); one that is not is fetched
/// afresh, or with `--offline` left unavailable. A fetch that fails leaves the
/// peer unavailable (its references are unknown, never complete).
///
/// `wp-fetch` in the repository records the commit and the time of the last
/// successful fetch (`commit <id>` and `fetched <ISO 8601 UTC>` lines).
struct GitPeerCache: Sendable {
    var directory: String
    var networkTimeout: TimeInterval = Limits.gitNetworkTimeout
    var localTimeout: TimeInterval = Limits.gitLocalTimeout

    enum Outcome: Sendable {
        case ready(GitTree)
        case unavailable(reason: String)
    }

    static let recordName = "wp-fetch"

    /// The cache directory: `$WP_CACHE_DIR`, else `$XDG_CACHE_HOME/wp`, else `~/.cache/wp`.
    static func defaultDirectory(environment: [String: String]) -> String {
        if let explicit = environment["WP_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/wp" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/wp"
    }

    func repositoryPath(name: String, url: String, ref: String?) -> String {
        let hash = FNV1a.hash((url + "\n" + (ref ?? "")).utf8)
        let safeName = String(name.prefix(64).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return "\(directory)/git/\(safeName)-\(String(hash, radix: 16)).git"
    }

    /// Fetches the peer (unless `offline`) and lists the fetched commit's files.
    ///
    /// `url` and `ref` must have passed ``GitRemoteURL`` and ``GitRefName`` (``WorkspaceConfig`` checks them).
    func prepare(name: String, url: String, ref: String?, offline: Bool) -> Outcome {
        guard GitRemoteURL.problem(url) == nil, ref.map({ GitRefName.problem($0) == nil }) ?? true else {
            return .unavailable(reason: "its git URL or ref is not one wp accepts")
        }
        let path = repositoryPath(name: name, url: url, ref: ref)
        let local = GitRunner(timeout: localTimeout)
        let state = inspect(path, git: local)
        if offline {
            switch state {
            case .absent:
                return .unavailable(reason: "not in the cache and --offline was given; run once without --offline to fetch it")
            case .modified(let what):
                return .unavailable(reason: "its cached copy was changed outside wp (\(what)); run once without --offline to fetch it again")
            case .usable(let commit):
                return list(path, commit: commit, git: local)
            }
        }
        let shown = GitRemoteURL.redacted(url)
        if case .usable = state {
            switch fetch(into: path, url: url, ref: ref) {
            case .success(let commit): return list(path, commit: commit, git: local)
            case .failure(let error): return .unavailable(reason: "git fetch of \(shown) failed: \(error.message)")
            }
        }
        // Absent or changed: build a fresh copy beside the final place and rename, so a half-done one is never read.
        do {
            try FileManager.default.createDirectory(atPath: directory + "/git", withIntermediateDirectories: true)
        } catch {
            return .unavailable(reason: "cannot create the cache directory \(directory): \(error.localizedDescription)")
        }
        let staging = path + ".tmp-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        let initialize = local.run(["init", "--quiet", "--bare", "--template=", "--", staging])
        guard initialize.succeeded else {
            try? FileManager.default.removeItem(atPath: staging)
            return .unavailable(reason: "git init of a cache repository failed: \(GitRunner.explain(initialize, timeout: local.timeout))")
        }
        let commit: String
        switch fetch(into: staging, url: url, ref: ref) {
        case .success(let fetched): commit = fetched
        case .failure(let error):
            try? FileManager.default.removeItem(atPath: staging)
            // A first copy: to the reader, a (shallow) clone.
            return .unavailable(reason: "git clone of \(shown) failed: \(error.message)")
        }
        if case .modified = state { try? FileManager.default.removeItem(atPath: path) }
        do {
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            // Another wp may have filled the place meanwhile; its copy is as good.
            guard case .usable(let theirs) = inspect(path, git: local) else {
                return .unavailable(reason: "cannot move the fetched copy into the cache: \(error.localizedDescription)")
            }
            return list(path, commit: theirs, git: local)
        }
        return list(path, commit: commit, git: local)
    }

    // MARK: Steps

    private struct StepError: Error {
        var message: String
    }

    /// `git fetch --depth 1 -- URL REF`, then records the fetched commit.
    private func fetch(into repository: String, url: String, ref: String?) -> Result<String, StepError> {
        let network = GitRunner(timeout: networkTimeout)
        let local = GitRunner(timeout: localTimeout)
        let fetch = network.run(
            ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--depth", "1", "--", url, ref ?? "HEAD"],
            in: repository)
        guard fetch.succeeded else { return .failure(StepError(message: GitRunner.explain(fetch, timeout: network.timeout))) }
        let resolve = local.run(["rev-parse", "--verify", "--quiet", "--end-of-options", "FETCH_HEAD^{commit}"], in: repository)
        let commit = String(decoding: resolve.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard resolve.succeeded, GitRunner.isObjectID(commit) else {
            return .failure(StepError(message: "the fetched ref is not a commit"))
        }
        // A ref keeps the commit's objects when git collects garbage.
        let keep = local.run(["update-ref", "--no-deref", "refs/wp/peer", commit], in: repository)
        guard keep.succeeded else { return .failure(StepError(message: GitRunner.explain(keep, timeout: local.timeout))) }
        let record = "commit \(commit)\nfetched \(ISO8601DateFormatter().string(from: Date()))\n"
        do {
            try Data(record.utf8).write(to: URL(fileURLWithPath: repository + "/" + Self.recordName), options: .atomic)
        } catch {
            return .failure(StepError(message: "cannot record the fetch: \(error.localizedDescription)"))
        }
        return .success(commit)
    }

    private func list(_ repository: String, commit: String, git: GitRunner) -> Outcome {
        switch GitTree.list(repository: repository, commit: commit, git: git) {
        case .success(let tree): return .ready(tree)
        case .failure(let error): return .unavailable(reason: "its cached copy cannot be read: \(error.message)")
        }
    }

    enum State: Equatable {
        case absent
        /// As wp left it; the commit of the last fetch.
        case usable(commit: String)
        /// Changed by something else: what was found.
        case modified(String)
    }

    /// Whether the cached repository is still as wp made it: a real directory,
    /// a config holding only what `git init --bare` writes, no alternates or
    /// common-dir redirection, and a record of its last fetch.
    func inspect(_ path: String, git: GitRunner) -> State {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .modified("it is not a directory") }
        for planted in ["commondir", "objects/info/alternates", "objects/info/http-alternates", "info/grafts", "gitdir"]
        where lstat(path + "/" + planted, &info) == 0 {
            return .modified("it has \(planted)")
        }
        guard lstat(path + "/config", &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .modified("its config is missing") }
        let config = git.run(["config", "--file", path + "/config", "--no-includes", "--null", "--list"])
        guard config.succeeded else { return .modified("its config cannot be read") }
        for item in config.stdout.split(separator: 0) {
            let key = String(decoding: item.prefix { $0 != 0x0A }, as: UTF8.self)
            guard Self.initialConfigKeys.contains(key.lowercased()) else {
                return .modified("its git config sets \(GitRunner.escapedForMessage(key, limit: 100))")
            }
        }
        guard case .success(let bytes) = WorkspaceLoader.readFile(path + "/" + Self.recordName, display: Self.recordName),
              case let record = String(decoding: bytes, as: UTF8.self),
              let commitLine = record.split(separator: "\n").first(where: { $0.hasPrefix("commit ") }),
              GitRunner.isObjectID(String(commitLine.dropFirst("commit ".count)))
        else { return .modified("no record of its last fetch") }
        return .usable(commit: String(commitLine.dropFirst("commit ".count)))
    }

    /// What `git init --bare` writes into a repository's config on Linux and macOS.
    static let initialConfigKeys: Set<String> = [
        "core.repositoryformatversion", "core.filemode", "core.bare", "core.ignorecase", "core.precomposeunicode",
        "core.symlinks", "core.logallrefupdates",
    ]
}
