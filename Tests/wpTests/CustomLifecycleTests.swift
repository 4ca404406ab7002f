import Foundation
import Testing
import WPTestSupport

/// One workspace written twice: in the default lifecycle's words, and with a `.wp.yaml`
/// that renames every status (tasks `open/doing/parked/stuck/shipped/dropped`, workplans
/// `idea/.../live/onhold/delivered/scrapped`, decisions `asked/answered/declined/replaced`)
/// and gives each new word the role of the old one. Every command must give the same
/// answer in both once the renamed words are mapped back: wp asks roles, never words.
private struct RenamedWorkspace {
    static let today = "2026-06-01"
    static let environment = [
        "WP_TODAY": today, "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
    ]

    /// The workspace, a status written `@t:todo`, `@w:active`, `@d:pending` (task, workplan, decision).
    static let files: [(path: String, text: String)] = [
        ("workplans/ROLE-WP-0001-main.md", """
            ---
            id: ROLE-WP-0001
            title: Main line of work
            status: @w:active
            created: "2026-01-05"
            updated: "2026-03-01"
            ---

            # Main line of work

            ## Tasks

            ### T01 — Run the restore drill

            ```task
            id: ROLE-WP-0001-T01
            status: @t:done
            evidence: drill
            done_on: 2026-05-20
            ```

            ### T02 — Build the image

            ```task
            id: ROLE-WP-0001-T02
            status: @t:in_progress
            depends_on: [ROLE-WP-0001-T01]
            priority: high
            ```

            ### T03 — Push the image

            ```task
            id: ROLE-WP-0001-T03
            status: @t:todo
            depends_on: [ROLE-WP-0001-T02]
            ```

            ### T04 — Wait for the vendor

            ```task
            id: ROLE-WP-0001-T04
            status: @t:wait
            reason: the vendor ships version 2 in July
            ```

            ### T05 — Something holds this

            ```task
            id: ROLE-WP-0001-T05
            status: @t:blocked
            ```

            ### T06 — A mirror we gave up on

            ```task
            id: ROLE-WP-0001-T06
            status: @t:cancelled
            ```

            ### T07 — Write the runbook

            ```task
            id: ROLE-WP-0001-T07
            status: @t:todo
            priority: medium
            ```

            ### T08 — Pick the storage

            ```task
            id: ROLE-WP-0001-T08
            status: @t:in_progress
            ```

            ### T09 — Announce the release

            ```task
            id: ROLE-WP-0001-T09
            status: @t:done
            depends_on: [ROLE-WP-0001-T03]
            ```

            ### T10 — Migrate after the pause

            ```task
            id: ROLE-WP-0001-T10
            status: @t:todo
            depends_on: [ROLE-WP-0003, ROLE-WP-0004]
            ```

            ## Decisions

            **Decision D-01 — Which storage class** (@d:pending; required before T08)

            **Decision D-02 — Name of the bucket**

            **Resolution (2026-05-18, bernd):** media-prod.

            **Decision D-03 — Who signs the release**

            ```decision
            id: D-04
            title: Which registry
            status: @d:resolved
            ```

            ```decision
            id: D-05
            title: Run our own mirror
            status: @d:rejected
            resolution: no mirror
            ```

            ```decision
            id: D-06
            title: Old naming scheme
            status: @d:superseded
            resolution: by D-02
            ```

            """),
        ("workplans/ROLE-WP-0002-wrapped.md", """
            ---
            id: ROLE-WP-0002
            title: Wrapped up too early
            status: @w:finished
            updated: "2026-05-30"
            ---

            # Wrapped up too early

            ### T01 — Left behind

            ```task
            id: ROLE-WP-0002-T01
            status: @t:todo
            ```

            ### T02 — Finished part

            ```task
            id: ROLE-WP-0002-T02
            status: @t:done
            ```

            **Decision D-01 — Still undecided** (@d:pending)

            """),
        ("workplans/ROLE-WP-0003-resting.md", """
            ---
            id: ROLE-WP-0003
            title: Resting for now
            status: @w:paused
            updated: "2026-01-10"
            ---

            # Resting for now

            ### T01 — Resume the migration

            ```task
            id: ROLE-WP-0003-T01
            status: @t:todo
            ```

            """),
        ("workplans/ROLE-WP-0004-dropped.md", """
            ---
            id: ROLE-WP-0004
            title: Given up
            status: @w:cancelled
            updated: "2026-01-10"
            ---

            # Given up

            ### T01 — Never started

            ```task
            id: ROLE-WP-0004-T01
            status: @t:todo
            ```

            """),
        ("workplans/ROLE-WP-0005-sketch.md", """
            ---
            id: ROLE-WP-0005
            title: A sketch
            status: @w:draft
            updated: "2026-05-25"
            ---

            # A sketch

            ## Tasks

            ### T01 — Outline the sketch

            ```task
            id: ROLE-WP-0005-T01
            status: @t:todo
            ```

            """),
        ("workplans/ROLE-WP-0006-queue.md", """
            ---
            id: ROLE-WP-0006
            title: In the queue
            status: @w:backlog
            ---

            # In the queue

            ### T01 — Size the queue

            ```task
            id: ROLE-WP-0006-T01
            status: @t:todo
            ```

            """),
        ("workplans/ROLE-WP-0007-offer.md", """
            ---
            id: ROLE-WP-0007
            title: On offer
            status: @w:proposed
            ---

            # On offer

            """),
        ("docs/gates.md", """
            # Gates

            ```gate
            id: ship
            title: Ship the release
            requires:
              - ROLE-WP-0001-T01
              - evidence: drill
                max_age: 30d
              - ref: ROLE-WP-0001-T02
                status: @t:in_progress
              - ROLE-WP-0001-D02
            ```

            ```gate
            id: given-up
            requires:
              - ROLE-WP-0001-T06
            ```

            ```gate
            id: wrapped
            requires:
              - ROLE-WP-0002
            ```

            ```gate
            id: resting
            requires:
              - ROLE-WP-0003
              - ROLE-WP-0001-D01
            ```

            ```gate
            id: either
            requires:
              - ref: ROLE-WP-0001-T02
                status: [@t:done, @t:in_progress]
              - gate: ship
            ```

            """),
    ]

