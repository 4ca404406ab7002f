import Foundation
import Testing
import WorkplanKit

/// Found in review (issue 10, part 2): what a pull request's `.wp.yaml`, links and templates
/// could still make wp do. `.wp.yaml` is as trusted as the repo, and a pull request can change
/// it; so can it add links and `.wp/templates/`. Real binary, real files.
@Suite("Security: hostile .wp.yaml patterns, links and templates (end to end)")
struct HostileConfigTests {
    static let workplan = "---\nid: HC-WP-0001\ntitle: Plan\nstatus: active\n---\n\n# Plan\n\n## Tasks\n"

    /// `repo/` (a git work tree) with one workplan, and `outside/` beside it.
    static func workspace(config: String = "repo: hc\n") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-hostile-config")
        try directory.write("repo/.wp.yaml", config)
        try directory.write("repo/workplans/HC-WP-0001-plan.md", workplan)
        try directory.write("outside/keep.txt", "not wp's\n")
        return directory
    }

    static func wp(_ arguments: [String], _ directory: TemporaryDirectory) throws -> RunResult {
        try BoundedRun.wp(arguments, in: directory.absolute("repo"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-05-20"])
    }

    static func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test("fourteen `**` in an include pattern and a 25-deep directory: wp status answers (it ran for minutes)")
    func doubleStarPattern() throws {
        let directory = try Self.workspace(config: "repo: hc\ninclude: [\"" + String(repeating: "**/", count: 14) + "*.md\"]\n")
        try directory.write("repo/" + Array(repeating: "d", count: 25).joined(separator: "/") + "/notes.txt", "not markdown\n")
        let result = try Self.wp(["status"], directory)
        #expect(result.status == 0, "exit \(result.status) (124: killed by the timeout)\n\(result.stderr)")
        #expect(result.stdout.contains("HC-WP-0001"), "\(result.stdout)")
    }

    @Test("`wp new workplan` with an include pattern that climbs out of the repo first: the file goes into the repo")
    func newWorkplanIgnoresPatternsOutsideTheRepo() throws {
        let directory = try Self.workspace(config: "repo: hc\ninclude: [../outside/**/*.md, workplans/**/*.md]\n")
        let result = try Self.wp(["new", "workplan", "--title", "Next", "--id", "HC-WP-0002"], directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.listing(directory.absolute("outside")) == ["keep.txt"], "wp wrote outside the repo")
        #expect(Self.listing(directory.absolute("repo/workplans")).contains("HC-WP-0002-next.md"))
    }

    @Test("`wp new workplan` into a workplans directory that is a link out of the repo: refused, nothing written; allowed on opt-in")
    func newWorkplanThroughALinkedDirectory() throws {
        let directory = try Self.workspace()
        try FileManager.default.moveItem(atPath: directory.absolute("repo/workplans"), toPath: directory.absolute("repo/kept"))
        try FileManager.default.createSymbolicLink(atPath: directory.absolute("repo/workplans"), withDestinationPath: directory.absolute("outside"))
        for arguments in [["new", "workplan", "--title", "Next", "--id", "HC-WP-0002"], ["new", "workplan", "--title", "Next", "--id", "HC-WP-0002", "--dry-run"]] {
            let result = try Self.wp(arguments, directory)
            #expect(result.status == 1, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("workplans leads outside the repo (to "), "\(result.stderr)")
            #expect(result.stderr.contains("nothing was written"))
            #expect(Self.listing(directory.absolute("outside")) == ["keep.txt"], "wp wrote through the link")
        }
        // The opt-in that lets wp read outside the repo lets it write there too.
        try directory.write("repo/.wp.yaml", "repo: hc\nallow_outside_paths: true\n")
        try directory.write("repo/kept/HC-WP-0001-plan.md", Self.workplan)
        let allowed = try Self.wp(["new", "workplan", "--title", "Next", "--id", "HC-WP-0002"], directory)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(Self.listing(directory.absolute("outside")).contains("HC-WP-0002-next.md"))
    }

    @Test("a template that links out of the repo (to a file the user can read) is refused, not copied into a new workplan")
    func templateLinkedOutOfTheRepo() throws {
        let directory = try Self.workspace()
        let secret = "---\nid: {{id}}\ntitle: {{title}}\nstatus: {{status}}\n---\n\nSECRET-TOKEN-1234\n"
        try directory.write("outside/secret.md", secret)
        try FileManager.default.createDirectory(atPath: directory.absolute("repo/.wp/templates"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.absolute("repo/.wp/templates/workplan.md"),
                                                   withDestinationPath: directory.absolute("outside/secret.md"))
        for arguments in [["new", "workplan", "--title", "Next", "--id", "HC-WP-0002", "--dry-run"], ["new", "workplan", "--title", "Next", "--id", "HC-WP-0002"]] {
            let result = try Self.wp(arguments, directory)
            #expect(result.status == 1, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(!result.stdout.contains("SECRET-TOKEN") && !result.stderr.contains("SECRET-TOKEN"))
            #expect(result.stderr.contains(".wp/templates/workplan.md:1:1: error: the workplan template .wp/templates/workplan.md is a link to "),
                    "\(result.stderr)")
        }
        #expect(Self.listing(directory.absolute("repo/workplans")) == ["HC-WP-0001-plan.md"])
        // A template inside the repo, linked or not, is used.
        try FileManager.default.removeItem(atPath: directory.absolute("repo/.wp/templates/workplan.md"))
        try directory.write("repo/.wp/templates/workplan.md", secret.replacingOccurrences(of: "SECRET-TOKEN-1234", with: "Our template"))
        let own = try Self.wp(["new", "workplan", "--title", "Next", "--id", "HC-WP-0002", "--dry-run"], directory)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("+Our template"), "\(own.stdout)")
    }

    @Test("a .wp.yaml requiring 30,000 fields for done, and 1,000 done tasks: lint ends within 2 GiB, one finding per task (it crashed at 1.7 GB)")
    func hugeRequiredFieldList() throws {
        let directory = try TemporaryDirectory("wp-required-fields")
        let fields = 30_000
        try directory.write(".wp.yaml", "repo: req\nlifecycles:\n  task:\n    require: {done: ["
            + (0..<fields).map { "f\($0)" }.joined(separator: ", ") + "]}\n")
        try directory.write("workplans/REQ-WP-0001-a.md", "---\nid: REQ-WP-0001\ntitle: A\nstatus: active\n---\n\n"
            + (1...1_000).map { "```task\nid: REQ-WP-0001-T\($0)\nstatus: done\nf1: present\n```\n\n" }.joined())
        let result = try ChainPayloads.run(["lint"], in: directory)
        ChainPayloads.expectExit(result, 1, "wp lint")
        #expect(result.stdout.contains("error[required-fields] task REQ-WP-0001-T1 is done but lacks \(fields - 1) fields .wp.yaml requires "
            + "for that status: `f0`, `f2`, `f3`,"), "\(result.stdout.prefix(600))")
        #expect(result.stdout.contains("… \(fields - 1 - Limits.valuesListedInMessage) more; add them"))
        #expect(result.stdout.utf8.count <= 2 * (try ChainPayloads.inputBytes(directory)))
    }

    @Test("a .wp.yaml naming 2,000 missing peers: each undecided requirement names Limits.gateCandidatesShown of them (45 MB of gate check before)")
    func thousandsOfMissingPeers() throws {
        let directory = try TemporaryDirectory("wp-missing-peers")
        let peers = 2_000
        try directory.write(".wp.yaml", "repo: r\ninclude: [workplans/**/*.md, docs/**/*.md]\npeers:\n"
            + (0..<peers).map { "  p\($0): {path: ../nope\($0)}\n" }.joined())
        try directory.write("workplans/R-WP-0001-a.md", "---\nid: R-WP-0001\ntitle: A\nstatus: active\n---\n")
        try directory.write("docs/gates.md", "```gate\nid: g\nrequires:\n" + (1...200).map { "  - X-WP-\($0)\n" }.joined()
            + "  - {evidence: drill}\n```\n")
        let input = try ChainPayloads.inputBytes(directory)
        for format in ["text", "json"] {
            let result = try ChainPayloads.run(["gate", "check", "g", "--format", format], in: directory)
            ChainPayloads.expectExit(result, 2, "wp gate check --format \(format)")
            #expect(result.stdout.utf8.count <= 2 * input, "\(format): \(result.stdout.utf8.count) bytes for \(input) of input")
            #expect(result.stdout.contains(", … \(peers - Limits.gateCandidatesShown) more"), "\(format): \(result.stdout.prefix(1_000))")
            #expect(result.stdout.contains("p18, p19, … \(peers - Limits.valuesListedInMessage) more could not be read, and may record it"),
                    "\(format): the evidence requirement lists the peers the same way")
        }
    }

    @Test(".wp.yaml linked to a file outside the repo: refused (exit 2), nothing of the file quoted; a link inside the repo is read")
    func configLinkedOutOfTheRepo() throws {
        let directory = try Self.workspace()
        try directory.write("outside/secret.yml", "repo: hc\nlifecycles:\n  task:\n    statuses: [SECRET-VALUE-1234]\n")
        try FileManager.default.removeItem(atPath: directory.absolute("repo/.wp.yaml"))
        try FileManager.default.createSymbolicLink(atPath: directory.absolute("repo/.wp.yaml"), withDestinationPath: "../outside/secret.yml")
        try directory.write("repo/workplans/HC-WP-0001-plan.md", Self.workplan + "\n```task\nid: HC-WP-0001-T01\nstatus: todo\n```\n")
        for arguments in [["lint"], ["status"]] {
            let result = try Self.wp(arguments, directory)
            #expect(result.status == 2, "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains(".wp.yaml:1:1: error: .wp.yaml is a link to "), "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("SECRET-VALUE"))
        }
        try directory.write("repo/config/wp.yaml", "repo: hc\n")
        try FileManager.default.removeItem(atPath: directory.absolute("repo/.wp.yaml"))
        try FileManager.default.createSymbolicLink(atPath: directory.absolute("repo/.wp.yaml"), withDestinationPath: "config/wp.yaml")
        #expect(try Self.wp(["status"], directory).status == 0)
    }

    @Test("a workplan whose file name is not UTF-8: reported (io-error, exit 2 for status), not skipped in silence")
    func fileNameNotUTF8() throws {
        let directory = try Self.workspace()
        // `workplans/HC-WP-0002-\xff.md`, written with the raw bytes: no Swift String can name it.
        let name = Array(directory.absolute("repo/workplans/HC-WP-0002-").utf8) + [0xFF] + Array(".md".utf8) + [0]
        let descriptor = name.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        try #require(descriptor >= 0)
        let text = Array("---\nid: HC-WP-0002\ntitle: Hidden\nstatus: finished\n---\n".utf8)
        #expect(write(descriptor, text, text.count) == text.count)
        close(descriptor)
        let status = try Self.wp(["status"], directory)
        #expect(status.status == 2, "\(status.stdout)")
        #expect(status.stderr.contains("cannot read 'workplans/HC-WP-0002-\u{FFFD}.md': its name is not UTF-8 text"), "\(status.stderr)")
        let lint = try Self.wp(["lint"], directory)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error[io-error] cannot read 'workplans/HC-WP-0002-\u{FFFD}.md'"), "\(lint.stdout)")
    }
}
