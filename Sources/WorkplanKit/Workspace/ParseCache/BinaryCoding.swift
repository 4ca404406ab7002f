/// The small versioned binary form of the parse cache: unsigned LEB128 numbers,
/// length-prefixed strings in a per-entry table, counts before lists.
///
/// Written here and read here only: no Foundation archiver, nothing that can name a
/// type to instantiate. ``CacheReader`` checks every length and count against the
/// bytes left before using it, so a corrupt, truncated or hostile entry ends in
/// ``CacheFormatError``, never in a trap, a hang or an allocation bigger than the entry.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []
    private var stringIndex: [ExactString: Int] = [:]
    private(set) var strings: [String] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    mutating func number(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func number(_ value: Int) {
        // Zig-zag, so that the rare negative number stays short.
        number(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Bytes as they are (another writer's finished output).
    mutating func raw(_ value: ArraySlice<UInt8>) {
        bytes.append(contentsOf: value)
    }

    /// What was written, without a string table (for a writer that wrote no strings).
    var rawBytes: [UInt8] { bytes }

    /// A string, as an index into the entry's table: repeated keys, statuses and paths are stored once.
    mutating func string(_ value: String) {
        // An entry has a few hundred distinct strings: sized once, the table is not rehashed as it grows.
        if strings.isEmpty { stringIndex.reserveCapacity(256) }
        let exact = ExactString(value)
        if let index = stringIndex[exact] {
            number(UInt64(index))
            return
        }
        let index = strings.count
        strings.append(value)
        stringIndex[exact] = index
        number(UInt64(index))
    }

    mutating func optionalString(_ value: String?) {
        if let value {
            bool(true)
            string(value)
        } else {
            bool(false)
        }
    }

    /// The table of strings, then the body written so far: what a reader reads back.
    func finished() -> [UInt8] {
        var table = CacheWriter()
        table.number(UInt64(strings.count))
        for string in strings {
            let utf8 = string.utf8
            table.number(UInt64(utf8.count))
            table.bytes.append(contentsOf: utf8)
        }
        return table.bytes + bytes
    }
}

/// Why a cache entry was not used; never shown to the user (the file is parsed instead).
/// A string compared and hashed by its UTF-8 bytes, for the string table.
///
/// `String`'s `==` is canonical equivalence: keyed by `String`, the table made "José" and
/// "Jose\u{301}" (e + combining acute) one entry, and a decoded parse gave the second
/// file's owner the first one's bytes. Hashing bytes is also cheaper than `String`'s
/// hash, which normalizes first.
struct ExactString: Hashable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (left: ExactString, right: ExactString) -> Bool {
        left.value.utf8.elementsEqual(right.value.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var value = value
        value.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

struct CacheFormatError: Error, Equatable {
    var reason: String
}

/// Reads what ``CacheWriter`` wrote, checking every step.
struct CacheReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    private(set) var strings: [String] = []

    /// A reader of numbers and raw bytes at `offset`, without a string table.
    init(unindexed bytes: UnsafeRawBufferPointer, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Steps over `count` bytes (checked against the end).
    mutating func skip(_ count: Int) throws(CacheFormatError) {
        guard count >= 0, count <= bytes.count - offset else { throw CacheFormatError(reason: "past the end") }
        offset += count
    }

    /// Reads the string table at `offset`; the body follows it.
    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) throws(CacheFormatError) {
        self.bytes = bytes
        self.offset = offset
        let count = try self.count(minimumBytesEach: 1)
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let length = try self.count(minimumBytesEach: 1)
            let start = self.offset
            self.offset += length
            strings.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<start + length]), as: UTF8.self))
        }
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func number() throws(CacheFormatError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw CacheFormatError(reason: "truncated number") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw CacheFormatError(reason: "number too long") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func int() throws(CacheFormatError) -> Int {
        let raw = Int64(bitPattern: try number())
        return Int((raw >> 1) ^ -(raw & 1))
    }

    /// A non-negative int, as positions and counts are.
    mutating func natural() throws(CacheFormatError) -> Int {
        let value = try number()
        guard value <= UInt64(Int32.max) else { throw CacheFormatError(reason: "number out of range") }
        return Int(value)
    }

    /// A count of things each taking at least `minimumBytesEach` bytes: more than the bytes
    /// left could hold is corrupt (and would make a reader allocate what no entry holds).
    mutating func count(minimumBytesEach: Int) throws(CacheFormatError) -> Int {
        let value = try number()
        guard value <= UInt64(bytes.count - offset) / UInt64(max(minimumBytesEach, 1)) else {
            throw CacheFormatError(reason: "count past the end")
        }
        return Int(value)
    }

    mutating func byte() throws(CacheFormatError) -> UInt8 {
        guard offset < bytes.count else { throw CacheFormatError(reason: "truncated byte") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bool() throws(CacheFormatError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw CacheFormatError(reason: "not a boolean")
        }
    }

    mutating func fixed64() throws(CacheFormatError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw CacheFormatError(reason: "truncated word") }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func string() throws(CacheFormatError) -> String {
        let index = try number()
        guard index < UInt64(strings.count) else { throw CacheFormatError(reason: "string index out of range") }
        return strings[Int(index)]
    }

    mutating func optionalString() throws(CacheFormatError) -> String? {
        try bool() ? try string() : nil
    }
}
