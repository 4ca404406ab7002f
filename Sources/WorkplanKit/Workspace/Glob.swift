#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A path pattern such as `workplans/**/*.md`: `**` matches any number of
/// directories, each other segment is matched with fnmatch(3) (`*`, `?`, `[...]`).
struct Glob: Hashable, Sendable {
    let pattern: String
    let segments: [String]
    /// Written from `/`: it names files outside the repo.
    let isAbsolute: Bool

    init(_ pattern: String) {
        // Bytes, not Characters: a combining mark after `/` makes one Character of the two
        // (`/\u{06D9}`), which `split(separator: "/")` on the String would not cut.
        var trimmed = Array(pattern.utf8)[...]
        while trimmed.starts(with: Self.dotSlash) { trimmed = trimmed.dropFirst(2) }
        self.pattern = String(decoding: trimmed, as: UTF8.self)
        self.segments = Self.segments(of: trimmed)
        self.isAbsolute = trimmed.first == Self.slash
    }

    /// The literal prefix as a path: relative to the repo root, or absolute (from `/`).
    var base: String {
        (isAbsolute ? "/" : "") + literalPrefix.joined(separator: "/")
    }

    /// True when the pattern names files outside the directory it is relative to:
    /// absolute, or climbing out with `..` in its literal prefix.
    var leavesRoot: Bool {
        if isAbsolute { return true }
        var depth = 0
        for segment in literalPrefix {
            if segment == ".." { depth -= 1 } else if segment != "." { depth += 1 }
            if depth < 0 { return true }
        }
        return false
    }

    /// The directory below which matches can be found (the segments before the first wildcard).
    var literalPrefix: [String] {
        Array(segments.prefix { !$0.utf8.contains(where: { Self.wildcardBytes.contains($0) }) })
    }

    var hasWildcards: Bool { literalPrefix.count < segments.count }

    func matches(_ relativePath: String) -> Bool {
        Self.match(segments[...], Self.segments(of: Array(relativePath.utf8)[...])[...])
    }

    /// Matches segment by segment, remembering only the last `**` to retry from: at most
    /// (pattern segments × path segments) comparisons. Trying every split for every `**`
    /// took time exponential in their number: `**/**/**/…` (14 of them, 94 bytes of
    /// `.wp.yaml`) against a 25-deep directory ran for minutes.
    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        var next = pattern.startIndex
        var position = path.startIndex
        // The `**` last met, and the path position it currently stops before.
        var retry: (pattern: Int, path: Int)?
        while position < path.endIndex {
            if next < pattern.endIndex, pattern[next] == "**" {
                retry = (next, position)
                next += 1
            } else if next < pattern.endIndex, segmentMatches(pattern[next], path[position]) {
                next += 1
                position += 1
            } else if let last = retry {
                // Let the last `**` take one more segment and try the rest again.
                retry = (last.pattern, last.path + 1)
                next = last.pattern + 1
                position = last.path + 1
            } else {
                return false
            }
        }
        while next < pattern.endIndex, pattern[next] == "**" { next += 1 }
        return next == pattern.endIndex
    }

    private static let slash = UInt8(ascii: "/")
    private static let dotSlash: [UInt8] = [UInt8(ascii: "."), slash]
    private static let wildcardBytes: [UInt8] = [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "[")]

    /// The non-empty segments between `/` bytes.
    private static func segments(of bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: slash, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// fnmatch(3) on one segment. A NUL cannot be matched: fnmatch would stop at it and read
    /// `a\0b` as `a` (a YAML `"\0"` escape puts one in a pattern).
    private static func segmentMatches(_ pattern: String, _ name: String) -> Bool {
        guard !pattern.utf8.contains(0), !name.utf8.contains(0) else { return false }
        return fnmatch(pattern, name, 0) == 0
    }
}
