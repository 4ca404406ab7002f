import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that every reader, and the disk after a crash, sees
/// either the old bytes or the new bytes, never a mix, and never loses a
/// change someone else made meanwhile.
///
/// 1. Write the new bytes to a hidden temporary file in the same directory
///    (`.<name>.wp-tmp-<pid>-<random>`, which no `*.md` pattern matches),
///    give it the original's permission bits (and owner, where allowed), fsync it.
/// 2. Under an exclusive `flock` on the directory (so two `wp` runs take
///    turns), read the file again and refuse when it is not byte for byte
///    what the edit was computed from.
/// 3. `rename(2)` the temporary file over the original (atomic on POSIX file
///    systems) and fsync the directory so the rename itself is durable.
///
/// A `wp` killed before step 3 leaves the original untouched and at most a
/// hidden temporary file, which the next write to that file removes.
///
/// The rename needs only the directory to be writable, so the file's own
/// permission is checked first: a read-only file (no write permission for the
/// user, or no write bit at all, which root would otherwise ignore) is refused
/// unless the caller says to replace it anyway; it then stays read-only. A file
/// with more than one hard link is replaced under this name only, which the
/// returned warnings say, as they say when its owner could not be kept.
public enum AtomicFileWriter {
    /// Marker in temporary file names.
    static let temporaryMarker = ".wp-tmp-"

    /// Replaces `path` with `bytes` if it still holds exactly `original`; returns
    /// warnings about what the replacement did not keep (hard links, owner).
    ///
    /// - Parameter replacingReadOnly: write a read-only file anyway (`--force`);
    ///   otherwise it is refused.
    /// - Parameter beforeCommit: called after the temporary file is written and
    ///   before the file is compared and replaced; tests use it to change the
    ///   file at the worst moment.
    @discardableResult
    public static func replace(
        _ path: String, expecting original: [UInt8], with bytes: [UInt8], displayPath: String? = nil,
        replacingReadOnly: Bool = false, beforeCommit: (() throws -> Void)? = nil
    ) throws(EditError) -> [String] {
        let shown = displayPath ?? path
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let info = try checkWritable(path, displayPath: displayPath, replacingReadOnly: replacingReadOnly)
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        removeStaleTemporaries(of: name, in: directory)
        let temporary = try writeTemporary(bytes, named: name, in: directory, mode: info.st_mode & 0o7777, shown: shown)
        var committed = false
        defer { if !committed { unlink(temporary) } }
        // The temporary file gets the original's owner when we may give it (root, or the same owner).
        var warnings: [String] = []
        if chown(temporary, info.st_uid, info.st_gid) != 0, info.st_uid != geteuid() || info.st_gid != getegid() {
            warnings.append("\(shown.terminalSafePath) belonged to uid \(info.st_uid), gid \(info.st_gid), which wp may not give a file; "
                + "the new file belongs to uid \(geteuid()), gid \(getegid()) (it has the same mode)")
        }
        if info.st_nlink > 1 {
            let others = Int(info.st_nlink) - 1
            warnings.append("\(shown.terminalSafePath) has \(others) other hard link\(others == 1 ? "" : "s"); wp replaced the file under this name "
                + "only, so \(others == 1 ? "that link keeps" : "those links keep") the old content")
        }

        if let beforeCommit {
            do {
                try beforeCommit()
            } catch {
                throw EditError.failed(.aborted(path: shown, reason: "\(error)"))
            }
        }

        let directoryHandle = open(directory, O_RDONLY)
        guard directoryHandle >= 0 else { throw EditError.failed(.fileSystem(.openDirectory, path: shown, reason: errnoText())) }
        defer { close(directoryHandle) }
        _ = flock(directoryHandle, LOCK_EX)
        defer { _ = flock(directoryHandle, LOCK_UN) }

        guard let current = try? readAll(target), current == original else {
            throw EditError.refused(.changedBeforeWrite(path: shown))
        }
        guard rename(temporary, target) == 0 else {
            throw EditError.failed(.fileSystem(.replace, path: shown, reason: errnoText()))
        }
        committed = true
        _ = fsync(directoryHandle)
        return warnings
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Refuses a read-only file unless `replacingReadOnly`; returns the file's status.
    ///
    /// Read-only: the user may not write it, or it has no write bit at all (root may
    /// write anything, but a `0444` file says "do not change me" to root too).
    @discardableResult
    public static func checkWritable(_ path: String, displayPath: String? = nil, replacingReadOnly: Bool) throws(EditError) -> stat {
        let shown = displayPath ?? path
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(target, &info) == 0 else {
            throw EditError.failed(.fileSystem(.read, path: shown, reason: errnoText()))
        }
        if !replacingReadOnly, access(target, W_OK) != 0 || info.st_mode & 0o222 == 0 {
            throw EditError.refused(.readOnly(path: shown, mode: octal(info.st_mode & 0o7777)))
        }
        return info
    }

    /// Creates `path` with `bytes`; refuses when something is already there.
    public static func create(_ path: String, with bytes: [UInt8], displayPath: String? = nil) throws(EditError) {
        let shown = displayPath ?? path
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw EditError.failed(.fileSystem(.createDirectory, path: shown, reason: error.localizedDescription))
        }
        let name = (path as NSString).lastPathComponent
        let temporary = try writeTemporary(bytes, named: name, in: directory, mode: nil, shown: shown)
        defer { unlink(temporary) }
        // link(2) fails when the name exists: no check-then-create race.
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw EditError.refused(.fileExists(path: shown)) }
            throw EditError.failed(.fileSystem(.create, path: shown, reason: errnoText()))
        }
        let directoryHandle = open(directory, O_RDONLY)
        if directoryHandle >= 0 {
            _ = fsync(directoryHandle)
            close(directoryHandle)
        }
    }

    /// Reads the whole file.
    static func readAll(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes and fsyncs a new hidden file; `mode` nil leaves the umask's default (0666 masked).
    private static func writeTemporary(_ bytes: [UInt8], named name: String, in directory: String, mode: mode_t?, shown: String) throws(EditError) -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary = directory + "/." + name + temporaryMarker + "\(getpid())-" + random
        let handle = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode == nil ? 0o666 : 0o600)
        guard handle >= 0 else { throw EditError.failed(.fileSystem(.writeBeside, path: shown, reason: errnoText())) }
        var ok = bytes.withUnsafeBytes { buffer -> Bool in
            var written = 0
            while written < buffer.count {
                let result = write(handle, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return true
        }
        ok = ok && (mode.map { fchmod(handle, $0) == 0 } ?? true) && fsync(handle) == 0
        let failure = errnoText()
        ok = close(handle) == 0 && ok
        guard ok else {
            unlink(temporary)
            throw EditError.failed(.fileSystem(.writeBeside, path: shown, reason: failure))
        }
        return temporary
    }

    /// Temporary files a killed `wp` left behind for this file (their process is gone).
    private static func removeStaleTemporaries(of name: String, in directory: String) {
        let prefix = "." + name + temporaryMarker
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for candidate in names where candidate.hasPrefix(prefix) {
            let rest = candidate.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ pid_t($0) }) else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink(directory + "/" + candidate) }
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
