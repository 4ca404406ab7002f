import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension WorkspaceSession {
    /// A path an editor can open to show `source`: the file itself, or — for a git peer's
    /// file, which exists only in git's object store — a read-only copy of the bytes wp read,
    /// written under wp's cache (`<cache>/peer-files/<repo>/<hash of the path>/<file name>`).
    ///
    /// Nothing from the file's path but a cleaned-up file name reaches the file system (a
    /// commit's paths are untrusted); the copy is rewritten only when its bytes differ, and
    /// is mode 0444. Nil when the copy cannot be written.
    public func openablePath(of source: SourceFile) -> String? {
        guard let path = copyPath(of: source) else { return source.absolutePath }
        let directory = (path as NSString).deletingLastPathComponent
        if let existing = FileManager.default.contents(atPath: path), [UInt8](existing) == source.bytes { return path }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = path + ".tmp-\(getpid())"
            try? FileManager.default.removeItem(atPath: temporary)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(source.bytes), attributes: [.posixPermissions: 0o444]) else {
                return nil
            }
            guard rename(temporary, path) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                return nil
            }
            return path
        } catch {
            return nil
        }
    }

    /// The file a path names when it is a read-only copy of a git peer's file (``openablePath(of:)``).
    public func source(ofCopy path: String) -> SourceFile? {
        let cache = GitPeerCache.defaultDirectory(environment: options.environment) + "/peer-files/"
        guard path.hasPrefix(cache) else { return nil }
        for repo in workspace.repos {
            guard case .gitPeer = repo.kind else { continue }
            for source in repo.sources.values where copyPath(of: source) == path { return source }
        }
        return nil
    }

    /// Where the read-only copy of a git peer's file goes; nil for any other file.
    private func copyPath(of source: SourceFile) -> String? {
        guard let repo = repo(ofFile: source.displayPath), case .gitPeer = repo.kind else { return nil }
        let cache = GitPeerCache.defaultDirectory(environment: options.environment)
        let hash = String(FNV1a.hash(Array(source.displayPath.utf8)), radix: 16)
        return "\(cache)/peer-files/\(Self.safeName(repo.name))/\(hash)/" + Self.safeName((source.displayPath as NSString).lastPathComponent)
    }

    /// Letters, digits, `.`, `_` and `-` only, never starting with a dot, at most 100 characters.
    private static func safeName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.prefix(100).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
        return cleaned.hasPrefix(".") || cleaned.isEmpty ? "_" + cleaned : cleaned
    }
}
