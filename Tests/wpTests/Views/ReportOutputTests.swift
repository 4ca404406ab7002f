import Foundation
import Testing

/// Issue 13, item 5 (in part): `-o FILE` picks the format from the extension; a Graphviz
/// failure says what failed.
@Suite("wp report: -o infers the format; Graphviz failures say what failed (end to end)")
struct ReportOutputTests {
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-report-out")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        try directory.write("apps/workplans/APP-WP-0001.md", ViewFixtures.plan("APP-WP-0001", "active", [
            ("T01", "status: todo"), ("T02", "status: todo\ndepends_on: [T01]"),
        ]))
        return directory
    }

    func report(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = [:]) throws -> RunResult {
        var env = ["WP_TODAY": "2026-11-28"]
        for (key, value) in environment { env[key] = value }
        return try wp(["report"] + arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: env)
    }

    func written(_ name: String, in directory: TemporaryDirectory) throws -> String {
        try String(contentsOfFile: directory.absolute("apps/\(name)"), encoding: .utf8)
    }

    @Test("-o r.html writes HTML, -o r.md markdown, -o r.json JSON; --format wins; another extension gets markdown")
    func formatFromExtension() throws {
        let directory = try Self.workspace()
        // No Graphviz on PATH: the HTML is the same on every machine.
        let noDot = ["PATH": directory.absolute("empty-bin")]
        try FileManager.default.createDirectory(atPath: directory.absolute("empty-bin"), withIntermediateDirectories: true)
        for (name, prefix) in [("r.html", "<!DOCTYPE html>"), ("r.HTM", "<!DOCTYPE html>"), ("r.md", "# Workplan report: apps"),
                               ("r.json", "{"), ("r.txt", "# Workplan report: apps")] {
            let result = try report(["-o", name], in: directory, environment: noDot)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout == "")
            #expect(try written(name, in: directory).hasPrefix(prefix), "\(name)")
        }
        let json = try written("r.json", in: directory)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
        let explicit = try report(["-o", "forced.html", "--format", "markdown"], in: directory, environment: noDot)
        #expect(explicit.status == 0)
        #expect(try written("forced.html", in: directory).hasPrefix("# Workplan report: apps"), "--format wins over the extension")
    }

    @Test("the HTML says whether Graphviz was missing or failed")
    func graphvizFailures() throws {
        let directory = try Self.workspace()
        try FileManager.default.createDirectory(atPath: directory.absolute("empty-bin"), withIntermediateDirectories: true)
        let missing = try report(["--format", "html"], in: directory, environment: ["PATH": directory.absolute("empty-bin")])
        #expect(missing.stdout.contains("<p>Graphviz (<code>dot</code>) was not installed when this report was made;"), "\(missing.stdout)")
        try directory.write("failing-bin/dot", "#!/bin/sh\n/bin/cat >/dev/null\nexit 3\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.absolute("failing-bin/dot"))
        let failed = try report(["--format", "html"], in: directory, environment: ["PATH": directory.absolute("failing-bin")])
        #expect(failed.stdout.contains("<p>Graphviz (<code>dot</code>) failed (exit status 3) when this report was made;"), "\(failed.stdout)")
        #expect(!failed.stdout.contains("was not installed"))
    }

    @Test("ids are links to their row or card in the page; long sections are grouped by repo and workplan, collapsible")
    func linksAndGroups() throws {
        let directory = try Self.workspace()
        try directory.write("apps/workplans/APP-WP-0002.md", ViewFixtures.plan("APP-WP-0002", "active", [
            ("T01", "status: todo\ndepends_on: [APP-WP-0001-T02]"),
        ]))
        let html = try report(["--format", "html"], in: directory, environment: ["PATH": directory.absolute("empty-bin")]).stdout
        let targets = html.matches(of: #/href="#([^"]+)"/#).map { String($0.1) }
        let anchors = Set(html.matches(of: #/ id="([^"]+)"/#).map { String($0.1) })
        #expect(targets.count >= 3, "\(html)")
        for target in targets { #expect(anchors.contains(target), "link #\(target) has no target") }
        // A blocked task's blocker links to its card; the group names its workplan, linked to its row.
        #expect(html.contains("blocked on <strong><a href=\"#el-apps_3AAPP-WP-0001-T02\">APP-WP-0001-T02</a></strong>"), "\(html)")
        #expect(html.contains("<div class=\"card\" id=\"el-apps_3AAPP-WP-0001-T02\">"))
        #expect(html.contains("<details open><summary>apps · <a href=\"#el-apps_3AAPP-WP-0001\">APP-WP-0001</a> (1 blocked)</summary>"))
        #expect(html.contains("<details open><summary>apps (2 workplans)</summary><table>"))
        #expect(html.contains("<tr id=\"el-apps_3AAPP-WP-0002\">"))
    }
}
