import Foundation
import Testing

/// `wp set`, `start`, `done`, `block`, `resolve` and `new`, run as the built binary.
@Suite("wp set, start, done, block, resolve, new (end to end)")
struct EditCommandTests {
    static let path = "workplans/EDIT-WP-0001-edits.md"
    static let workplan = """
        ---
        id: EDIT-WP-0001
        title: "Edits"
        status: active
        created: "2026-05-01"
        updated: "2026-05-02"
        ---

        # Edits

        ## Tasks

        ### T01 — First

        ```task
        id: EDIT-WP-0001-T01
        status: todo
        priority: low
        ```

        ### T02 — Second

        ```task
        id: EDIT-WP-0001-T02
        status: todo
        depends_on: [EDIT-WP-0001-T01]
        ```

        ### T03 — Third

        ```task
        id: EDIT-WP-0001-T03
        status: done
        ```

        **Decision D-01 — the way** (pending; required before T02)

        """

    static let environment = [
        "WP_TODAY": "2026-06-01", "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
    ]

    func makeRepo() throws -> TemporaryDirectory {
        let repo = try TemporaryDirectory("wp-edit-e2e")
        try repo.write(".wp.yaml", "repo: edits\n")
        try repo.write(Self.path, Self.workplan)
        return repo
    }

    func edit(_ arguments: [String], in repo: TemporaryDirectory) throws -> RunResult {
        try wp(arguments, in: repo.path, cache: repo.absolute(".cache"), environment: Self.environment)
    }

