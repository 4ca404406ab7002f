import Foundation
import Testing
@testable import WorkplanKit

/// The stamp shortcut of ``ParsedFileCache`` must never hide new bytes.
@Suite("ParsedFileCache: a stamp is trusted only once it settled")
struct ParsedFileCacheTests {
    /// Asks the cache for `path` with `bytes` as the file's content; counts reads and parses.
    final class Probe {
        var reads = 0
        var parsed: [[UInt8]] = []

        func ask(_ cache: ParsedFileCache, _ path: String, bytes: [UInt8]) -> ParsedFile {
            cache.parsed(
                absolutePath: path, displayPath: "plan.md", repo: "r", decisions: Lifecycle.decision, content: nil,
                read: { reads += 1; return .success(bytes) },
                parse: { parsed.append($0); return ParsedFile(path: "plan.md", diagnostics: []) })
        }
    }

    @Test("new bytes behind an unchanged stamp (a same-size rewrite within one timestamp tick) are read and parsed")
    func freshStampIsNotTrusted() throws {
        let directory = try TemporaryDirectory("wp-cache")
        let path = try directory.write("plan.md", "status: todo\n")
        let cache = ParsedFileCache()
        let probe = Probe()
        _ = probe.ask(cache, path, bytes: Array("status: todo\n".utf8))
        // The file on disk is not touched: its stamp is exactly the one the cache kept. The
        // content the cache reads stands for bytes written in the same tick as the first read.
        _ = probe.ask(cache, path, bytes: Array("status: done\n".utf8))
        #expect(probe.reads == 2, "a stamp taken right after the file changed was trusted")
        #expect(probe.parsed == [Array("status: todo\n".utf8), Array("status: done\n".utf8)])
        #expect(cache.takeChanges().files == ["plan.md"])
    }

    @Test("a stamp taken long enough after the last change is trusted: no read")
    func settledStampIsTrusted() async throws {
        let directory = try TemporaryDirectory("wp-cache")
        let path = try directory.write("plan.md", "status: todo\n")
        try await Task.sleep(for: .seconds(ParsedFileCache.Stamp.settleSeconds + 1))
        let cache = ParsedFileCache()
        let probe = Probe()
        _ = probe.ask(cache, path, bytes: Array("status: todo\n".utf8))
        _ = probe.ask(cache, path, bytes: Array("status: todo\n".utf8))
        #expect(probe.reads == 1)
        #expect(probe.parsed.count == 1)
    }
}
