import Foundation
import Testing
import WPTestSupport
@testable import WorkplanKit

/// The answer cache: an answer comes back only for the same question over the same inputs
/// on the same day, and a damaged answer file is never taken for one.
@Suite("Answer cache: the same question over the same inputs, or nothing")
struct AnswerCacheTests {
    static let config = "repo: answers\ninclude: [workplans/**/*.md]\n"

    static func workplan(_ status: String = "todo") -> String {
        """
        ---
        id: AC-WP-0001
        title: Answers
        status: active
        created: "2026-01-05"
        updated: "2026-03-01"
        ---

        # Answers

        ```task
        id: AC-WP-0001-T01
        status: \(status)
        ```

        """
    }

    /// A workspace in a temporary directory, its cache beside it.
    struct Fixture {
        let directory: TemporaryDirectory
        var repo: String { directory.absolute("repo") }
        var cache: String { directory.absolute("cache") }

        init() throws {
            directory = try TemporaryDirectory("wp-answer-cache")
            try directory.write("repo/.wp.yaml", AnswerCacheTests.config)
            try directory.write("repo/workplans/AC-WP-0001-answers.md", AnswerCacheTests.workplan())
        }

        func options(today: String = "2026-06-01", paths: [String]? = nil) -> WorkspaceSession.Options {
            WorkspaceSession.Options(
                directory: repo, paths: paths, usesParseCache: true,
                environment: ["WP_TODAY": today, "WP_CACHE_DIR": cache])
        }

        /// Opens a session for `request`; a loaded one remembers `answer`. Returns what was found.
        func ask(_ request: AnswerRequest, today: String = "2026-06-01", paths: [String]? = nil,
                 remembering answer: CachedAnswer? = nil) throws -> CachedAnswer? {
            switch try WorkspaceSession.open(options: options(today: today, paths: paths), answering: request) {
            case .answered(let found):
                return found
            case .loaded(let session):
                if let answer { session.remember(answer) }
                return nil
            }
        }

