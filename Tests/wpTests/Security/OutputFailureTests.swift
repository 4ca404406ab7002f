import Foundation
import Testing
import WorkplanKit

/// Issue 10, items 9, 20 and 22, end to end: output wp cannot produce or write
/// fails cleanly (exit 2, a message), and an edit respects a read-only file and
/// says what happens to hard links.
@Suite("Security: writes that fail cleanly (end to end)")
struct OutputFailureTests {
    static let environment = ["WP_TODAY": "2026-06-01", "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]
    static let path = "workplans/RO-WP-0001-x.md"
    static let workplan = """
        ---
        id: RO-WP-0001
        title: "Read only"
        status: active
        created: "2026-05-01"
        updated: "2026-05-02"
        ---

        # Read only

        ## Tasks

        ### T01 — First

        ```task
        id: RO-WP-0001-T01
        status: todo
        priority: low
        ```

        """

    static func makeRepo() throws -> TemporaryDirectory {
        let repo = try TemporaryDirectory("wp-write-failures")
        try repo.write(".wp.yaml", "repo: ro\n")
        try repo.write(path, workplan)
        return repo
    }

    static func wp(_ arguments: [String], in repo: TemporaryDirectory) throws -> RunResult {
        try wpTests.wp(arguments, in: repo.path, cache: repo.absolute(".cache"), environment: environment)
    }

    static func text(_ repo: TemporaryDirectory, _ relative: String = path) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: repo.absolute(relative))), as: UTF8.self)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Runs the built `wp` with stdout going to `stdoutPath` (e.g. `/dev/full`); stderr is captured.
    static func wp(_ arguments: [String], in repo: TemporaryDirectory, stdoutTo stdoutPath: String)
        throws -> (status: Int32, signalled: Bool, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try WPBinary.require())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        env["WP_CACHE_DIR"] = repo.absolute(".cache")
        process.environment = env
        let output = try #require(FileHandle(forWritingAtPath: stdoutPath))
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try output.close()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: stderr, as: UTF8.self))
    }

    // MARK: Item 20

    @Test("a full disk is exit 2 with a message, not a trap: every command that prints, > /dev/full",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func writeToAFullDiskIsExitTwoNotATrap() throws {
        let repo = try Self.makeRepo()
        for arguments in [["status"], ["status", "--format", "json"], ["lint"], ["lint", "--format", "sarif"], ["gate", "list"],
                          ["ready"], ["show", "RO-WP-0001"], ["impact", "RO-WP-0001-T01"], ["graph", "--format", "dot"], ["report"],
                          ["report", "--format", "html"], ["set", "RO-WP-0001-T01", "priority", "high", "--dry-run"]] {
            let result = try Self.wp(arguments, in: repo, stdoutTo: "/dev/full")
            #expect(!result.signalled, "\(arguments): killed by a signal (a trap)")
            #expect(result.status == 2, "\(arguments): exit \(result.status)\n\(result.stderr)")
            #expect(result.stderr.contains("error: cannot write to standard output: No space left on device"), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        #expect(try Self.text(repo) == Self.workplan, "a dry run writes nothing")
        // A real edit whose "wrote …" line cannot be printed: the file is written, wp says stdout failed.
        let edit = try Self.wp(["set", "RO-WP-0001-T01", "priority", "high"], in: repo, stdoutTo: "/dev/full")
        #expect(edit.status == 2 && !edit.signalled)
        #expect(try Self.text(repo).contains("priority: high"))
    }

    @Test("started with stdout or stderr closed, wp writes its output nowhere: never into a file it opens")
    func closedStandardStreams() throws {
        let repo = try Self.makeRepo()
        func closed(_ redirection: String, _ arguments: [String]) throws -> RunResult {
            try runProcess("/bin/sh", ["-c", "exec \"$0\" \"$@\" " + redirection, try WPBinary.require()] + arguments, in: repo.path,
                           environment: Self.environment.merging(["WP_CACHE_DIR": repo.absolute(".cache")]) { $1 })
        }
        #expect(try closed(">&-", ["status"]).status == 0)
        #expect(try closed("2>&-", ["show", "RO-WP-0009"]).status == 2)
        // An edit with stdout closed: the temporary file it renames over the workplan must not get
        // the "wrote …" line (it would take the first free descriptor, 1).
        let edit = try closed(">&-", ["set", "RO-WP-0001-T01", "priority", "high"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try Self.text(repo) == Self.workplan.replacingOccurrences(of: "priority: low", with: "priority: high")
            .replacingOccurrences(of: "updated: \"2026-05-02\"", with: "updated: \"2026-06-01\""))
    }

    @Test("report -o: a FIFO is written into and stays a FIFO; an existing file keeps its mode; a symlink is followed")
    func reportOutputFileIsWrittenInPlaceOrAtomically() throws {
        let repo = try Self.makeRepo()
        // A regular file: replaced atomically, its permission bits kept.
        let file = repo.absolute("report.md")
        try repo.write("report.md", "old\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        #expect(try Self.wp(["report", "-o", file], in: repo).status == 0)
        #expect(try Self.text(repo, "report.md").hasPrefix("# Workplan report: ro"))
        #expect(try Self.mode(file) == 0o640)
        // A symlink: the file it names gets the report, the link stays a link.
        try FileManager.default.createSymbolicLink(atPath: repo.absolute("latest.md"), withDestinationPath: "report.md")
        try repo.write("report.md", "older\n")
        #expect(try Self.wp(["report", "-o", "latest.md"], in: repo).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: repo.absolute("latest.md")) == "report.md")
        #expect(try Self.text(repo, "report.md").hasPrefix("# Workplan report: ro"))
        // A FIFO: written into (a reader gets the report), never replaced by a regular file.
        let fifo = repo.absolute("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["timeout", "60", "cat", fifo]
        let received = Pipe()
        reader.standardOutput = received
        try reader.run()
        let written = try Self.wp(["report", "--format", "json", "-o", fifo], in: repo)
        let data = received.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(written.status == 0, "\(written.stderr)")
        #expect(reader.terminationStatus == 0, "the reader got EOF, not a timeout")
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "the reader got the whole report")
        var info = stat()
        #expect(lstat(fifo, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO, "still a FIFO, not a regular file")
    }

    // MARK: Item 9

    @Test("a gate chain too deep for the JSON writer: exit 2 with a message or a real document, never `{}`")
    func unencodableJSONIsAnErrorNotAnEmptyObject() throws {
        let repo = try TemporaryDirectory("wp-deep-json")
        try repo.write(".wp.yaml", "repo: deep\n")
        var text = "---\nid: DJ-WP-0001\ntitle: deep\nstatus: active\n---\n\n## T01 — t\n\n```task\nid: DJ-WP-0001-T01\nstatus: todo\n```\n"
        for level in 0..<200 {
            text += "\n```gate\nid: g\(level)\nrequires:\n  - \(level < 199 ? "gate: g\(level + 1)" : "DJ-WP-0001-T01")\n```\n"
        }
        try repo.write("workplans/DJ-WP-0001-x.md", text)
        for arguments in [["gate", "check", "g0", "--format", "json"], ["gate", "list", "--format", "json"], ["report", "--format", "json"]] {
            let result = try Self.wp(arguments, in: repo)
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "{}", "\(arguments) printed {}")
            if result.status == 2 {
                #expect(result.stdout.isEmpty, "\(arguments): nothing half-written")
                #expect(result.stderr.contains("error: cannot produce the JSON output"), "\(arguments): \(result.stderr)")
            } else {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(arguments)")
                #expect(object["gates"] != nil, "\(arguments): a real document")
            }
        }
    }

    // MARK: Item 22

    @Test("a read-only workplan is not rewritten: exit 1, the file and its mode unchanged; the printed --force hint works and keeps it read-only")
    func readOnlyWorkplanIsNotRewrittenWithoutForce() throws {
        let repo = try Self.makeRepo()
        let file = repo.absolute(Self.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        let refused = try Self.wp(["set", "RO-WP-0001-T01", "priority", "high"], in: repo)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("error: \(Self.path) is read-only (mode 0444); nothing was written"))
        #expect(refused.stderr.contains("run the command again with --force"))
        #expect(try Self.text(repo) == Self.workplan)
        #expect(try Self.mode(file) == 0o444)
        let dryRun = try Self.wp(["set", "RO-WP-0001-T01", "priority", "high", "--dry-run"], in: repo)
        #expect(dryRun.status == 1 && dryRun.stdout.isEmpty && dryRun.stderr.contains("is read-only"), "--dry-run refuses what the edit would")
        let newTask = try Self.wp(["new", "task", "RO-WP-0001", "--title", "Second"], in: repo)
        #expect(newTask.status == 1 && newTask.stderr.contains("is read-only"))
        #expect(try Self.text(repo) == Self.workplan)

        let forced = try Self.wp(["set", "RO-WP-0001-T01", "priority", "high", "--force"], in: repo)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.text(repo).contains("priority: high"))
        #expect(try Self.mode(file) == 0o444, "still read-only")
        let forcedTask = try Self.wp(["new", "task", "RO-WP-0001", "--title", "Second", "--force"], in: repo)
        #expect(forcedTask.status == 0, "\(forcedTask.stderr)")
        #expect(try Self.text(repo).contains("RO-WP-0001-T02"))
        #expect(try Self.mode(file) == 0o444)
    }

    @Test("a hard-linked workplan: the edit warns that the other link keeps the old content, and it does")
    func hardLinkedWorkplanWarnsThatTheOtherLinkKeepsTheOldContent() throws {
        let repo = try Self.makeRepo()
        try FileManager.default.createDirectory(atPath: repo.absolute("backup"), withIntermediateDirectories: true)
        #expect(link(repo.absolute(Self.path), repo.absolute("backup/copy.md")) == 0)
        let result = try Self.wp(["set", "RO-WP-0001-T01", "priority", "high"], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(Self.path) has 1 other hard link; wp replaced the file under this name only, so that link keeps the old content"))
        #expect(try Self.text(repo).contains("priority: high"))
        #expect(try Self.text(repo, "backup/copy.md") == Self.workplan)
    }

    @Test("an edit keeps the file's mode, and its owner when wp may give it")
    func editKeepsModeAndOwner() throws {
        let repo = try Self.makeRepo()
        let file = repo.absolute(Self.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        let owner: (uid: uid_t, gid: gid_t) = geteuid() == 0 ? (4242, 4343) : (geteuid(), getegid())
        #expect(chown(file, owner.uid, owner.gid) == 0)
        let result = try Self.wp(["set", "RO-WP-0001-T01", "priority", "high"], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
        var info = stat()
        #expect(stat(file, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o640)
        #expect(info.st_uid == owner.uid && info.st_gid == owner.gid)
        #expect(try Self.text(repo).contains("priority: high"))
    }
}
