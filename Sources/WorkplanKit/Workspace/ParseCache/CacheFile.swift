#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing one file of wp's cache (a parse pack, a kept answer), the same careful
/// way for both: links are not followed, only the user's own regular files of a bounded size
/// are read, and a file is written whole or not at all (a temporary file, mode 0600, renamed
/// into place). Every failure is nil or false: the cache never stops a run.
enum CacheFile {
    /// The bytes of `path` when it is a regular file of this user's, `minimumBytes` to
    /// `maximumBytes` long, read to its end; else nil.
    static func read(_ path: String, minimumBytes: Int, maximumBytes: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              info.st_size >= minimumBytes, info.st_size <= maximumBytes
        else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while filled < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                filled += count
            }
            return true
        }
        return complete ? bytes : nil
    }

    /// Writes `bytes` as `name` in `directory` through a temporary file there, renamed over
    /// the target; false when any step failed (nothing is left behind then).
    static func write(_ bytes: [UInt8], named name: String, in directory: String) -> Bool {
        let temporary = directory + "/." + name + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        var written = 0
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }
        close(descriptor)
        guard complete, rename(temporary, directory + "/" + name) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