    let directory: TemporaryDirectory
    let renamed: Bool

    /// Writes the workspace in default words (`renamed: false`) or renamed ones.
    init(renamed: Bool) throws {
        self.renamed = renamed
        directory = try TemporaryDirectory(renamed ? "wp-roles-renamed" : "wp-roles-default")
        try directory.write(".wp.yaml", "repo: roles\ninclude: [workplans/**/*.md, docs/**/*.md]\n" + (renamed ? RenamedLifecycles.config : ""))
        for file in Self.files { try directory.write(file.path, Self.render(file.text, renamed: renamed)) }
    }

    /// The text with every `@k:word` marker replaced by the word of that kind's vocabulary.
    static func render(_ text: String, renamed: Bool) -> String {
        let marker = try! NSRegularExpression(pattern: "@([twd]):([a-z_]+)")
        var out = text
        for match in marker.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let range = Range(match.range, in: text)!
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let word = String(text[Range(match.range(at: 2), in: text)!])
            let table = kind == "t" ? RenamedLifecycles.task : kind == "w" ? RenamedLifecycles.workplan : RenamedLifecycles.decision
            precondition(table[word] != nil, "\(word) is not a default \(kind) status")
            out.replaceSubrange(range, with: renamed ? table[word]! : word)
        }
        return out
    }

    func wp(_ arguments: [String]) throws -> RunResult {
        try wpTests.wp(arguments, in: directory.path, cache: directory.absolute(".cache"), environment: Self.environment)
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory.absolute(relative))), as: UTF8.self)
    }
}

/// Brings both vocabularies to one: renamed words back to the default ones. A task's
/// `open` (renamed `todo`) is also a word wp prints itself ("open", "open tasks"), so it
/// cannot be mapped back; the default side writes `todo` as `open` instead.
private enum Vocabulary {
    static let ambiguous = "open"

    static func normalized(_ text: String, renamed: Bool, root: String) -> String {
        var out = text.replacingOccurrences(of: root, with: "ROOT")
        if renamed {
            for (word, original) in RenamedLifecycles.back where word != ambiguous { out = replacingWord(word, with: original, in: out) }
        } else {
            out = replacingWord("todo", with: ambiguous, in: out)
        }
        return out
    }

