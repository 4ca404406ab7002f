#if canImport(Glibc)
import Glibc
#endif

/// wp's on-disk parse cache: each file's parse, under `<cache>/parse/<key>.wpc`, so that
/// a run over unchanged files decodes parses instead of parsing.
///
/// The key is a ``ContentHash`` of the file's bytes, chained from its repo and display
/// path and from ``settings``: the cache format, wp's version, the running executable
/// (a rebuilt wp has another inode or modification time, so a parser change never reads
/// an old build's parses) and the decision lifecycle of `.wp.yaml` (it decides prose
/// decisions' statuses). Any change of bytes, build or setting misses: nothing is ever
/// invalidated, because nothing stale can be found.
///
/// An entry is trusted only when it is a regular file owned by the user running wp in a
/// directory of theirs with mode 0700, its header names the key asked for and its payload
/// matches the checksum in the header and decodes to the end without a fault
/// (``CacheReader``). Anything else is ignored and the file is parsed and written again.
/// Every failure is silent: the cache makes wp faster, never different, and never stops it.
struct ParseCacheStore: Sendable {
    /// Bump when ``ParsedFileCoding`` or the model changes shape.
    static let formatVersion: UInt64 = 2
    static let magic: [UInt8] = Array("WPPC".utf8)
    static let headerSize = 4 + 8 + 16 + 16 + 8
    static let entrySuffix = ".wpc"

    /// `<cache>/parse`.
    let directory: String
    let settings: ContentHash

    /// The store under `cacheRoot`, or nil when it may not be used: no build identity, the
    /// directory is inside one of `workspaceRoots` (wp never writes into a user's repo) or
    /// belongs to someone else.
    static func open(cacheRoot: String, workspaceRoots: [String], decisions: Lifecycle) -> ParseCacheStore? {
        guard let build = buildIdentity() else { return nil }
        let root = absolute(cacheRoot)
        let resolvedRoot = resolvingExistingPart(root)
        for workspaceRoot in workspaceRoots {
            let repo = realPath(workspaceRoot) ?? workspaceRoot
            if resolvedRoot == repo || resolvedRoot.hasPrefix(repo.hasSuffix("/") ? repo : repo + "/") { return nil }
        }
        let directory = root + "/parse"
        makeDirectories(directory)
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else { return nil }
        if info.st_mode & 0o077 != 0, chmod(directory, 0o700) != 0 { return nil }
        var description = "wp parse cache\n\(formatVersion)\n\(WorkplanKitVersion.current)\n\(build)\n"
        description += lifecycleDescription(decisions)
        return ParseCacheStore(directory: directory, settings: ContentHash.of(description))
    }

    /// The key of one file's parse.
    func key(repo: String, displayPath: String, bytes: [UInt8]) -> ContentHash {
        let names = ContentHash.of("\(repo.utf8.count):\(repo)\n\(displayPath.utf8.count):\(displayPath)", seed: settings)
        return ContentHash.of(bytes, seed: names)
    }

    func path(for key: ContentHash) -> String {
        directory + "/" + key.hex + Self.entrySuffix
    }

    /// An entry exists under `key` (whether it can be trusted is for ``load(_:displayPath:)`` to say).
    func hasEntry(_ key: ContentHash) -> Bool {
        access(path(for: key), F_OK) == 0
    }

