import Foundation
import Testing

/// Fuzz findings (docs/reliability.md) whose regression is an exhaustion: the real `wp`
/// under a memory limit and a timeout must end cleanly (HostileParsingTests' harness).
@Suite("Fuzz findings (end to end, bounded)")
struct FuzzFindingEndToEndTests {
    /// FuzzGlob: an include pattern of twelve `**` tried every split of a deep path for each,
    /// exponential in their number: `wp lint` on one file 41 directories deep ran for minutes.
    @Test func fuzzFinding_globIncludeWithManyDoubleStarsEndsCleanly() throws {
        let pattern = String(repeating: "**/", count: 12) + "x.md"
        let deep = String(repeating: "a/", count: 40) + "b.md"
        let directory = try HostileParsingTests.workspace([
            ".wp.yaml": "repo: deep\ninclude: [\"workplans/**/*.md\", \"\(pattern)\"]\n",
            "workplans/DEEP-WP-0001-plan.md": HostileParsingTests.frontMatter("DEEP-WP-0001") + "# Plan\n",
            deep: HostileParsingTests.frontMatter("DEEP-WP-0002") + "# Not included\n",
            String(repeating: "a/", count: 40) + "x.md": HostileParsingTests.frontMatter("DEEP-WP-0003") + "# Included\n",
        ])
        let status = try HostileParsingTests.boundedWP(["status", "--format", "json"], in: directory.path)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("DEEP-WP-0001"))
        #expect(status.stdout.contains("DEEP-WP-0003"), "the deep x.md matches the pattern")
        #expect(!status.stdout.contains("DEEP-WP-0002"), "the deep b.md does not")
    }
}
