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
    static let entryKey = ContentHash(high: 7, low: 11)

    static func expectSame(_ decoded: ParsedFile, _ parsed: ParsedFile, _ name: String) {
        #expect(decoded.path == parsed.path, "\(name)")
        #expect(decoded.workplan == parsed.workplan, "\(name): workplan differs")
        #expect(decoded.gates == parsed.gates, "\(name): gates differ")
        #expect(decoded.diagnostics == parsed.diagnostics, "\(name): diagnostics differ")
        #expect(decoded.source == nil, "\(name): an entry holds no source")
    }

    /// A pack of one entry: `parsed` under ``entryKey``.
    static func pack(_ parsed: ParsedFile) throws -> [UInt8] {
        let entry = try ParsedFileCoding.encode(parsed)
        return try #require(ParsePack.encode([(key: entryKey, entry: entry[...])], key: key))
    }

    @Test("every file of the examples, the fixtures and the roadmap reads back equal to its parse, alone and in one pack")
    func roundTrip() throws {
        let files = Self.files()
        #expect(files.count > 60, "too few files found: \(files.count)")
        var withDiagnostics = 0
        var all: [(key: ContentHash, entry: ArraySlice<UInt8>)] = []
        var parses: [(ContentHash, ParsedFile)] = []
        for (index, url) in files.enumerated() {
            let (parsed, _) = try Self.parse(url)
            if !parsed.diagnostics.isEmpty { withDiagnostics += 1 }
            let pack = try ParsePack(try Self.pack(parsed), key: Self.key)
            Self.expectSame(try #require(pack.parsed(Self.entryKey, displayPath: parsed.path)), parsed, url.lastPathComponent)
            let key = ContentHash(high: UInt64(index), low: 1)
            all.append((key, try ParsedFileCoding.encode(parsed)[...]))
            parses.append((key, parsed))
        }
        // The edge-case fixtures include broken files: their diagnostics must survive too.
        #expect(withDiagnostics > 0)
        let whole = try ParsePack(try #require(ParsePack.encode(all, key: Self.key)), key: Self.key)
        #expect(whole.entries.count == files.count)
        for (key, parsed) in parses {
            Self.expectSame(try #require(whole.parsed(key, displayPath: parsed.path)), parsed, parsed.path)
        }
    }

    @Test("strings that are canonically equivalent but not the same bytes read back byte for byte")
    func canonicallyEquivalentStrings() throws {
        // "José" precomposed and with a combining accent: equal as Swift strings, not as bytes.
        let composed = "Jos\u{e9}", decomposed = "Jose\u{301}"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        var text = "---\nid: NF-WP-0001\ntitle: Names\nstatus: active\nowner: \(composed)\n---\n\n# Names\n\n"
        for (number, owner) in [(1, composed), (2, decomposed), (3, composed)] {
            text += "### T0\(number) — \(owner)\n\n```task\nid: NF-WP-0001-T0\(number)\nstatus: todo\nowner: \(owner)\n```\n\n"
        }
        let parsed = WorkplanParser(repo: "cache-tests").parse(path: "workplans/NF-WP-0001-names.md", bytes: Array(text.utf8))
        let pack = try ParsePack(try Self.pack(parsed), key: Self.key)
        let decoded = try #require(pack.parsed(Self.entryKey, displayPath: parsed.path))
        let tasks = try #require(decoded.workplan?.tasks)
        let original = try #require(parsed.workplan?.tasks)
        #expect(tasks.count == 3)
        for (read, written) in zip(tasks, original) {
            #expect(read.owner.map { Array($0.utf8) } == written.owner.map { Array($0.utf8) }, "\(written.id): owner's bytes changed")
            #expect(Array(read.title.utf8) == Array(written.title.utf8), "\(written.id): title's bytes changed")
            #expect(read.fields["owner"]?.string.map { Array($0.utf8) } == written.fields["owner"]?.string.map { Array($0.utf8) })
        }
        #expect(tasks[1].owner.map { Array($0.utf8) } == Array(decomposed.utf8))
    }

    @Test("the key names the C libraries wp parses with, as files: an upgraded libcmark-gfm or libyaml misses")
    func libraryIdentities() throws {
        for identity in [MarkdownOutline.libraryIdentity, YAMLLibrary.identity] {
            let parts = identity.split(separator: " ")
            #expect(parts.count >= 2 && parts[0].hasPrefix("/"), "\(identity)")
            var file = stat()
            #expect(stat(String(parts[0]), &file) == 0 && parts[1] == "\(file.st_dev):\(file.st_ino):\(file.st_size):\(file.st_mtim.tv_sec).\(file.st_mtim.tv_nsec)")
        }
        #expect(MarkdownOutline.libraryIdentity.contains("cmark") || MarkdownOutline.libraryIdentity.contains("/wp"))
        #expect(YAMLLibrary.identity.contains("yaml") || YAMLLibrary.identity.contains("/wp"))
    }

    /// A workplan with a front matter, tasks, prose and block decisions, a gate and a suppression.
    static func sample() throws -> (pack: [UInt8], parsed: ParsedFile) {
        let url = repoRoot.appendingPathComponent("examples/railiance-apps/workplans/RAILIANCE-WP-0004-app-deployment-improvements.md")
        let (parsed, _) = try Self.parse(url)
        return (try Self.pack(parsed), parsed)
    }

    /// The pack is accepted and its entry decodes.
    static func decodes(_ pack: [UInt8], path: String) -> Bool {
        guard let pack = try? ParsePack(pack, key: Self.key) else { return false }
        return pack.parsed(Self.entryKey, displayPath: path) != nil
    }

    @Test("a pack cut at any length is refused")
    func truncatedPacks() throws {
        let (pack, parsed) = try Self.sample()
        #expect(Self.decodes(pack, path: parsed.path))
        for length in 0..<pack.count {
            #expect(!Self.decodes(Array(pack.prefix(length)), path: parsed.path), "cut at \(length) of \(pack.count)")
        }
        #expect(!Self.decodes(pack + [0], path: parsed.path), "a byte appended")
    }

    @Test("a pack with any byte changed is refused (the checksum), and one named for another pack or file too")
    func flippedBytes() throws {
        let (pack, parsed) = try Self.sample()
        for offset in stride(from: 0, to: pack.count, by: max(1, pack.count / 2_000)) {
            var damaged = pack
            damaged[offset] ^= 0x5a
            #expect(!Self.decodes(damaged, path: parsed.path), "byte \(offset) changed")
        }
        #expect((try? ParsePack(pack, key: ContentHash(high: Self.key.high, low: Self.key.low ^ 1))) == nil)
        #expect(!Self.decodes(pack, path: parsed.path + "x"), "an entry of another path")
    }

    /// A pack with a valid header and checksum (what someone who can write the cache could
    /// make): random changes to a real entry, and counts and lengths far past the end.
    @Test("hostile entries in a pack with a valid checksum end in an error or a parse, never in a trap")
    func hostilePayloads() throws {
        let (_, parsed) = try Self.sample()
        let entry = try ParsedFileCoding.encode(parsed)
        func sealed(_ entry: [UInt8]) -> [UInt8] {
            ParsePack.encode([(key: Self.entryKey, entry: entry[...])], key: Self.key)!
        }
        #expect(Self.decodes(sealed(entry), path: parsed.path))
        var generator = SplitMix(seed: 16)
        var refused = 0
        for _ in 0..<3_000 {
            var mutated = entry
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
        // A pack claiming more entries, or a longer entry, than it holds.
        var body = CacheWriter()
        body.number(UInt64(1) << 40)
        var lying = ParseCacheStore.magic
        let payload = body.rawBytes
        let checksum = ContentHash.of(payload)
        for word in [ParseCacheStore.formatVersion, Self.key.high, Self.key.low, checksum.high, checksum.low, UInt64(payload.count)] {
            withUnsafeBytes(of: word.littleEndian) { lying.append(contentsOf: $0) }
        }
        #expect((try? ParsePack(lying + payload, key: Self.key)) == nil)
    }

    @Test("the key changes with the bytes, the repo, the path and the decision lifecycle; packs are 0600 in a 0700 directory")
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
        #expect(store.packKey(repo: "r", root: "/x") != store.packKey(repo: "r", root: "/y"))
        #expect(store.packKey(repo: "r", root: "/x") != other.packKey(repo: "r", root: "/x"))
        var info = stat()
        #expect(stat(store.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        let (_, parsed) = try Self.sample()
        let packKey = store.packKey(repo: "r", root: "/x")
        #expect(store.store([(key: base, entry: try ParsedFileCoding.encode(parsed)[...])], as: packKey))
        #expect(stat(store.path(for: packKey), &info) == 0 && info.st_mode & 0o777 == 0o600)
        Self.expectSame(try #require(store.load(packKey)?.parsed(base, displayPath: parsed.path)), parsed, "stored")
        #expect(other.load(other.packKey(repo: "r", root: "/x")) == nil, "other settings name another pack, which does not exist")
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

    @Test("trimming removes the oldest unused packs once the cache is over its limit")
    func trim() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wp-trim-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try #require(ParseCacheStore.open(cacheRoot: directory, workspaceRoots: [], decisions: .decision))
        let (_, parsed) = try Self.sample()
        let entry = try ParsedFileCoding.encode(parsed)[...]
        var keys: [ContentHash] = []
        for index in 0..<10 {
            let key = store.packKey(repo: "r\(index)", root: "/x")
            #expect(store.store([(key: Self.entryKey, entry: entry)], as: key))
            var times = [timespec(tv_sec: 1_000_000 + index, tv_nsec: 0), timespec(tv_sec: 1_000_000 + index, tv_nsec: 0)]
            utimensat(AT_FDCWD, store.path(for: key), &times, 0)
            keys.append(key)
        }
        var info = stat()
        _ = stat(store.path(for: keys[0]), &info)
        let size = Int(info.st_size)
        // Room for 4 packs: the run used pack 0 (the oldest), which stays.
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