    /// The parse stored under `key`, or nil when there is none that can be trusted.
    func load(_ key: ContentHash, displayPath: String) -> ParsedFile? {
        let descriptor = Glibc.open(path(for: key), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              info.st_size >= Self.headerSize, info.st_size <= Limits.parseCacheEntryBytes
        else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while filled < size {
                let count = read(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                filled += count
            }
            return true
        }
        guard complete else { return nil }
        return bytes.withUnsafeBytes { buffer -> ParsedFile? in
            try? Self.decodeEntry(buffer, key: key, displayPath: displayPath)
        }
    }

    /// Checks an entry's header and checksum and decodes its payload.
    static func decodeEntry(_ entry: UnsafeRawBufferPointer, key: ContentHash, displayPath: String) throws(CacheFormatError) -> ParsedFile {
        guard entry.count >= headerSize, entry.prefix(4).elementsEqual(magic) else { throw CacheFormatError(reason: "not an entry") }
        func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: entry.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        guard word(4) == formatVersion else { throw CacheFormatError(reason: "another format") }
        guard ContentHash(high: word(12), low: word(20)) == key else { throw CacheFormatError(reason: "another key") }
        let checksum = ContentHash(high: word(28), low: word(36))
        guard word(44) == UInt64(entry.count - headerSize) else { throw CacheFormatError(reason: "truncated or extended") }
        let payload = UnsafeRawBufferPointer(rebasing: entry[headerSize...])
        guard ContentHash.of(payload) == checksum else { throw CacheFormatError(reason: "checksum") }
        return try ParsedFileCoding.decode(payload, expectedPath: displayPath)
    }

    static func encodeEntry(_ parsed: ParsedFile, key: ContentHash) -> [UInt8]? {
        guard let payload = try? ParsedFileCoding.encode(parsed), payload.count + headerSize <= Limits.parseCacheEntryBytes else { return nil }
        let checksum = payload.withUnsafeBytes { ContentHash.of($0) }
        var entry = magic
        entry.reserveCapacity(headerSize + payload.count)
        for word in [formatVersion, key.high, key.low, checksum.high, checksum.low, UInt64(payload.count)] {
            withUnsafeBytes(of: word.littleEndian) { entry.append(contentsOf: $0) }
        }
        entry += payload
        return entry
    }

    /// Writes `parsed` under `key` (a temporary file renamed into place, mode 0600); false
    /// when it could not be written (a full disk, a read-only cache): the run goes on.
    @discardableResult
    func store(_ parsed: ParsedFile, key: ContentHash) -> Bool {
        guard let entry = Self.encodeEntry(parsed, key: key) else { return false }
        let target = path(for: key)
        let temporary = directory + "/." + key.hex + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        var written = 0
        let complete = entry.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }
        close(descriptor)
        guard complete, rename(temporary, target) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// After a run that wrote entries: removes the oldest entries not in `used` while all of
    /// them take more than ``Limits/parseCacheBytes`` (down to three quarters of it), and
    /// temporary files a killed run left behind.
    func trim(used: Set<ContentHash>, limit: Int = Limits.parseCacheBytes) {
        guard let handle = opendir(directory) else { return }
        var entries: [(name: String, size: Int, modified: Int)] = []
        var total = 0
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let usedNames = Set(used.map { $0.hex + Self.entrySuffix })
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != ".." else { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if name.hasSuffix(".tmp") {
                // A writer renames its temporary file within milliseconds; one an hour old was left by a killed run.
                if Int(now.tv_sec) - Int(info.st_mtim.tv_sec) > 3600 { unlink(path) }
                continue
            }
            guard name.hasSuffix(Self.entrySuffix) else { continue }
            total += Int(info.st_size)
            if !usedNames.contains(name) { entries.append((name, Int(info.st_size), Int(info.st_mtim.tv_sec))) }
        }
        closedir(handle)
        guard total > limit else { return }
        for entry in entries.sorted(by: { ($0.modified, $0.name) < ($1.modified, $1.name) }) {
            guard total > limit / 4 * 3 else { break }
            if unlink(directory + "/" + entry.name) == 0 { total -= entry.size }
        }
    }

    // MARK: Helpers

    /// The running executable's identity: a new build of wp is another file or has another
    /// modification time. nil where `/proc/self/exe` cannot be read (then nothing is cached).
    static func buildIdentity() -> String? {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        // Not the change time: a hard link to the binary (perf's build-id cache makes one) changes it.
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// Every part of the lifecycle, in a fixed order, each length-prefixed.
    static func lifecycleDescription(_ lifecycle: Lifecycle) -> String {
        func item(_ text: String) -> String { "\(text.utf8.count):\(text)" }
        var parts = ["statuses"] + lifecycle.statuses.map(\.rawValue)
        parts.append("roles")
        for (status, roles) in lifecycle.roles.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append(status.rawValue)
            parts.append(roles.map(\.rawValue).sorted().joined(separator: ","))
        }
        parts.append("preferred")
        for (role, status) in lifecycle.preferred.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts += [role.rawValue, status.rawValue]
        }
        parts.append("transitions")
        for (from, targets) in lifecycle.transitions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append(from.rawValue)
            parts.append(item(targets.map(\.rawValue).sorted().map(item).joined()))
        }
        parts.append("required")
        for (status, fields) in lifecycle.requiredFields.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append(status.rawValue)
            parts.append(fields.map(item).joined())
        }
        return parts.map(item).joined()
    }

    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" + path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return cwd + "/" + path
    }

    /// `path` with its longest existing prefix resolved (links, `..`): where the cache would really be.
    private static func resolvingExistingPart(_ path: String) -> String {
        var existing = path
        var rest: [String] = []
        while realPath(existing) == nil, existing != "/", !existing.isEmpty {
            let slash = existing.lastIndex(of: "/") ?? existing.startIndex
            rest.insert(String(existing[existing.index(after: slash)...]), at: 0)
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
        let base = realPath(existing) ?? existing
        return ([base == "/" ? "" : base] + rest).joined(separator: "/")
    }

    /// `mkdir -p` with mode 0700 for what it creates.
    private static func makeDirectories(_ path: String) {
        var info = stat()
        if stat(path, &info) == 0 { return }
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !parent.isEmpty, parent != path { makeDirectories(parent) }
        mkdir(path, 0o700)
    }
}
