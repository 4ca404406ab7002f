import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which file a function was loaded from, for cache keys: a shared library that a package
/// upgrade replaced is another file (another inode, size or modification time), so wp's
/// caches never mix results of two versions of the C libraries it parses with.
enum SharedLibrary {
    /// `path device:inode:size:mtime` of the file mapped where `address` is (from
    /// `/proc/self/maps`); `unknown` when that cannot be read. A function linked into the
    /// executable names the executable, whose identity the cache holds already.
    static func identity(containing address: UnsafeRawPointer) -> String {
        guard let path = mappedFile(containing: UInt(bitPattern: address)) else { return "unknown" }
        var file = stat()
        guard stat(path, &file) == 0 else { return "unknown " + path }
        return "\(path) \(file.st_dev):\(file.st_ino):\(file.st_size):\(file.st_mtim.tv_sec).\(file.st_mtim.tv_nsec)"
    }

    /// The path of the mapping that holds `address`: lines are `start-end perms offset dev inode path`.
    private static func mappedFile(containing address: UInt) -> String? {
        guard let maps = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(maps) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, maps) > 0, let line {
            let text = String(cString: line)
            let fields = text.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                  start <= address, address < end
            else { continue }
            let path = fields[5].trimmingCharacters(in: .whitespacesAndNewlines)
            return path.hasPrefix("/") ? path : nil
        }
        return nil
    }
}
