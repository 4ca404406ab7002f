import Foundation
import Testing

/// Issue 13, item 5: the HTML report's filter box, its links to the forge (`--link-base`)
/// and its self-containment, end to end with the built binary. The filter's behaviour in a
/// browser is Tests/serve/test_report_browser.py (Selenium, run by ServeEndToEndTests).
@Suite("wp report --format html: filter box, --link-base, no external assets (end to end)")
struct ReportHTMLTests {
    /// Repo `apps`: W-WP-0001 in a directory and file whose names need percent-encoding, with a
    /// task blocked by status and a hostile title; W-WP-0002 in plain `workplans/`.
    static func workspace() throws -> (TemporaryDirectory, path: String) {
        let directory = try TemporaryDirectory("wp-e2e-report-html")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        let path = "workplans/sub dir/W-WP-0001-ä#x.md"
        var first = ViewFixtures.plan("W-WP-0001", "active", [
            ("T01", "status: blocked\nreason: waiting for the \"vendor\" <script>x</script>"), ("T02", "status: todo"),
        ])
        first = first.replacingOccurrences(of: "title: Plan W-WP-0001", with: "title: 'Say \"hi\" <script>alert(1)</script> & Co'")
        try directory.write("apps/" + path, first)
        try directory.write("apps/workplans/W-WP-0002-plain.md", ViewFixtures.plan("W-WP-0002", "active", [
            ("T01", "status: todo\ndepends_on: [W-WP-0001-T02]"),
        ]))
        return (directory, path)
    }

