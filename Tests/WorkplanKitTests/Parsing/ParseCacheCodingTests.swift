import Foundation
import Testing
@testable import WorkplanKit

/// The parse cache's binary form: every parse read back equals the parse written, and
/// no corrupt, truncated or hostile entry traps, hangs or is taken for a parse.
@Suite("Parse cache entries: faithful, and never trusted when damaged")
struct ParseCacheCodingTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every markdown file of the examples, the test fixtures (real corpus, edge cases, fuzz
    /// findings), the parser fuzzer's seeds, the edit snapshots and `workplans/`.
    static func files() -> [URL] {
        var found: [URL] = []
        for root in ["examples", "Tests/WorkplanKitTests/Fixtures", "Tests/WorkplanKitTests/Snapshots", "Fuzz/Corpus/FuzzParse", "workplans"] {
            guard let walk = FileManager.default.enumerator(at: repoRoot.appendingPathComponent(root), includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walk where url.pathExtension == "md" { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    static func parse(_ url: URL) throws -> (ParsedFile, [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: url))
        let display = String(url.path.dropFirst(repoRoot.path.count + 1))
        return (WorkplanParser(repo: "cache-tests").parse(path: display, bytes: bytes), bytes)
    }

    static let key = ContentHash(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)

    static func expectSame(_ decoded: ParsedFile, _ parsed: ParsedFile, _ name: String) {
        #expect(decoded.path == parsed.path, "\(name)")
        #expect(decoded.workplan == parsed.workplan, "\(name): workplan differs")
        #expect(decoded.gates == parsed.gates, "\(name): gates differ")
        #expect(decoded.diagnostics == parsed.diagnostics, "\(name): diagnostics differ")
        #expect(decoded.source == nil, "\(name): an entry holds no source")
    }

    @Test("every file of the examples, the fixtures and the roadmap reads back equal to its parse")
    func roundTrip() throws {
        let files = Self.files()
        #expect(files.count > 60, "too few files found: \(files.count)")
        var withDiagnostics = 0
        for url in files {
            let (parsed, _) = try Self.parse(url)
            if !parsed.diagnostics.isEmpty { withDiagnostics += 1 }
            let entry = try #require(ParseCacheStore.encodeEntry(parsed, key: Self.key), "\(url.lastPathComponent) was not encoded")
            let decoded = try entry.withUnsafeBytes { buffer throws(CacheFormatError) in
                try ParseCacheStore.decodeEntry(buffer, key: Self.key, displayPath: parsed.path)
            }
            Self.expectSame(decoded, parsed, url.lastPathComponent)
        }
        // The edge-case fixtures include broken files: their diagnostics must survive too.
        #expect(withDiagnostics > 0)
    }

    /// A workplan with a front matter, tasks, prose and block decisions, a gate and a suppression.
    static func sampleEntry() throws -> (entry: [UInt8], parsed: ParsedFile) {
        let url = repoRoot.appendingPathComponent("examples/railiance-apps/workplans/RAILIANCE-WP-0004-app-deployment-improvements.md")
        let (parsed, _) = try Self.parse(url)
        return (try #require(ParseCacheStore.encodeEntry(parsed, key: Self.key)), parsed)
    }

    static func decodes(_ entry: [UInt8], path: String) -> Bool {
        entry.withUnsafeBytes { (try? ParseCacheStore.decodeEntry($0, key: Self.key, displayPath: path)) != nil }
    }

    @Test("an entry cut at any length is refused")
    func truncatedEntries() throws {
        let (entry, parsed) = try Self.sampleEntry()
        #expect(Self.decodes(entry, path: parsed.path))
        for length in 0..<entry.count {
            #expect(!Self.decodes(Array(entry.prefix(length)), path: parsed.path), "cut at \(length) of \(entry.count)")
        }
        #expect(!Self.decodes(entry + [0], path: parsed.path), "a byte appended")
    }

    @Test("an entry with any byte changed is refused (the checksum), and one for another key or file too")
    func flippedBytes() throws {
        let (entry, parsed) = try Self.sampleEntry()
        for offset in stride(from: 0, to: entry.count, by: max(1, entry.count / 2_000)) {
            var damaged = entry
            damaged[offset] ^= 0x5a
            #expect(!Self.decodes(damaged, path: parsed.path), "byte \(offset) changed")
        }
        let otherKey = entry.withUnsafeBytes {
            try? ParseCacheStore.decodeEntry($0, key: ContentHash(high: Self.key.high, low: Self.key.low ^ 1), displayPath: parsed.path)
        }
        #expect(otherKey == nil)
        #expect(!Self.decodes(entry, path: parsed.path + "x"), "an entry of another path")
    }

    /// A payload with a valid header and checksum (what someone who can write the cache could
    /// make): random changes to a real payload, and counts and lengths far past the end.
    @Test("hostile payloads with a valid checksum end in an error or a parse, never in a trap")
    func hostilePayloads() throws {
        let (entry, parsed) = try Self.sampleEntry()
        let payload = Array(entry[ParseCacheStore.headerSize...])
        func sealed(_ payload: [UInt8]) -> [UInt8] {
            var entry = ParseCacheStore.magic
            let checksum = ContentHash.of(payload)
            for word in [ParseCacheStore.formatVersion, Self.key.high, Self.key.low, checksum.high, checksum.low, UInt64(payload.count)] {
                withUnsafeBytes(of: word.littleEndian) { entry.append(contentsOf: $0) }
            }
            return entry + payload
        }
        #expect(Self.decodes(sealed(payload), path: parsed.path))
        var generator = SplitMix(seed: 16)
        var refused = 0
        for _ in 0..<3_000 {
            var mutated = payload
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let offset = Int(generator.next() % UInt64(mutated.count))
                switch generator.next() % 3 {
                case 0: mutated[offset] = UInt8(truncatingIfNeeded: generator.next())
                case 1: mutated[offset] = 0xff  // a continuation byte: numbers grow huge
                default: mutated.removeSubrange(offset..<min(mutated.count, offset + Int(generator.next() % 16)))
                }
                if mutated.isEmpty { mutated = [0] }
            }
            if !Self.decodes(sealed(mutated), path: parsed.path) { refused += 1 }
        }
        #expect(refused > 1_500, "most random damage must be caught: \(refused) of 3,000")
        // A string table claiming 2^62 strings, a number of 11 bytes, a string index past the table.
        for hostile: [UInt8] in [
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f],
            [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            [0x00] + [UInt8](repeating: 0x01, count: 100_000),
        ] {
            #expect(!Self.decodes(sealed(hostile), path: parsed.path))
        }
    }

    @Test("the key changes with the bytes, the repo, the path and the decision lifecycle")
    func keys() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wp-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try #require(ParseCacheStore.open(cacheRoot: directory, workspaceRoots: [], decisions: .decision))
        var renamed = Lifecycle.decision
        renamed.statuses.append("parked")
        let other = try #require(ParseCacheStore.open(cacheRoot: directory, workspaceRoots: [], decisions: renamed))
        let bytes = Array("---\nid: A-WP-0001\n---\n".utf8)
        let base = store.key(repo: "r", displayPath: "a.md", bytes: bytes)
        #expect(base == store.key(repo: "r", displayPath: "a.md", bytes: bytes))
        var changed = bytes
        changed[5] = UInt8(ascii: "j")
        let variants = [
            store.key(repo: "r", displayPath: "a.md", bytes: changed),
            store.key(repo: "r", displayPath: "a.md", bytes: bytes + [10]),
            store.key(repo: "s", displayPath: "a.md", bytes: bytes),
            store.key(repo: "r", displayPath: "b.md", bytes: bytes),
            store.key(repo: "r:a", displayPath: ".md", bytes: bytes),
            other.key(repo: "r", displayPath: "a.md", bytes: bytes),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
        // Files, directory: the user's only.
        var info = stat()
        #expect(stat(store.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        let parsed = try Self.sampleEntry()
        #expect(store.store(parsed.parsed, key: base))
        #expect(stat(store.path(for: base), &info) == 0 && info.st_mode & 0o777 == 0o600)
        Self.expectSame(try #require(store.load(base, displayPath: parsed.parsed.path)), parsed.parsed, "stored")
    }

    @Test("a cache directory inside a workspace repo is not used")
    func notInsideTheRepo() throws {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("wp-repo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: repo) }
        #expect(ParseCacheStore.open(cacheRoot: repo + "/.cache/wp", workspaceRoots: [repo], decisions: .decision) == nil)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.cache"))
        #expect(ParseCacheStore.open(cacheRoot: repo + "-cache", workspaceRoots: [repo], decisions: .decision) != nil)
        try? FileManager.default.removeItem(atPath: repo + "-cache")
    }

    @Test("trimming removes the oldest unused entries once the cache is over its limit")
    func trim() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wp-trim-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try #require(ParseCacheStore.open(cacheRoot: directory, workspaceRoots: [], decisions: .decision))
        let parsed = try Self.sampleEntry()
        var keys: [ContentHash] = []
        for index in 0..<10 {
            let key = store.key(repo: "r", displayPath: "\(index).md", bytes: [UInt8(index)])
            #expect(store.store(parsed.parsed, key: key))
            var times = [timespec(tv_sec: 1_000_000 + index, tv_nsec: 0), timespec(tv_sec: 1_000_000 + index, tv_nsec: 0)]
            utimensat(AT_FDCWD, store.path(for: key), &times, 0)
            keys.append(key)
        }
        var info = stat()
        _ = stat(store.path(for: keys[0]), &info)
        let size = Int(info.st_size)
        // Room for 4 entries: the run used entry 0 (the oldest), which stays.
        store.trim(used: [keys[0]], limit: size * 4)
        let left = keys.filter { FileManager.default.fileExists(atPath: store.path(for: $0)) }
        #expect(left == [keys[0], keys[8], keys[9]])
    }
}

/// Task bodies are not kept as text (they were most of a workspace's memory): their lines are,
/// and the text is read back from the file on demand.
@Suite("Task bodies by line range")
struct TaskBodyLinesTests {
    @Test("the body is the markdown between the task block and the next heading or task, trimmed")
    func bodyFromLines() throws {
        let text = """
            ---
            id: BODY-WP-0001
            title: Bodies
            status: active
            ---

            ### T01 — First

            ```task
            id: BODY-WP-0001-T01
            status: todo
            ```

              First paragraph.

            **Done when:** it is done.

            ### T02 — Second

            ```task
            id: BODY-WP-0001-T02
            status: todo
            ```
            ### T03 — Third
            """
        let parsed = WorkplanParser(repo: "r").parse(path: "b.md", bytes: Array(text.utf8))
        let source = try #require(parsed.source)
        let tasks = try #require(parsed.workplan?.tasks)
        #expect(tasks.count == 2)
        #expect(tasks[0].bodyLines == 13...17)
        #expect(tasks[0].body(in: source) == "First paragraph.\n\n**Done when:** it is done.")
        #expect(tasks[1].bodyLines == nil)
        #expect(tasks[1].body(in: source) == "")
        #expect(tasks[0].doneWhen == "it is done.")
    }
}
