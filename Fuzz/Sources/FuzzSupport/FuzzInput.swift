import Foundation
import Synchronization

/// Reads a fuzzer's bytes as choices (from the front) and payloads, as LLVM's
/// FuzzedDataProvider does: every input is valid, short inputs choose zeros.
public struct FuzzInput {
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    public var isEmpty: Bool { bytes.isEmpty }

    public mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    public mutating func bool() -> Bool { byte() & 1 == 1 }

    /// A number in `0..<count` (0 when `count` is 0).
    public mutating func choose(_ count: Int) -> Int {
        guard count > 1 else { return 0 }
        let wide = count > 255 ? Int(byte()) << 8 | Int(byte()) : Int(byte())
        return wide % count
    }

    public mutating func pick<T>(_ options: [T]) -> T {
        options[choose(options.count)]
    }

    /// Bytes up to the next `separator` (dropped) or to the end.
    public mutating func part(separatedBy separator: [UInt8]) -> [UInt8] {
        guard !separator.isEmpty, let range = firstRange(of: separator) else {
            defer { bytes = bytes[bytes.endIndex...] }
            return Array(bytes)
        }
        defer { bytes = bytes[range.upperBound...] }
        return Array(bytes[..<range.lowerBound])
    }

    /// Short text up to the next `separator` byte, at most `limit` bytes (decoded leniently).
    public mutating func text(upTo separator: UInt8 = 10, limit: Int = 64) -> String {
        var taken: [UInt8] = []
        while taken.count < limit, let next = bytes.popFirst(), next != separator { taken.append(next) }
        return String(decoding: taken, as: UTF8.self)
    }

    public mutating func rest() -> [UInt8] {
        defer { bytes = bytes[bytes.endIndex...] }
        return Array(bytes)
    }

    private func firstRange(of separator: [UInt8]) -> Range<Int>? {
        var start = bytes.startIndex
        while start + separator.count <= bytes.endIndex {
            if bytes[start] == separator[0], bytes[start..<start + separator.count].elementsEqual(separator) {
                return start..<start + separator.count
            }
            start += 1
        }
        return nil
    }
}

/// Splits an input into files at this line (also in the harnesses' dictionaries).
public let fileSeparator = Array("\n%%%% next file %%%%\n".utf8)

/// One directory per harness process on tmpfs (`/dev/shm` when there is one), rewritten
/// for every input: the workspace and the editor read real files, as `wp` does.
public final class ScratchRepo: @unchecked Sendable {
    public let root: String
    private var written: Set<String> = []

    public init(_ name: String) {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        root = "\(base)/wp-fuzz-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit_b_cleanup(root)
    }

    /// Replaces the repo's files with `files` (relative path → bytes).
    public func write(_ files: [String: [UInt8]]) {
        for old in written where files[old] == nil { unlink("\(root)/\(old)") }
        for (path, bytes) in files {
            let full = "\(root)/\(path)"
            try? FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
                invariantViolated("harness: cannot write \(full)")
            }
        }
        written = Set(files.keys)
    }

    public func read(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: "\(root)/\(path)") else { invariantViolated("harness: cannot read \(path)") }
        return [UInt8](data)
    }
}

/// Removes a scratch directory when the fuzzer exits normally (`-max_total_time`, `-runs`).
private func atexit_b_cleanup(_ root: String) {
    ScratchCleanup.roots.withLock { $0.append(root) }
    guard ScratchCleanup.registered.withLock({ registered in
        defer { registered = true }
        return !registered
    }) else { return }
    atexit {
        for root in ScratchCleanup.roots.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: root) }
    }
}

private enum ScratchCleanup {
    static let roots = Mutex<[String]>([])
    static let registered = Mutex(false)
}
