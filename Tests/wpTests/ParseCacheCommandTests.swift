import Foundation
import Testing

/// The parse cache never changes an answer: after every kind of change to the files, the
/// settings or the cache itself, a run with the cache prints what a `--no-cache` run prints
/// (same exit status, stdout and stderr). Real files, the real binary, a real git repo.
@Suite("Parse cache: always the fresh answer")
struct ParseCacheCommandTests {
    static let environment = ["WP_TODAY": "2026-06-01", "NO_COLOR": "1"]

    static let config = """
        repo: cachetest
        include: [workplans/**/*.md, docs/**/*.md]

        """

    /// Decisions renamed: the prose decision with a resolution becomes `settled`, not `resolved`.
    static let renamedDecisions = """
        lifecycles:
          decision:
            statuses: [open, settled, declined]
            initial: [open, settled, declined]
            waiting: [open]
            complete: [settled]
            succeeded: [settled]
            closed: [declined]

        """

    static func workplan(firstTask: String = "done", title: String = "Alpha") -> String {
        """
        ---
        id: CT-WP-0001
        title: Cache test \(title)
        status: active
        created: "2026-01-05"
        updated: "2026-03-01"
        ---

        # Cache test

        ## Tasks

        ### T01 — Run the restore drill

        ```task
        id: CT-WP-0001-T01
        status: \(firstTask)
        evidence: drill
        done_on: 2026-05-20
        ```

        ### T02 — Build the image

        ```task
        id: CT-WP-0001-T02
        status: todo
        depends_on: [CT-WP-0001-T01]
        ```

        Blocked on CT-WP-0001-D01 until it is made.

        **Decision D-01 — Which storage class**

        **Resolution (2026-05-18, bernd):** fast disks.

        """
    }

    static let runbook = """
        # Promotion

        ```gate
        id: cachetest/promote
        title: Promote
        requires:
          - CT-WP-0001-T01
        ```

        """

    /// A git repo with the workspace, and a cache directory beside it (never inside it).
    final class Fixture {
        let directory: TemporaryDirectory
        var repo: String { directory.absolute("repo") }
        var cache: String { directory.absolute("cache") }
        let workplanPath = "workplans/CT-WP-0001-cache.md"

        init() throws {
            directory = try TemporaryDirectory("wp-parse-cache")
            try directory.write("repo/.wp.yaml", ParseCacheCommandTests.config)
            try directory.write("repo/" + workplanPath, ParseCacheCommandTests.workplan())
            try directory.write("repo/docs/promotion.md", ParseCacheCommandTests.runbook)
            try git(["init", "-q"], in: repo)
        }

        func write(_ relative: String, _ text: String) throws {
            try directory.write("repo/" + relative, text)
        }

        /// Runs `arguments` with the cache, then with `--no-cache`: both must agree in every byte.
        @discardableResult
        func expectFresh(_ arguments: [String], cache: String? = nil, environment: [String: String] = [:],
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
            var cachedEnvironment = ParseCacheCommandTests.environment.merging(environment) { $1 }
            cachedEnvironment["WP_CACHE_DIR"] = cache ?? self.cache
            let cached = try run(try WPBinary.require(), arguments, in: repo, environment: cachedEnvironment)
            var freshEnvironment = ParseCacheCommandTests.environment
            freshEnvironment["WP_CACHE_DIR"] = directory.absolute("unused-cache")
            let fresh = try run(try WPBinary.require(), arguments + ["--no-cache"], in: repo, environment: freshEnvironment)
            #expect(cached.status == fresh.status, "\(arguments): exit \(cached.status) cached, \(fresh.status) fresh", sourceLocation: sourceLocation)
            #expect(cached.stdout == fresh.stdout, "\(arguments): stdout differs from a --no-cache run", sourceLocation: sourceLocation)
            #expect(cached.stderr == fresh.stderr, "\(arguments): stderr differs: \(cached.stderr)", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: directory.absolute("unused-cache")), "--no-cache wrote a cache",
                    sourceLocation: sourceLocation)
            return cached
        }

        /// Every answer this workspace gives: status (text and JSON), lint, the gate, show.
        func expectAllFresh(sourceLocation: SourceLocation = #_sourceLocation) throws {
            for arguments in [["status"], ["status", "--format", "json"], ["lint"], ["lint", "--format", "json"],
                              ["gate", "check", "cachetest/promote"], ["show", "CT-WP-0001-D01", "--format", "json"]] {
                try expectFresh(arguments, sourceLocation: sourceLocation)
            }
        }

