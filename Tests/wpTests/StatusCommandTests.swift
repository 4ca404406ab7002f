import Foundation
import Testing

/// `wp status` as users run it: the built binary on workspaces in temp dirs.
@Suite("wp status (end to end)")
struct StatusCommandTests {
    /// A fresh two-repo workspace and a private cache directory.
    struct Fixture {
        let directory: TemporaryDirectory
        var apps: String { directory.absolute("apps") }
        var cache: String { directory.absolute("cache") }

        init() throws {
            directory = try TemporaryDirectory()
            try TwoRepoFixture.write(into: directory)
        }

        func wp(_ arguments: [String], in cwd: String? = nil, environment: [String: String] = [:]) throws -> RunResult {
            try wpTests.wp(arguments, in: cwd ?? apps, cache: cache, environment: environment)
        }

        /// Fails when output names the temp directory (absolutely or by its random name).
        func expectNoTempPath(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(!output.contains(directory.path), "output contains the temp dir", sourceLocation: sourceLocation)
            #expect(!output.contains(directory.name), "output contains the temp dir's name", sourceLocation: sourceLocation)
        }
    }

    static let t04FenceLine = lineNumber(containing: "id: RAILIANCE-WP-0002-T04", in: TwoRepoFixture.appsWorkplan)! - 1

