#if canImport(Glibc)
import Glibc
#endif

/// A reading command's whole answer (what it wrote to stdout, and its exit status: `wp status`,
/// `lint` without `--base`, `ready`, `show`, `impact`, `graph`; never a gate's), kept
/// beside the parse packs as `<cache>/parse/<answer key>.wpa`, so that a run over unchanged
/// inputs costs reading and hashing the files (a directory walk) and writing the answer,
/// not decoding parses and building the graph again.
///
/// The key chains the load's fingerprint (``WorkspaceLoader/fingerprint(_:keys:settings:)``:
/// wp's build and the parse settings, `.wp.yaml`'s bytes, every repo and file found with the
/// hash of its bytes, every problem met finding them) with the question
/// (``AnswerRequest``: the command line, the directory it ran in, what styles the output)
/// and the run's clock. So any change of bytes, build, setting, command line or day misses;
/// nothing is invalidated, because nothing stale can be found, as for parses.
///
/// Only answers that wrote nothing to stderr are kept, and only up to
/// ``Limits/answerCacheAnswerBytes``; at most ``Limits/answerCacheAnswers`` taking at most
/// ``Limits/answerCacheBytes`` together are kept (the oldest go first). Trust is the parse packs' (``ParseCacheStore``): the directory is the
/// parse cache's, a file is read only when it is a regular file of the user's, not larger
/// than the limit, and its header, key, length and checksum match; anything else is ignored
/// (the command runs) and written again.
struct AnswerCacheStore: Sendable {
    static let formatVersion: UInt64 = 1
    static let magic: [UInt8] = Array("WPAN".utf8)
    /// Magic, format, key (2 words), checksum (2 words), exit status, output length.
    static let headerSize = 4 + 8 + 16 + 16 + 8 + 8
    static let suffix = ".wpa"

    /// The parse cache's directory.
    let directory: String
    let writable: Bool

    init(parses: ParseCacheStore) {
        directory = parses.directory
        writable = parses.writable
    }

    func path(for key: ContentHash) -> String {
        directory + "/" + key.hex + Self.suffix
    }

    /// The answer stored as `key`, or nil when there is none that can be trusted.
    func load(_ key: ContentHash) -> CachedAnswer? {
        CacheFile.read(path(for: key), minimumBytes: Self.headerSize, maximumBytes: Self.headerSize + Limits.answerCacheAnswerBytes)
            .flatMap { Self.decode($0, key: key) }
    }

    /// Writes `answer` as `key` (a temporary file renamed into place, mode 0600), then removes
    /// the oldest answers beyond ``Limits/answerCacheAnswers`` or ``Limits/answerCacheBytes``.
    /// False when nothing was written: a read-only cache, an answer over the limit, a full
    /// disk. The run goes on either way.
    @discardableResult
    func store(_ answer: CachedAnswer, as key: ContentHash) -> Bool {
        guard writable, answer.output.count <= Limits.answerCacheAnswerBytes,
              CacheFile.write(Self.encode(answer, key: key), named: key.hex + Self.suffix, in: directory)
        else { return false }
        trim(keeping: key)
        return true
    }

    /// Removes the oldest answers (by modification time) while there are more than `limit` or
    /// they take more than `bytes` together; never `kept`, the one just written.
    func trim(keeping kept: ContentHash, limit: Int = Limits.answerCacheAnswers, bytes: Int = Limits.answerCacheBytes) {
        guard let handle = opendir(directory) else { return }
        var answers: [(name: String, size: Int, modified: timespec)] = []
        let keptName = kept.hex + Self.suffix
        var keptSize = 0
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(Self.suffix) else { continue }
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if name == keptName {
                keptSize = Int(info.st_size)
            } else {
                answers.append((name, Int(info.st_size), info.st_mtim))
            }
        }
        closedir(handle)
        var count = answers.count + 1
        var total = answers.reduce(keptSize) { $0 + $1.size }
        let oldestFirst = answers.sorted { ($0.modified.tv_sec, $0.modified.tv_nsec, $0.name) < ($1.modified.tv_sec, $1.modified.tv_nsec, $1.name) }
        for answer in oldestFirst {
            guard count > limit || total > bytes else { break }
            if unlink(directory + "/" + answer.name) == 0 {
                count -= 1
                total -= answer.size
            }
        }
    }

    static func encode(_ answer: CachedAnswer, key: ContentHash) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(8 + answer.output.count)
        withUnsafeBytes(of: UInt64(UInt32(bitPattern: answer.status.rawValue)).littleEndian) { body.append(contentsOf: $0) }
        body += answer.output
        let checksum = ContentHash.of(body)
        var file = magic
        file.reserveCapacity(headerSize + answer.output.count)
        for word in [formatVersion, key.high, key.low, checksum.high, checksum.low] {
            withUnsafeBytes(of: word.littleEndian) { file.append(contentsOf: $0) }
        }
        file += body.prefix(8)
        withUnsafeBytes(of: UInt64(answer.output.count).littleEndian) { file.append(contentsOf: $0) }
        file += body.dropFirst(8)
        return file
    }

    /// The answer in `file` when it is one wp wrote as `key`, whole; else nil.
    static func decode(_ file: [UInt8], key: ContentHash) -> CachedAnswer? {
        guard file.count >= headerSize, file.prefix(4).elementsEqual(magic) else { return nil }
        func word(_ offset: Int) -> UInt64 {
            file.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        }
        guard word(4) == formatVersion, ContentHash(high: word(12), low: word(20)) == key,
              word(52) == UInt64(file.count - headerSize),
              word(44) <= UInt64(UInt32.max), let status = ExitStatus(rawValue: Int32(bitPattern: UInt32(word(44))))
        else { return nil }
        let output = Array(file[headerSize...])
        var body = Array(file[44..<52])
        body += output
        guard ContentHash.of(body) == ContentHash(high: word(28), low: word(36)) else { return nil }
        return CachedAnswer(output: output, status: status)
    }
}

/// What a reading command answered: its stdout, byte for byte, and its exit status.
public struct CachedAnswer: Sendable, Equatable {
    public var output: [UInt8]
    public var status: ExitStatus

    public init(output: [UInt8], status: ExitStatus) {
        self.output = output
        self.status = status
    }
}

/// The question a reading command asks, for the answer cache: everything besides the
/// workspace and the clock its answer depends on. The CLI fills it with its whole command
/// line, the directory it runs in, whether stdout and stderr are terminals and the
/// environment variables that style output; two runs that differ in any of them never share
/// an answer.
public struct AnswerRequest: Sendable, Equatable {
    public var arguments: [String]
    public var context: [String: String]

    public init(arguments: [String], context: [String: String]) {
        self.arguments = arguments
        self.context = context
    }

    /// Length-prefixed, keys sorted: the same question always describes alike.
    var description: String {
        var text = "answer\n"
        func item(_ value: String) {
            text += String(value.utf8.count)
            text += ":"
            text += value
        }
        item("arguments")
        item(String(arguments.count))
        arguments.forEach(item)
        item("context")
        for (name, value) in context.sorted(by: { $0.key < $1.key }) {
            item(name)
            item(value)
        }
        return text
    }
}
