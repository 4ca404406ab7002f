/// A fast 128-bit hash of bytes (two 64-bit lanes, a multiply-and-fold step per 16 bytes,
/// in the manner of wyhash): the same on every run and machine, about as fast as
/// reading the bytes from the page cache. Names a parse in wp's parse cache.
///
/// Not cryptographic: the parse cache relies on it only to tell versions of a file
/// apart (see docs/performance.md, "The parse cache", for what a collision would take
/// and why it is not a boundary).
struct ContentHash: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    static let zero = ContentHash(high: 0, low: 0)

    /// 32 lowercase hex digits: a file name.
    var hex: String {
        let digits = String(high, radix: 16) + ":" + String(low, radix: 16)
        let parts = digits.split(separator: ":")
        return String(repeating: "0", count: 16 - parts[0].count) + parts[0] + String(repeating: "0", count: 16 - parts[1].count) + parts[1]
    }

    /// The hash of `bytes`, continuing from `seed` (hash several parts by chaining: a part's
    /// hash is the next one's seed; lengths are mixed in, so parts cannot slide into each other).
    static func of(_ bytes: UnsafeRawBufferPointer, seed: ContentHash = .zero) -> ContentHash {
        var first = seed.high ^ 0xa076_1d64_78bd_642f
        var second = seed.low ^ 0xe703_7ed1_a0b4_28db
        let count = bytes.count
        var offset = 0
        while offset + 16 <= count {
            let a = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let b = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            // The old state is added back in after the fold, so that no input block can zero
            // a lane and erase what came before it.
            first = fold(a ^ first, b ^ 0x8ebc_6af0_9c88_c6e3) &+ ((first << 23) | (first >> 41)) &+ b
            second = fold(b ^ second, a ^ 0x5899_65cc_7537_4cc3) &+ ((second << 29) | (second >> 35)) &+ a
            offset += 16
        }
        var tail: (UInt64, UInt64) = (0, 0)
        if offset < count {
            withUnsafeMutableBytes(of: &tail) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<count]))
            }
        }
        first = fold(tail.0 ^ first, tail.1 ^ 0x8ebc_6af0_9c88_c6e3 ^ UInt64(count))
        second = fold(tail.1 ^ second, tail.0 ^ 0x5899_65cc_7537_4cc3 ^ UInt64(count))
        // Each lane's final state depends on the other's, so neither can be matched alone.
        let high = fold(first ^ 0x1d8e_4e27_c47d_124f, second ^ 0xa076_1d64_78bd_642f)
        let low = fold(second ^ 0xe703_7ed1_a0b4_28db, first ^ 0x8ebc_6af0_9c88_c6e3)
        return ContentHash(high: high, low: low)
    }

    static func of(_ bytes: [UInt8], seed: ContentHash = .zero) -> ContentHash {
        bytes.withUnsafeBytes { of($0, seed: seed) }
    }

    static func of(_ text: String, seed: ContentHash = .zero) -> ContentHash {
        of(Array(text.utf8), seed: seed)
    }

    @inline(__always)
    private static func fold(_ left: UInt64, _ right: UInt64) -> UInt64 {
        let product = left.multipliedFullWidth(by: right)
        return product.high ^ product.low
    }
}
