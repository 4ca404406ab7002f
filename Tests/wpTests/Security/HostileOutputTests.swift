import Foundation
import Testing
import WorkplanKit

/// Issue 10, items 7, 8 and 18, end to end: one workplan whose title, statuses,
/// reasons, owner, priority, references, repo name, decision and gate are full of
/// terminal escapes, line breaks, workflow commands, table pipes and HTML, fed to
/// every output format of the built binary.
@Suite("Security: hostile text through every output format (end to end)")
struct HostileOutputTests {
    /// OSC 52 (clipboard write), BEL, clear screen, CR back over the line, CR LF,
    /// workflow commands (also after blanks), U+2028, a bidi override, NEL, DEL, CSI
    /// (C1), table pipes, HTML, legacy `##[` / `##vso[` commands and backticks.
    static let payload = "T\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\rpass\r\n::error title=x::forged\n  ::add-mask::secret"
        + "\u{2028}::warning::ls\u{202E}txt.exe\u{85}::notice::nel | cell | <script>alert(1)</script> ##[error]legacy "
        + "##vso[task.setvariable variable=x]1 `tick` \u{7F}\u{9B}2J"
    /// A repo name that begins with a workflow command: it starts lines in status and impact.
    static let repo = "::error::repo " + payload
    /// Gate ids are looked up from the command line as `repo:ID`, so this one has no colon.
    static let gateID = "gate\u{1B}[2J\r\n  ##[error]g\u{2028}\u{202E}<script>x"
    /// A markdown heading is one line: raw ESC, BEL and bidi, a command, a pipe, HTML.
    static let heading = "\u{1B}[31mRED\u{07} \u{202E}txt.exe ::error::h ##[error]h <script>x</script> | cell |"

    static func yaml(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.isShownEscaped:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static var workplan: String {
        """
        ---
        id: EV-WP-0001
        title: \(yaml(payload))
        status: active
        owner: \(yaml(payload))
        ---

        # Hostile

        ## T01 — \(heading)

        ```task
        id: EV-WP-0001-T01
        status: \(yaml("todo" + payload))
        reason: \(yaml(payload))
        priority: \(yaml(payload))
        depends_on: [\(yaml("::error::" + payload))]
        ```

        ## T02 — second

        ```task
        id: EV-WP-0001-T02
        status: blocked
        reason: \(yaml(payload))
        depends_on: [EV-WP-0001-T01]
        ```

        ## T03 — \(heading)

        ```task
        id: EV-WP-0001-T03
        status: todo
        owner: \(yaml(payload))
        ```

        ## D01 — decision

        ```decision
        id: EV-WP-0001-D01
        title: \(yaml(payload))
        status: pending
        blocks: [EV-WP-0001-T02]
        ```

        ```gate
        id: \(yaml(gateID))
        title: \(yaml(payload))
        requires:
          - EV-WP-0001-T01
          - \(yaml("::error::" + payload))
          - evidence: \(yaml(payload))
        ```

        """
    }

    enum Kind { case text, json, markdown, html, mermaid, dot, github, sarif }

    static let runs: [(arguments: [String], kind: Kind)] = [
        (["status"], .text), (["status", "--blocked"], .text), (["status", "--format", "json"], .json),
        (["status", "--format", "markdown"], .markdown),
        (["lint"], .text), (["lint", "--format", "json"], .json), (["lint", "--format", "github"], .github),
        (["lint", "--format", "sarif"], .sarif),
        (["gate", "check", gateID], .text), (["gate", "check", gateID, "--format", "json"], .json),
        (["gate", "list"], .text), (["gate", "list", "--format", "json"], .json),
        (["gate", "explain", gateID], .text), (["gate", "explain", gateID, "--format", "mermaid"], .mermaid),
        (["ready"], .text), (["ready", "--format", "json"], .json),
        (["show", "EV-WP-0001"], .text), (["show", "EV-WP-0001-T01"], .text), (["show", "EV-WP-0001-D01"], .text),
        (["show", gateID], .text), (["show", "EV-WP-0001-T01", "--format", "json"], .json),
        (["impact", "EV-WP-0001-T01"], .text), (["impact", "EV-WP-0001-T01", "--format", "json"], .json),
        (["graph"], .mermaid), (["graph", "--format", "dot"], .dot),
        (["report"], .markdown), (["report", "--format", "html"], .html), (["report", "--format", "json"], .json),
    ]

    static func makeRepo() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-hostile")
        try directory.write(".wp.yaml", "repo: \(yaml(repo))\n")
        try directory.write("workplans/EV-WP-0001-hostile.md", workplan)
        return directory
    }

