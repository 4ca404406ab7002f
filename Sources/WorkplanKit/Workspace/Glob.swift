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
        var trimmed = pattern
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        self.pattern = trimmed
        self.segments = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self.isAbsolute = trimmed.hasPrefix("/")
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
        Array(segments.prefix { !$0.contains(where: { "*?[".contains($0) }) })
    }

    var hasWildcards: Bool { literalPrefix.count < segments.count }

    func matches(_ relativePath: String) -> Bool {
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return Self.match(segments, parts)
    }

    /// Whether `pattern` matches `path`, segment by segment, in time proportional to their
    /// product: trying every split for each `**` in turn took time exponential in the number
    /// of `**` (`**/**/**/…/x` against a deep path), and patterns come from `.wp.yaml`.
    private static func match(_ pattern: [String], _ path: [String]) -> Bool {
        // `matched[j]`: the pattern from segment `i` on matches the path from segment `j` on.
        var matched = [Bool](repeating: false, count: path.count + 1)
        matched[path.count] = true  // the empty pattern matches only the empty path
        for segment in pattern.reversed() {
            var row = [Bool](repeating: false, count: path.count + 1)
            if segment == "**" {
                // Zero or more whole segments: row[j] = matched[j] || row[j + 1].
                for j in stride(from: path.count, through: 0, by: -1) {
                    row[j] = matched[j] || (j < path.count && row[j + 1])
                }
            } else {
                for j in 0..<path.count where matched[j + 1] {
                    row[j] = segmentMatches(segment, path[j])
                }
            }
            matched = row
        }
        return matched[0]
    }

    /// fnmatch(3) on one segment. A NUL cannot be matched: fnmatch would stop at it and read
    /// `a\0b` as `a` (a YAML `"\0"` escape puts one in a pattern).
    private static func segmentMatches(_ pattern: String, _ name: String) -> Bool {
        guard !pattern.utf8.contains(0), !name.utf8.contains(0) else { return false }
        return fnmatch(pattern, name, 0) == 0
    }
}
