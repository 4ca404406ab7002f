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
        return Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
