import Foundation
import Testing
@testable import struct WorkplanKit.AnswerCacheStore
@testable import struct WorkplanKit.ContentHash
import struct WorkplanKit.CachedAnswer

/// `wp status`, `lint`, `ready`, `show`, `impact` and `graph` keep their whole answer: asked again over unchanged files they
/// answer without decoding a parse, and whatever changed — bytes, day, colour, the command
/// line — they answer what a `--no-cache` run answers. Real files, the real binary.
@Suite("Answer cache: answered again only when nothing changed")
struct AnswerCacheCommandTests {
    typealias Fixture = ParseCacheCommandTests.Fixture

    static let questions = [
        ["status"], ["status", "--format", "json"], ["status", "--blocked"], ["lint"], ["lint", "--format", "json"],
        ["ready"], ["show", "CT-WP-0001-T02"], ["impact", "CT-WP-0001-T01", "--format", "json"], ["graph", "--format", "mermaid"],
    ]

    /// Runs `arguments` with the cache and `--no-cache` in the same environment: both must agree.
    @discardableResult
    static func expectFresh(_ fixture: Fixture, _ arguments: [String], environment: [String: String] = [:],
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let base = ParseCacheCommandTests.environment.merging(environment) { $1 }
        let cached = try run(try WPBinary.require(), arguments, in: fixture.repo, environment: base.merging(["WP_CACHE_DIR": fixture.cache]) { $1 })
        let fresh = try run(try WPBinary.require(), arguments + ["--no-cache"], in: fixture.repo,
                            environment: base.merging(["WP_CACHE_DIR": fixture.directory.absolute("unused-cache")]) { $1 })
        #expect(cached.status == fresh.status, "\(arguments): exit \(cached.status) cached, \(fresh.status) fresh", sourceLocation: sourceLocation)
        #expect(cached.stdout == fresh.stdout, "\(arguments): stdout differs from a --no-cache run", sourceLocation: sourceLocation)
        // `==` on strings is canonical equivalence (NFC and NFD alike): the bytes must agree too.
        #expect(Array(cached.stdout.utf8) == Array(fresh.stdout.utf8), "\(arguments): stdout bytes differ from a --no-cache run",
                sourceLocation: sourceLocation)
        #expect(cached.stderr == fresh.stderr, "\(arguments): stderr differs: \(cached.stderr)", sourceLocation: sourceLocation)
        return cached
    }

    static func answerFiles(_ fixture: Fixture) throws -> Set<String> {
        let parse = fixture.cache + "/parse"
        guard FileManager.default.fileExists(atPath: parse) else { return [] }
        return Set(try FileManager.default.contentsOfDirectory(atPath: parse).filter { $0.hasSuffix(".wpa") })
    }

    /// Rewrites every kept answer, under its own key, to say `marker`: a run that prints the
    /// marker was answered from the cache.
    static func plant(_ marker: String, in fixture: Fixture) throws {
        for name in try answerFiles(fixture) {
            let hex = Array(name.prefix(32))
            let key = ContentHash(high: UInt64(String(hex[0..<16]), radix: 16)!, low: UInt64(String(hex[16..<32]), radix: 16)!)
            let file = AnswerCacheStore.encode(CachedAnswer(output: Array((marker + " " + name + "\n").utf8), status: .success), key: key)
            try Data(file).write(to: URL(fileURLWithPath: fixture.cache + "/parse/" + name))
        }
    }

    static func cachedRun(_ fixture: Fixture, _ arguments: [String]) throws -> RunResult {
        try run(try WPBinary.require(), arguments, in: fixture.repo,
                environment: ParseCacheCommandTests.environment.merging(["WP_CACHE_DIR": fixture.cache]) { $1 })
    }

    @Test("asked again over unchanged (or only touched) files, reading commands answer without reading a parse")
    func answeredAgain() throws {
        let fixture = try Fixture()
        for question in Self.questions { try Self.expectFresh(fixture, question) }
        #expect(try Self.answerFiles(fixture).count == Self.questions.count)
        for question in Self.questions { try Self.expectFresh(fixture, question) }
        // Every kept answer replaced by a marker: each question is answered with its marker.
        try Self.plant("PLANTED", in: fixture)
        let path = fixture.directory.absolute("repo/" + fixture.workplanPath)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(7200)], ofItemAtPath: path)
        var markers = Set<String>()
        for question in Self.questions {
            let answered = try Self.cachedRun(fixture, question)
            #expect(answered.stdout.hasPrefix("PLANTED "), "\(question) was not answered from the cache (a touch changes no byte)")
            markers.insert(answered.stdout)
        }
        #expect(markers.count == Self.questions.count, "each question has its own answer")
        // Changed bytes: no kept answer is printed; the fresh one is, and kept.
        try fixture.write(fixture.workplanPath, ParseCacheCommandTests.workplan(firstTask: "todo"))
        for question in Self.questions {
            #expect(!(try Self.expectFresh(fixture, question).stdout.contains("PLANTED")))
        }
        let status = try Self.expectFresh(fixture, ["status", "--blocked"])
        #expect(status.stdout.contains("CT-WP-0001-T02"), "T02 now waits on T01: \(status.stdout)")
        // Back to the first bytes: the planted answers are the ones for them again.
        try fixture.write(fixture.workplanPath, ParseCacheCommandTests.workplan())
        #expect(try Self.cachedRun(fixture, ["lint"]).stdout.hasPrefix("PLANTED "))
    }

    @Test("a kept answer that cannot be written (> /dev/full) is exit 2 with the message a fresh run gives",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func answerToAFullDisk() throws {
        let fixture = try Fixture()
        try Self.expectFresh(fixture, ["status"])
        try Self.plant("PLANTED", in: fixture)
        #expect(try Self.cachedRun(fixture, ["status"]).stdout.hasPrefix("PLANTED "), "the next run is answered")
        let full = try runProcess("/bin/sh", ["-c", "exec \"$0\" status > /dev/full", try WPBinary.require()], in: fixture.repo,
                                  environment: ParseCacheCommandTests.environment.merging(["WP_CACHE_DIR": fixture.cache]) { $1 })
        #expect(full.status == 2)
        #expect(full.stderr == "error: cannot write to standard output: No space left on device\n", "\(full.stderr)")
    }

    @Test("another day, another colour setting, another directory: each its own answer, the fresh one")
    func everythingTheOutputDependsOn() throws {
        let fixture = try Fixture()
        // done_on 2026-05-20 is in the future on 2026-05-01: lint's answer depends on the day.
        let clean = try Self.expectFresh(fixture, ["lint"])
        let early = try Self.expectFresh(fixture, ["lint"], environment: ["WP_TODAY": "2026-05-01"])
        #expect(clean.status == 0 && early.status == 1, "\(early.stdout)")
        #expect(try Self.expectFresh(fixture, ["lint"]).stdout == clean.stdout)

        let plain = try Self.expectFresh(fixture, ["status"])
        let coloured = try Self.expectFresh(fixture, ["status"], environment: ["NO_COLOR": "", "FORCE_COLOR": "1"])
        #expect(plain.stdout != coloured.stdout && coloured.stdout.contains("\u{1B}["), "FORCE_COLOR colours the output")
        #expect(try Self.expectFresh(fixture, ["status"]).stdout == plain.stdout)

        // The same arguments from another directory name other files.
        let fromRepo = try Self.expectFresh(fixture, ["status", "workplans"])
        try fixture.write("other/workplans/CT-WP-0002-other.md", ParseCacheCommandTests.workplan(title: "Other")
            .replacingOccurrences(of: "CT-WP-0001", with: "CT-WP-0002"))
        let cached = try run(try WPBinary.require(), ["status", "workplans"], in: fixture.repo + "/other",
                             environment: ParseCacheCommandTests.environment.merging(["WP_CACHE_DIR": fixture.cache]) { $1 })
        #expect(cached.stdout != fromRepo.stdout && cached.stdout.contains("CT-WP-0002"), "\(cached.stdout)")
    }

    @Test("a run with load problems or an unknown id, an --offline run, lint --base and gate check keep no answer")
    func notKept() throws {
        let fixture = try Fixture()
        try git(["add", "."], in: fixture.repo)
        try git(["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "init"], in: fixture.repo)
        try Self.expectFresh(fixture, ["status", "--offline"])
        #expect(try Self.answerFiles(fixture).isEmpty)
        try Self.expectFresh(fixture, ["lint", "--base", "HEAD"])
        #expect(try Self.answerFiles(fixture).isEmpty)
        // An unknown id is an error on stderr; a gate is always evaluated (a deploy's check must be sure).
        #expect(try Self.expectFresh(fixture, ["show", "CT-WP-0009"]).status == 2)
        #expect(try Self.expectFresh(fixture, ["gate", "check", "cachetest/promote"]).status == 0)
        #expect(try Self.answerFiles(fixture).isEmpty)
        // Front matter that is not YAML: a load problem on stderr, exit 2.
        try fixture.write("workplans/CT-WP-0003-broken.md", "---\nid: [unclosed\n---\n# Broken\n")
        let broken = try Self.expectFresh(fixture, ["status"])
        #expect(broken.stderr.contains("CT-WP-0003-broken.md"), "\(broken.stderr)")
        #expect(try Self.answerFiles(fixture).isEmpty, "an answer with messages on stderr was kept")
        try Self.expectFresh(fixture, ["status"])
    }

    /// Two problems met finding files that differ only where the terminal escapes them alike
    /// (a TAB and the two characters `\t`) are two inputs: a JSON report shows them apart.
    @Test("a discovery message that escapes alike on a terminal is still another answer")
    func discoveryMessagesKeyedByTheirBytes() throws {
        let fixture = try Fixture()
        let tab = try fixture.directory.write("outside/a\tb/t.md", "# t\n")
        let escaped = try fixture.directory.write("outside/a\\tb/t.md", "# t\n")
        let link = fixture.repo + "/workplans/link.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: tab)
        let first = try Self.expectFresh(fixture, ["lint", "--format", "json"])
        #expect(first.stdout.contains("a\\tb/t.md, outside the repo"), "\(first.stdout)")
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: escaped)
        let second = try Self.expectFresh(fixture, ["lint", "--format", "json"])
        #expect(second.stdout.contains("a\\\\tb/t.md, outside the repo"), "\(second.stdout)")
    }

    /// Swift compares strings by canonical equivalence: `Café` precomposed (NFC) and with a
    /// combining accent (NFD) are `==` but not the same bytes. A parse read back from the cache
    /// must keep each as written, as a fresh parse does.
    @Test("two headings equal as Swift strings but not in bytes (NFC, NFD) keep their bytes through the parse cache")
    func canonicallyEquivalentTextKeepsItsBytes() throws {
        let fixture = try Fixture()
        try fixture.write("workplans/CT-WP-0002-unicode.md", """
            ---
            id: CT-WP-0002
            title: Unicode
            status: active
            created: "2026-01-05"
            updated: "2026-03-01"
            ---

            # Unicode

            ### Caf\u{E9} first

            ```task
            id: CT-WP-0002-T01
            status: todo
            ```

            ### Cafe\u{301} first

            ```task
            id: CT-WP-0002-T02
            status: todo
            depends_on: [CT-WP-0002-T01]
            ```

            """)
        try Self.expectFresh(fixture, ["status"])
        // Another question: not answered, but its parses come from the pack the first run wrote.
        let blocked = try Self.expectFresh(fixture, ["status", "--blocked"])
        #expect(blocked.stdout.utf8.contains(Array("Cafe\u{301} first".utf8)), "\(blocked.stdout)")
    }
}
