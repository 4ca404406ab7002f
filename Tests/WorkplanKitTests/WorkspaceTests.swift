import Foundation
import Testing
@testable import WorkplanKit

/// Builds workplan markdown for workspace fixtures.
enum WorkplanText {
    struct TaskSpec {
        var short: String
        var status: String
        var dependsOn: [String] = []
    }

    static func markdown(
        id: String, title: String, status: String, dependsOn: [String] = [], tasks: [TaskSpec], extra: String = ""
    ) -> String {
        var text = "---\nid: \(id)\ntitle: \(title)\nstatus: \(status)\n"
        if !dependsOn.isEmpty { text += "depends_on: [\(dependsOn.joined(separator: ", "))]\n" }
        text += "---\n\n# \(title)\n\n"
        for task in tasks {
            text += "## \(task.short) — Task \(task.short)\n\n```task\nid: \(id)-\(task.short)\nstatus: \(task.status)\n"
            if !task.dependsOn.isEmpty { text += "depends_on: [\(task.dependsOn.joined(separator: ", "))]\n" }
            text += "```\n\n"
        }
        return text + extra
    }
}

/// `apps` (railiance-apps) with WP-0002 T04 waiting on the platform's WP-0003.
enum TwoRepoFixture {
    static let appsConfig = """
        repo: railiance-apps
        peers:
          railiance-platform: {path: ../platform}

        """

    static let appsWorkplan = WorkplanText.markdown(
        id: "RAILIANCE-WP-0002", title: "Vergabe on railiance01", status: "active",
        tasks: [.init(short: "T04", status: "todo", dependsOn: ["railiance-platform:RAILIANCE-WP-0003"])])

    static func platformTasks(finished: Bool) -> [WorkplanText.TaskSpec] {
        ["T01", "T02", "T03", "T04"].map { WorkplanText.TaskSpec(short: $0, status: "done") } + [
            .init(short: "T05", status: finished ? "done" : "in_progress"),
            .init(short: "T06", status: finished ? "done" : "todo", dependsOn: ["T05"]),
        ]
    }

    static func platformWorkplan(finished: Bool) -> String {
        WorkplanText.markdown(
            id: "RAILIANCE-WP-0003", title: "Provision shared CNPG cluster apps-pg", status: finished ? "finished" : "active",
            tasks: platformTasks(finished: finished))
    }

    static let appsWorkplanPath = "workplans/RAILIANCE-WP-0002-vergabe.md"
    static let platformWorkplanPath = "workplans/RAILIANCE-WP-0003-apps-pg.md"

    /// Writes `apps/` and `platform/` into `directory`.
    static func write(into directory: TemporaryDirectory, platformFinished: Bool = false) throws {
        try directory.write("apps/.wp.yaml", appsConfig)
        try directory.write("apps/\(appsWorkplanPath)", appsWorkplan)
        try directory.write("platform/.wp.yaml", "repo: railiance-platform\n")
        try directory.write("platform/\(platformWorkplanPath)", platformWorkplan(finished: platformFinished))
    }
}

@Suite("Workspace")
struct WorkspaceTests {
    static func load(_ directory: String, offline: Bool = false, cache: String) throws(WorkspaceError) -> Workspace {
        try WorkspaceLoader(offline: offline, cacheDirectory: cache, environment: [:]).load(from: directory)
    }

    static func task(_ id: String, in report: StatusReport) throws -> StatusReport.TaskEntry {
        try #require(report.workplans.flatMap(\.tasks).first { $0.id == id }, "no task \(id)")
    }

