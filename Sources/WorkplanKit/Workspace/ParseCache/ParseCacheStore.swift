#if canImport(Glibc)
import Glibc
#endif

/// wp's on-disk parse cache: the parses of one repo's files in one pack,
/// `<cache>/parse/<pack key>.wpp`, so that a run over unchanged files decodes parses
/// instead of parsing them.
///
/// A pack holds one entry per file, found by a ``ContentHash`` of the file's bytes
/// chained from its repo and display path and from ``settings``: the cache format, wp's
/// version, the running executable (a rebuilt wp has another inode or modification time,
/// so a parser change never reads an old build's parses) and the decision lifecycle of
/// `.wp.yaml` (it decides prose decisions' statuses). Any change of bytes, build or
/// setting misses: nothing is ever invalidated, because nothing stale can be found. The
/// pack's own name hashes the settings, the repo and its root, so two checkouts never
/// share one.
///
/// One pack per repo, not one file per parse, by measurement (1,000 workplans, 4 repos):
/// writing 1,004 entry files took 0.6–0.7 s of system time and 1–2 s of wall time on
/// this machine's ext4, more than the parse they save; four packs take milliseconds.
/// A run that missed any file of a repo (or found entries of files gone) writes that
/// repo's pack again, whole, with what it read and parsed.
///
/// A pack is trusted only when it is a regular file owned by the user running wp in a
/// directory of theirs with mode 0700, its header names the pack asked for, its body
/// matches the checksum in the header, and each entry decodes to its end without a fault
/// (``CacheReader``). Anything else is ignored and written again. Every failure is
/// silent: the cache makes wp faster, never different, and never stops it.
struct ParseCacheStore: Sendable {
    /// Bump when ``ParsedFileCoding``, the pack layout or the model changes shape.
    static let formatVersion: UInt64 = 3
    static let magic: [UInt8] = Array("WPPK".utf8)
    /// Magic, format, pack key (2 words), checksum (2 words), body length.
    static let headerSize = 4 + 8 + 16 + 16 + 8
    static let packSuffix = ".wpp"

    /// `<cache>/parse`.
    let directory: String
    let settings: ContentHash
    /// False under `--offline`, which leaves wp's cache as it is: packs are read, none written.
    var writable = true

    /// The store under `cacheRoot`, or nil when it may not be used: no build identity, the
    /// directory is inside one of `workspaceRoots` (wp never writes into a user's repo) or
    /// belongs to someone else. A store that is not `writable` creates no directory.
    static func open(cacheRoot: String, workspaceRoots: [String], decisions: Lifecycle, writable: Bool = true) -> ParseCacheStore? {
        guard let build = buildIdentity() else { return nil }
        let root = absolute(cacheRoot)
        let resolvedRoot = resolvingExistingPart(root)
        for workspaceRoot in workspaceRoots {
            let repo = realPath(workspaceRoot) ?? workspaceRoot
            if resolvedRoot == repo || resolvedRoot.hasPrefix(repo.hasSuffix("/") ? repo : repo + "/") { return nil }
        }
        let directory = root + "/parse"
        if writable { makeDirectories(directory) }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else { return nil }
        if info.st_mode & 0o077 != 0, !writable || chmod(directory, 0o700) != 0 { return nil }
        var description = "wp parse cache\n\(formatVersion)\n\(WorkplanKitVersion.current)\n\(build)\n"
        description += "\(MarkdownOutline.libraryIdentity)\n\(YAMLLibrary.identity)\n"
        description += lifecycleDescription(decisions)
        return ParseCacheStore(directory: directory, settings: ContentHash.of(description), writable: writable)
    }

    /// The key of one file's parse.
    func key(repo: String, displayPath: String, bytes: [UInt8]) -> ContentHash {
        let names = ContentHash.of("\(repo.utf8.count):\(repo)\n\(displayPath.utf8.count):\(displayPath)", seed: settings)
        return ContentHash.of(bytes, seed: names)
    }

    /// The name of a repo's pack: its settings, name and root (or, for a git peer, its cache path).
    func packKey(repo: String, root: String) -> ContentHash {
        ContentHash.of("pack\n\(repo.utf8.count):\(repo)\n\(root.utf8.count):\(root)", seed: settings)
    }

    func path(for packKey: ContentHash) -> String {
        directory + "/" + packKey.hex + Self.packSuffix
    }

    /// The pack named `packKey`, or nil when there is none that can be trusted.
    func load(_ packKey: ContentHash) -> ParsePack? {
        guard let bytes = CacheFile.read(path(for: packKey), minimumBytes: Self.headerSize, maximumBytes: Limits.parseCachePackBytes)
        else { return nil }
        return try? ParsePack(bytes, key: packKey)
    }

    /// Writes a pack of `entries` (key → encoded parse) as `packKey` (a temporary file renamed
    /// into place, mode 0600); false when it could not be written (a full disk, a read-only
    /// cache, a pack over ``Limits/parseCachePackBytes``): the run goes on.
    @discardableResult
    func store(_ entries: [(key: ContentHash, entry: ArraySlice<UInt8>)], as packKey: ContentHash) -> Bool {
        guard writable, let pack = ParsePack.encode(entries, key: packKey) else { return false }
        return CacheFile.write(pack, named: packKey.hex + Self.packSuffix, in: directory)
    }

