import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Issue 10, items 12, 13, 16 and 17, end to end: the built `wp` on real
// directory trees (links, FIFOs, configs above the repo) in temp dirs.

@Suite("Security: the file walk and .wp.yaml (issue 10)")
struct FileWalkSecurityTests {
    static func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }

    // MARK: Item 12

    @Test func symlinkDAGIsWalkedOncePerDirectoryAndFile() throws {
        let directory = try TemporaryDirectory("wp-sec-dag")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let levels = 20
        try directory.write("repo/.wp.yaml", "repo: dag\n")
        try directory.write("repo/workplans/DAG-WP-0001-top.md", BarePeer.workplan("DAG-WP-0001", title: "Top plan"))
        // tree/l0 … tree/l20, each level with two links to the next: 2^20 paths to the one file at the bottom.
        for level in 0...levels {
            try FileManager.default.createDirectory(atPath: directory.absolute("repo/tree/l\(level)"), withIntermediateDirectories: true)
        }
        for level in 0..<levels {
            try Self.link(directory.absolute("repo/tree/l\(level)/a"), to: "../l\(level + 1)")
            try Self.link(directory.absolute("repo/tree/l\(level)/b"), to: "../l\(level + 1)")
        }
        try directory.write("repo/tree/l\(levels)/DAG-WP-0002-deep.md", BarePeer.workplan("DAG-WP-0002", title: "Deep plan"))
        try Self.link(directory.absolute("repo/workplans/entry"), to: "../tree/l0")

        let result = try BoundedRun.wp(["status"], in: directory.absolute("repo"), cache: cache.path)
        #expect(result.status == 0, "exit \(result.status) (124: the walk did not finish)\n\(result.stderr.prefix(2000))")
        #expect(result.stderr.isEmpty, "\(result.stderr.prefix(2000))")
        #expect(result.stdout.components(separatedBy: "Deep plan").count == 2, "the deep plan is shown once:\n\(result.stdout.prefix(2000))")
        #expect(result.stdout.contains("2 workplans"), "\(result.stdout.prefix(2000))")
        // The path shown is the first of the 2^20, in name order.
        let json = try BoundedRun.wp(["show", "DAG-WP-0002", "--format", "json"], in: directory.absolute("repo"), cache: cache.path)
        #expect(json.stdout.contains("workplans/entry/" + String(repeating: "a/", count: levels) + "DAG-WP-0002-deep.md"), "\(json.stdout)")
    }

    @Test func aFileReachedThroughALinkIsShownUnderItsRealPath() throws {
        let directory = try TemporaryDirectory("wp-sec-real")
        let cache = try TemporaryDirectory("wp-sec-cache")
        try directory.write("repo/.wp.yaml", "repo: real\n")
        try directory.write("repo/workplans/real/REAL-WP-0001-plan.md", BarePeer.workplan("REAL-WP-0001", title: "Real plan"))
        // "alias" sorts before "real": a walk in name order would meet the link first.
        try Self.link(directory.absolute("repo/workplans/alias"), to: "real")
        let result = try wp(["show", "REAL-WP-0001", "--format", "json"], in: directory.absolute("repo"), cache: cache.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "one file, one workplan, no duplicate: \(result.stderr)")
        #expect(result.stdout.contains("workplans/real/REAL-WP-0001-plan.md"), "\(result.stdout)")
        #expect(!result.stdout.contains("workplans/alias/"), "\(result.stdout)")
    }

    // MARK: Item 13

    /// `directory/.wp.yaml` (repo `hijacked`, reading `elsewhere/`) above `directory/project` and its workplan.
    static func writeAncestorConfig(_ directory: TemporaryDirectory) throws -> String {
        try directory.write(".wp.yaml", "repo: hijacked\ninclude: [elsewhere/**/*.md]\n")
        try directory.write("elsewhere/HIJ-WP-0001-planted.md", BarePeer.workplan("HIJ-WP-0001", title: "Planted plan"))
        try directory.write("project/workplans/PROJ-WP-0001-own.md", BarePeer.workplan("PROJ-WP-0001", title: "Own plan"))
        return directory.absolute("project")
    }

    @Test func aConfigAboveTheGitRepoIsNotApplied() throws {
        let directory = try TemporaryDirectory("wp-sec-ancestor")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let project = try Self.writeAncestorConfig(directory)
        // Outside git the search goes on up, so the ancestor's config applies: the test can tell the two apart.
        let outsideGit = try wp(["status"], in: project, cache: cache.path)
        #expect(outsideGit.stdout.contains("Planted plan"), "\(outsideGit.stdout)")
        #expect(!outsideGit.stdout.contains("Own plan"))

        try git(["init", "--quiet"], in: project)
        let inGit = try wp(["status"], in: project, cache: cache.path)
        #expect(inGit.status == 0, "\(inGit.stderr)")
        #expect(inGit.stdout.contains("Own plan"), "\(inGit.stdout)")
        #expect(!inGit.stdout.contains("Planted plan"), "the config above the git root was used")
        // From a subdirectory the search stops at the same root.
        try FileManager.default.createDirectory(atPath: project + "/docs/deep", withIntermediateDirectories: true)
        let fromBelow = try wp(["status"], in: project + "/docs/deep", cache: cache.path)
        #expect(!fromBelow.stdout.contains("Planted plan"), "\(fromBelow.stdout)")
    }

    @Test(.enabled(if: geteuid() == 0, "changing a file's owner needs root; WorkplanKitTests checks the rule itself"))
    func aConfigOwnedBySomeoneElseIsIgnoredWithAHintThatWorks() throws {
        let directory = try TemporaryDirectory("wp-sec-owner")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let project = try Self.writeAncestorConfig(directory)
        let planted = directory.absolute(".wp.yaml")
        try #require(chown(planted, 4242, 4242) == 0)
        let result = try wp(["status"], in: project, cache: cache.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Own plan"), "the defaults apply instead: \(result.stdout)")
        #expect(!result.stdout.contains("Planted plan"))
        let warning = try #require(result.stderr.split(separator: "\n").first { $0.contains("ignored") }.map(String.init), "\(result.stderr)")
        #expect(warning.hasPrefix("\(planted):1:1: warning: ignored \(planted): it belongs to user 4242, not to you (user 0) or root"), "\(warning)")
        // The hint, typed as printed: the copy is the user's own and applies, with no warning.
        let hint = try #require(warning.split(separator: "`").dropFirst().first.map(String.init), "\(warning)")
        #expect(hint == "cp \(planted) \(project)/.wp.yaml")
        let copied = try run("/bin/sh", ["-c", hint], in: project)
        #expect(copied.status == 0)
        let after = try wp(["status"], in: project, cache: cache.path)
        #expect(!after.stderr.contains("ignored"), "\(after.stderr)")
        #expect(after.stdout.contains("No workplans found"), "the copied config (include: elsewhere/) applies: \(after.stdout)")
    }

    // MARK: Item 16

    @Test func includesLinksAndPathPeersLeavingTheRepoAreSkippedUnlessAllowed() throws {
        let directory = try TemporaryDirectory("wp-sec-outside")
        let cache = try TemporaryDirectory("wp-sec-cache")
        try directory.write("outside/workplans/OUT-WP-0001-relative.md", BarePeer.workplan("OUT-WP-0001", title: "Relative outside"))
        try directory.write("outside/abs/OUT-WP-0002-absolute.md", BarePeer.workplan("OUT-WP-0002", title: "Absolute outside"))
        try directory.write("outside/linked/OUT-WP-0003-linked.md", BarePeer.workplan("OUT-WP-0003", title: "Linked outside"))
        try directory.write("far/away/workplans/FAR-WP-0001-far.md", BarePeer.workplan("FAR-WP-0001", title: "Far plan"))
        // A sibling directory without .git or .wp.yaml: still part of the workspace, as repos cloned side by side are.
        try directory.write("sibling/workplans/SIB-WP-0001-sibling.md", BarePeer.workplan("SIB-WP-0001", title: "Sibling plan"))
        try directory.write("repo/workplans/REPO-WP-0001-own.md", BarePeer.workplan("REPO-WP-0001", title: "Own plan"))
        try Self.link(directory.absolute("repo/workplans/linked"), to: "../../outside/linked")
        let config = """
            repo: repo
            include:
              - workplans/**/*.md
              - ../outside/workplans/**/*.md
              - \(directory.path)/outside/abs/*.md
            peers:
              root: {path: /}
              far: {path: ../far/away}
              sibling: {path: ../sibling}

            """
        try directory.write("repo/.wp.yaml", config)
        let repo = directory.absolute("repo")
        let result = try wp(["status"], in: repo, cache: cache.path)
        #expect(result.status == 2, "peers skipped are a partial read (issue 12): \(result.stderr)")
        #expect(result.stdout.contains("Own plan"))
        #expect(result.stdout.contains("Sibling plan"), "a sibling path peer needs no opt-in: \(result.stdout)")
        for outside in ["Relative outside", "Absolute outside", "Linked outside", "Far plan"] {
            #expect(!result.stdout.contains(outside), "\(outside) was read")
        }
        let hint = "it was skipped — add `allow_outside_paths: true` to .wp.yaml to read"
        let relativeLine = try #require(lineNumber(containing: "../outside/workplans", in: config))
        #expect(result.stderr.contains(".wp.yaml:\(relativeLine):5: warning: include `../outside/workplans/**/*.md` names files outside the repo; \(hint) files outside the repo [outside-repo]"),
                "\(result.stderr)")
        let absoluteLine = try #require(lineNumber(containing: "/outside/abs", in: config))
        #expect(result.stderr.contains(".wp.yaml:\(absoluteLine):5: warning: include `\(directory.path)/outside/abs/*.md` names files outside the repo"),
                "\(result.stderr)")
        #expect(result.stderr.contains("workplans/linked:1:1: warning: 'workplans/linked' is a symbolic link to \(directory.path)/outside/linked, outside the repo; \(hint)"),
                "\(result.stderr)")
        for peer in ["root", "far"] {
            let line = try #require(lineNumber(containing: "  \(peer):", in: config))
            #expect(result.stderr.contains(".wp.yaml:\(line):3: error: peer `\(peer)` is unavailable: directory "), "\(peer): \(result.stderr)")
        }
        #expect(result.stderr.contains("peer `root` is unavailable: directory / is not a repo (no .git or .wp.yaml), nor inside or beside this one; \(hint) it"),
                "\(result.stderr)")

        // The explicit opt-in reads them all, each file once.
        try directory.write("repo/.wp.yaml", "allow_outside_paths: true\n" + config)
        let allowed = try wp(["status"], in: repo, cache: cache.path)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(!allowed.stderr.contains("outside"), "\(allowed.stderr)")
        for outside in ["Relative outside", "Absolute outside", "Linked outside", "Far plan", "Own plan", "Sibling plan"] {
            #expect(allowed.stdout.components(separatedBy: outside).count == 2, "\(outside) once: \(allowed.stdout)")
        }
    }

    // MARK: Item 17

    @Test func aFIFONamedAsAPathOrConfigIsRefusedNotWaitedOn() throws {
        let directory = try TemporaryDirectory("wp-sec-fifo")
        let cache = try TemporaryDirectory("wp-sec-cache")
        try directory.write("repo/.wp.yaml", "repo: repo\npeers:\n  platform: {path: ../platform}\n")
        try directory.write("repo/workplans/REPO-WP-0001-own.md", BarePeer.workplan("REPO-WP-0001", title: "Own plan"))
        try #require(mkfifo(directory.absolute("repo/workplans/pipe.md"), 0o644) == 0)
        let repo = directory.absolute("repo")

        // The walk never opens it.
        try FileManager.default.createDirectory(atPath: directory.absolute("platform"), withIntermediateDirectories: true)
        let walked = try BoundedRun.wp(["status"], in: repo, cache: cache.path)
        #expect(walked.status == 0, "exit \(walked.status) (124: wp waited on the FIFO)\n\(walked.stderr)")
        #expect(walked.stdout.contains("Own plan"))

        // Named on the command line: refused, with the path.
        let named = try BoundedRun.wp(["status", "workplans/pipe.md"], in: repo, cache: cache.path)
        #expect(named.status == 2, "exit \(named.status) (124: wp waited on the FIFO)\n\(named.stderr)")
        #expect(named.stderr.contains("workplans/pipe.md:1:1: error: 'workplans/pipe.md' is a FIFO (named pipe), not a regular file; wp reads only regular files"),
                "\(named.stderr)")

        // A peer's .wp.yaml that is a FIFO: that peer's config is refused, the rest is read.
        try #require(mkfifo(directory.absolute("platform/.wp.yaml"), 0o644) == 0)
        let peer = try BoundedRun.wp(["status"], in: repo, cache: cache.path)
        #expect(peer.status != 124, "wp waited on the peer's FIFO")
        #expect(peer.stderr.contains("../platform/.wp.yaml:1:1: error: '../platform/.wp.yaml' is a FIFO (named pipe)"), "\(peer.stderr)")
        #expect(peer.stdout.contains("Own plan"))

        // The workspace's own .wp.yaml as a FIFO: wp cannot work (exit 2) and says why.
        try FileManager.default.removeItem(atPath: directory.absolute("repo/.wp.yaml"))
        try #require(mkfifo(directory.absolute("repo/.wp.yaml"), 0o644) == 0)
        let config = try BoundedRun.wp(["status"], in: repo, cache: cache.path)
        #expect(config.status == 2, "exit \(config.status) (124: wp waited on the FIFO)\n\(config.stderr)")
        #expect(config.stderr.hasPrefix(".wp.yaml:1:1: error: '.wp.yaml' is a FIFO (named pipe), not a regular file"), "\(config.stderr)")
    }
}