    static func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "JSON output must be an object", sourceLocation: sourceLocation)
    }

    // MARK: Formats

    @Test("text: workplans, blocked tasks with blocker and root; no colour when piped")
    func text() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.contains("blocked on RAILIANCE-WP-0003 (railiance-platform, active, 4/6 tasks done)"))
        #expect(result.stdout.contains("root: RAILIANCE-WP-0003-T05"))
        #expect(result.stdout.contains("T04 — Provision PostgreSQL role and database"))
        #expect(!result.stdout.contains("\u{1B}"), "stdout is a pipe: no ANSI escapes")
        fixture.expectNoTempPath(result.stdout)
        assertSnapshot(result.stdout, named: "status.txt")
    }

    @Test("--blocked: only blocked tasks, each with its file and line")
    func blocked() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status", "--blocked"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.contains("\(TwoRepoFixture.appsWorkplanPath):\(Self.t04FenceLine)"))
        #expect(result.stdout.contains("blocked on RAILIANCE-WP-0003 (railiance-platform, active, 4/6 tasks done)"))
        #expect(!result.stdout.contains("RAILIANCE-WP-0002-T03"), "a done task is not listed")
        fixture.expectNoTempPath(result.stdout)
        assertSnapshot(result.stdout, named: "status-blocked.txt")
    }

    @Test("--format json parses and has the contract's keys")
    func json() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let object = try Self.json(result.stdout)
        let workplans = try #require(object["workplans"] as? [[String: Any]])
        let blocked = try #require(object["blocked"] as? [[String: Any]])
        #expect(workplans.count == 2)
        for workplan in workplans {
            for key in ["id", "title", "status", "repo", "path", "tasks", "decisions"] {
                #expect(workplan[key] != nil, "workplan key \(key)")
            }
            for task in workplan["tasks"] as? [[String: Any]] ?? [] {
                for key in ["id", "title", "status", "line", "blocked", "blockers"] {
                    #expect(task[key] != nil, "task key \(key)")
                }
                for blocker in task["blockers"] as? [[String: Any]] ?? [] {
                    for key in ["ref", "id", "status", "repo"] {
                        #expect(blocker[key] != nil, "blocker key \(key)")
                    }
                }
            }
        }
        #expect(blocked.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0002-T04", "RAILIANCE-WP-0002-T05", "RAILIANCE-WP-0003-T06"])
        let t04 = try #require(blocked.first)
        #expect(t04["line"] as? Int == Self.t04FenceLine)
        #expect(t04["path"] as? String == TwoRepoFixture.appsWorkplanPath)
        let blocker = try #require((t04["blockers"] as? [[String: Any]])?.first)
        #expect(blocker["ref"] as? String == "railiance-platform:RAILIANCE-WP-0003")
        #expect(blocker["id"] as? String == "RAILIANCE-WP-0003")
        #expect(blocker["status"] as? String == "active")
        #expect(blocker["repo"] as? String == "railiance-platform")
        let paths = workplans.compactMap { $0["path"] as? String }
        #expect(paths == [TwoRepoFixture.appsWorkplanPath, "../platform/" + TwoRepoFixture.platformWorkplanPath])
        fixture.expectNoTempPath(result.stdout)
        assertSnapshot(result.stdout, named: "status.json")
    }

    @Test("--format markdown: tables of workplans and blocked tasks")
    func markdown() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status", "--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("## Workplans\n"))
        #expect(result.stdout.contains("## Blocked tasks"))
        #expect(result.stdout.contains("| RAILIANCE-WP-0002-T04 | todo | RAILIANCE-WP-0003 (railiance-platform, active, 4/6 tasks done) |"))
        #expect(result.stdout.contains("## Pending decisions"))
        #expect(!result.stdout.contains("\u{1B}"))
        fixture.expectNoTempPath(result.stdout)
        assertSnapshot(result.stdout, named: "status.md")
    }

    // MARK: Options

    @Test("--repo shows one repo's workplans; an unknown repo is exit 2")
    func repoFilter() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status", "--repo", "railiance-platform", "--format", "json"])
        #expect(result.status == 0)
        let object = try Self.json(result.stdout)
        let workplans = try #require(object["workplans"] as? [[String: Any]])
        #expect(workplans.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0003"])
        let blocked = try #require(object["blocked"] as? [[String: Any]])
        #expect(blocked.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0003-T06"])

        let text = try fixture.wp(["status", "--repo", "railiance-platform"])
        #expect(text.status == 0)
        #expect(!text.stdout.contains("RAILIANCE-WP-0002"))

        let unknown = try fixture.wp(["status", "--repo", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr.contains("no repo named 'nope'"))
        #expect(unknown.stderr.contains("railiance-apps, railiance-platform"))
    }

    @Test("-C / --directory: the same answer from anywhere")
    func directoryOption() throws {
        let fixture = try Fixture()
        let inside = try fixture.wp(["status"])
        let relative = try fixture.wp(["status", "-C", "apps"], in: fixture.directory.path)
        let absolute = try fixture.wp(["status", "--directory", fixture.apps], in: "/")
        let fromSubdirectory = try fixture.wp(["status"], in: fixture.directory.absolute("apps/workplans"))
        #expect(inside.status == 0)
        #expect(!inside.stdout.isEmpty)
        for other in [relative, absolute, fromSubdirectory] {
            #expect(other.status == 0)
            #expect(other.stdout == inside.stdout)
        }
    }

    @Test("PATH arguments: only those workplans, peers still resolve references")
    func pathArguments() throws {
        let fixture = try Fixture()
        let fromRoot = try fixture.wp(["status", "--format", "json", TwoRepoFixture.appsWorkplanPath])
        let name = URL(fileURLWithPath: TwoRepoFixture.appsWorkplanPath).lastPathComponent
        let fromFolder = try fixture.wp(["status", "--format", "json", name], in: fixture.directory.absolute("apps/workplans"))
        let directory = try fixture.wp(["status", "--format", "json", "workplans"])
        for result in [fromRoot, fromFolder, directory] {
            #expect(result.status == 0)
            let object = try Self.json(result.stdout)
            let workplans = try #require(object["workplans"] as? [[String: Any]])
            #expect(workplans.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0002"])
            #expect(workplans.compactMap { $0["path"] as? String } == [TwoRepoFixture.appsWorkplanPath])
            let blocked = try #require(object["blocked"] as? [[String: Any]])
            let blocker = (blocked.first?["blockers"] as? [[String: Any]])?.first
            #expect(blocker?["status"] as? String == "active", "the peer is still read")
        }
    }

    @Test("a PATH that does not exist: exit 2, named as given, not by its absolute path")
    func missingPathArgument() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status", "workplans/nope.md"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("workplans/nope.md:1:1: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("[io-error]"))
        fixture.expectNoTempPath(result.stderr)
    }

    @Test("a PATH into a peer repo shows that workplan under the peer, by a relative path")
    func pathArgumentIntoPeer() throws {
        let fixture = try Fixture()
        let result = try fixture.wp(["status", "--format", "json", "../platform/\(TwoRepoFixture.platformWorkplanPath)"])
        #expect(result.status == 0)
        let workplans = try #require(try Self.json(result.stdout)["workplans"] as? [[String: Any]])
        #expect(workplans.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0003"])
        #expect(workplans.compactMap { $0["repo"] as? String } == ["railiance-platform"])
        fixture.expectNoTempPath(result.stdout)
    }

    @Test("the summary line counts in the singular for one")
    func summarySingular() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/workplans/a.md", "---\nid: ONE-WP-0001\ntitle: One\nstatus: active\n---\n\n```task\nid: ONE-WP-0001-T01\nstatus: todo\n```\n")
        let result = try wp(["status"], in: directory.absolute("repo"), cache: directory.absolute("cache"))
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("1 workplan, 1 task, 0 blocked\n"), "\(result.stdout)")
    }

    @Test("an unknown flag or format is a usage error, exit 64")
    func usageErrors() throws {
        let fixture = try Fixture()
        let flag = try fixture.wp(["status", "--bogus"])
        #expect(flag.status == 64)
        #expect(flag.stdout == "")
        #expect(flag.stderr.contains("--bogus"))
        let format = try fixture.wp(["status", "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("xml"))
    }

    // MARK: Failures

    @Test("an unusable .wp.yaml: exit 2, the position on stderr, nothing on stdout")
    func badConfig() throws {
        let fixture = try Fixture()
        let config = "repo: railiance-apps\npeers: [railiance-platform]\n"
        try fixture.directory.write("apps/.wp.yaml", config)
        let line = try #require(lineNumber(containing: "peers:", in: config))
        let bracket = try #require(column(of: "[", inLine: line, of: config))
        let result = try fixture.wp(["status"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains(".wp.yaml:\(line):\(bracket): error: "), "\(result.stderr)")
        fixture.expectNoTempPath(result.stderr)
    }

    @Test("a file with invalid YAML: exit 2, the other workplans still printed, the problem on stderr")
    func invalidFile() throws {
        let fixture = try Fixture()
        let broken = "---\nid: RAILIANCE-WP-0009\ntitle: Broken: here\nstatus: active\n---\n"
        try fixture.directory.write("apps/workplans/broken.md", broken)
        let line = try #require(lineNumber(containing: "Broken: here", in: broken))
        let colon = try #require(column(of: ": here", inLine: line, of: broken))
        let result = try fixture.wp(["status"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("RAILIANCE-WP-0002"))
        #expect(result.stdout.contains("RAILIANCE-WP-0003"))
        #expect(result.stdout.contains("blocked on RAILIANCE-WP-0003"))
        #expect(result.stderr.contains("workplans/broken.md:\(line):\(colon): error: "), "\(result.stderr)")
        #expect(result.stderr.contains("[yaml-syntax]"))
        fixture.expectNoTempPath(result.stderr)
    }

    // MARK: Colour

    /// util-linux `script` can give a child a pseudo-terminal here (not every container has ptys).
    static let hasScript: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return false }
        let probe = try? run("/usr/bin/script", ["-q", "-e", "-c", "test -t 1", "/dev/null"], in: "/")
        return probe?.status == 0
    }()

    /// Runs wp under a pseudo-terminal (util-linux `script`), so stdout is a tty.
    static func wpInTerminal(_ fixture: Fixture, environment: [String: String]) throws -> RunResult {
        let command = "'\(try WPBinary.require())' status -C '\(fixture.apps)'"
        var env = environment
        env["WP_CACHE_DIR"] = fixture.cache
        return try run("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], in: fixture.directory.path, environment: env)
    }

    @Test("on a terminal: colour, unless NO_COLOR is set or TERM is dumb", .enabled(if: hasScript))
    func colourOnTerminal() throws {
        let fixture = try Fixture()
        let coloured = try Self.wpInTerminal(fixture, environment: ["TERM": "xterm-256color"])
        #expect(coloured.status == 0)
        #expect(coloured.stdout.contains("\u{1B}["), "a terminal gets colour")
        #expect(coloured.stdout.contains("RAILIANCE-WP-0003-T05"))
        let noColor = try Self.wpInTerminal(fixture, environment: ["TERM": "xterm-256color", "NO_COLOR": "1"])
        #expect(noColor.status == 0)
        #expect(noColor.stdout.contains("RAILIANCE-WP-0003-T05"))
        #expect(!noColor.stdout.contains("\u{1B}"))
        let dumb = try Self.wpInTerminal(fixture, environment: ["TERM": "dumb"])
        #expect(!dumb.stdout.contains("\u{1B}"))
    }

    @Test("NO_COLOR and a pipe: no escapes in any format")
    func noColourPiped() throws {
        let fixture = try Fixture()
        for format in ["text", "json", "markdown"] {
            let result = try fixture.wp(["status", "--format", format], environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
            #expect(result.status == 0)
            #expect(!result.stdout.contains("\u{1B}"), "\(format)")
        }
    }

    // MARK: Git peer

    @Test("git peer end to end: blocked from the clone; --offline with an empty cache warns and keeps T04 blocked")
    func gitPeer() throws {
        let directory = try TemporaryDirectory()
        let cache = try TemporaryDirectory("wp-e2e-cache")
        let work = directory.absolute("platform-work")
        let bare = directory.absolute("platform.git")
        try directory.write("platform-work/.wp.yaml", "repo: railiance-platform\n")
        try directory.write("platform-work/\(TwoRepoFixture.platformWorkplanPath)", TwoRepoFixture.platformWorkplan(finished: false))
        try git(["init", "--quiet", "--bare", bare], in: directory.path)
        try git(["init", "--quiet", "-b", "main"], in: work)
        try git(["add", "-A"], in: work)
        try git(["commit", "--quiet", "-m", "platform"], in: work)
        try git(["push", "--quiet", "file://" + bare, "main"], in: work)
        let config = "repo: railiance-apps\npeers:\n  railiance-platform: {git: \"file://\(bare)\", ref: main}\n"
        try directory.write("apps/.wp.yaml", config)
        let peerLine = try #require(lineNumber(containing: "railiance-platform:", in: config))
        let peerColumn = try #require(column(of: "railiance-platform", inLine: peerLine, of: config))
        try directory.write("apps/\(TwoRepoFixture.appsWorkplanPath)", TwoRepoFixture.appsWorkplan)
        let apps = directory.absolute("apps")

        let online = try wpTests.wp(["status", "--format", "json"], in: apps, cache: cache.path)
        #expect(online.status == 0)
        #expect(online.stderr == "")
        let object = try Self.json(online.stdout)
        let blocked = try #require(object["blocked"] as? [[String: Any]])
        #expect(blocked.first?["id"] as? String == "RAILIANCE-WP-0002-T04")
        let blocker = try #require((blocked.first?["blockers"] as? [[String: Any]])?.first)
        #expect(blocker["status"] as? String == "active")
        // The clone's place in the cache is machine-specific; output must not show it.
        #expect(!online.stdout.contains(cache.path), "output contains the cache path")
        #expect(!online.stdout.contains(cache.name), "output contains the cache directory's name")
        #expect(!online.stdout.contains(directory.name), "output contains the temp dir's name")

        let emptyCache = try TemporaryDirectory("wp-e2e-empty")
        let offline = try wpTests.wp(["status", "--offline"], in: apps, cache: emptyCache.path)
        #expect(offline.status == 2, "an unavailable peer is a partial read (issue 12): exit 2, the rest still shown")
        #expect(offline.stdout.contains("peer railiance-platform unavailable"))
        #expect(offline.stdout.contains("RAILIANCE-WP-0002-T04"))
        #expect(offline.stdout.contains("peer unavailable"))
        #expect(offline.stderr.contains(".wp.yaml:\(peerLine):\(peerColumn): error: "), "\(offline.stderr)")
        #expect(try wpTests.wp(["status", "--offline", "--allow-partial"], in: apps, cache: emptyCache.path).status == 0,
                "--allow-partial accepts the partial read")
        #expect(offline.stderr.contains("[peer-unavailable]"))
    }

    // MARK: The real corpus

    @Test("the corpus as two peer repos: every workplan and task, nothing blocked")
    func corpus() throws {
        let directory = try TemporaryDirectory()
        var taskLines: [String: Int] = [:]
        var taskCount = 0
        for repo in ["railiance-apps", "railiance-platform"] {
            let source = SharedFixtures.corpus.appendingPathComponent("\(repo)/workplans")
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".md") {
                try directory.copy(source.appendingPathComponent(name), to: "\(repo)/workplans/\(name)")
                let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() where line == "```task" {
                    let id = String(lines[index + 1].dropFirst("id: ".count))
                    taskLines[id] = index + 1
                    taskCount += 1
                }
            }
        }
        try directory.write("railiance-apps/.wp.yaml", "repo: railiance-apps\npeers:\n  railiance-platform: {path: ../railiance-platform}\n")
        try directory.write("railiance-platform/.wp.yaml", "repo: railiance-platform\npeers:\n  railiance-apps: {path: ../railiance-apps}\n")
        let cache = directory.absolute("cache")

        let text = try wp(["status"], in: directory.absolute("railiance-apps"), cache: cache)
        #expect(text.status == 0)
        #expect(text.stderr == "")
        #expect(text.stdout.hasSuffix("3 workplans, \(taskCount) tasks, 0 blocked\n"), "\(text.stdout)")

        let result = try wp(["status", "--format", "json"], in: directory.absolute("railiance-apps"), cache: cache)
        #expect(result.status == 0)
        let object = try Self.json(result.stdout)
        let workplans = try #require(object["workplans"] as? [[String: Any]])
        #expect(workplans.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0002", "RAILIANCE-WP-0004", "RAILIANCE-WP-0003"])
        #expect(workplans.compactMap { $0["status"] as? String } == ["finished", "backlog", "finished"])
        #expect((object["blocked"] as? [Any])?.isEmpty == true)
        var seen: [String: Int] = [:]
        for workplan in workplans {
            for task in workplan["tasks"] as? [[String: Any]] ?? [] {
                if let id = task["id"] as? String, let line = task["line"] as? Int { seen[id] = line }
                #expect(task["blocked"] as? Bool == false)
            }
        }
        #expect(seen == taskLines)
        let decisions = workplans.flatMap { $0["decisions"] as? [[String: Any]] ?? [] }
        #expect(decisions.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0002-D01"])
        #expect(decisions.first?["status"] as? String == "resolved")
        #expect(!result.stdout.contains(directory.path))

        // From the other repo: the same workplans, that repo first.
        let fromPlatform = try wp(["status", "--format", "json"], in: directory.absolute("railiance-platform"), cache: cache)
        #expect(fromPlatform.status == 0)
        let platformView = try #require(try Self.json(fromPlatform.stdout)["workplans"] as? [[String: Any]])
        #expect(platformView.compactMap { $0["id"] as? String } == ["RAILIANCE-WP-0003", "RAILIANCE-WP-0002", "RAILIANCE-WP-0004"])
    }
}
