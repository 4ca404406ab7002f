#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// Offset of the first occurrence of `needle` in `self[from..<to]`.
    ///
    /// memchr(3) finds candidates for the first byte (vectorised in libc); only
    /// those are compared in full. (memmem is a GNU extension Swift's Glibc
    /// module does not export.)
    func firstOffset(of needle: [UInt8], from: Int, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard from >= 0, let first = needle.first, end - from >= needle.count else { return nil }
        return withUnsafeBufferPointer { haystack -> Int? in
            guard let base = haystack.baseAddress else { return nil }
            var position = from
            let last = end - needle.count
            while position <= last,
                  let hit = memchr(base + position, Int32(first), last - position + 1) {
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + offset, needle, needle.count) == 0 { return offset }
                position = offset + 1
            }
            return nil
        }
    }
}