    func report(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(["report"] + arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"])
    }

    @Test("the filter box: hidden until the script shows it, every row and card carries its words escaped, nothing else hidden")
    func filterBoxMarkup() throws {
        let (directory, _) = try Self.workspace()
        let result = try report(["--format", "html"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        expectSelfContainedHTML(html)
        #expect(html.contains("<div class=\"filter\" id=\"filter\" hidden><label for=\"filter-input\">Filter</label> <input type=\"search\" id=\"filter-input\""))
        // Without JavaScript everything is visible: the filter box is the one hidden element.
        #expect(html.matches(of: #/\shidden[\s>]/#).count == 1)
        // Collapsible groups by repo and workplan.
        #expect(html.contains("<details open><summary>apps · <a href=\"#el-apps_3AW-WP-0001\">W-WP-0001</a> (1 blocked)</summary>"))
        let rows = html.matches(of: #/<tbody data-filter="([^"]*)"><tr id="el-[^"]*">/#).map { String($0.1) }
        #expect(rows.count == 2, "every progress row is filterable")
        let cards = html.matches(of: #/<div class="item" data-filter="([^"]*)"><div class="card" id="el-[^"]*">/#).map { String($0.1) }
        #expect(cards.count == 2, "every blocked card is filterable")
        let first = try #require(rows.first { $0.hasPrefix("w-wp-0001 ") })
        // Lower-cased, every file value HTML-escaped in the attribute: no quote ends it, no tag opens.
        #expect(first == "w-wp-0001 say &quot;hi&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; co apps active workplans/sub dir/w-wp-0001-ä#x.md")
        let blocked = try #require(cards.first { $0.hasPrefix("w-wp-0001-t01 ") })
        #expect(blocked.contains("waiting for the &quot;vendor&quot; &lt;script&gt;x&lt;/script&gt;"))
        #expect(!html.contains("<script>alert") && !html.contains("<script>x"))
    }

    @Test("the Content-Security-Policy allows exactly the page's script, by its SHA-256")
    func scriptHash() throws {
        let (directory, _) = try Self.workspace()
        let html = try report(["--format", "html"], in: directory).stdout
        let policy = try #require(html.firstMatch(of: #/script-src 'sha256-([A-Za-z0-9+/=]+)'/#)).1
        let script = try #require(html.firstMatch(of: #/<script>([\s\S]*)</script>/#)).1
        try directory.write("script.js", String(script))
        let hash = try run("/usr/bin/env", ["python3", "-c",
            "import hashlib, base64, sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1], 'rb').read()).digest()).decode())",
            directory.absolute("script.js")], in: directory.path)
        #expect(hash.status == 0, "\(hash.stderr)")
        #expect(hash.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(policy))
    }

    @Test("--link-base: each element's own id links to its file and line on the forge, the path percent-encoded; references stay in the page")
    func linkBaseGitea() throws {
        let (directory, path) = try Self.workspace()
        let json = try report(["--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let blocked = try #require((object["blocked"] as? [[String: Any]])?.first { $0["id"] as? String == "W-WP-0001-T01" })
        let line = try #require(blocked["line"] as? Int)
        let source = try String(contentsOfFile: directory.absolute("apps/" + path), encoding: .utf8)
        #expect(lineNumber(containing: "id: W-WP-0001-T01", in: source).map { $0 - 1 } == line, "the line of the task block")

        let result = try report(["--format", "html", "--link-base", "https://git.example.org/team/"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        expectSelfContainedHTML(html)
        let file = "https://git.example.org/team/apps/src/branch/main/workplans/sub%20dir/W-WP-0001-%C3%A4%23x.md"
        #expect(html.contains("<a class=\"forge\" href=\"\(file)#L1\" title=\"workplans/sub dir/W-WP-0001-ä#x.md:1\">W-WP-0001</a>"), "the workplan row")
        #expect(html.contains("<h3><a class=\"forge\" href=\"\(file)#L\(line)\""), "the blocked card, at its line")
        #expect(html.contains("href=\"https://git.example.org/team/apps/src/branch/main/workplans/W-WP-0002-plain.md#L1\""))
        // W-WP-0002-T01 waits on W-WP-0001-T02, which has no card: its workplan's row is linked in the page.
        #expect(html.contains("<summary>apps · <a href=\"#el-apps_3AW-WP-0001\">W-WP-0001</a>"))
        // Without --link-base no id leaves the page.
        #expect(!(try report(["--format", "html"], in: directory).stdout.contains("class=\"forge\"")))
    }

    @Test("--link-base as a template with {repo}, {path} and {line} (GitHub's blob form)")
    func linkBaseTemplate() throws {
        let (directory, _) = try Self.workspace()
        let output = directory.absolute("r.html")
        let result = try report(["-o", output, "--link-base", "https://github.com/org/{repo}/blob/main/{path}?plain=1#L{line}"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.contains("href=\"https://github.com/org/apps/blob/main/workplans/W-WP-0002-plain.md?plain=1#L1\""), "& would be &amp; in the attribute")
    }

    @Test("--link-base that is not an http(s) URL, or without HTML, is a usage error (64): a message, nothing written",
          arguments: [["--link-base", "javascript:alert(1)//https://x"], ["--link-base", "ftp://git.example.org/x"],
                      ["--link-base", "https://git.example.org/a b"], ["--link-base", "https://"], ["--link-base", "git.example.org/team"],
                      ["--link-base", "https://git.example.org/x", "--format", "markdown"], ["--link-base", "https://git.example.org/x", "-o", "r.md"]])
    func linkBaseRefused(_ arguments: [String]) throws {
        let (directory, _) = try Self.workspace()
        let withOutput = arguments.contains("-o") ? arguments : arguments + ["-o", "r.html"]
        let result = try report(withOutput, in: directory)
        #expect(result.status == 64, "\(arguments): exit \(result.status) \(result.stderr)")
        #expect(result.stderr.contains("--link-base"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.absolute("apps/r.html")) && !FileManager.default.fileExists(atPath: directory.absolute("apps/r.md")))
    }

    @Test("wp report --help documents --link-base")
    func help() throws {
        let (directory, _) = try Self.workspace()
        let result = try report(["--help"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("--link-base <url>"))
        #expect(result.stdout.contains("/{repo}/src/branch/main/{path}#L{line}"))
    }

    @Test("progress on stderr on a terminal only, cleared at the end; a redirected stderr gets none")
    func progressOnTerminal() throws {
        let (directory, _) = try Self.workspace()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux `script` gives the run a terminal")
        let binary = try WPBinary.require()
        // `script` runs the command on a pseudo-terminal and copies what it prints.
        let command = "cd '\(directory.absolute("apps"))' && WP_TODAY=2026-11-28 WP_CACHE_DIR='\(directory.absolute("cache"))' '\(binary)' report -o r.html"
        let result = try run("/usr/bin/script", ["-qec", command, "/dev/null"], in: directory.path)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let clear = "\r\u{1B}[K"
        #expect(result.stdout.hasPrefix(clear + "wp report: reading the workspace…" + clear + "wp report: checking blocking and gates…"), "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains(clear + "wp report: laying out the graph and writing HTML…"))
        #expect(result.stdout.hasSuffix("…" + clear), "the line is cleared at the end: \(result.stdout.debugDescription)")
        #expect(FileManager.default.fileExists(atPath: directory.absolute("apps/r.html")))

        let piped = try report(["-o", "r2.html"], in: directory)
        #expect(piped.status == 0 && piped.stderr.isEmpty && piped.stdout.isEmpty, "\(piped.stderr.debugDescription)")
    }
}
