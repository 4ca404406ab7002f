import Foundation

/// Keeps shallow clones of `git` peers in wp's cache directory.
///
/// Each peer lives in `<cache>/git/<name>-<hash of url and ref>`. A fetch
/// that fails leaves the peer unavailable (its references are unknown, never
/// complete); `--offline` reads whatever the cache holds without fetching.
struct GitPeerCache: Sendable {
    var directory: String
    var runner = CommandRunner()

    enum Outcome: Sendable {
        case ready(path: String)
        case unavailable(reason: String)
    }

    /// The cache directory: `$WP_CACHE_DIR`, else `$XDG_CACHE_HOME/wp`, else `~/.cache/wp`.
    static func defaultDirectory(environment: [String: String]) -> String {
        if let explicit = environment["WP_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/wp" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/wp"
    }

    func checkoutPath(name: String, url: String, ref: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (url + "\n" + (ref ?? "")).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return "\(directory)/git/\(safeName)-\(String(hash, radix: 16))"
    }

    func prepare(name: String, url: String, ref: String?, offline: Bool) -> Outcome {
        let path = checkoutPath(name: name, url: url, ref: ref)
        let exists = FileManager.default.fileExists(atPath: path + "/.git")
        if offline {
            return exists ? .ready(path: path)
                : .unavailable(reason: "not in the cache and --offline was given; run once without --offline to fetch it")
        }
        let environment = ["GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "LC_ALL": "C"]
        if exists {
            let fetch = runner.run("git", ["-C", path, "fetch", "--quiet", "--depth", "1", "origin", ref ?? "HEAD"], environment: environment)
            guard fetch.status == 0, !fetch.timedOut else {
                return .unavailable(reason: failure("fetch", url, fetch))
            }
            let checkout = runner.run("git", ["-C", path, "checkout", "--quiet", "--force", "FETCH_HEAD"], environment: environment)
            guard checkout.status == 0 else { return .unavailable(reason: failure("checkout", url, checkout)) }
            return .ready(path: path)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory + "/git", withIntermediateDirectories: true)
        } catch {
            return .unavailable(reason: "cannot create the cache directory \(directory): \(error.localizedDescription)")
        }
        // Clone beside the final place and rename, so a half-done clone is never read.
        let staging = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: staging)
        var arguments = ["clone", "--quiet", "--depth", "1", "--single-branch", "--no-tags"]
        if let ref { arguments += ["--branch", ref] }
        arguments += ["--", url, staging]
        let clone = runner.run("git", arguments, environment: environment)
        guard clone.status == 0, !clone.timedOut else {
            try? FileManager.default.removeItem(atPath: staging)
            return .unavailable(reason: failure("clone", url, clone))
        }
        do {
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if !FileManager.default.fileExists(atPath: path + "/.git") {
                return .unavailable(reason: "cannot move the clone into the cache: \(error.localizedDescription)")
            }
        }
        return .ready(path: path)
    }

    private func failure(_ action: String, _ url: String, _ output: CommandRunner.Output) -> String {
        if output.timedOut { return "git \(action) of \(url) timed out after \(Int(runner.timeout)) s" }
        let detail = output.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(output.status)"
        return "git \(action) of \(url) failed: \(detail)"
    }
}
