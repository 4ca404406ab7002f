import Foundation
import Testing

/// Config and peers that used to fail quietly (issue 12, item 8): an unknown `.wp.yaml`
/// key, and a git peer whose fetch fails while wp holds a copy of an earlier fetch.
@Suite struct QuietFailureTests {
    static let workplan = "---\nid: APPS-WP-0001\ntitle: Apps\nstatus: active\ncreated: \"2026-11-20\"\nupdated: \"2026-11-20\"\n---\n\n# Apps\n"

    // MARK: Unknown keys

    @Test("an unknown top-level or peer key in .wp.yaml: a warning with `did you mean` on every command, an error of wp lint")
    func unknownConfigKeys() throws {
        let directory = try TemporaryDirectory("wp-e2e-config-keys")
        try directory.write("apps/.wp.yaml", "repo: apps\nincludes: [\"plans/**/*.md\"]\npeer:\n  platform: {path: ../platform}\npeers:\n  other: {path: ../other, branch: main}\n"
                            + "lifecycles:\n  task:\n    transition: {todo: [done]}\n")
        try directory.write("apps/workplans/APPS-WP-0001-apps.md", Self.workplan)
        try directory.write("other/workplans/OTHER-WP-0001-other.md", "---\nid: OTHER-WP-0001\ntitle: Other\nstatus: active\n---\n")
        let apps = directory.absolute("apps")
        let cache = directory.absolute("cache")
        let includes = ".wp.yaml:2:1: warning: unknown key 'includes' in .wp.yaml is ignored; did you mean 'include'? "
            + "(known: repo, include, exclude, peers, lifecycles, rules, allow_outside_paths) [unknown-config-key]"
        let peer = ".wp.yaml:3:1: warning: unknown key 'peer' in .wp.yaml is ignored; did you mean 'peers'?"
        let branch = ".wp.yaml:6:27: warning: unknown key 'branch' in peer `other` in .wp.yaml is ignored (known: path, git, ref, include) [unknown-config-key]"
        let transition = ".wp.yaml:9:5: warning: unknown key 'transition' in lifecycles.task in .wp.yaml is ignored; did you mean 'transitions'?"
        for command in [["status"], ["ready"], ["gate", "list"]] {
            let result = try wp(command, in: apps, cache: cache, environment: ["WP_TODAY": "2026-11-28"])
            #expect(result.status == 0, "a warning, not a partial read: \(command) exit \(result.status)\n\(result.stderr)")
            #expect(result.stderr.contains(includes), "\(command): \(result.stderr)")
            #expect(result.stderr.contains(peer), "\(command): \(result.stderr)")
            #expect(result.stderr.contains(branch), "\(command): \(result.stderr)")
            #expect(result.stderr.contains(transition), "\(command): \(result.stderr)")
        }
        let lint = try wp(["lint"], in: apps, cache: cache, environment: ["WP_TODAY": "2026-11-28"])
        #expect(lint.status == 1, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains(".wp.yaml:2:1: error[unknown-config-key] unknown key 'includes' in .wp.yaml is ignored; did you mean 'include'?"),
                "\(lint.stdout)")
        #expect(lint.stdout.contains(".wp.yaml:3:1: error[unknown-config-key] unknown key 'peer'"), "\(lint.stdout)")

        // Fixed as suggested, the warnings go.
        try directory.write("apps/.wp.yaml", "repo: apps\ninclude: [\"workplans/**/*.md\"]\npeers:\n  other: {path: ../other, ref: main}\n")
        let fixed = try wp(["lint"], in: apps, cache: cache, environment: ["WP_TODAY": "2026-11-28"])
        #expect(fixed.stdout.contains("unknown-config-key") == false, "\(fixed.stdout)")
        #expect(fixed.stderr.contains("unknown key") == false, "\(fixed.stderr)")
    }

    // MARK: A git peer whose fetch fails

    @Test("a git peer whose fetch fails is read from its cached copy with its fetch date; gate check exits 2 on it unless --allow-stale-peers")
    func stalePeerCopy() throws {
        let directory = try TemporaryDirectory("wp-e2e-stale-peer")
        let cache = directory.absolute("cache")
        let peer = try BarePeer(in: directory, files: ["workplans/PEER-WP-0001-peer.md": BarePeer.workplan("PEER-WP-0001", title: "Peer plan", status: "finished")])
        try directory.write("apps/.wp.yaml", "repo: apps\ninclude: [\"workplans/**/*.md\", \"docs/**/*.md\"]\npeers:\n  platform: {git: \"\(peer.url)\", ref: main}\n")
        try directory.write("apps/workplans/APPS-WP-0001-apps.md", Self.workplan)
        try directory.write("apps/docs/gates.md", "```gate\nid: deploy\nrequires: [platform:PEER-WP-0001]\n```\n")
        let apps = directory.absolute("apps")
        let online = try wp(["gate", "check", "deploy"], in: apps, cache: cache)
        #expect(online.status == 0, "\(online.stdout)\(online.stderr)")
        let fetchDay = Self.utcToday()

        // The remote goes away: the copy of the first fetch is read, and said to be that.
        try FileManager.default.removeItem(atPath: peer.bare)
        let status = try wp(["status"], in: apps, cache: cache)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stderr.contains(".wp.yaml:4:3: warning: peer `platform` is unavailable: git fetch of \(peer.url) failed: fatal: '\(peer.bare)' does not appear to be a git repository; "),
                "\(status.stderr)")
        #expect(status.stderr.contains("and the repository exists.; wp reads its cached copy instead, last fetched on \(fetchDay) "
                                       + "(`wp gate check` exits 2 on it unless --allow-stale-peers) [peer-stale]"), "\(status.stderr)")
        #expect(!status.stdout.contains("peer platform unavailable"), "the copy is read: \(status.stdout)")

        let refused = try wp(["gate", "check", "deploy"], in: apps, cache: cache)
        #expect(refused.status == 2, "a gate passed on a stale copy: \(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("error: peer `platform` is only known from its cached copy fetched on \(fetchDay) (this run's fetch failed); "
                                        + "a gate does not pass on old data: fix the fetch, or pass --allow-stale-peers to accept the copy"),
                "\(refused.stderr)")
        // The hint works as printed.
        let accepted = try wp(["gate", "check", "deploy", "--allow-stale-peers"], in: apps, cache: cache)
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("PEER-WP-0001"), "\(accepted.stdout)")
        // A failing gate stays a failure (1 is below 2: the stale copy still makes it 2 without the flag).
        try directory.write("apps/docs/gates.md", "```gate\nid: deploy\nrequires: [platform:PEER-WP-0001, APPS-WP-0001]\n```\n")
        #expect(try wp(["gate", "check", "deploy", "--allow-stale-peers"], in: apps, cache: cache).status == 1)
        #expect(try wp(["gate", "check", "deploy"], in: apps, cache: cache).status == 2)
    }

    /// The day the test fetched, as wp records it (UTC).
    static func utcToday() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }
}