    static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
        text.replacingOccurrences(of: wordPattern(word), with: replacement, options: .regularExpression)
    }

    static func containsWord(_ word: String, in text: String) -> Bool {
        text.range(of: wordPattern(word), options: .regularExpression) != nil
    }

    /// The word on its own: not part of a longer name (`finished-with-open-work`, `pendingDecisions`, `done_on`).
    static func wordPattern(_ word: String) -> String {
        "(?<![A-Za-z0-9_-])\(word)(?![A-Za-z0-9_-])"
    }

    /// The lines that differ, for the failure message.
    static func difference(_ expected: String, _ actual: String) -> String {
        let left = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let right = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for line in 0..<max(left.count, right.count) where out.count < 12 {
            let expectedLine = line < left.count ? String(left[line]) : "(none)"
            let actualLine = line < right.count ? String(right[line]) : "(none)"
            if expectedLine != actualLine { out.append("line \(line + 1):\n  default: \(expectedLine)\n  renamed: \(actualLine)") }
        }
        return out.joined(separator: "\n")
    }

    /// Default words that only a default status can put in an output: none may show in
    /// the renamed workspace's (wp prints `done`, `blocked`, `pending`, `active` itself).
    static let defaultOnly = ["todo", "in_progress", "wait", "draft", "proposed", "backlog", "paused", "finished",
                              "cancelled", "resolved", "rejected", "superseded"]
}

