import Foundation
import Testing

/// Exhaustion attacks on parsing (issue 10, items 2, 4 and 11, and their siblings), run
/// against the real `wp` under a memory limit and a timeout: each must end cleanly, with
/// the documented exit code and, where the input is refused, a message at file:line:col.
///
/// Timings here are no thresholds: the timeout only turns a hang into a failure (exit 124).
@Suite("Hostile parsing (end to end, bounded)")
struct HostileParsingTests {
    /// Address space for the child: every attack below took more (or ran for minutes) before its fix.
    static let memoryLimit = 1 << 30
    /// About ten times what the slowest fixed run takes on a debug build (~3 s); before their fixes
    /// the attacks ran for 50 s or more even on a release build, or crashed.
    /// Under `make test-sanitizers` the debug build with AddressSanitizer or ThreadSanitizer
    /// runs many times slower (the 24,000-section lint passed 30 s); the guard stays a guard.
    static let timeoutSeconds = AddressSpaceLimit.isSanitized ? 300 : 30

    /// `wp arguments` in `directory` under `prlimit --as` and `timeout`.
    static func boundedWP(_ arguments: [String], in directory: String) throws -> RunResult {
        let binary = try WPBinary.require()
        return try run(
            "/usr/bin/timeout", ["--kill-after=5", String(timeoutSeconds), "/usr/bin/prlimit"] + AddressSpaceLimit.arguments(memoryLimit) + [binary] + arguments,
            in: directory, environment: ["WP_CACHE_DIR": directory + "/.wp-cache", "NO_COLOR": "1", "WP_TODAY": "2026-05-20"])
    }

    /// A git work tree holding `files`.
    static func workspace(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-hostile")
        for (path, text) in files { try directory.write(path, text) }
        try git(["init", "--quiet"], in: directory.path)
        return directory
    }

    static func frontMatter(_ id: String) -> String {
        "---\nid: \(id)\ntitle: Hostile\nstatus: active\n---\n\n"
    }

    // MARK: Item 2: alias bomb inside a mapping key

    /// `? [&k0 [x, …], &k1 [*k0, …], …] : v`: each anchor holds `width` copies of the one
    /// before, so the key expands to width^levels nodes; 8 levels of 8 are 372 bytes.
    static func aliasBombKey(levels: Int = 9, width: Int = 8) -> String {
        var anchors = ["&k0 [" + Array(repeating: "x", count: width).joined(separator: ",") + "]"]
        for level in 1..<levels {
            anchors.append("&k\(level) [" + Array(repeating: "*k\(level - 1)", count: width).joined(separator: ",") + "]")
        }
        return "? [" + anchors.joined(separator: ", ") + "]\n: v\n"
    }