    /// The blocked-on-platform expectations shared by the path and git variants.
    static func expectT04BlockedOnPlatform(_ report: StatusReport, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let t04 = try task("RAILIANCE-WP-0002-T04", in: report)
        #expect(t04.blocked, sourceLocation: sourceLocation)
        #expect(t04.waits == false, sourceLocation: sourceLocation)
        let blocker = try #require(t04.blockers.first, sourceLocation: sourceLocation)
        #expect(t04.blockers.count == 1, sourceLocation: sourceLocation)
        #expect(blocker.ref == "railiance-platform:RAILIANCE-WP-0003", sourceLocation: sourceLocation)
        #expect(blocker.id == "RAILIANCE-WP-0003", sourceLocation: sourceLocation)
        #expect(blocker.kind == "workplan", sourceLocation: sourceLocation)
        #expect(blocker.repo == "railiance-platform", sourceLocation: sourceLocation)
        #expect(blocker.status == "active", sourceLocation: sourceLocation)
        #expect(blocker.via == "depends_on", sourceLocation: sourceLocation)
        #expect(blocker.reason == "open", sourceLocation: sourceLocation)
        let tasks = TwoRepoFixture.platformTasks(finished: false)
        let done = tasks.filter { $0.status == "done" }.count
        #expect(blocker.progress == StatusReport.Progress(complete: done, total: tasks.count), sourceLocation: sourceLocation)
        #expect(blocker.roots.map(\.id) == ["RAILIANCE-WP-0003-T05"], sourceLocation: sourceLocation)
        #expect(blocker.roots.first?.status == "in_progress", sourceLocation: sourceLocation)
        #expect(blocker.roots.first?.repo == "railiance-platform", sourceLocation: sourceLocation)
        #expect(blocker.roots.first?.chain == ["RAILIANCE-WP-0003", "RAILIANCE-WP-0003-T05"], sourceLocation: sourceLocation)
        // The fence line, counted in the fixture's text.
        let line = try #require(TextScan.lineNumber(of: "id: RAILIANCE-WP-0002-T04", in: TwoRepoFixture.appsWorkplan)) - 1
        #expect(t04.line == line, sourceLocation: sourceLocation)
        let entry = try #require(report.blocked.first { $0.id == "RAILIANCE-WP-0002-T04" }, sourceLocation: sourceLocation)
        #expect(entry.path == TwoRepoFixture.appsWorkplanPath, sourceLocation: sourceLocation)
        #expect(entry.repo == "railiance-apps", sourceLocation: sourceLocation)
        #expect(entry.line == line, sourceLocation: sourceLocation)
    }

    static func expectT04Unblocked(_ report: StatusReport, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let t04 = try task("RAILIANCE-WP-0002-T04", in: report)
        #expect(!t04.blocked, sourceLocation: sourceLocation)
        #expect(t04.blockers.isEmpty, sourceLocation: sourceLocation)
        #expect(report.blocked.isEmpty, sourceLocation: sourceLocation)
        let platform = try #require(report.workplans.first { $0.id == "RAILIANCE-WP-0003" }, sourceLocation: sourceLocation)
        #expect(platform.status == "finished", sourceLocation: sourceLocation)
    }

    // MARK: Peers

    @Test("path peer: T04 is blocked on the platform workplan until it is finished")
    func pathPeer() throws {
        let directory = try TemporaryDirectory()
        try TwoRepoFixture.write(into: directory)
        let apps = directory.absolute("apps")
        let workspace = try Self.load(apps, cache: directory.absolute("cache"))
        #expect(workspace.diagnostics.isEmpty, "\(workspace.diagnostics)")
        #expect(workspace.root == apps)
        #expect(workspace.repos.map(\.name) == ["railiance-apps", "railiance-platform"])
        #expect(workspace.repos.map(\.kind) == [.local, .pathPeer("../platform")])
        #expect(workspace.repos.allSatisfy { $0.isAvailable })
        #expect(workspace.repos[1].root == directory.absolute("platform"))
        let report = StatusReport(analysis: WorkspaceSession(workspace).analysis)
        try Self.expectT04BlockedOnPlatform(report)
        // T06 waits on T05 by its short id, inside its own workplan.
        let t06 = try Self.task("RAILIANCE-WP-0003-T06", in: report)
        #expect(t06.blocked)
        #expect(t06.blockers.map(\.ref) == ["T05"])
        #expect(t06.blockers.map(\.id) == ["RAILIANCE-WP-0003-T05"])
        #expect(report.blocked.map(\.id) == ["RAILIANCE-WP-0002-T04", "RAILIANCE-WP-0003-T06"])
        // Peer files are named relative to the local repo, never by the temp path.
        let paths = report.workplans.map(\.path)
        #expect(paths == [TwoRepoFixture.appsWorkplanPath, "../platform/" + TwoRepoFixture.platformWorkplanPath])
        #expect(!paths.contains { $0.contains(directory.path) })

        try directory.write("platform/\(TwoRepoFixture.platformWorkplanPath)", TwoRepoFixture.platformWorkplan(finished: true))
        let after = StatusReport(analysis: WorkspaceSession(try Self.load(apps, cache: directory.absolute("cache"))).analysis)
        try Self.expectT04Unblocked(after)
    }