        /// The cache's packs (file name → bytes): one per repo.
        func entries() throws -> [String: Data] {
            let parse = cache + "/parse"
            guard FileManager.default.fileExists(atPath: parse) else { return [:] }
            var found: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: parse) where name.hasSuffix(".wpp") {
                found[name] = try Data(contentsOf: URL(fileURLWithPath: parse + "/" + name))
            }
            return found
        }
    }

    @Test("a first run writes the repo's pack (0600 in a 0700 directory); an unchanged workspace is read from it")
    func firstAndSecondRun() throws {
        let fixture = try Fixture()
        try fixture.expectAllFresh()
        let entries = try fixture.entries()
        #expect(entries.count == 1)
        var info = stat()
        #expect(stat(fixture.cache + "/parse", &info) == 0 && info.st_mode & 0o777 == 0o700)
        for name in entries.keys {
            #expect(stat(fixture.cache + "/parse/" + name, &info) == 0 && info.st_mode & 0o777 == 0o600)
        }
        try fixture.expectAllFresh()
        #expect(try fixture.entries() == entries, "a warm run rewrote or added a pack")
        // Nothing was written into the repo.
        #expect(try git(["status", "--porcelain", "--ignored"], in: fixture.repo).stdout
            == "?? .wp.yaml\n?? docs/\n?? workplans/\n")
    }

    @Test("an edit, a rename, a truncation and a touch each give the fresh answer")
    func fileChanges() throws {
        let fixture = try Fixture()
        try fixture.expectAllFresh()
        let before = try fixture.expectFresh(["status", "--format", "json"]).stdout

        try fixture.write(fixture.workplanPath, Self.workplan(firstTask: "in_progress"))
        let edited = try fixture.expectFresh(["status", "--format", "json"]).stdout
        #expect(edited != before, "the edit must show")
        try fixture.expectAllFresh()

        try FileManager.default.moveItem(atPath: fixture.repo + "/" + fixture.workplanPath, toPath: fixture.repo + "/workplans/CT-WP-0001-renamed.md")
        let renamed = try fixture.expectFresh(["lint", "--format", "json"]).stdout
        #expect(renamed.contains("CT-WP-0001-renamed.md") || !renamed.contains("CT-WP-0001-cache.md"))
        try fixture.expectAllFresh()

        let path = fixture.repo + "/workplans/CT-WP-0001-renamed.md"
        let whole = try String(contentsOfFile: path, encoding: .utf8)
        try fixture.write("workplans/CT-WP-0001-renamed.md", String(whole.prefix(60)))
        let truncated = try fixture.expectFresh(["status"])
        #expect(truncated.status == 2, "a cut front matter is a reading problem: \(truncated.stderr)")
        try fixture.expectAllFresh()

        let entries = try fixture.entries()
        #expect(utimensat(AT_FDCWD, path, nil, 0) == 0)  // touch: both times now
        try fixture.expectAllFresh()
        #expect(try fixture.entries() == entries, "a touch without a change is a hit")
    }

    @Test("a same-size rewrite within the same second (even with the old modification time) gives the fresh answer; the gate fails")
    func sameSizeSameSecond() throws {
        let fixture = try Fixture()
        let passing = try fixture.expectFresh(["gate", "check", "cachetest/promote"])
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        let path = fixture.repo + "/" + fixture.workplanPath
        var info = stat()
        #expect(stat(path, &info) == 0)
        let done = Self.workplan(firstTask: "done")
        let todo = Self.workplan(firstTask: "todo")
        #expect(done.utf8.count == todo.utf8.count)
        try fixture.write(fixture.workplanPath, todo)
        var times = [info.st_atim, info.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        #expect(stat(path, &after) == 0 && after.st_size == info.st_size && after.st_mtim.tv_sec == info.st_mtim.tv_sec)
        let failing = try fixture.expectFresh(["gate", "check", "cachetest/promote"])
        #expect(failing.status == 1, "a gate must never pass from a stale cache: \(failing.stdout)")
        try fixture.expectAllFresh()
        // Same size again, other bytes: a title changed by one letter.
        try fixture.write(fixture.workplanPath, Self.workplan(firstTask: "todo", title: "Omega"))
        let status = try fixture.expectFresh(["status", "--format", "json"])
        #expect(status.stdout.contains("Omega"))
    }

    @Test("a changed decision lifecycle in .wp.yaml gives the fresh answer")
    func decisionLifecycle() throws {
        let fixture = try Fixture()
        let resolved = try fixture.expectFresh(["show", "CT-WP-0001-D01", "--format", "json"]).stdout
        #expect(resolved.contains("\"resolved\""))
        try fixture.write(".wp.yaml", Self.config + Self.renamedDecisions)
        let settled = try fixture.expectFresh(["show", "CT-WP-0001-D01", "--format", "json"]).stdout
        #expect(settled.contains("\"settled\""), "\(settled)")
        try fixture.expectAllFresh()
    }

    @Test("corrupt, truncated and misplaced packs are ignored and written again")
    func damagedEntries() throws {
        let fixture = try Fixture()
        try fixture.expectAllFresh()
        let good = try fixture.entries()
        #expect(good.count == 1)
        for (name, bytes) in good {
            var damaged = [UInt8](bytes)
            for index in stride(from: 0, to: damaged.count, by: 7) { damaged[index] ^= 0xa5 }
            try Data(damaged).write(to: URL(fileURLWithPath: fixture.cache + "/parse/" + name))
        }
        try fixture.expectAllFresh()
        #expect(try fixture.entries() == good, "a corrupt pack is rewritten")
        for (name, bytes) in good {
            try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: fixture.cache + "/parse/" + name))
        }
        try fixture.expectAllFresh()
        #expect(try fixture.entries() == good, "a truncated pack is rewritten")
        // Another workspace's pack (a repo of the same name elsewhere, files changed) put in
        // this one's place is not taken for it.
        let other = try Fixture()
        try other.write(other.workplanPath, Self.workplan(firstTask: "todo"))
        try other.expectFresh(["status"])
        let otherPack = try #require(try other.entries().values.first)
        #expect(otherPack != good.values.first)
        try otherPack.write(to: URL(fileURLWithPath: fixture.cache + "/parse/" + good.keys.first!))
        #expect(try fixture.expectFresh(["gate", "check", "cachetest/promote"]).status == 0)
        try fixture.expectAllFresh()
        #expect(try fixture.entries() == good)
    }

    @Test("a cache directory that cannot be written: wp works and says nothing about it")
    func unwritableCache() throws {
        let fixture = try Fixture()
        // A regular file where the cache directory's parent should be: no user (root neither) can create it.
        try fixture.directory.write("blocker", "not a directory")
        let unusable = fixture.directory.absolute("blocker/cache")
        for arguments in [["status"], ["lint"], ["gate", "check", "cachetest/promote"]] {
            let result = try fixture.expectFresh(arguments, cache: unusable)
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }
    }

    @Test("--offline reads the parse cache but leaves it as it is: no directory, no entry written")
    func offlineLeavesTheCache() throws {
        let fixture = try Fixture()
        try fixture.expectFresh(["status", "--offline"])
        #expect(!FileManager.default.fileExists(atPath: fixture.cache), "--offline created the cache")
        try fixture.expectFresh(["status"])
        let entries = try fixture.entries()
        #expect(entries.count == 1)
        try fixture.write(fixture.workplanPath, Self.workplan(firstTask: "todo"))
        let gate = try fixture.expectFresh(["gate", "check", "--offline", "cachetest/promote"])
        #expect(gate.status == 1, "the changed file is parsed, not read from the cache: \(gate.stdout)")
        #expect(try fixture.entries() == entries, "--offline wrote a pack")
    }

    @Test("WP_NO_CACHE=1 neither reads nor writes the cache; a cache inside the repo is never used")
    func noCacheEnvironment() throws {
        let fixture = try Fixture()
        try fixture.expectFresh(["status"], environment: ["WP_NO_CACHE": "1"])
        #expect(!FileManager.default.fileExists(atPath: fixture.cache))
        // A cache whose entries say something else is not read either.
        try fixture.expectAllFresh()
        try fixture.write(fixture.workplanPath, Self.workplan(firstTask: "todo"))
        let entries = try fixture.entries()
        try fixture.expectFresh(["gate", "check", "cachetest/promote"], environment: ["WP_NO_CACHE": "1"])
        #expect(try fixture.entries() == entries, "WP_NO_CACHE=1 wrote a pack")

        try fixture.expectFresh(["status"], cache: fixture.repo + "/.cache/wp")
        #expect(!FileManager.default.fileExists(atPath: fixture.repo + "/.cache/wp/parse"))
    }
}
