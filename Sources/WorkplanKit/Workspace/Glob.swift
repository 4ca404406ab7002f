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

    init(_ pattern: String) {
        var trimmed = pattern
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        self.pattern = trimmed
        self.segments = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
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