    /// A bare repo holding the platform workplan on `main`, pushed from a work clone.
    struct GitPlatform {
        let directory: TemporaryDirectory
        var work: String { directory.absolute("platform-work") }
        var bare: String { directory.absolute("platform.git") }
        var url: String { "file://" + bare }

        init(in directory: TemporaryDirectory) throws {
            self.directory = directory
            try directory.write("platform-work/.wp.yaml", "repo: railiance-platform\n")
            try directory.write("platform-work/\(TwoRepoFixture.platformWorkplanPath)", TwoRepoFixture.platformWorkplan(finished: false))
            try git(["init", "--quiet", "--bare", bare], in: directory.path)
            try git(["init", "--quiet", "-b", "main"], in: work)
            try git(["add", "-A"], in: work)
            try git(["commit", "--quiet", "-m", "WP-0003 active"], in: work)
            try git(["remote", "add", "origin", url], in: work)
            try git(["push", "--quiet", "origin", "main"], in: work)
        }

        func finish() throws {
            try directory.write("platform-work/\(TwoRepoFixture.platformWorkplanPath)", TwoRepoFixture.platformWorkplan(finished: true))
            try git(["commit", "--quiet", "-am", "WP-0003 finished"], in: work)
            try git(["push", "--quiet", "origin", "main"], in: work)
        }

        func writeApps() throws {
            try directory.write("apps/.wp.yaml", "repo: railiance-apps\npeers:\n  railiance-platform: {git: \"\(url)\", ref: main}\n")
            try directory.write("apps/\(TwoRepoFixture.appsWorkplanPath)", TwoRepoFixture.appsWorkplan)
        }
    }