        func answerFiles() throws -> [String] {
            guard FileManager.default.fileExists(atPath: cache + "/parse") else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: cache + "/parse").filter { $0.hasSuffix(".wpa") }.sorted()
        }
    }

    static let status = AnswerRequest(arguments: ["status"], context: ["cwd": "/x"])
    static let answer = CachedAnswer(output: Array("AC-WP-0001 Answers 0/1\n".utf8), status: .success)

    @Test("a remembered answer comes back for the same question, files untouched or only touched")
    func sameQuestionSameInputs() throws {
        let fixture = try Fixture()
        #expect(try fixture.ask(Self.status, remembering: Self.answer) == nil)
        #expect(try fixture.answerFiles().count == 1)
        #expect(try fixture.ask(Self.status) == Self.answer)
        // A touch changes no byte: still the same inputs.
        let path = fixture.directory.absolute("repo/workplans/AC-WP-0001-answers.md")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)], ofItemAtPath: path)
        #expect(try fixture.ask(Self.status) == Self.answer)
    }

    @Test("another file's bytes, a new file, another .wp.yaml, another day, other paths or another question: no answer")
    func anyChangeMisses() throws {
        let fixture = try Fixture()
        #expect(try fixture.ask(Self.status, remembering: Self.answer) == nil)
        #expect(try fixture.ask(Self.status) == Self.answer)

        #expect(try fixture.ask(Self.status, today: "2026-06-02") == nil, "another day")
        #expect(try fixture.ask(Self.status, paths: ["workplans"]) == nil, "other paths")
        #expect(try fixture.ask(AnswerRequest(arguments: ["status", "--blocked"], context: ["cwd": "/x"])) == nil, "other arguments")
        #expect(try fixture.ask(AnswerRequest(arguments: ["status"], context: ["cwd": "/y"])) == nil, "other context")
        #expect(try fixture.ask(Self.status) == Self.answer, "none of those replaced the answer")

        try fixture.directory.write("repo/workplans/AC-WP-0001-answers.md", Self.workplan("done"))
        #expect(try fixture.ask(Self.status) == nil, "changed bytes")
        try fixture.directory.write("repo/workplans/AC-WP-0001-answers.md", Self.workplan())
        #expect(try fixture.ask(Self.status) == Self.answer, "the same bytes again")

        try fixture.directory.write("repo/workplans/AC-WP-0002-more.md", "# More\n")
        #expect(try fixture.ask(Self.status) == nil, "a new file")
        try FileManager.default.removeItem(atPath: fixture.directory.absolute("repo/workplans/AC-WP-0002-more.md"))
        #expect(try fixture.ask(Self.status) == Self.answer)

        try fixture.directory.write("repo/.wp.yaml", Self.config + "rules:\n  prose-unresolved-reference: off\n")
        #expect(try fixture.ask(Self.status) == nil, "another .wp.yaml")
    }

    @Test("without the parse cache, or for an edit's session, no answer is read or written")
    func onlyThroughTheCache() throws {
        let fixture = try Fixture()
        var options = fixture.options()
        options.usesParseCache = false
        guard case .loaded(let session) = try WorkspaceSession.open(options: options, answering: Self.status) else {
            Issue.record("answered without the cache")
            return
        }
        session.remember(Self.answer)
        #expect(try fixture.answerFiles().isEmpty)
        options = fixture.options()
        options.keepingSources = .localRepo
        guard case .loaded(let editing) = try WorkspaceSession.open(options: options, answering: Self.status) else {
            Issue.record("answered an edit")
            return
        }
        editing.remember(Self.answer)
        #expect(try fixture.answerFiles().isEmpty)
    }

    @Test("a file that changes between hashing and parsing: the answer is not kept")
    func changeWhileReading() throws {
        let fixture = try Fixture()
        let loader = WorkspaceLoader(keepingSources: .none, cacheDirectory: fixture.cache, usesParseCache: true)
        // No pack yet: nothing is hashed ahead (no answer can be there), the load names what it parsed.
        let first = try loader.readInputs(from: fixture.repo)
        #expect(first.fingerprint == nil && first.keys == nil)
        let firstLoad = loader.load(first)
        #expect(firstLoad.fingerprint != nil)
        // The pack is there now: the files are hashed ahead, and the load names the same inputs.
        let inputs = try loader.readInputs(from: fixture.repo)
        #expect(inputs.fingerprint == firstLoad.fingerprint)
        #expect(loader.load(inputs).fingerprint == inputs.fingerprint)
        try fixture.directory.write("repo/workplans/AC-WP-0001-answers.md", Self.workplan("done"))
        // The "done" bytes are hashed but never parsed, so no pack holds them: the file is read
        // again, and the bytes read then are no longer the ones hashed.
        let stale = try loader.readInputs(from: fixture.repo)
        #expect(stale.fingerprint != nil && stale.fingerprint != inputs.fingerprint)
        try fixture.directory.write("repo/workplans/AC-WP-0001-answers.md", Self.workplan("blocked"))
        let loaded = loader.load(stale)
        #expect(loaded.fingerprint == nil, "the bytes parsed are not the bytes hashed")
        #expect(loaded.workspace.repos[0].workplans.first?.tasks.first?.status.rawValue == "blocked")
    }

    @Test("an answer file read back is the answer written; every cut or changed byte makes it no answer")
    func damagedAnswerFiles() throws {
        let key = ContentHash(high: 42, low: 7)
        let answer = CachedAnswer(output: Array("line one\nline two ✓\n".utf8), status: .findings)
        let file = AnswerCacheStore.encode(answer, key: key)
        #expect(AnswerCacheStore.decode(file, key: key) == answer)
        #expect(AnswerCacheStore.decode(file, key: ContentHash(high: 42, low: 8)) == nil, "another key")
        for length in 0..<file.count {
            #expect(AnswerCacheStore.decode(Array(file.prefix(length)), key: key) == nil, "cut at \(length)")
        }
        #expect(AnswerCacheStore.decode(file + [0], key: key) == nil, "a byte added")
        for index in file.indices {
            var changed = file
            changed[index] ^= 0x01
            #expect(AnswerCacheStore.decode(changed, key: key) == nil, "byte \(index) changed")
        }
        let empty = CachedAnswer(output: [], status: .success)
        #expect(AnswerCacheStore.decode(AnswerCacheStore.encode(empty, key: key), key: key) == empty)
    }

    @Test("a damaged answer on disk is ignored, the command runs, and the answer is written again")
    func damagedOnDisk() throws {
        let fixture = try Fixture()
        #expect(try fixture.ask(Self.status, remembering: Self.answer) == nil)
        let name = try #require(try fixture.answerFiles().first)
        let path = fixture.cache + "/parse/" + name
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var damaged = [UInt8](good)
        damaged[damaged.count - 2] ^= 0x20
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        #expect(try fixture.ask(Self.status, remembering: Self.answer) == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
        #expect(try fixture.ask(Self.status) == Self.answer)
    }

    @Test("answers over the size limit are not kept; beyond the count or byte limit the oldest go")
    func bounded() throws {
        let fixture = try Fixture()
        let large = CachedAnswer(output: [UInt8](repeating: 0x61, count: Limits.answerCacheAnswerBytes + 1), status: .success)
        #expect(try fixture.ask(Self.status, remembering: large) == nil)
        #expect(try fixture.answerFiles().isEmpty)
        for index in 0..<(Limits.answerCacheAnswers + 5) {
            let request = AnswerRequest(arguments: ["status", "--repo", "r\(index)"], context: [:])
            #expect(try fixture.ask(request, remembering: Self.answer) == nil)
        }
        #expect(try fixture.answerFiles().count == Limits.answerCacheAnswers)
        let newest = AnswerRequest(arguments: ["status", "--repo", "r\(Limits.answerCacheAnswers + 4)"], context: [:])
        #expect(try fixture.ask(newest) == Self.answer, "the newest answer is kept")
        // By bytes: with room for two files of this size, a third write removes the oldest.
        let store = AnswerCacheStore(parses: try #require(ParseCacheStore.open(
            cacheRoot: fixture.cache, workspaceRoots: [fixture.repo], decisions: WorkspaceConfig(repo: "answers").lifecycles.decision)))
        for name in try fixture.answerFiles() { try FileManager.default.removeItem(atPath: fixture.cache + "/parse/" + name) }
        let big = CachedAnswer(output: [UInt8](repeating: 0x62, count: 1000), status: .success)
        let fileSize = AnswerCacheStore.encode(big, key: .zero).count
        for index in 1...3 {
            #expect(store.store(big, as: ContentHash(high: 9, low: UInt64(index))))
            store.trim(keeping: ContentHash(high: 9, low: UInt64(index)), bytes: 2 * fileSize)
            usleep(2000)
        }
        #expect(try fixture.answerFiles() == [ContentHash(high: 9, low: 2).hex + ".wpa", ContentHash(high: 9, low: 3).hex + ".wpa"])
    }

    /// A file that could not be read when the inputs were hashed, and cannot be read for
    /// another reason when the workspace is made (too large, then a FIFO): the key says only
    /// "unread", so the answer kept must say what was met when hashing, or not be kept.
    @Test("a file unreadable one way when hashed and another way when parsed: the answer is not the other way's")
    func unreadableTwoWays() throws {
        let fixture = try Fixture()
        let path = try fixture.directory.write(
            "repo/workplans/AC-WP-0002-huge.md", bytes: [UInt8](repeating: 0x61, count: Limits.maximumFileSize + 1))
        let loader = WorkspaceLoader(keepingSources: .none, cacheDirectory: fixture.cache, usesParseCache: true)
        // A first load writes the pack; with it, the next inputs are hashed ahead.
        let first = loader.load(try loader.readInputs(from: fixture.repo))
        let inputs = try loader.readInputs(from: fixture.repo)
        #expect(inputs.fingerprint != nil)
        #expect(first.fingerprint == inputs.fingerprint, "a load names an unreadable file as the inputs do")
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let loaded = loader.load(inputs)
        let messages = loaded.workspace.diagnostics.filter { $0.location.path.hasSuffix("AC-WP-0002-huge.md") }.map(\.message)
        #expect(loaded.fingerprint == nil || messages.allSatisfy { $0.contains("larger than") },
                "kept as the answer to the inputs hashed: \(messages)")
    }
}