    @Test("alias bomb inside a mapping key (front matter, task block, gate block): refused at the key, exit 1")
    func aliasBombInsideAMappingKey() throws {
        let bomb = Self.aliasBombKey()
        #expect(bomb.utf8.count < 500, "the attack is a few hundred bytes")
        let frontMatterBomb = "---\nid: BOMB-WP-0001\ntitle: Bomb\nstatus: active\n" + bomb + "---\n\nText.\n"
        let taskBomb = Self.frontMatter("BOMB-WP-0002") + "```task\nid: BOMB-WP-0002-T01\nstatus: todo\n" + bomb + "```\n"
        let gateBomb = "# Runbook\n\n```gate\nid: bomb/ship\nrequires:\n  - BOMB-WP-0002\n" + bomb + "```\n"
        let directory = try Self.workspace([
            ".wp.yaml": "repo: bomb\ninclude: [\"workplans/**/*.md\", \"docs/**/*.md\"]\n",
            "workplans/BOMB-WP-0001-front.md": frontMatterBomb,
            "workplans/BOMB-WP-0002-task.md": taskBomb,
            "docs/runbook.md": gateBomb,
        ])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 1, "\(lint.stderr)")
        // The key's `[` on the line after the fence or front matter start: column 3 (`? [`).
        for (path, line, what) in [("workplans/BOMB-WP-0001-front.md", 5, "front matter"),
                                   ("workplans/BOMB-WP-0002-task.md", 10, "task block"),
                                   ("docs/runbook.md", 7, "gate block")] {
            #expect(lint.stdout.contains(
                "\(path):\(line):3: error[yaml-syntax] \(what): a mapping key must be a plain string, found a list"),
                "\(lint.stdout)")
        }
        let gate = try Self.boundedWP(["gate", "check", "bomb/ship"], in: directory.path)
        #expect(gate.status == 2, "an unreadable gate is not evaluated: \(gate.stdout) \(gate.stderr)")
        let list = try Self.boundedWP(["gate", "list"], in: directory.path)
        #expect(list.stderr.contains("docs/runbook.md:7:3: error: gate block: a mapping key must be a plain string"), "\(list.stderr)")
    }

    @Test("alias bomb inside a mapping key of .wp.yaml, written directly or through an alias: exit 2 at the key")
    func aliasBombInsideAConfigKey() throws {
        let direct = try Self.workspace([
            ".wp.yaml": "repo: bomb\n" + Self.aliasBombKey(),
            "workplans/BOMB-WP-0001-x.md": Self.frontMatter("BOMB-WP-0001"),
        ])
        let directRun = try Self.boundedWP(["status"], in: direct.path)
        #expect(directRun.status == 2, "\(directRun.stderr)")
        #expect(directRun.stderr.contains(".wp.yaml:2:3: error: a mapping key must be a plain string, found a list"), "\(directRun.stderr)")

        // The bomb anchored in a value, then used as a key: refused at the alias, before anything expands it.
        let anchored = Self.aliasBombKey().replacingOccurrences(of: "? [", with: "bomb: &bomb [").replacingOccurrences(of: "]\n: v\n", with: "]\n")
        let viaAlias = try Self.workspace([
            ".wp.yaml": "repo: bomb\n" + anchored + "? *bomb\n: v\n",
            "workplans/BOMB-WP-0001-x.md": Self.frontMatter("BOMB-WP-0001"),
        ])
        let aliasRun = try Self.boundedWP(["lint"], in: viaAlias.path)
        #expect(aliasRun.status == 2, "\(aliasRun.stderr)")
        // The value alone expands past the node budget: that is what stops it first.
        #expect(aliasRun.stderr.contains(".wp.yaml:2:"), "\(aliasRun.stderr)")
        #expect(aliasRun.stderr.contains("too many YAML nodes"), "\(aliasRun.stderr)")

        // A small anchored list used as a key: no budget problem, still not a string key.
        let small = try Self.workspace([
            ".wp.yaml": "repo: bomb\nlist: &pair [a, b]\n? *pair\n: v\n",
            "workplans/BOMB-WP-0001-x.md": Self.frontMatter("BOMB-WP-0001"),
        ])
        let smallRun = try Self.boundedWP(["lint"], in: small.path)
        #expect(smallRun.status == 2, "\(smallRun.stderr)")
        #expect(smallRun.stderr.contains(".wp.yaml:3:3: error: a mapping key must be a plain string, found a list"), "\(smallRun.stderr)")
    }

    // MARK: Item 4: cmark-gfm's table extension

    /// A header row of `columns` cells, its delimiter row, then `rows` one-character lines:
    /// the table extension pads every short row to the header's width.
    static func wideTable(columns: Int, rows: Int) -> String {
        "|" + String(repeating: "a|", count: columns) + "\n|" + String(repeating: "-|", count: columns) + "\n"
            + String(repeating: "x\n", count: rows)
    }

    @Test("a wide table header followed by short lines (72 KB) is read as text: status and lint end cleanly")
    func wideTableHeaderFollowedByShortLines() throws {
        let table = Self.wideTable(columns: 12_000, rows: 12_000)
        #expect(table.utf8.count > 70_000 && table.utf8.count < 75_000)
        let text = Self.frontMatter("WIDE-WP-0001") + table + "\n## T01 — After the table\n\n```task\nid: WIDE-WP-0001-T01\nstatus: todo\n```\n"
        let directory = try Self.workspace(["workplans/WIDE-WP-0001-wide.md": text])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("No problems in 1 file."), "\(lint.stdout)")
        let status = try Self.boundedWP(["status", "--format", "json"], in: directory.path)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("WIDE-WP-0001-T01"), "the task after the table is read")
    }

    @Test("link and image openers in one paragraph (cmark-gfm's quadratic brackets): refused at the first one past the limit")
    func imageOpenersInOneParagraph() throws {
        // 160,000 `![[]()` (960 KB) ran for minutes in cmark-gfm 0.29.0.gfm.6.
        let line = String(repeating: "![[]()", count: 160_000)
        let text = Self.frontMatter("BRKT-WP-0001") + line + "\n"
        let directory = try Self.workspace(["workplans/BRKT-WP-0001-b.md": text])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 1, "\(lint.stderr)")
        // Two `[` per `![[]()`: the 2,001st is the first `[` of the 1,001st unit, column 6,002.
        #expect(lint.stdout.contains("workplans/BRKT-WP-0001-b.md:7:6002: error[markdown-too-complex] more than 2000 `[`"), "\(lint.stdout)")
        let status = try Self.boundedWP(["status"], in: directory.path)
        #expect(status.status == 2, "\(status.stdout)")
        #expect(status.stderr.contains("workplans/BRKT-WP-0001-b.md:7:6002: error: more than 2000 `[`"), "\(status.stderr)")

        // The same text in paragraphs of 2,000 `[` each is read (and takes linear time).
        let paragraphs = Array(repeating: String(repeating: "![[]()", count: 1_000), count: 60).joined(separator: "\n\n")
        let fine = try Self.workspace(["workplans/BRKT-WP-0001-b.md": Self.frontMatter("BRKT-WP-0001") + paragraphs + "\n"])
        let fineLint = try Self.boundedWP(["lint"], in: fine.path)
        #expect(fineLint.status == 0, "\(fineLint.stdout)\(fineLint.stderr)")
    }

    @Test("8 MiB of nested list markers (cmark-gfm's tree would take 1.7 GB): refused where the node budget runs out")
    func denseMarkdownNodes() throws {
        let line = "- - - - - - - a\n"
        let text = Self.frontMatter("DENSE-WP-0001") + String(repeating: line, count: 8 * 1024 * 1024 / line.utf8.count - 10)
        let directory = try Self.workspace(["workplans/DENSE-WP-0001-d.md": text])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 1, "\(lint.stderr)")
        // Eight marks per line (seven `-` and the newline) from line 7: the 500,001st is on line 62,506.
        #expect(lint.stdout.contains("workplans/DENSE-WP-0001-d.md:62506:"), "\(lint.stdout)")
        #expect(lint.stdout.contains("error[markdown-too-complex] more than 500000 lines and markdown marks"), "\(lint.stdout)")
    }

    // MARK: Item 11: quadratic prose scan (and its siblings)

    @Test("ids in one paragraph (the 40,000-id attack, 2.5 times over) are scanned in one pass: lint ends with every reference checked")
    func fortyThousandIDsInOneParagraph() throws {
        // The section's own task, so every mention resolves, claims blocking and is checked, and the
        // run prints nothing but the verdict. 40,000 took 46 s on a release build before the fix.
        let ids = Array(repeating: "PROSE-WP-0001-T01", count: 100_000)
        let oneLine = "This waits for " + ids.joined(separator: " ") + ".\n"
        let manyLines = "This waits for " + stride(from: 0, to: ids.count, by: 10)
            .map { ids[$0..<min($0 + 10, ids.count)].joined(separator: " ") }.joined(separator: "\n") + ".\n"
        for paragraph in [oneLine, manyLines] {
            #expect(paragraph.utf8.count > 1_000_000)
            let text = Self.frontMatter("PROSE-WP-0001") + "## T01 — One\n\n```task\nid: PROSE-WP-0001-T01\nstatus: todo\n```\n\n"
                + "Notes.\n\n" + paragraph
            let directory = try Self.workspace(["workplans/PROSE-WP-0001-p.md": text])
            let lint = try Self.boundedWP(["lint"], in: directory.path)
            #expect(lint.status == 0, "\(lint.stderr)")
            #expect(lint.stdout.contains("No problems in 1 file."), "\(lint.stdout.prefix(500))")
        }
    }

    @Test("an id followed by another marker in the same word (`AB-WP-1-WP-2`) ends: it used to loop forever")
    func idRunWithTwoMarkers() throws {
        let text = Self.frontMatter("AB-WP-0001") + "See AB-WP-1-WP-2 here and AB-WP-0001-X-WP-3.\n"
        let directory = try Self.workspace(["workplans/AB-WP-0001-x.md": text])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("workplans/AB-WP-0001-x.md:7:5: warning[prose-unresolved-reference] 'AB-WP-1' in prose does not resolve"),
                "\(lint.stdout)")
        #expect(lint.stdout.contains("'X-WP-3' in prose does not resolve"), "the id after the one before it: \(lint.stdout)")
        #expect(!lint.stdout.contains("AB-WP-0001' in prose"), "the workplan's own id resolves")
    }

    @Test("20,000 task blocks under one heading: each body ends at the next task (was 1.5 GB at 8,000)")
    func taskBlocksUnderOneHeading() throws {
        let tasks = (1...20_000).map { "```task\nid: MANY-WP-0001-T\($0)\nstatus: todo\n```\n\n" }.joined()
        let directory = try Self.workspace(["workplans/MANY-WP-0001-m.md": Self.frontMatter("MANY-WP-0001") + "# Plan\n\n" + tasks])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("No problems in 1 file."), "\(lint.stdout.prefix(500))")
    }

    @Test("24,000 task sections and 60,000 blocking mentions: each mention finds its task without a walk over all tasks")
    func blockingMentionsAcrossManySections() throws {
        // 10,000 sections and 40,000 mentions took 34 s on a release build before the fix.
        let sections = (1...24_000).map { "# T\($0)\n```task\nid: SECT-WP-0001-T\($0)\nstatus: todo\n```\n" }.joined()
        // Mentions in the last task's section, of the task itself (the spaced form, `ID T24000`):
        // nothing to report, everything to look up.
        let mentions = "\nThis is blocked on " + Array(repeating: "SECT-WP-0001 T24000", count: 60_000).joined(separator: " ") + ".\n"
        let directory = try Self.workspace([
            "workplans/SECT-WP-0001-s.md": Self.frontMatter("SECT-WP-0001") + sections + mentions,
        ])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("No problems in 1 file."), "\(lint.stdout.prefix(500))")
    }

    @Test("a task depending on 90,000 distinct ids: the schema's uniqueItems finds the one repeat without comparing every pair")
    func ninetyThousandDependencies() throws {
        let items = (0..<90_000).map { "U-WP-\($0)" }.joined(separator: ", ")
        let line = "depends_on: [" + items + ", U-WP-7]"
        let text = Self.frontMatter("U-WP-0001") + "```task\nid: U-WP-0001-T01\nstatus: todo\n" + line + "\n```\n"
        let directory = try Self.workspace(["workplans/U-WP-0001-u.md": text])
        let lint = try Self.boundedWP(["lint"], in: directory.path)
        #expect(lint.status == 1, "\(lint.stderr)")
        let column = line.utf8.count - "U-WP-7]".utf8.count + 1
        #expect(lint.stdout.contains(
            "workplans/U-WP-0001-u.md:10:\(column): error[schema] task U-WP-0001-T01: 'depends_on' lists 'U-WP-7' more than once"))
        #expect(lint.stdout.components(separatedBy: "more than once").count == 2, "exactly one repeat")
    }
}