    @Test("git peer: cloned into the cache, refetched after a push, unavailable offline with an empty cache")
    func gitPeer() throws {
        let directory = try TemporaryDirectory()
        let cache = try TemporaryDirectory("wp-cache")
        let platform = try GitPlatform(in: directory)
        try platform.writeApps()
        let apps = directory.absolute("apps")

        let workspace = try Self.load(apps, cache: cache.path)
        #expect(workspace.diagnostics.isEmpty, "\(workspace.diagnostics)")
        #expect(workspace.repos.map(\.kind) == [.local, .gitPeer(url: platform.url, ref: "main")])
        #expect(workspace.repos[1].availability == .available)
        #expect(workspace.repos[1].root?.hasPrefix(cache.path + "/") == true, "the clone lives in the cache directory")
        try Self.expectT04BlockedOnPlatform(StatusReport(analysis: WorkspaceSession(workspace).analysis))

        try platform.finish()
        let refetched = try Self.load(apps, cache: cache.path)
        #expect(refetched.diagnostics.isEmpty, "\(refetched.diagnostics)")
        try Self.expectT04Unblocked(StatusReport(analysis: WorkspaceSession(refetched).analysis))

        // Offline reads the cache as it is.
        let cached = try Self.load(apps, offline: true, cache: cache.path)
        try Self.expectT04Unblocked(StatusReport(analysis: WorkspaceSession(cached).analysis))

        // Offline with nothing cached: the peer is unknown, so T04 can never count as unblocked.
        let empty = try TemporaryDirectory("wp-empty-cache")
        let offline = try Self.load(apps, offline: true, cache: empty.path)
        guard case .unavailable(let reason) = offline.repos[1].availability else {
            Issue.record("peer should be unavailable offline with an empty cache")
            return
        }
        #expect(reason.contains("--offline"))
        #expect(offline.diagnostics.map(\.rule) == ["peer-unavailable"])
        let report = StatusReport(analysis: WorkspaceSession(offline).analysis)
        let t04 = try Self.task("RAILIANCE-WP-0002-T04", in: report)
        #expect(t04.blocked)
        #expect(t04.blockers.map(\.reason) == ["peer unavailable"])
        #expect(t04.blockers.first?.id == nil)
        #expect(t04.blockers.first?.roots.map(\.reason) == ["peer unavailable"])
        #expect(report.repos.map(\.available) == [true, false])
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty, "--offline must not fetch")
    }

    @Test("git peer files are shown without the cache location")
    func gitPeerDisplayPath() throws {
        let directory = try TemporaryDirectory()
        let cache = try TemporaryDirectory("wp-cache")
        let platform = try GitPlatform(in: directory)
        try platform.writeApps()
        let workspace = try Self.load(directory.absolute("apps"), cache: cache.path)
        let workplan = try #require(workspace.repo(named: "railiance-platform")?.workplans.first)
        #expect(workplan.path.hasSuffix(TwoRepoFixture.platformWorkplanPath))
        // The cache is machine-specific: output naming it differs between machines and runs.
        let cacheName = URL(fileURLWithPath: cache.path).lastPathComponent
        #expect(!workplan.path.contains(cacheName), "git peer path shows the cache: \(workplan.path)")
        #expect(!workplan.path.contains("/git/railiance-platform-"), "git peer path shows the cache layout: \(workplan.path)")
    }

    @Test("a git peer that cannot be cloned is unavailable, with the git error")
    func unreachableGitPeer() throws {
        let directory = try TemporaryDirectory()
        try directory.write("apps/.wp.yaml", "repo: railiance-apps\npeers:\n  railiance-platform: {git: \"file://\(directory.path)/missing.git\", ref: main}\n")
        try directory.write("apps/\(TwoRepoFixture.appsWorkplanPath)", TwoRepoFixture.appsWorkplan)
        let workspace = try Self.load(directory.absolute("apps"), cache: directory.absolute("cache"))
        #expect(workspace.repos[1].isAvailable == false)
        #expect(workspace.diagnostics.map(\.rule) == ["peer-unavailable"])
        #expect(workspace.diagnostics.first?.message.contains("git clone") == true)
        let t04 = try Self.task("RAILIANCE-WP-0002-T04", in: StatusReport(analysis: WorkspaceSession(workspace).analysis))
        #expect(t04.blocked)
    }

    @Test("a path peer that does not exist: unavailable, diagnostic at its key in .wp.yaml")
    func missingPathPeer() throws {
        let directory = try TemporaryDirectory()
        let config = "# apps workspace\nrepo: railiance-apps\npeers:\n    railiance-platform: {path: ../nowhere}\n"
        try directory.write("apps/.wp.yaml", config)
        try directory.write("apps/\(TwoRepoFixture.appsWorkplanPath)", TwoRepoFixture.appsWorkplan)
        let workspace = try Self.load(directory.absolute("apps"), cache: directory.absolute("cache"))
        let peer = try #require(workspace.repo(named: "railiance-platform"))
        guard case .unavailable(let reason) = peer.availability else {
            Issue.record("missing peer directory must make the peer unavailable")
            return
        }
        #expect(reason.contains("../nowhere"))
        #expect(peer.workplans.isEmpty)
        let diagnostic = try #require(workspace.diagnostics.first)
        #expect(workspace.diagnostics.count == 1)
        #expect(diagnostic.rule == "peer-unavailable")
        #expect(diagnostic.severity == .warning)
        let line = try #require(TextScan.lineNumber(containing: "railiance-platform:", in: config))
        let column = try #require(TextScan.column(of: "railiance-platform", in: TextScan.lines(config)[line - 1]))
        #expect(diagnostic.location == WorkplanKit.SourceLocation(path: ".wp.yaml", line: line, column: column))
        #expect(!workspace.isIncomplete, "a warning alone does not make the workspace incomplete")
        let t04 = try Self.task("RAILIANCE-WP-0002-T04", in: StatusReport(analysis: WorkspaceSession(workspace).analysis))
        #expect(t04.blocked)
        #expect(t04.blockers.map(\.reason) == ["peer unavailable"])
    }

    // MARK: .wp.yaml

    @Test(".wp.yaml is found by walking up from a subdirectory")
    func configFoundWalkingUp() throws {
        let directory = try TemporaryDirectory()
        try TwoRepoFixture.write(into: directory)
        try directory.makeDirectory("apps/workplans/archive/2026")
        let apps = directory.absolute("apps")
        #expect(WorkspaceLoader.findConfigRoot(from: directory.absolute("apps/workplans/archive/2026")) == apps)
        let workspace = try Self.load(directory.absolute("apps/workplans/archive/2026"), cache: directory.absolute("cache"))
        #expect(workspace.root == apps)
        #expect(workspace.config.repo == "railiance-apps")
        #expect(workspace.workplans.map(\.id) == ["RAILIANCE-WP-0002", "RAILIANCE-WP-0003"])
    }

    @Test("without .wp.yaml the directory is the repo, named after it")
    func noConfig() throws {
        let directory = try TemporaryDirectory()
        try directory.write("lonely-repo/workplans/x.md", TwoRepoFixture.platformWorkplan(finished: false))
        let workspace = try Self.load(directory.absolute("lonely-repo"), cache: directory.absolute("cache"))
        #expect(workspace.config.repo == "lonely-repo")
        #expect(workspace.workplans.map(\.repo) == ["lonely-repo"])
    }

    struct BadConfig: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        /// Where the error is: the line containing this text, at this text's column.
        var lineContaining: String
        var at: String
        var messageContains: String
        var testDescription: String { name }
    }

    static let badConfigs = [
        BadConfig(name: "invalid YAML", text: "repo: apps: x\n", lineContaining: "repo:", at: ": x", messageContains: "invalid YAML"),
        BadConfig(name: "peers is a list", text: "repo: railiance-apps\npeers: [railiance-platform]\n",
                  lineContaining: "peers:", at: "[", messageContains: "`peers` must map"),
        BadConfig(name: "peer is a string", text: "repo: railiance-apps\npeers:\n  railiance-platform: ../platform\n",
                  lineContaining: "railiance-platform:", at: "../platform", messageContains: "peer `railiance-platform`"),
        BadConfig(name: "peer without path or git", text: "repo: railiance-apps\npeers:\n  railiance-platform: {ref: main}\n",
                  lineContaining: "railiance-platform:", at: "{", messageContains: "needs `path:`"),
        BadConfig(name: "include is a mapping", text: "repo: railiance-apps\ninclude: {a: b}\n",
                  lineContaining: "include:", at: "{", messageContains: "`include` must be a list"),
        BadConfig(name: "repo is empty", text: "repo: ''\n", lineContaining: "repo:", at: "''", messageContains: "`repo`"),
        BadConfig(name: "not a mapping", text: "- a\n- b\n", lineContaining: "- a", at: "-", messageContains: "must be a mapping"),
    ]

    @Test("an unusable .wp.yaml is a WorkspaceError at the line and column at fault", arguments: badConfigs)
    func badConfig(_ bad: BadConfig) throws {
        let directory = try TemporaryDirectory()
        try directory.write("apps/.wp.yaml", bad.text)
        try directory.write("apps/\(TwoRepoFixture.appsWorkplanPath)", TwoRepoFixture.appsWorkplan)
        let line = try #require(TextScan.lineNumber(containing: bad.lineContaining, in: bad.text))
        let column = try #require(TextScan.column(of: bad.at, in: TextScan.lines(bad.text)[line - 1]))
        var caught: WorkspaceError?
        do {
            _ = try Self.load(directory.absolute("apps"), cache: directory.absolute("cache"))
        } catch {
            caught = error
        }
        let error = try #require(caught, "loading must fail")
        #expect(error.location == WorkplanKit.SourceLocation(path: ".wp.yaml", line: line, column: column))
        #expect(error.message.contains(bad.messageContains), "\(error.message)")
        #expect(error.description.hasPrefix(".wp.yaml:\(line):\(column): error: "))
    }

    // MARK: Files

    @Test("symlink loops are reported and skipped; other files still load")
    func symlinkLoops() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/workplans/a.md", TwoRepoFixture.platformWorkplan(finished: false))
        try directory.write("repo/workplans/nested/b.md", TwoRepoFixture.appsWorkplan)
        try directory.write("repo/elsewhere/c.md", WorkplanText.markdown(id: "EDGE-WP-0003", title: "Linked", status: "active", tasks: []))
        let fileManager = FileManager.default
        // A directory link to its own parent, and a link to itself.
        try fileManager.createSymbolicLink(atPath: directory.absolute("repo/workplans/nested/back"), withDestinationPath: "..")
        try fileManager.createSymbolicLink(atPath: directory.absolute("repo/workplans/self"), withDestinationPath: "self")
        // A link to a directory outside the tree is followed.
        try fileManager.createSymbolicLink(atPath: directory.absolute("repo/workplans/linked"), withDestinationPath: "../elsewhere")

        let workspace = try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))
        let loops = workspace.diagnostics.filter { $0.message.contains("symlink loop") }
        #expect(loops.allSatisfy { $0.rule == "io-error" && $0.severity == .error })
        #expect(Set(loops.map(\.location.path)) == ["workplans/nested/back", "workplans/self"])
        #expect(workspace.diagnostics.count == loops.count)
        #expect(workspace.workplans.map(\.path).sorted() == ["workplans/a.md", "workplans/linked/c.md", "workplans/nested/b.md"])
        #expect(workspace.isIncomplete)
    }

    @Test("a file over the size limit is refused with file-too-large; the rest loads")
    func fileTooLarge() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/workplans/a.md", TwoRepoFixture.platformWorkplan(finished: false))
        let header = Array("---\nid: BIG-WP-0001\ntitle: Big\nstatus: active\n---\n".utf8)
        let padding = [UInt8](repeating: UInt8(ascii: "\n"), count: WorkspaceLoader.maximumFileSize + 1 - header.count)
        try directory.write("repo/workplans/huge.md", bytes: header + padding)
        let workspace = try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))
        #expect(workspace.diagnostics.map(\.rule) == ["file-too-large"])
        #expect(workspace.diagnostics.first?.location == WorkplanKit.SourceLocation(path: "workplans/huge.md", line: 1, column: 1))
        #expect(workspace.workplans.map(\.id) == ["RAILIANCE-WP-0003"])
        #expect(workspace.repos[0].fileCount == 2)
    }

    @Test("an invalid YAML file is reported; the other workplans load")
    func invalidFileAmongValid() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/workplans/a.md", TwoRepoFixture.platformWorkplan(finished: false))
        try directory.write("repo/workplans/b.md", "---\nid: BAD-WP-0001\ntitle: [unclosed\n---\n")
        let workspace = try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))
        #expect(workspace.diagnostics.map(\.rule) == ["yaml-syntax"])
        #expect(workspace.diagnostics.first?.location.path == "workplans/b.md")
        #expect(workspace.workplans.map(\.id) == ["RAILIANCE-WP-0003"])
        #expect(workspace.isIncomplete)
    }

    @Test("workplans/**/*.md matches the folder and nested folders; exclude removes matches")
    func includeAndExclude() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/.wp.yaml", "repo: edge-repo\nexclude: ['workplans/archive/**']\n")
        let files = [
            "workplans/a.md": "EDGE-WP-0001", "workplans/x/b.md": "EDGE-WP-0002", "workplans/x/y/c.md": "EDGE-WP-0003",
            "workplans/archive/old.md": "EDGE-WP-0004", "docs/d.md": "EDGE-WP-0005",
        ]
        for (path, id) in files {
            try directory.write("repo/\(path)", WorkplanText.markdown(id: id, title: id, status: "active", tasks: []))
        }
        try directory.write("repo/workplans/notes.txt", "not markdown")
        let workspace = try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))
        #expect(workspace.diagnostics.isEmpty)
        #expect(workspace.workplans.map(\.path) == ["workplans/a.md", "workplans/x/b.md", "workplans/x/y/c.md"])
    }

    @Test("glob patterns", arguments: [
        ("workplans/**/*.md", "workplans/a.md", true),
        ("workplans/**/*.md", "workplans/x/y/z.md", true),
        ("workplans/**/*.md", "workplans/a.txt", false),
        ("workplans/**/*.md", "other/a.md", false),
        ("workplans/**/*.md", "workplans", false),
        ("./workplans/*.md", "workplans/a.md", true),
        ("workplans/*.md", "workplans/x/a.md", false),
        ("workplans/archive/**", "workplans/archive/a/b.md", true),
        ("**/*.md", "a.md", true),
        ("workplans/WP-[0-9]*.md", "workplans/WP-7.md", true),
        ("workplans/?.md", "workplans/ab.md", false),
    ])
    func glob(pattern: String, path: String, matches: Bool) {
        #expect(Glob(pattern).matches(path) == matches)
    }

    @Test("literal prefix of a glob is where the walk starts")
    func globPrefix() {
        #expect(Glob("workplans/**/*.md").literalPrefix == ["workplans"])
        #expect(Glob("workplans/**/*.md").hasWildcards)
        #expect(!Glob("docs/plan.md").hasWildcards)
    }

    // MARK: Blocking

    @Test("a pending decision blocks the task it names until it is resolved (block and prose form)")
    func decisionBlocks() throws {
        for form in ["block", "prose"] {
            for status in ["pending", "resolved"] {
                let decision = form == "block"
                    ? "```decision\nid: D-01\ntitle: Pick one\nstatus: \(status)\nblocks: [T01]\n```\n"
                    : "**Decision D-01 — Pick one** (\(status); required before T01)\n"
                let directory = try TemporaryDirectory()
                try directory.write("repo/workplans/a.md", WorkplanText.markdown(
                    id: "EDGE-WP-0001", title: "Decided", status: "active",
                    tasks: [.init(short: "T01", status: "todo"), .init(short: "T02", status: "todo")], extra: decision))
                let report = StatusReport(analysis: WorkspaceSession(try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))).analysis)
                let t01 = try Self.task("EDGE-WP-0001-T01", in: report)
                let t02 = try Self.task("EDGE-WP-0001-T02", in: report)
                #expect(!t02.blocked, "\(form)")
                if status == "pending" {
                    #expect(t01.blocked, "\(form)")
                    #expect(t01.blockers.map(\.id) == ["EDGE-WP-0001-D01"], "\(form)")
                    #expect(t01.blockers.map(\.via) == ["decision"], "\(form)")
                    #expect(t01.blockers.map(\.kind) == ["decision"], "\(form)")
                    #expect(t01.blockers.map(\.status) == ["pending"], "\(form)")
                    #expect(report.workplans[0].decisions.map(\.blocks) == [["T01"]], "\(form)")
                } else {
                    #expect(!t01.blocked, "\(form)")
                    #expect(t01.blockers.isEmpty, "\(form)")
                }
            }
        }
    }

    @Test("a workplan's depends_on is inherited by each of its tasks")
    func workplanDependsOnInherited() throws {
        for finished in [false, true] {
            let directory = try TemporaryDirectory()
            try directory.write("repo/workplans/a.md", WorkplanText.markdown(
                id: "EDGE-WP-0001", title: "Later", status: "active", dependsOn: ["EDGE-WP-0002"],
                tasks: [.init(short: "T01", status: "todo"), .init(short: "T02", status: "in_progress"), .init(short: "T03", status: "done")]))
            try directory.write("repo/workplans/b.md", WorkplanText.markdown(
                id: "EDGE-WP-0002", title: "First", status: finished ? "finished" : "active",
                tasks: [.init(short: "T01", status: finished ? "done" : "in_progress")]))
            let report = StatusReport(analysis: WorkspaceSession(try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))).analysis)
            let t01 = try Self.task("EDGE-WP-0001-T01", in: report)
            let t02 = try Self.task("EDGE-WP-0001-T02", in: report)
            let t03 = try Self.task("EDGE-WP-0001-T03", in: report)
            #expect(!t03.blocked, "a done task is never blocked")
            for task in [t01, t02] {
                #expect(task.blocked == !finished)
                if !finished {
                    #expect(task.blockers.map(\.id) == ["EDGE-WP-0002"])
                    #expect(task.blockers.map(\.via) == ["workplan"])
                    #expect(task.blockers.first?.roots.map(\.id) == ["EDGE-WP-0002-T01"])
                }
            }
        }
    }

    @Test("a bare id carried by two repos is ambiguous; qualified, it resolves")
    func ambiguousID() throws {
        let directory = try TemporaryDirectory()
        try directory.write("apps/.wp.yaml", """
            repo: railiance-apps
            peers:
              railiance-platform: {path: ../platform}
              railiance-cluster: {path: ../cluster}

            """)
        try directory.write("apps/workplans/a.md", WorkplanText.markdown(
            id: "RAILIANCE-WP-0002", title: "Apps", status: "active",
            tasks: [.init(short: "T01", status: "todo", dependsOn: ["DUP-WP-0001"]),
                    .init(short: "T02", status: "todo", dependsOn: ["railiance-cluster:DUP-WP-0001"])]))
        try directory.write("platform/workplans/dup.md", WorkplanText.markdown(
            id: "DUP-WP-0001", title: "Platform dup", status: "active", tasks: [.init(short: "T01", status: "todo")]))
        try directory.write("cluster/workplans/dup.md", WorkplanText.markdown(
            id: "DUP-WP-0001", title: "Cluster dup", status: "active", tasks: [.init(short: "T01", status: "todo")]))
        let report = StatusReport(analysis: WorkspaceSession(try Self.load(directory.absolute("apps"), cache: directory.absolute("cache"))).analysis)
        let t01 = try Self.task("RAILIANCE-WP-0002-T01", in: report)
        #expect(t01.blocked)
        #expect(t01.blockers.map(\.reason) == ["ambiguous"])
        #expect(t01.blockers.first?.id == nil)
        let t02 = try Self.task("RAILIANCE-WP-0002-T02", in: report)
        #expect(t02.blockers.map(\.reason) == ["open"])
        #expect(t02.blockers.map(\.repo) == ["railiance-cluster"])
    }

    @Test("short references resolve inside their own workplan only; unknown ones are not found")
    func shortReferences() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/workplans/a.md", WorkplanText.markdown(
            id: "EDGE-WP-0001", title: "A", status: "active",
            tasks: [.init(short: "T05", status: "in_progress"),
                    .init(short: "T06", status: "todo", dependsOn: ["T05"]),
                    .init(short: "T07", status: "todo", dependsOn: ["T99"]),
                    .init(short: "T08", status: "todo", dependsOn: ["D-01"]),
                    .init(short: "T09", status: "todo", dependsOn: ["nowhere-repo:EDGE-WP-0001"])],
            extra: "```decision\nid: D-01\nstatus: pending\n```\n"))
        try directory.write("repo/workplans/b.md", WorkplanText.markdown(
            id: "EDGE-WP-0002", title: "B", status: "active", tasks: [.init(short: "T99", status: "todo")]))
        let report = StatusReport(analysis: WorkspaceSession(try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))).analysis)
        let t06 = try Self.task("EDGE-WP-0001-T06", in: report)
        #expect(t06.blockers.map(\.id) == ["EDGE-WP-0001-T05"])
        #expect(t06.blockers.first?.roots.map(\.id) == ["EDGE-WP-0001-T05"])
        let t07 = try Self.task("EDGE-WP-0001-T07", in: report)
        #expect(t07.blockers.map(\.reason) == ["not found"], "T99 of another workplan is not this workplan's T99")
        #expect(t07.blockers.first?.roots.map(\.id) == ["T99"])
        let t08 = try Self.task("EDGE-WP-0001-T08", in: report)
        #expect(t08.blockers.map(\.id) == ["EDGE-WP-0001-D01"], "D-01 is the canonical D01")
        let t09 = try Self.task("EDGE-WP-0001-T09", in: report)
        #expect(t09.blockers.map(\.reason) == ["unknown repo"])
    }

    @Test("a task whose status says it waits is blocked even without dependencies")
    func waitingStatus() throws {
        let directory = try TemporaryDirectory()
        let text = WorkplanText.markdown(
            id: "EDGE-WP-0001", title: "A", status: "active",
            tasks: [.init(short: "T01", status: "wait"), .init(short: "T02", status: "blocked"), .init(short: "T03", status: "todo")])
        try directory.write("repo/workplans/a.md", text)
        let report = StatusReport(analysis: WorkspaceSession(try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))).analysis)
        #expect(report.blocked.map(\.id) == ["EDGE-WP-0001-T01", "EDGE-WP-0001-T02"])
        #expect(try Self.task("EDGE-WP-0001-T01", in: report).waits)
        #expect(try Self.task("EDGE-WP-0001-T01", in: report).blockers.isEmpty)
        #expect(report.workplans[0].counts.map(\.status) == ["todo", "wait", "blocked"])
    }

    @Test("a dependency cycle ends the chain instead of looping")
    func dependencyCycle() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repo/workplans/a.md", WorkplanText.markdown(
            id: "EDGE-WP-0001", title: "A", status: "active",
            tasks: [.init(short: "T01", status: "todo", dependsOn: ["T02"]), .init(short: "T02", status: "todo", dependsOn: ["T01"])]))
        let report = StatusReport(analysis: WorkspaceSession(try Self.load(directory.absolute("repo"), cache: directory.absolute("cache"))).analysis)
        #expect(report.blocked.map(\.id) == ["EDGE-WP-0001-T01", "EDGE-WP-0001-T02"])
        let t01 = try Self.task("EDGE-WP-0001-T01", in: report)
        #expect(t01.blockers.map(\.id) == ["EDGE-WP-0001-T02"])
        #expect(t01.blockers.first?.roots.isEmpty == false)
    }
}
