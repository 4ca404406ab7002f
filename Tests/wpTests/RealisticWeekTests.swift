import Foundation
import Testing

/// A week of a platform team's work with wp on a copy of `examples/in-flight/` (issue 12):
/// both repos under git, the app repo pushed to a bare remote, the pre-commit hook's
/// `wp lint --base origin/main` before every commit, and the deploy Makefile's gate check.
/// Nothing the team does right may raise an error or a new warning.
@Suite struct RealisticWeekTests {
    static let inFlight = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/in-flight")
    static let makefile = inFlight.deletingLastPathComponent().appendingPathComponent("deploy/Makefile").path

    /// The findings of a lint run without their positions (edits move lines): `warning[rule] message`.
    static func findings(_ output: String) -> Set<String> {
        Set(output.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #":\d+:\d+: "#, options: .regularExpression) else { return nil }
            return String(line[range.upperBound...])
        })
    }

    /// What the pre-commit hook runs: no error, and no warning the examples did not already have.
    static func hook(_ repo: GitRepo, base: String, known: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lint = try repo.expect(["lint", "--base", base], sourceLocation: sourceLocation)
        let new = findings(lint.stdout).subtracting(known)
        #expect(new.isEmpty, "false alarms: \(new.sorted())\n\(lint.stdout)", sourceLocation: sourceLocation)
        #expect(lint.stderr.isEmpty, "\(lint.stderr)", sourceLocation: sourceLocation)
    }

    @Test("start, done, new workplan, new task, resolve, evidence record, lint --base over several commits and the deploy gate: no false alarm")
    func week() throws {
        let directory = try TemporaryDirectory("wp-e2e-week")
        var platform = try GitRepo(copying: Self.inFlight.appendingPathComponent("railiance-platform"), as: "railiance-platform",
                                   in: directory, today: "2026-05-19")
        var apps = try GitRepo(copying: Self.inFlight.appendingPathComponent("railiance-apps"), as: "railiance-apps",
                               in: directory, today: "2026-05-19")
        try platform.commit("railiance-platform as of 2026-05-19")
        try apps.commit("railiance-apps as of 2026-05-19")
        let origin = directory.absolute("origin.git")
        try git(["init", "-q", "--bare", origin], in: directory.path)
        try git(["remote", "add", "origin", origin], in: apps.root)
        try git(["push", "-q", "origin", "main"], in: apps.root)
        try git(["fetch", "-q", "origin"], in: apps.root)
        let appsKnown = Self.findings(try apps.expect(["lint"]).stdout)
        let platformKnown = Self.findings(try platform.expect(["lint"]).stdout)
        #expect(try apps.expect(["status", "--blocked"]).stdout.contains("blocked on RAILIANCE-WP-0003"))

        // Tuesday: the platform team finishes the deploy, the reply and the workplan, in two commits.
        platform.today = "2026-05-19"
        try platform.expect(["done", "RAILIANCE-WP-0003-T05"])
        try Self.hook(platform, base: "HEAD", known: platformKnown)
        try platform.commit("apps-pg deployed and verified")
        try platform.expect(["start", "RAILIANCE-WP-0003-T06"])
        try platform.expect(["done", "RAILIANCE-WP-0003-T06"])
        try platform.expect(["done", "RAILIANCE-WP-0003"])
        try Self.hook(platform, base: "HEAD", known: platformKnown)
        try platform.commit("consumer contract documented; RAILIANCE-WP-0003 finished")
        try Self.hook(platform, base: "HEAD~2", known: platformKnown)

        // Wednesday: T04 is unblocked; started and done the same day, one commit each.
        apps.today = "2026-05-20"
        #expect(try apps.expect(["status", "--blocked"]).stdout.contains("No blocked tasks."))
        try apps.expect(["start", "RAILIANCE-WP-0002-T04"])
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        try apps.commit("T04 started")
        try apps.expect(["done", "RAILIANCE-WP-0002-T04"])
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        try apps.commit("T04 done")
        try Self.hook(apps, base: "HEAD~1", known: appsKnown)
        try git(["push", "-q", "origin", "main"], in: apps.root)
        try git(["fetch", "-q", "origin"], in: apps.root)

        // Thursday: the rest of the application work, and the workplan finished.
        apps.today = "2026-05-21"
        for task in ["T05", "T06", "T07", "T08"] { try apps.expect(["done", "RAILIANCE-WP-0002-" + task]) }
        try apps.expect(["done", "RAILIANCE-WP-0002"])
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        try apps.commit("vergabe-teilnahme runs on railiance01")

        // A new workplan for backups, with a task and a decision to make.
        try apps.expect(["new", "workplan", "--id", "RAILIANCE-WP-0005", "--title", "Backups for apps-pg"])
        try apps.expect(["new", "task", "RAILIANCE-WP-0005", "--title", "Run an isolated restore drill", "--done-when", "a restore into a scratch cluster passes its checks"])
        let path = try #require(try FileManager.default.contentsOfDirectory(atPath: apps.root + "/workplans")
            .first { $0.hasPrefix("RAILIANCE-WP-0005") }.map { "workplans/" + $0 })
        try apps.write(path, try apps.read(path)
            + "\n## Decisions\n\n### D01 — Where the backups go\n\n```decision\nid: RAILIANCE-WP-0005-D01\nstatus: pending\n```\n\n"
            + "- object storage on the platform's MinIO\n- a second cnpg cluster\n")
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        try apps.commit("RAILIANCE-WP-0005 drafted")

        // Friday: decided, started, drilled and finished before one commit.
        apps.today = "2026-05-22"
        try apps.expect(["resolve", "RAILIANCE-WP-0005-D01", "--option", "object storage on the platform's MinIO", "--by", "Platform team"])
        try apps.expect(["start", "RAILIANCE-WP-0005"])
        try apps.expect(["start", "RAILIANCE-WP-0005-T01"])
        try apps.expect(["done", "RAILIANCE-WP-0005-T01", "--evidence", "restore-drill"])
        try apps.expect(["done", "RAILIANCE-WP-0005"])
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        try apps.commit("restore drill run; backups in place")
        // CI on the pull request: every commit since origin/main, one by one.
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        let strictToday = try apps.expect(["lint", "--base", "HEAD~1"])
        #expect(!strictToday.stdout.contains("updated-not-bumped"), "\(strictToday.stdout)")
        try git(["push", "-q", "origin", "main"], in: apps.root)
        try git(["fetch", "-q", "origin"], in: apps.root)

        // Saturday: the drill is run again and recorded, with a note.
        apps.today = "2026-05-23"
        try apps.expect(["evidence", "record", "restore-drill", "--note", "second drill: restored in 4 minutes"])
        try Self.hook(apps, base: "origin/main", known: appsKnown)
        try apps.commit("restore drill repeated")
        #expect(try apps.expect(["evidence", "list"]).stdout.contains("restore-drill"))

        // The deploy: the Makefile's gate check passes for smoke use, and production still
        // (truly) waits on I03 alone: the restore drill's evidence is recorded and fresh.
        let binary = try WPBinary.require()
        let environment = ["NO_COLOR": "1", "WP_TODAY": "2026-05-23", "WP_CACHE_DIR": directory.absolute("cache")]
        let smoke = try run("/usr/bin/env", ["make", "-s", "-f", Self.makefile, "gate-check", "WP=\(binary)", "WP_DIR=\(apps.root)",
                                             "GATE=vergabe-teilnahme/smoke"], in: directory.path, environment: environment)
        #expect(smoke.status == 0, "\(smoke.stdout)\(smoke.stderr)")
        #expect(smoke.stdout.hasPrefix("pass vergabe-teilnahme/smoke"), "\(smoke.stdout)")
        let production = try run("/usr/bin/env", ["make", "-s", "-f", Self.makefile, "gate-check", "WP=\(binary)", "WP_DIR=\(apps.root)"],
                                 in: directory.path, environment: environment)
        #expect(production.status != 0, "\(production.stdout)")
        let unmet = production.stdout.split(separator: "\n").filter { $0.contains("✗") }
        #expect(unmet.count == 1, "\(production.stdout)")
        #expect(unmet.contains { $0.contains("RAILIANCE-WP-0004-I03 is todo") }, "\(production.stdout)")
        #expect(!unmet.contains { $0.contains("evidence restore-drill") }, "\(production.stdout)")
    }
}