    /// After a run that wrote packs: removes the oldest packs not in `used` while all of them
    /// take more than ``Limits/parseCacheBytes`` (down to three quarters of it), and
    /// temporary files a killed run left behind.
    func trim(used: Set<ContentHash>, limit: Int = Limits.parseCacheBytes) {
        guard let handle = opendir(directory) else { return }
        var packs: [(name: String, size: Int, modified: Int)] = []
        var total = 0
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let usedNames = Set(used.map { $0.hex + Self.packSuffix })
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
            guard name.hasSuffix(Self.packSuffix) else { continue }
            total += Int(info.st_size)
            if !usedNames.contains(name) { packs.append((name, Int(info.st_size), Int(info.st_mtim.tv_sec))) }
        }
        closedir(handle)
        guard total > limit else { return }
        for pack in packs.sorted(by: { ($0.modified, $0.name) < ($1.modified, $1.name) }) {
            guard total > limit / 4 * 3 else { break }
            if unlink(directory + "/" + pack.name) == 0 { total -= pack.size }
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

/// One repo's parses as read from the cache: the checked bytes and where each entry is.
struct ParsePack: Sendable {
    let bytes: [UInt8]
    /// Entry key → its bytes' range in ``bytes``.
    let entries: [ContentHash: Range<Int>]

    /// Checks the header and checksum and indexes the entries (each is decoded when asked for).
    init(_ bytes: [UInt8], key: ContentHash) throws(CacheFormatError) {
        self.bytes = bytes
        let indexed = bytes.withUnsafeBytes { buffer in
            Result { () throws(CacheFormatError) in try Self.index(buffer, key: key) }
        }
        entries = try indexed.get()
    }

    private static func index(_ pack: UnsafeRawBufferPointer, key: ContentHash) throws(CacheFormatError) -> [ContentHash: Range<Int>] {
        let headerSize = ParseCacheStore.headerSize
        guard pack.count >= headerSize, pack.prefix(4).elementsEqual(ParseCacheStore.magic) else { throw CacheFormatError(reason: "not a pack") }
        func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: pack.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        guard word(4) == ParseCacheStore.formatVersion else { throw CacheFormatError(reason: "another format") }
        guard ContentHash(high: word(12), low: word(20)) == key else { throw CacheFormatError(reason: "another pack") }
        let checksum = ContentHash(high: word(28), low: word(36))
        guard word(44) == UInt64(pack.count - headerSize) else { throw CacheFormatError(reason: "truncated or extended") }
        guard ContentHash.of(UnsafeRawBufferPointer(rebasing: pack[headerSize...])) == checksum else { throw CacheFormatError(reason: "checksum") }
        var reader = CacheReader(unindexed: pack, offset: headerSize)
        let count = try reader.count(minimumBytesEach: 17)
        var entries: [ContentHash: Range<Int>] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let entryKey = ContentHash(high: try reader.fixed64(), low: try reader.fixed64())
            let length = try reader.count(minimumBytesEach: 1)
            let start = reader.offset
            try reader.skip(length)
            entries[entryKey] = start..<start + length
        }
        guard reader.isAtEnd else { throw CacheFormatError(reason: "bytes after the last entry") }
        return entries
    }

    /// The raw bytes of the entry `key`, to carry over into the next pack.
    func entry(_ key: ContentHash) -> ArraySlice<UInt8>? {
        entries[key].map { bytes[$0] }
    }

    /// The parse stored as `key` for the file shown as `displayPath`, or nil (none, or not trusted).
    func parsed(_ key: ContentHash, displayPath: String) -> ParsedFile? {
        guard let range = entries[key] else { return nil }
        return bytes.withUnsafeBytes { buffer in
            try? ParsedFileCoding.decode(UnsafeRawBufferPointer(rebasing: buffer[range]), expectedPath: displayPath)
        }
    }

    /// A pack of `entries`, or nil when it would be larger than ``Limits/parseCachePackBytes``.
    static func encode(_ entries: [(key: ContentHash, entry: ArraySlice<UInt8>)], key: ContentHash) -> [UInt8]? {
        var body = CacheWriter()
        body.number(UInt64(entries.count))
        for (entryKey, entry) in entries {
            body.fixed64(entryKey.high)
            body.fixed64(entryKey.low)
            body.number(UInt64(entry.count))
            body.raw(entry)
        }
        let payload = body.rawBytes
        guard payload.count + ParseCacheStore.headerSize <= Limits.parseCachePackBytes else { return nil }
        let checksum = payload.withUnsafeBytes { ContentHash.of($0) }
        var pack = ParseCacheStore.magic
        pack.reserveCapacity(ParseCacheStore.headerSize + payload.count)
        for word in [ParseCacheStore.formatVersion, key.high, key.low, checksum.high, checksum.low, UInt64(payload.count)] {
            withUnsafeBytes(of: word.littleEndian) { pack.append(contentsOf: $0) }
        }
        pack += payload
        return pack
    }
}
