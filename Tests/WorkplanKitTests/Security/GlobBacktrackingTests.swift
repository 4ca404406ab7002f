import Foundation
import Testing
@testable import WorkplanKit

/// A sibling of issue 10's exhaustion items, found in review: `Glob` tried every split of the
/// path for every `**`, time exponential in their number. `.wp.yaml` is as trusted as the
/// repo, and a pull request can change it: 94 bytes (`include: ["**/**/…(14)…/*.md"]`) and
/// a 25-deep directory kept `wp status` busy for minutes. The end-to-end run is in wpTests'
/// HostileConfigTests.
@Suite("Security: glob matching is linear")
struct GlobBacktrackingTests {
    /// The former matcher: right by definition, exponential in the number of `**`.
    static func reference(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            var remaining = path
            while true {
                if reference(pattern.dropFirst(), remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return reference(pattern.dropFirst(), path.dropFirst())
    }

    @Test("the same answers as the definition, on every small pattern and path over a few segments")
    func agreesWithTheDefinition() {
        let segments = ["**", "a", "b", "*", "?", "a*", "[ab]"]
        let names = ["a", "b", "ab", "ba"]
        var patterns: [[String]] = [[]]
        for _ in 1...4 { patterns += patterns.filter { $0.count == patterns.map(\.count).max()! }.flatMap { base in segments.map { base + [$0] } } }
        var paths: [[String]] = [[]]
        for _ in 1...4 { paths += paths.filter { $0.count == paths.map(\.count).max()! }.flatMap { base in names.map { base + [$0] } } }
        var compared = 0
        for pattern in patterns {
            let glob = Glob(pattern.joined(separator: "/"))
            for path in paths {
                let expected = Self.reference(pattern[...], path[...])
                #expect(glob.matches(path.joined(separator: "/")) == expected, "\(pattern) against \(path)")
                compared += 1
            }
        }
        #expect(compared > 100_000)
    }

    @Test("forty `**` against a 60-deep path that does not match, and one that does: answered")
    func manyDoubleStars() {
        let pattern = Glob(Array(repeating: "**", count: 40).joined(separator: "/") + "/*.md")
        let deep = Array(repeating: "d", count: 60).joined(separator: "/")
        #expect(!pattern.matches(deep + "/x.txt"))
        #expect(pattern.matches(deep + "/x.md"))
        let alternating = Glob(Array(repeating: "**/d", count: 30).joined(separator: "/") + "/x.txt")
        #expect(!alternating.matches(Array(repeating: "d", count: 29).joined(separator: "/") + "/x.txt"))
        #expect(alternating.matches(Array(repeating: "d", count: 45).joined(separator: "/") + "/x.txt"))
    }
}
