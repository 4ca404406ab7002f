import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Issue 10, items 1, 14, 19 and 24, end to end: the built `wp` against real
// bare repositories in temp dirs, with wp's own cache directory.

@Suite("Security: git peers (issue 10)")
struct GitPeerSecurityTests {
    static let appsWorkplan = BarePeer.workplan("APPS-WP-0001", title: "Apps plan")

    /// `apps/` with `config` as its `.wp.yaml` and one workplan.
    static func writeApps(_ directory: TemporaryDirectory, config: String) throws -> String {
        try directory.write("apps/.wp.yaml", config)
        try directory.write("apps/workplans/APPS-WP-0001-apps.md", appsWorkplan)
        return directory.absolute("apps")
    }

    static func cacheRepository(_ cache: TemporaryDirectory) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.absolute("git")).filter { $0.hasSuffix(".git") }
        try #require(names.count == 1, "\(names)")
        return cache.absolute("git/" + names[0])
    }

    // MARK: Item 1

    @Test func gitRefOptionInjectionRunsNothing() throws {
        let directory = try TemporaryDirectory("wp-sec-ref")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let marker = directory.absolute("MARKER")
        let peer = try BarePeer(in: directory, files: [
            ".wp.yaml": "repo: peer\n", "workplans/PEER-WP-0001-peer.md": BarePeer.workplan("PEER-WP-0001", title: "Peer plan"),
        ])
        // The attack as reported: the peer has a branch whose name is an option of `git fetch`.
        let ref = "--upload-pack=touch${IFS}\(marker)"
        try git(["update-ref", "refs/heads/" + ref, "main"], in: peer.bare)
        let branches = try git(["for-each-ref", "--format=%(refname)", "refs/heads/"], in: peer.bare)
        try #require(branches.stdout.contains("refs/heads/" + ref), "git took the branch: the attack is possible")

        let config = "repo: apps\npeers:\n  peer: {git: \"\(peer.url)\", ref: \"\(ref)\"}\n"
        let apps = try Self.writeApps(directory, config: config)
        let line = try #require(lineNumber(containing: "ref:", in: config))
        let refColumn = try #require(column(of: "\"--upload", inLine: line, of: config))
        // The first run cloned, the second fetched with the ref as an option: run twice.
        for _ in 0..<2 {
            let result = try wp(["status"], in: apps, cache: cache.path)
            #expect(result.status == 2, "a ref that is not a branch name is a configuration error")
            #expect(result.stderr.hasPrefix(".wp.yaml:\(line):\(refColumn): error: peer `peer`: ref '--upload-pack="), "\(result.stderr)")
            #expect(result.stderr.contains("starts with '-'"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: marker), "the ref ran a command")
        }
        #expect(!FileManager.default.fileExists(atPath: cache.absolute("git")), "nothing was fetched for a refused ref")
    }

    static let injectedURLs = [
        "--upload-pack=touch MARKER",
        "-oProxyCommand=touch MARKER:x",
        "ext::sh -c touch% MARKER",
        "ssh://-oProxyCommand=touch%20MARKER/x",
    ]

    @Test(arguments: injectedURLs)
    func gitURLOptionOrHelperInjectionRunsNothing(_ template: String) throws {
        let directory = try TemporaryDirectory("wp-sec-url")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let marker = directory.absolute("MARKER")
        let url = template.replacingOccurrences(of: "MARKER", with: marker)
        let config = "repo: apps\npeers:\n  peer:\n    git: '\(url)'\n"
        let apps = try Self.writeApps(directory, config: config)
        let line = try #require(lineNumber(containing: "git:", in: config))
        let result = try wp(["status"], in: apps, cache: cache.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(".wp.yaml:\(line):10: error: peer `peer`: git URL "), "\(result.stderr)")
        #expect(result.stderr.contains("https://HOST/PATH, ssh://[USER@]HOST/PATH, USER@HOST:PATH or file:///ABSOLUTE/PATH"))
        #expect(!FileManager.default.fileExists(atPath: marker), "the URL ran a command")
    }

    @Test func callersGitDirDoesNotRedirectThePeerFetch() throws {
        // wp run from a git hook inherits GIT_DIR: git must still work in wp's cache, not in the caller's repo.
        let directory = try TemporaryDirectory("wp-sec-gitdir")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let peer = try BarePeer(in: directory, files: ["workplans/PEER-WP-0001-peer.md": BarePeer.workplan("PEER-WP-0001", title: "Peer plan")])
        let apps = try Self.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"\(peer.url)\", ref: main}\n")
        try git(["init", "--quiet", "caller"], in: directory.path)
        let callerGitDir = directory.absolute("caller/.git")
        let result = try wp(["status"], in: apps, cache: cache.path,
                            environment: ["GIT_DIR": callerGitDir, "GIT_WORK_TREE": directory.absolute("caller")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Peer plan"), "\(result.stdout)\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: callerGitDir + "/refs/wp"), "git wrote into the caller's repository")
    }

    @Test func baseRevisionOptionInjectionRunsNothing() throws {
        let directory = try TemporaryDirectory("wp-sec-base")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let repo = directory.absolute("repo")
        try directory.write("repo/workplans/REPO-WP-0001-own.md", BarePeer.workplan("REPO-WP-0001", title: "Own plan"))
        try git(["init", "--quiet", "-b", "main"], in: repo)
        try git(["add", "-A"], in: repo)
        try git(["commit", "--quiet", "-m", "base"], in: repo)
        let marker = directory.absolute("OUT")
        let result = try wp(["lint", "--base=--output=\(marker)"], in: repo, cache: cache.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--base --output=\(marker): not a commit"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try wp(["lint", "--base", "main"], in: repo, cache: cache.path).status == 0)
    }

    @Test func aLinkCommittedInAGitPeerIsNotFollowed() throws {
        let directory = try TemporaryDirectory("wp-sec-peerlink")
        let cache = try TemporaryDirectory("wp-sec-cache")
        try directory.write("secret/SECRET-WP-0001-secret.md", BarePeer.workplan("SECRET-WP-0001", title: "Secret plan"))
        try directory.write("peer-work/workplans/PEER-WP-0001-peer.md", BarePeer.workplan("PEER-WP-0001", title: "Peer plan"))
        try FileManager.default.createDirectory(atPath: directory.absolute("peer-work/workplans"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.absolute("peer-work/workplans/SECRET-WP-0001-link.md"),
            withDestinationPath: directory.absolute("secret/SECRET-WP-0001-secret.md"))
        let peer = try BarePeer(in: directory, files: [:])
        let apps = try Self.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"\(peer.url)\"}\n")
        let result = try wp(["status"], in: apps, cache: cache.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Peer plan"))
        #expect(!result.stdout.contains("Secret plan"), "a link in the peer's commit was followed")
        #expect(result.stderr.contains("peer:workplans/SECRET-WP-0001-link.md:1:1: warning: 'workplans/SECRET-WP-0001-link.md' is a symbolic link in git"),
                "\(result.stderr)")
    }

    // MARK: Item 19

    static let hookNames = [
        "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit", "prepare-commit-msg",
        "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge", "pre-push", "pre-receive", "update",
        "proc-receive", "post-receive", "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc",
        "post-rewrite", "post-index-change", "fsmonitor-watchman",
    ]

    @Test func plantedHookFilesAndConfigInThePeerCacheAreNeverUsed() throws {
        let directory = try TemporaryDirectory("wp-sec-poison")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let markers = directory.absolute("markers")
        try FileManager.default.createDirectory(atPath: markers, withIntermediateDirectories: true)
        let peer = try BarePeer(in: directory, files: [
            ".wp.yaml": "repo: peer\n", "workplans/PEER-WP-0001-peer.md": BarePeer.workplan("PEER-WP-0001", title: "Peer plan"),
        ])
        let apps = try Self.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"\(peer.url)\", ref: main}\n")
        let first = try wp(["status"], in: apps, cache: cache.path)
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Peer plan"))
        let repository = try Self.cacheRepository(cache)

        // Planted: every hook, writing a marker; workplans beside the objects, as a checkout would hold them.
        try FileManager.default.createDirectory(atPath: repository + "/hooks", withIntermediateDirectories: true)
        for hook in Self.hookNames {
            let path = repository + "/hooks/" + hook
            try Data("#!/bin/sh\ntouch '\(markers)/\(hook)'\n".utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o755)
        }
        for place in ["workplans/EVIL-WP-0001-planted.md", "planted/workplans/EVIL-WP-0002-planted.md"] {
            try FileManager.default.createDirectory(
                atPath: repository + "/" + (place as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(BarePeer.workplan("EVIL-WP-0001", title: "Planted plan").utf8).write(to: URL(fileURLWithPath: repository + "/" + place))
        }
        // A new commit, so the next run fetches and moves refs (reference-transaction would fire).
        try peer.commit(["workplans/PEER-WP-0002-more.md": BarePeer.workplan("PEER-WP-0002", title: "Second peer plan")])
        let fetched = try wp(["status"], in: apps, cache: cache.path)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("Second peer plan"), "\(fetched.stdout)")
        #expect(!fetched.stdout.contains("Planted plan"), "a planted file was read")
        let offline = try wp(["status", "--offline"], in: apps, cache: cache.path)
        #expect(offline.stdout.contains("Second peer plan"))
        #expect(!offline.stdout.contains("Planted plan"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: markers).isEmpty, "a planted hook ran")

        // Planted config that runs commands: the copy is no longer trusted.
        let configPath = repository + "/config"
        let planted = try String(contentsOfFile: configPath, encoding: .utf8)
            + "[core]\n\tfsmonitor = touch '\(markers)/fsmonitor'\n\tsshCommand = touch '\(markers)/ssh'\n"
            + "[remote \"origin\"]\n\turl = \(peer.url)\n\tuploadpack = touch '\(markers)/uploadpack'\n"
        try Data(planted.utf8).write(to: URL(fileURLWithPath: configPath))
        let refused = try wp(["status", "--offline"], in: apps, cache: cache.path)
        #expect(refused.status == 2, "an unavailable peer is a partial read (issue 12)")
        #expect(refused.stderr.contains("peer `peer` is unavailable: its cached copy was changed outside wp (its git config sets core.fsmonitor)"),
                "\(refused.stderr)")
        #expect(!refused.stdout.contains("Peer plan"))
        let refreshed = try wp(["status"], in: apps, cache: cache.path)
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        #expect(refreshed.stderr.isEmpty, "a changed cache is fetched afresh: \(refreshed.stderr)")
        #expect(refreshed.stdout.contains("Second peer plan"))
        #expect(!(try String(contentsOfFile: configPath, encoding: .utf8)).contains("fsmonitor"), "the changed copy was replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: markers).isEmpty, "a planted hook or setting ran")
    }

    @Test func eachFetchIsRecordedWithItsTime() throws {
        let directory = try TemporaryDirectory("wp-sec-record")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let peer = try BarePeer(in: directory, files: ["workplans/PEER-WP-0001-peer.md": BarePeer.workplan("PEER-WP-0001", title: "Peer plan")])
        let apps = try Self.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"\(peer.url)\"}\n")
        #expect(try wp(["status"], in: apps, cache: cache.path).status == 0)
        let record = try String(contentsOfFile: try Self.cacheRepository(cache) + "/wp-fetch", encoding: .utf8)
        let head = try git(["rev-parse", "main"], in: peer.bare).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = record.split(separator: "\n")
        #expect(lines.first == "commit \(head)"[...])
        let fetched = try #require(lines.last?.split(separator: " ").last)
        #expect(lines.last?.hasPrefix("fetched ") == true)
        #expect(ISO8601DateFormatter().date(from: String(fetched)) != nil, "\(record)")
    }

    // MARK: Item 24

    @Test func failedFetchSaysWhichPeerAndGitsWholeError() throws {
        let directory = try TemporaryDirectory("wp-sec-fail")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let peer = try BarePeer(in: directory, files: ["workplans/PEER-WP-0001-peer.md": BarePeer.workplan("PEER-WP-0001", title: "Peer plan")])
        let apps = try Self.writeApps(directory, config: """
            repo: apps
            peers:
              platform: {git: "\(peer.url)", ref: main}
              missing: {git: "file://\(directory.path)/missing.git"}

            """)
        let first = try wp(["status"], in: apps, cache: cache.path)
        #expect(first.status == 2, "a peer wp could not read is a partial read (issue 12)")
        #expect(first.stderr.contains(
            "peer `missing` is unavailable: git clone of file://\(directory.path)/missing.git failed: "
            + "fatal: '\(directory.path)/missing.git' does not appear to be a git repository; "
            + "fatal: Could not read from remote repository. Please make sure you have the correct access rights and the repository exists."),
            "\(first.stderr)")
        // The remote goes away after a first clone: the refetch fails and says so in full.
        try FileManager.default.removeItem(atPath: peer.bare)
        let second = try wp(["status"], in: apps, cache: cache.path)
        #expect(second.stderr.contains(
            "peer `platform` is unavailable: git fetch of \(peer.url) failed: fatal: '\(peer.bare)' does not appear to be a git repository; "),
            "\(second.stderr)")
        #expect(second.stderr.contains("and the repository exists."))
        for line in second.stderr.split(separator: "\n") {
            #expect(line.hasPrefix(".wp.yaml:"), "every message starts with its position: \(line)")
        }
    }

    @Test func aPasswordInThePeerURLIsNotPrinted() throws {
        let directory = try TemporaryDirectory("wp-sec-password")
        let cache = try TemporaryDirectory("wp-sec-cache")
        // Port 9 on the loopback: nothing listens, the connection is refused at once.
        let apps = try Self.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"https://ci:s3cr3t@127.0.0.1:9/x.git\"}\n")
        let result = try wp(["status"], in: apps, cache: cache.path)
        #expect(result.stderr.contains("git clone of https://ci:***@127.0.0.1:9/x.git failed: "), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cr3t"))
    }

    // MARK: Item 14

    @Test func aRemoteLeavingAGrandchildOnThePipeDoesNotHangWp() throws {
        let directory = try TemporaryDirectory("wp-sec-hang")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let pidFile = directory.absolute("grandchild.pid")
        // The "ssh" git starts fails, leaving behind a sleeper that holds stderr — which git
        // passed on from wp: git itself ends, but wp's pipe stays open as long as the sleeper lives.
        let ssh = directory.absolute("fake-ssh")
        try directory.write("fake-ssh", "#!/bin/sh\nsleep 600 </dev/null >/dev/null &\necho $! > '\(pidFile)'\necho 'remote hangs up' >&2\nexit 1\n")
        chmod(ssh, 0o755)
        let apps = try Self.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"ssh://git.invalid/peer.git\"}\n")
        let result = try BoundedRun.wp(["status"], in: apps, cache: cache.path, environment: ["GIT_SSH_COMMAND": ssh])
        #expect(result.status == 2, "exit \(result.status) (2: the peer is unreadable, a partial read; 124: wp hung on the pipe)\n\(result.stderr)")
        #expect(result.stderr.contains("peer `peer` is unavailable: git clone of ssh://git.invalid/peer.git failed: remote hangs up"),
                "\(result.stderr)")
        let pid = try #require(Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        var gone = false
        for _ in 0..<200 where !gone {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            gone = stat.isEmpty || stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).first == "Z"
            if !gone { usleep(10_000) }
        }
        #expect(gone, "the remote's grandchild \(pid) outlived wp")
        if !gone { kill(pid, SIGKILL) }
    }
}