@Suite("A renamed lifecycle gives the default lifecycle's answers (end to end)")
struct CustomLifecycleTests {
    /// Runs `arguments` in both workspaces and compares exit code, stdout and stderr after mapping the words.
    private func expectSameAnswer(
        _ arguments: [String], _ defaults: RenamedWorkspace, _ renamed: RenamedWorkspace,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let original = try defaults.wp(arguments)
        let custom = try renamed.wp(arguments)
        let command = "wp " + arguments.joined(separator: " ")
        #expect(custom.status == original.status, "\(command): exit \(custom.status) renamed, \(original.status) default\n\(custom.stderr)",
                sourceLocation: sourceLocation)
        for (name, left, right) in [("stdout", original.stdout, custom.stdout), ("stderr", original.stderr, custom.stderr)] {
            for word in RenamedLifecycles.back.keys where word != Vocabulary.ambiguous {
                #expect(!Vocabulary.containsWord(word, in: left), "\(command): the default \(name) says '\(word)', so mapping it back would be ambiguous",
                        sourceLocation: sourceLocation)
            }
            for word in Vocabulary.defaultOnly {
                #expect(!Vocabulary.containsWord(word, in: right), "\(command): the renamed \(name) says the default word '\(word)'\n\(right)",
                        sourceLocation: sourceLocation)
            }
            let expected = Vocabulary.normalized(left, renamed: false, root: defaults.directory.path)
            let actual = Vocabulary.normalized(right, renamed: true, root: renamed.directory.path)
            #expect(actual == expected, "\(command): \(name) differs once the words are mapped back\n\(Vocabulary.difference(expected, actual))",
                    sourceLocation: sourceLocation)
        }
    }

    static let readCommands: [[String]] = [
        ["ready", "--format", "json"],
        ["report", "--format", "json"],
        ["gate", "check", "--format", "json", "ship", "given-up", "wrapped", "resting", "either"],
        ["lint", "--format", "json"],
        ["status", "--format", "json"],
        ["show", "ROLE-WP-0001", "--format", "json"],
        ["impact", "ROLE-WP-0001-T02", "--format", "json"],
        ["graph", "--format", "mermaid"],
        // Text where no status is padded to its word's width (`wp status` text pads, so it is left out).
        ["ready"],
        ["lint"],
        ["gate", "check", "ship", "given-up", "wrapped", "resting", "either"],
        ["show", "ROLE-WP-0001-T03"],
        ["impact", "ROLE-WP-0001-T02"],
        ["status", "--format", "markdown"],
    ]

    @Test("read commands answer the same, JSON compared after mapping the words back", arguments: readCommands)
    func readCommandsAnswerTheSame(arguments: [String]) throws {
        try expectSameAnswer(arguments, try RenamedWorkspace(renamed: false), try RenamedWorkspace(renamed: true))
    }

    @Test("the fixture says something: ready, blocked, stale, pending, gates and lint findings all occur")
    func theFixtureExercisesTheRoles() throws {
        let workspace = try RenamedWorkspace(renamed: true)
        let ready = try workspace.wp(["ready", "--format", "json"])
        let readyIDs = try #require(JSONSerialization.jsonObject(with: Data(ready.stdout.utf8)) as? [String: Any])["tasks"]
            .flatMap { $0 as? [[String: Any]] }?.compactMap { $0["id"] as? String }
        // Not T03 (waits on T02), T04/T05 (waiting statuses), T10 (a paused and a cancelled workplan),
        // nor the tasks of the complete, paused or cancelled workplans; the draft and backlog ones are offered.
        #expect(readyIDs == ["ROLE-WP-0001-T02", "ROLE-WP-0001-T07", "ROLE-WP-0005-T01", "ROLE-WP-0006-T01"], "\(ready.stdout)")

        let lint = try workspace.wp(["lint", "--format", "json"])
        #expect(lint.status == 1)
        for rule in ["finished-with-open-work", "in-progress-with-pending-decision", "done-with-open-dependency",
                     "waiting-without-reason", "resolved-without-resolution"] {
            #expect(lint.stdout.contains("\"\(rule)\""), "lint does not report \(rule):\n\(lint.stdout)")
        }
        #expect(lint.stdout.contains("set it back to asked"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("\"schema\""), "a renamed status is reported as unknown:\n\(lint.stdout)")

        let report = try workspace.wp(["report", "--format", "json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let stale = (json["workplans"] as? [[String: Any]])?.filter { $0["stale"] as? Bool == true }.compactMap { $0["id"] as? String }
        #expect(stale == ["ROLE-WP-0001", "ROLE-WP-0003"], "live and onhold plans go stale; delivered and scrapped ones do not")
        let pending = (json["pendingDecisions"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(pending == ["ROLE-WP-0001-D01", "ROLE-WP-0001-D03", "ROLE-WP-0002-D01"], "asked decisions, also one with no status word")

        let gates = try workspace.wp(["gate", "check", "--format", "json", "ship", "given-up", "wrapped", "resting", "either"])
        #expect(gates.status == 1)
        let results = try #require((JSONSerialization.jsonObject(with: Data(gates.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        #expect(results.map { $0["result"] as? String } == ["pass", "fail", "fail", "fail", "pass"], "\(gates.stdout)")
    }

    @Test("HTML report: the same page once the words are mapped back; renamed statuses get their role's colour")
    func htmlReport() throws {
        let defaults = try RenamedWorkspace(renamed: false)
        let renamed = try RenamedWorkspace(renamed: true)
        // Graphviz left out: the graph is the Mermaid source, the same on every machine.
        let noDot = ["PATH": "/nonexistent"]
        let original = try wpTests.wp(["report", "--format", "html"], in: defaults.directory.path, cache: defaults.directory.absolute(".cache"),
                                      environment: RenamedWorkspace.environment.merging(noDot) { $1 })
        let custom = try wpTests.wp(["report", "--format", "html"], in: renamed.directory.path, cache: renamed.directory.absolute(".cache"),
                                    environment: RenamedWorkspace.environment.merging(noDot) { $1 })
        #expect(original.status == 0 && custom.status == 0, "\(original.stderr)\(custom.stderr)")
        func split(_ page: String) throws -> (style: String, rest: String) {
            let style = try #require(page.firstMatch(of: #/<style>([\s\S]*?)</style>/#))
            return (String(style.1), page.replacingCharacters(in: style.range, with: "<style/>"))
        }
        // A status's badge class is `s-` and the status with `_` as `-`: map those names too.
        func classes(_ page: String, renamed: Bool) -> String {
            var page = page
            let pairs = renamed ? RenamedLifecycles.back.map { ($0.key, $0.value) } : [("todo", Vocabulary.ambiguous)]
            for (word, original) in pairs where word != Vocabulary.ambiguous || !renamed {
                page = page.replacingOccurrences(of: "\"status s-\(word)\"", with: "\"status s-\(original.replacingOccurrences(of: "_", with: "-"))\"")
            }
            return page
        }
        let (defaultStyle, defaultPage) = try split(classes(original.stdout, renamed: false))
        let (customStyle, customPage) = try split(classes(custom.stdout, renamed: true))
        let expected = Vocabulary.normalized(defaultPage, renamed: false, root: defaults.directory.path)
        let actual = Vocabulary.normalized(customPage, renamed: true, root: renamed.directory.path)
        // One element a line, so that the difference is readable.
        #expect(actual == expected, "\(Vocabulary.difference(expected.replacingOccurrences(of: "<", with: "\n<"), actual.replacingOccurrences(of: "<", with: "\n<")))")
        // The default page keeps its fixed style; the renamed one adds rules by role.
        #expect(customStyle.hasPrefix(defaultStyle))
        let added = customStyle.dropFirst(defaultStyle.count)
        #expect(added == """

            .s-shipped,.s-delivered,.s-answered{background:#d4edda;color:#1b5e20}
            .s-doing,.s-live{background:#cce5ff;color:#0d47a1}
            .s-parked,.s-stuck,.s-onhold,.s-asked{background:#fff3cd;color:#7a5d00}
            """)
        for rule in added.split(separator: "\n") {
            let colour = rule[rule.firstIndex(of: "{")!...]
            #expect(defaultStyle.contains(colour), "\(rule) is not a colour the default statuses have")
        }
    }

    @Test("start, done, block, resolve and new task write the status of the role, the same edits in both vocabularies")
    func editsWriteTheSameStatuses() throws {
        let defaults = try RenamedWorkspace(renamed: false)
        let renamed = try RenamedWorkspace(renamed: true)
        let edits: [[String]] = [
            ["start", "ROLE-WP-0001-T07"],
            ["block", "ROLE-WP-0001-T07", "--reason", "the runbook template is missing"],
            ["done", "ROLE-WP-0001-T02"],
            ["start", "ROLE-WP-0005"],
            ["done", "ROLE-WP-0001-T08"],  // refused: decision D-01 that blocks it is undecided
            ["done", "ROLE-WP-0001-T08", "--force"],
            ["start", "ROLE-WP-0001-T04", "--dry-run"],
            ["resolve", "ROLE-WP-0001-D03", "--option", "the release manager", "--by", "bernd"],
            ["resolve", "ROLE-WP-0001-D04", "--option", "the public one", "--by", "bernd"],
            ["new", "task", "ROLE-WP-0005", "--title", "Second step"],
            ["new", "workplan", "--title", "Third plan"],
            ["done", "ROLE-WP-0005"],  // refused: its tasks are not complete
        ]
        for edit in edits { try expectSameAnswer(edit, defaults, renamed) }

        for file in RenamedWorkspace.files + [("workplans/ROLE-WP-0008-third-plan.md", "")] {
            let expected = Vocabulary.normalized(try defaults.text(file.path), renamed: false, root: defaults.directory.path)
            let actual = Vocabulary.normalized(try renamed.text(file.path), renamed: true, root: renamed.directory.path)
            #expect(actual == expected, "\(file.path) differs after the edits once the words are mapped back\n\(Vocabulary.difference(expected, actual))")
        }
        let main = try renamed.text("workplans/ROLE-WP-0001-main.md")
        #expect(main.contains("id: ROLE-WP-0001-T07\nstatus: stuck\n"), "wp block writes the preferred waiting status")
        #expect(main.contains("id: ROLE-WP-0001-T02\nstatus: shipped\n"))
        #expect(main.contains("**Resolution (\(RenamedWorkspace.today), bernd):** the release manager"))
        #expect(try renamed.text("workplans/ROLE-WP-0005-sketch.md").contains("status: live\n"))
        #expect(try renamed.text("workplans/ROLE-WP-0005-sketch.md").contains("id: ROLE-WP-0005-T02\nstatus: open\n"))
        #expect(try renamed.text("workplans/ROLE-WP-0008-third-plan.md").contains("status: idea\n"), "wp new writes the first initial status")

        // After the edits the workspaces still answer alike.
        for arguments in Self.readCommands { try expectSameAnswer(arguments, defaults, renamed) }
    }

    @Test("a command refuses when its role has no status, naming what to configure")
    func aMissingRoleIsRefused() throws {
        let directory = try TemporaryDirectory("wp-roles-missing")
        try directory.write(".wp.yaml", "repo: roles\nlifecycles:\n  task:\n    statuses: [todo, review, done]\n")
        try directory.write("workplans/ROLE-WP-0001.md", "---\nid: ROLE-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: ROLE-WP-0001-T01\nstatus: todo\n```\n")
        let before = String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory.absolute("workplans/ROLE-WP-0001.md"))), as: UTF8.self)
        let result = try wp(["start", "ROLE-WP-0001-T01"], in: directory.path, cache: directory.absolute(".cache"), environment: RenamedWorkspace.environment)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("`wp start` writes the task lifecycle's first active status, and it has none"), "\(result.stderr)")
        #expect(result.stderr.contains("lifecycles.task.active"), "\(result.stderr)")
        let after = String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory.absolute("workplans/ROLE-WP-0001.md"))), as: UTF8.self)
        #expect(after == before)
    }

    @Test("a lifecycle that lists a status twice is a configuration error at its position, not a crash")
    func repeatedStatusIsAnError() throws {
        let directory = try TemporaryDirectory("wp-roles-repeat")
        try directory.write(".wp.yaml", "repo: roles\nlifecycles:\n  task:\n    statuses: [todo, done, todo]\n")
        try directory.write("workplans/ROLE-WP-0001.md", "---\nid: ROLE-WP-0001\ntitle: A\nstatus: active\n---\n")
        let result = try wp(["status"], in: directory.path, cache: directory.absolute(".cache"), environment: RenamedWorkspace.environment)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(".wp.yaml:4:"), "\(result.stderr)")
        #expect(result.stderr.contains("`statuses` lists `todo` more than once"), "\(result.stderr)")
    }
}