    func text(_ repo: TemporaryDirectory, _ relative: String = Self.path) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: repo.absolute(relative))), as: UTF8.self)
    }

    @Test func setWritesOnlyTheValueAndSaysWhat() throws {
        let repo = try makeRepo()
        let result = try edit(["set", "EDIT-WP-0001-T01", "priority", "high"], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            EDIT-WP-0001-T01 priority: low → high
            updated: 2026-05-02 → 2026-06-01
            wrote \(Self.path)

            """)
        #expect(result.stderr == "")
        #expect(try text(repo) == Self.workplan
            .replacingOccurrences(of: "priority: low", with: "priority: high")
            .replacingOccurrences(of: #"updated: "2026-05-02""#, with: #"updated: "2026-06-01""#))
    }

    @Test func dashedValuesAreValuesAndOptionsMayFollowThem() throws {
        let repo = try makeRepo()
        let removed = try edit(["set", "EDIT-WP-0001-T02", "depends_on", "-EDIT-WP-0001-T01", "--dry-run"], in: repo)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("-depends_on: [EDIT-WP-0001-T01]\n+depends_on: []\n"))
        #expect(try text(repo) == Self.workplan, "--dry-run writes nothing")
        let added = try edit(["set", "-C", repo.path, "EDIT-WP-0001-T01", "depends_on", "+EDIT-WP-0001-T03"], in: repo)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try text(repo).contains("priority: low\ndepends_on: [EDIT-WP-0001-T03]\n```"))
        let terminated = try edit(["set", "EDIT-WP-0001-T01", "depends_on", "--", "-EDIT-WP-0001-T03"], in: repo)
        #expect(terminated.status == 0, "\(terminated.stderr)")
        #expect(try text(repo).contains("priority: low\ndepends_on: []\n```"))
    }

    /// Words are sorted by shape: `--name`, `--name=value` and `-x` are options, whatever else is a value;
    /// argument-parser reads the options wherever they stand.
    @Test func valuesWithOptionLettersAndOptionsAnywhere() throws {
        let repo = try makeRepo()
        // `-CORE-…` holds `-C`'s letter: read as one value, not as packed short options.
        let packed = try edit(["set", "EDIT-WP-0001-T02", "depends_on", "-CORE-WP-0001", "--dry-run"], in: repo)
        #expect(packed.status == 1, "\(packed.stderr)")
        #expect(packed.stderr.contains("`depends_on` does not list 'CORE-WP-0001' (it lists EDIT-WP-0001-T01)"))
        let between = try edit(["set", "EDIT-WP-0001-T01", "--dry-run", "priority", "high", "--directory=\(repo.path)"], in: repo)
        #expect(between.status == 0, "\(between.stderr)")
        #expect(between.stdout.contains("-priority: low\n+priority: high\n"))
        let negative = try edit(["set", "EDIT-WP-0001", "planning_order", "-1"], in: repo)
        #expect(negative.status == 1)
        #expect(negative.stderr.contains("'planning_order' must be at least 0, found -1 [schema]"))
        #expect(try text(repo) == Self.workplan)

        let unknown = try edit(["set", "EDIT-WP-0001-T01", "priority", "--bogus"], in: repo)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--bogus'"))
        let noDirectory = try edit(["set", "EDIT-WP-0001-T01", "priority", "high", "-C"], in: repo)
        #expect(noDirectory.status == 64)
        #expect(noDirectory.stderr.contains("Missing value for '-C <directory>'"))
        let twoValues = try edit(["set", "EDIT-WP-0001-T01", "priority", "high", "low"], in: repo)
        #expect(twoValues.status == 64)
        #expect(twoValues.stderr.contains("give one value (quote it if it has spaces); got 'high' 'low'"))
        let help = try edit(["set", "EDIT-WP-0001-T01", "priority", "high", "--help"], in: repo)
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: wp set"))
        #expect(try text(repo) == Self.workplan)
    }

    @Test func dryRunPrintsAUnifiedDiff() throws {
        let repo = try makeRepo()
        let result = try edit(["start", "EDIT-WP-0001-T01", "--dry-run"], in: repo)
        #expect(result.status == 0)
        #expect(result.stdout == [
            "--- a/\(Self.path)", "+++ b/\(Self.path)",
            "@@ -3,7 +3,7 @@", #" title: "Edits""#, " status: active", #" created: "2026-05-01""#,
            #"-updated: "2026-05-02""#, #"+updated: "2026-06-01""#, " ---", " ", " # Edits",
            "@@ -14,7 +14,7 @@", " ", " ```task", " id: EDIT-WP-0001-T01", "-status: todo", "+status: in_progress", " priority: low", " ```", " ",
            "",
        ].joined(separator: "\n"))
        #expect(try text(repo) == Self.workplan)
    }

    @Test func refusedEditsExitOneWithTheReasonAndWriteNothing() throws {
        let repo = try makeRepo()
        let back = try edit(["set", "EDIT-WP-0001-T03", "status", "todo"], in: repo)
        #expect(back.status == 1)
        #expect(back.stdout == "")
        #expect(back.stderr.contains("\(Self.path):33:9: error: the task lifecycle does not allow done → todo"))
        #expect(back.stderr.contains("nothing was written; use --force"))
        let blocked = try edit(["done", "EDIT-WP-0001-T02"], in: repo)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("EDIT-WP-0001-T02 cannot be done yet: it depends on EDIT-WP-0001-T01, which is todo"))
        #expect(blocked.stderr.contains("decision EDIT-WP-0001-D01 that blocks it is pending"))
        #expect(try text(repo) == Self.workplan)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.absolute("workplans")) == ["EDIT-WP-0001-edits.md"])

        let forced = try edit(["done", "EDIT-WP-0001-T02", "--force", "--evidence", "shipped"], in: repo)
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("warning: EDIT-WP-0001-T02 cannot be done yet: it depends on EDIT-WP-0001-T01, which is todo (overridden by --force)"))
        #expect(try text(repo).contains("status: done\ndepends_on: [EDIT-WP-0001-T01]\nevidence: shipped\n"))
    }

    @Test func unknownIDsAndBadCommandLines() throws {
        let repo = try makeRepo()
        let unknown = try edit(["start", "EDIT-WP-0001-T9"], in: repo)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "error: no workplan, task or decision has id 'EDIT-WP-0001-T9'; did you mean 'EDIT-WP-0001-T01'?\n")
        let missing = try edit(["set", "EDIT-WP-0001-T01", "priority"], in: repo)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("give the id, the field and the new value"))
        let blockWithoutWhat = try edit(["block", "EDIT-WP-0001-T01"], in: repo)
        #expect(blockWithoutWhat.status == 64)
        #expect(try text(repo) == Self.workplan)
    }

    @Test func blockAndResolveWithTheNameFromGit() throws {
        let repo = try makeRepo()
        try git(["init", "-q"], in: repo.path)
        try git(["config", "user.name", "Grace Hopper"], in: repo.path)
        let blocked = try edit(["block", "EDIT-WP-0001-T01", "--on", "EDIT-WP-0001-T03", "--reason", "waits: for review"], in: repo)
        #expect(blocked.status == 0, "\(blocked.stderr)")
        #expect(try text(repo).contains("status: blocked\npriority: low\ndepends_on: [EDIT-WP-0001-T03]\nreason: \"waits: for review\"\n"))
        let resolved = try edit(["resolve", "EDIT-WP-0001-D01", "--option", "the short way"], in: repo)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try text(repo).hasSuffix("**Decision D-01 — the way** (pending; required before T02)\n\n**Resolution (2026-06-01, Grace Hopper):** the short way\n"))
        let lint = try edit(["lint"], in: repo)
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    @Test func newWorkplanAndTaskPassLint() throws {
        let repo = try makeRepo()
        let workplan = try edit(["new", "workplan", "--title", "Second: with a colon"], in: repo)
        #expect(workplan.status == 0, "\(workplan.stderr)")
        #expect(workplan.stdout.contains("EDIT-WP-0002 new workplan: Second: with a colon (draft) in workplans/EDIT-WP-0002-second-with-a-colon.md"))
        let task = try edit(["new", "task", "EDIT-WP-0002", "--title", "Begin"], in: repo)
        #expect(task.status == 0, "\(task.stderr)")
        #expect(task.stdout.hasPrefix("EDIT-WP-0002-T01 new task: Begin (todo)\n"))
        let another = try edit(["new", "task", "EDIT-WP-0001", "--title", "Fourth"], in: repo)
        #expect(another.stdout.hasPrefix("EDIT-WP-0001-T04 new task: Fourth (todo)\n"))
        let lint = try edit(["lint"], in: repo)
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(lint.stdout.contains("No problems in 2 files"))
        #expect(try text(repo, "workplans/EDIT-WP-0002-second-with-a-colon.md").hasPrefix("---\nid: EDIT-WP-0002\ntype: workplan\ntitle: \"Second: with a colon\"\n"))
    }

    /// `wp set` killed with SIGKILL at random moments, over and over: the file is
    /// always the old or the new version, and no half-written file looks like a workplan.
    @Test func killedWritesLeaveTheOldOrTheNewFileNeverAMix() throws {
        let repo = try makeRepo()
        let binary = try WPBinary.require()
        let directory = repo.absolute("workplans")
        let bumped = Self.workplan.replacingOccurrences(of: #"updated: "2026-05-02""#, with: #"updated: "2026-06-01""#)
        let allowed: Set<String> = [Self.workplan, bumped, bumped.replacingOccurrences(of: "priority: low", with: "priority: high")]

        func launch(_ value: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["set", "EDIT-WP-0001-T01", "priority", value]
            process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in Self.environment { environment[key] = value }
            environment["WP_CACHE_DIR"] = repo.absolute(".cache")
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }

        // How long one uninterrupted run takes: kills aim at its whole length, the write at its end included.
        var durations: [TimeInterval] = []
        for value in ["high", "low"] {
            let start = Date()
            let process = try launch(value)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            durations.append(Date().timeIntervalSince(start))
        }
        let span = max(durations.max() ?? 0.1, 0.02)
        var killed = 0
        var finished = 0
        for round in 0..<60 {
            let process = try launch(round % 2 == 0 ? "high" : "low")
            usleep(UInt32(Double.random(in: 0.3...1.1) * span * 1_000_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                killed += 1
            } else {
                finished += 1
                #expect(process.terminationStatus == 0)
            }
            let text = try self.text(repo)
            #expect(allowed.contains(text), "round \(round): the file is neither the old nor the new version:\n\(text)")
            for entry in try FileManager.default.contentsOfDirectory(atPath: directory) where entry != "EDIT-WP-0001-edits.md" {
                #expect(entry.hasPrefix(".EDIT-WP-0001-edits.md.wp-tmp-") && !entry.hasSuffix(".md"), "stray file \(entry)")
            }
        }
        #expect(killed > 0, "no run was killed; the test did not test anything")
        #expect(killed + finished == 60)
        // The next write cleans up what killed runs left behind, and the result lints.
        let other = try text(repo).contains("priority: high") ? "low" : "high"
        let final = try edit(["set", "EDIT-WP-0001-T01", "priority", other], in: repo)
        #expect(final.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["EDIT-WP-0001-edits.md"])
        #expect(try edit(["lint"], in: repo).status == 0)
    }
}
