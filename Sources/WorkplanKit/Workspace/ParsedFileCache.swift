import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Parsed files kept between loads of one long-running process (`wp mcp`,
/// `wp lsp`, `wp serve`), so that a refresh re-parses only files whose bytes
/// changed.
///
/// A file whose stat stamp (device, inode, size, modification and change
/// times) is unchanged is not read again; one whose stamp changed is read and
/// re-parsed only when its bytes differ from the bytes parsed before (a
/// `touch` costs a read, not a parse). Safe to use from the loader's parallel
/// parse.
public final class ParsedFileCache: Sendable {
    /// What identifies a file's version without reading it.
    struct Stamp: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec
        var changed: timespec

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = info.st_mtim
            changed = info.st_ctim
        }

        static func == (lhs: Stamp, rhs: Stamp) -> Bool {
            lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
                && lhs.changed.tv_sec == rhs.changed.tv_sec && lhs.changed.tv_nsec == rhs.changed.tv_nsec
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(inode)
            hasher.combine(size)
            hasher.combine(modified.tv_nsec)
        }
    }

    private struct Key: Hashable {
        var absolutePath: String
        var displayPath: String
        var repo: String
    }

    private struct Entry {
        /// nil for content that did not come from a file on disk (an editor's buffer, a git tree).
        var stamp: Stamp?
        var bytes: [UInt8]
        /// The decision lifecycle the file was parsed with (it decides prose decisions' statuses).
        var decisions: Lifecycle
        var parsed: ParsedFile
    }

    private let entries = Mutex<[Key: Entry]>([:])

    public init() {}

    /// How many files were parsed (not reused) since the cache was made: what a refresh cost.
    public var parses: Int { parseCount.withLock { $0 } }
    private let parseCount = Mutex(0)

    /// The parse of the file at `absolutePath` as it is now (or of `content`, when given),
    /// reused when its bytes are the ones parsed before.
    func parsed(
        absolutePath: String, displayPath: String, repo: String, decisions: Lifecycle,
        content: Result<[UInt8], Diagnostic>?, read: () -> Result<[UInt8], Diagnostic>,
        parse: ([UInt8]) -> ParsedFile
    ) -> ParsedFile {
        let key = Key(absolutePath: absolutePath, displayPath: displayPath, repo: repo)
        let previous = entries.withLock { $0[key] }
        let stamp = content == nil ? Stamp(path: absolutePath) : nil
        if let previous, previous.decisions == decisions, let stamp, previous.stamp == stamp {
            return previous.parsed
        }
        let bytes: [UInt8]
        switch content ?? read() {
        case .success(let read):
            bytes = read
        case .failure(let diagnostic):
            entries.withLock { _ = $0.removeValue(forKey: key) }
            return ParsedFile(path: displayPath, diagnostics: [diagnostic])
        }
        if let previous, previous.decisions == decisions, previous.bytes == bytes {
            entries.withLock { $0[key]?.stamp = stamp }
            return previous.parsed
        }
        let parsed = parse(bytes)
        parseCount.withLock { $0 += 1 }
        entries.withLock { $0[key] = Entry(stamp: stamp, bytes: bytes, decisions: decisions, parsed: parsed) }
        return parsed
    }

    /// Forgets files that are no longer part of the workspace.
    func keepOnly(_ absolutePaths: Set<String>) {
        entries.withLock { entries in
            entries = entries.filter { absolutePaths.contains($0.key.absolutePath) }
        }
    }
}