    static func run(_ arguments: [String], in repo: TemporaryDirectory) throws -> RunResult {
        try wp(arguments, in: repo.path, cache: repo.absolute(".cache"), environment: ["WP_TODAY": "2026-06-01", "NO_COLOR": "1"])
    }

    // MARK: What no output may hold

    /// Raw scalars a terminal or runner would act on (a line feed is the output's own structure).
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { $0.isShownEscaped && $0 != "\n" }.map { "U+" + String($0.value, radix: 16) }
    }

    /// Lines the GitHub/Gitea runner reads as workflow commands: `::` after leading blanks (.NET's TrimStart).
    static func commandLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.drop { $0.isWhitespace }.hasPrefix("::") }
    }

    /// Legacy commands the runner finds anywhere in a line.
    static func legacyCommands(_ text: String) -> [Substring] {
        text.matches(of: #/##[A-Za-z]*\[/#).map { text[$0.range] }
    }

    static func jsonStrings(_ value: Any) -> [String] {
        switch value {
        case let string as String: [string]
        case let array as [Any]: array.flatMap(jsonStrings)
        case let object as [String: Any]: object.keys.map { $0 } + object.values.flatMap(jsonStrings)
        default: []
        }
    }

    /// Rows of the markdown table whose header is `header`, each split into cells at unescaped pipes.
    static func table(_ header: String, in markdown: String) -> (header: [String], rows: [[String]])? {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: header), start + 1 < lines.count, lines[start + 1].hasPrefix("|---") else { return nil }
        func cells(_ line: String) -> [String] {
            line.replacingOccurrences(of: "\\|", with: "\u{0}").split(separator: "|", omittingEmptySubsequences: false)
                .dropFirst().dropLast().map { $0.replacingOccurrences(of: "\u{0}", with: "\\|") }
        }
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map(cells)
        return (cells(header), rows)
    }

    // MARK: The test

    @Test("every format shows the hostile workplan and obeys nothing: no raw control, no command line, tables whole, HTML inert, JSON exact")
    func everyOutputFormatShowsHostileTextWithoutObeyingIt() throws {
        let repo = try Self.makeRepo()
        let lintJSON = try Self.run(["lint", "--format", "json"], in: repo)
        let lintObject = try #require(try JSONSerialization.jsonObject(with: Data(lintJSON.stdout.utf8)) as? [String: Any])
        let diagnosticCount = try #require(lintObject["diagnostics"] as? [Any]).count
        #expect(diagnosticCount >= 4, "the hostile values are findings too")

        for (arguments, kind) in Self.runs {
            let result = try Self.run(arguments, in: repo)
            let name = arguments.map(\.terminalSafe).joined(separator: " ")
            #expect([0, 1].contains(result.status) || (arguments.first == "gate" && result.status == 2), "\(name): exit \(result.status)\n\(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(name) printed nothing")
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                #expect(Self.rawControls(text).isEmpty, "\(name) \(stream): raw \(Self.rawControls(text))")
                #expect(Self.legacyCommands(text).isEmpty, "\(name) \(stream): \(Self.legacyCommands(text))")
                let commands = Self.commandLines(text)
                if kind == .github, stream == "stdout" {
                    #expect(commands.count == text.split(separator: "\n").count, "\(name): every line is one of wp's annotations")
                    #expect(commands.allSatisfy { $0.hasPrefix("::error file=") || $0.hasPrefix("::warning file=") || $0.hasPrefix("::notice file=") })
                    #expect(commands.count == diagnosticCount, "\(name): one annotation per finding, no forged one")
                } else {
                    #expect(commands.isEmpty, "\(name) \(stream): a line starts a workflow command: \(commands.first.map(String.init) ?? "")")
                }
            }
            let stdout = result.stdout
            switch kind {
            case .text:
                #expect(stdout.contains("\\e") || stdout.contains("\\x3a") || stdout.contains("#\\x23"), "\(name): the escapes are shown, not dropped")
            case .json:
                let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)), "\(name): JSON parses")
                let strings = Self.jsonStrings(object)
                if arguments.first != "lint" {
                    #expect(strings.contains { $0.contains(Self.payload) || $0.contains(Self.repo) }, "\(name): the original text round-trips")
                }
            case .sarif:
                let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
                let runs = try #require(object["runs"] as? [[String: Any]])
                #expect((runs.first?["results"] as? [Any])?.count == diagnosticCount)
            case .markdown:
                #expect(!stdout.contains("<script"), "\(name): raw HTML from a title is shown as text")
                #expect(stdout.contains("&lt;script&gt;"))
            case .html:
                // One script element, wp's filter box at the end of the page; none from the file.
                #expect(stdout.lowercased().components(separatedBy: "<script").count - 1 == 1, "\(name): no live script element but wp's")
                let script = stdout.components(separatedBy: "<script>").last ?? ""
                #expect(script.hasPrefix("(function () {") && script.hasSuffix("})();</script>\n</body>\n</html>\n"), "\(name): wp's own script, last")
                #expect(!script.contains(Self.payload) && !script.contains("alert"), "\(name): nothing from the file in the script")
                #expect(stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            case .mermaid:
                for line in stdout.split(separator: "\n").dropFirst() {
                    #expect(line.wholeMatch(of: #/ +(subgraph |end|class |classDef |[a-z]+[0-9]+[\[\{\( -]).*/#) != nil, "\(name): not a statement wp writes: \(line)")
                }
            case .dot:
                let declared = stdout.split(separator: "\n").filter { $0.firstMatch(of: #/^\s+[nu][0-9]+ \[label=/#) != nil }.count
                if Graphviz.isInstalled {
                    let scratch = try TemporaryDirectory("wp-hostile-dot")
                    try scratch.write("g.dot", stdout)
                    let plain = try wpTests.run("/usr/bin/env", ["dot", "-Tplain", "g.dot"], in: scratch.path)
                    #expect(plain.status == 0, "dot reads the output: \(plain.stderr)")
                    #expect(plain.stdout.split(separator: "\n").filter { $0.hasPrefix("node ") }.count == declared, "no node added by a label")
                }
            case .github:
                break
            }
        }

        // Markdown tables keep their shape: one row per workplan and per blocked task, every row as wide as its header.
        let status = try Self.run(["status", "--format", "markdown"], in: repo).stdout
        let workplans = try #require(Self.table("| Workplan | Repo | Status | Done | Title |", in: status))
        #expect(workplans.rows.count == 1)
        let blocked = try #require(Self.table("| Task | Status | Blocked on | Root |", in: status))
        #expect(blocked.rows.count == 2)
        let report = try Self.run(["report"], in: repo).stdout
        let progress = try #require(Self.table("| Workplan | Repo | Status | Progress | Updated |", in: report))
        #expect(progress.rows.count == 1)
        for table in [workplans, blocked, progress] {
            #expect(table.rows.allSatisfy { $0.count == table.header.count }, "\(table.rows)")
        }
    }

    // MARK: One regression test per attack

    @Test("terminal spoofing: a failing gate whose title rewrites the line as `pass` shows the escapes and still fails")
    func terminalSpoofingCannotRenderAFailAsPass() throws {
        let repo = try Self.makeRepo()
        let spoof = "\r\u{1B}[2K\u{1B}[32mpass\u{1B}[0m everything is fine\u{1B}]52;c;cm0gLXJmIH4=\u{07}"
        try repo.write("workplans/EV-WP-0001-hostile.md", Self.workplan.replacingOccurrences(of: "title: \(Self.yaml(Self.payload))\nrequires", with: "title: \(Self.yaml(spoof))\nrequires"))
        let result = try Self.run(["gate", "check", Self.gateID], in: repo)
        #expect(result.status == 1 || result.status == 2)
        #expect(result.stdout.hasPrefix("fail ") || result.stdout.hasPrefix("error "))
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\r") && !result.stdout.contains("\u{07}"))
        #expect(result.stdout.contains("\\r\\e[2K\\e[32mpass\\e[0m everything is fine\\e]52;c;cm0gLXJmIH4=\\x07"))
    }

    @Test("workflow command injection: a title with a newline and `::error`/`::add-mask` starts no line in status, show, impact, gate or lint")
    func workflowCommandInTitleStartsNoLine() throws {
        let repo = try TemporaryDirectory("wp-hostile-commands")
        try repo.write(".wp.yaml", "repo: commands\ninclude: ['workplans/**/*.md', '*.md']\n")
        let title = "Harmless\n::error file=README.md,line=1::forged\n::add-mask::ghp_secret\n  ::warning::indented"
        try repo.write("workplans/WC-WP-0001-x.md", """
            ---
            id: WC-WP-0001
            title: \(Self.yaml(title))
            status: active
            ---

            ## T01 — a

            ```task
            id: WC-WP-0001-T01
            status: blocked
            reason: \(Self.yaml(title))
            ```

            ```gate
            id: wc/release
            title: \(Self.yaml(title))
            requires: [WC-WP-0001-T01]
            ```

            """)
        // A file whose name is a command: lint and status print its path first on a line.
        try repo.write("::error::file-name.md", "---\nid: WC-WP-0002\ntitle: \(Self.yaml(title))\nstatus: bogus\n---\n\n## T01 — b\n\n```task\nid: WC-WP-0002-T01\nstatus: blocked\n```\n")
        for arguments in [["status"], ["status", "--blocked"], ["show", "WC-WP-0001"], ["show", "WC-WP-0001-T01"], ["impact", "WC-WP-0001-T01"],
                          ["gate", "list"], ["gate", "check", "wc/release"], ["gate", "explain", "wc/release"], ["lint"], ["ready"]] {
            let result = try wp(arguments, in: repo.path, cache: repo.absolute(".cache"), environment: ["NO_COLOR": "1"])
            #expect(!result.stdout.isEmpty || arguments == ["ready"])
            for text in [result.stdout, result.stderr] {
                #expect(Self.commandLines(text).isEmpty, "\(arguments): \(Self.commandLines(text))")
                #expect(!text.contains("\n::") && !text.hasPrefix("::"))
            }
        }
        let lint = try wp(["lint"], in: repo.path, cache: repo.absolute(".cache"), environment: ["NO_COLOR": "1"])
        #expect(lint.stdout.contains("./::error::file-name.md:4:9: error[schema]"), "a path that starts with `:` is shown from ./")
        let blocked = try wp(["status", "--blocked"], in: repo.path, cache: repo.absolute(".cache"), environment: ["NO_COLOR": "1"])
        #expect(blocked.stdout.contains("    ./::error::file-name.md:"))
        // Inside an annotation the path stays the real one (its colons percent-encoded), so GitHub finds the file.
        let github = try wp(["lint", "--format", "github"], in: repo.path, cache: repo.absolute(".cache"), environment: [:])
        #expect(github.stdout.contains("::error file=%3A%3Aerror%3A%3Afile-name.md,line=4,col=9,title=schema::"))
    }

    @Test("CR in a title forges no markdown table row, in status and in report")
    func carriageReturnInATitleForgesNoMarkdownRow() throws {
        let repo = try TemporaryDirectory("wp-hostile-markdown")
        try repo.write(".wp.yaml", "repo: md\n")
        let forged = "Real\r| FORGED-WP-9999 | md | finished | 9/9 | all done |\n| x | <img src=x onerror=alert(1)>"
        try repo.write("workplans/MD-WP-0001-x.md", "---\nid: MD-WP-0001\ntitle: \(Self.yaml(forged))\nstatus: active\n---\n")
        let status = try wp(["status", "--format", "markdown"], in: repo.path, cache: repo.absolute(".cache"), environment: [:])
        let table = try #require(Self.table("| Workplan | Repo | Status | Done | Title |", in: status.stdout))
        #expect(table.rows.count == 1)
        #expect(table.rows.first?.count == 5)
        #expect(!status.stdout.contains("\r") && !status.stdout.contains("<img"))
        let report = try wp(["report"], in: repo.path, cache: repo.absolute(".cache"), environment: ["WP_TODAY": "2026-06-01"])
        let progress = try #require(Self.table("| Workplan | Repo | Status | Progress | Updated |", in: report.stdout))
        #expect(progress.rows.count == 1)
        #expect(progress.rows.first?.count == 5)
        #expect(!report.stdout.contains("FORGED-WP-9999 |") || report.stdout.contains("\\| FORGED-WP-9999 \\|"))
    }
}
