/// FNV-1a with 64 bits: a fast hash of bytes that is the same on every run and
/// every machine (Swift's `Hasher` is seeded per process), so it can name a
/// directory on disk or tell two versions of a file apart. Not cryptographic:
/// nothing relies on it resisting a chosen collision.
enum FNV1a {
    static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
