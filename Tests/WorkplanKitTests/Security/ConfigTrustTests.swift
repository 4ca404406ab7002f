import Foundation
import Testing
@testable import WorkplanKit

// Issue 10, item 13: `.wp.yaml` was taken from any parent directory, with no
// stop at the repo and no ownership check — a `/tmp/.wp.yaml` applied to every
// user's project under /tmp.

@Suite("Security: which .wp.yaml counts (issue 10, item 13)")
struct ConfigTrustTests {
    @Test(arguments: [
        (owner: 1000, user: 1000, trusted: true),
        (owner: 0, user: 1000, trusted: true),
        (owner: 1001, user: 1000, trusted: false),
        (owner: 1000, user: 0, trusted: false),
        (owner: 0, user: 0, trusted: true),
    ])
    func aConfigCountsOnlyWhenTheUserOrRootOwnsIt(owner: Int, user: Int, trusted: Bool) {
        #expect(WorkspaceLoader.isTrustedConfigOwner(uid_t(owner), currentUser: uid_t(user)) == trusted)
    }

    @Test func aForeignConfigOnDiskIsSkippedAndTheSearchGoesOn() throws {
        let directory = try TemporaryDirectory("wp-trust")
        try directory.write(".wp.yaml", "repo: mine\n")
        try directory.write("shared/.wp.yaml", "repo: planted\n")
        try FileManager.default.createDirectory(atPath: directory.absolute("shared/project"), withIntermediateDirectories: true)
        let planted = directory.absolute("shared/.wp.yaml")
        // Someone else's file: as root, really give it away; otherwise judge it as another user would.
        let user: uid_t
        if geteuid() == 0 {
            try #require(chown(planted, 4242, 4242) == 0)
            try #require(chown(directory.absolute(".wp.yaml"), 0, 0) == 0)  // root's own file counts
            user = 0
        } else {
            user = geteuid() &+ 1
        }
        var info = stat()
        try #require(stat(planted, &info) == 0)
        let search = WorkspaceLoader.searchConfig(from: directory.absolute("shared/project"), currentUser: user)
        if geteuid() == 0 {
            #expect(search.root == directory.path, "root's own config above is used")
        } else {
            #expect(search.root == nil, "neither file belongs to the judged user or root")
        }
        #expect(search.diagnostics.first?.location.path == planted)
        #expect(search.diagnostics.first?.severity == .warning)
        #expect(search.diagnostics.first?.message.contains("ignored \(planted): it belongs to user \(info.st_uid)") == true,
                "\(search.diagnostics)")
    }

    @Test func theSearchStopsAtTheGitWorkTreeRootEvenWhenGitIsAFile() throws {
        let directory = try TemporaryDirectory("wp-trust")
        try directory.write(".wp.yaml", "repo: above\n")
        // A worktree or submodule has a `.git` file, not a directory.
        try directory.write("worktree/.git", "gitdir: /nowhere\n")
        try FileManager.default.createDirectory(atPath: directory.absolute("worktree/sub"), withIntermediateDirectories: true)
        #expect(WorkspaceLoader.searchConfig(from: directory.absolute("worktree/sub")).root == nil)
        try directory.write("worktree/.wp.yaml", "repo: here\n")
        #expect(WorkspaceLoader.searchConfig(from: directory.absolute("worktree/sub")).root == directory.absolute("worktree"))
        // Without any .git, the search reaches the directory above.
        try FileManager.default.removeItem(atPath: directory.absolute("worktree/.git"))
        try FileManager.default.removeItem(atPath: directory.absolute("worktree/.wp.yaml"))
        #expect(WorkspaceLoader.searchConfig(from: directory.absolute("worktree/sub")).root == directory.path)
    }
}

// Issue 10, item 1 (siblings): `dot` reads DOT from stdin; its environment keeps
// it from loading any file a DOT text might name.
@Suite("Security: Graphviz (issue 10, item 1)")
struct GraphvizSecurityTests {
    /// A valid 1×1 PNG.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    @Test(.enabled(if: Graphviz.isInstalled, "Graphviz is not installed"))
    func dotCannotLoadFilesTheGraphNames() throws {
        let directory = try TemporaryDirectory("wp-dot")
        let image = directory.absolute("pixel.png")
        try Data(Self.png).write(to: URL(fileURLWithPath: image))
        let attribute = "digraph { n [image=\"\(image)\", label=\"\"]; }\n"
        let htmlLabel = "digraph { m [label=<<TABLE><TR><TD><IMG SRC=\"\(image)\"/></TD></TR></TABLE>>]; }\n"
        // Control: plain `dot` does load the file both ways, so the checks below can fail.
        for dot in [attribute, htmlLabel] {
            let plain = CommandRunner(timeout: 60).run("dot", ["-Tsvg"], input: Data(dot.utf8))
            try #require(plain.succeeded, "\(plain.stderr)")
            try #require(String(decoding: plain.stdout, as: UTF8.self).contains(image), "plain dot did not load the image")
        }
        // Through wp: the attribute is ignored (a warning), the HTML image fails the layout (no SVG: the report
        // falls back to Mermaid); either way the file is not read.
        let svg = try #require(Graphviz.svg(attribute))
        #expect(!svg.contains(image), "dot loaded a file named in the graph:\n\(svg)")
        #expect(!svg.contains("<image"))
        #expect(Graphviz.svg(htmlLabel).map { $0.contains(image) } != true)
    }
}
