import Foundation
import Testing

/// Recording evidence with wp itself (issue 12, item 3), on the corpus under git with the
/// example's promotion gate (`restore-drill`, at most 30 days old), run as the built binary;
/// every hint a refusal prints is run as printed (item 6).
@Suite("evidence: wp done, wp evidence record/list, gate check --warn-within (end to end)")
struct EvidenceWeekTests {
    static let improvements = CorpusWorkspace.improvementsPlan

    /// The week up to a done restore drill: a new task in RAILIANCE-WP-0004 that records
    /// `restore-drill`, started and done in separate commits.
    static func drillDone(on day: String = "2026-11-28") throws -> (CorpusWorkspace, String) {
        var week = try CorpusWorkspace(today: day)
        let created = try week.wp(["new", "task", "RAILIANCE-WP-0004", "--title", "Restore drill",
                                   "--done-when", "a restore into an isolated namespace comes up with the data"])
        #expect(created.status == 0, "\(created.stderr)")
        let task = "RAILIANCE-WP-0004-I08"
        #expect(created.stdout.hasPrefix("\(task) new task: Restore drill (todo)\n"))
        #expect(try week.wp(["set", task, "evidence", "restore-drill"]).status == 0)
        try week.commit("plan the restore drill")
        #expect(try week.wp(["start", task]).status == 0)
        try week.commit("drill started")
        week.today = day
        return (week, task)
    }

    @Test("wp done writes done_on today; the gate counts the evidence and gives its expiresOn; lint stays clean")
    func doneWritesDoneOn() throws {
        let (week, task) = try Self.drillDone()
        let done = try week.wp(["done", task, "--note", "restored apps-pg into drill-ns in 14 min"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("\(task) done_on: (none) → 2026-11-28\n"))
        let text = try week.text(Self.improvements)
        #expect(text.contains("id: \(task)\nstatus: done\nevidence: restore-drill\ndone_on: 2026-11-28\nevidence_note: restored apps-pg into drill-ns in 14 min\n```"))
        try week.commit("drill done")
        let lint = try week.wp(["lint", "--base", "HEAD~1"])
        #expect(!lint.stdout.contains("error["), "\(lint.stdout)")

        let gate = try week.wp(["gate", "check", "vergabe-teilnahme/promote-production", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(gate.stdout.utf8)) as? [String: Any])
        let requirements = try #require(((json["gates"] as? [[String: Any]])?.first)?["requirements"] as? [[String: Any]])
        let evidence = try #require(requirements.first { $0["kind"] as? String == "evidence" })
        #expect(evidence["met"] as? Bool == true, "\(evidence)")
        #expect(evidence["expiresOn"] as? String == "2026-12-28")
        #expect(evidence["id"] as? String == task)
    }

    @Test("wp evidence record moves done_on and appends the note; list shows the task, its date, the gate's expiry; --warn-within warns, still passing")
    func recordAgain() throws {
        var (week, task) = try Self.drillDone(on: "2026-11-01")
        #expect(try week.wp(["done", task]).status == 0)
        try week.commit("drill done")
        week.today = "2026-11-28"
        let warned = try week.wp(["gate", "check", "vergabe-teilnahme/promote-production", "--warn-within", "7d"])
        #expect(warned.stderr.contains("warning: gate railiance-apps:vergabe-teilnahme/promote-production: evidence 'restore-drill' from \(task) counts until 2026-12-01 (3d left); record it again with `wp evidence record restore-drill`"), "\(warned.stderr)")
        let json = try week.wp(["gate", "check", "vergabe-teilnahme/promote-production", "--warn-within", "7d", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["warnings"] as? [String])?.count == 1)
        // The hint, typed as printed.
        let recorded = try week.runHint(warned.stderr)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("\(task) done_on: 2026-11-01 → 2026-11-28\n"))
        let noted = try week.wp(["evidence", "record", "restore-drill", "--task", task, "--note", "12 min this time"])
        #expect(noted.status == 0, "\(noted.stderr)")
        #expect(try week.text(Self.improvements).contains("done_on: 2026-11-28\nevidence_note: \"2026-11-28: 12 min this time\"\n```"))
        let quiet = try week.wp(["gate", "check", "vergabe-teilnahme/promote-production", "--warn-within", "7d"])
        #expect(!quiet.stderr.contains("warning:"), "\(quiet.stderr)")

        let list = try week.wp(["evidence", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout == """
            evidence restore-drill
              recorded by railiance-apps:\(task) (done), done on 2026-11-28
              needed by gate railiance-apps:vergabe-teilnahme/promote-production (at most 30d old): counts until 2026-12-28

            """)
        try week.commit("drill recorded again")
        let lint = try week.wp(["lint", "--base", "HEAD~1"])
        #expect(!lint.stdout.contains("error["), "\(lint.stdout)")
    }

    @Test("refusals say what to run, and what they say runs as printed")
    func hintsRun() throws {
        let (week, task) = try Self.drillDone()
        // Not done yet: record says to run wp done.
        let early = try week.wp(["evidence", "record", "restore-drill"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("record its evidence the first time with `wp done \(task)`"), "\(early.stderr)")
        let first = try week.runHint(early.stderr)
        #expect(first.status == 0, "\(first.stderr)")
        // --evidence with a sentence never replaces the name; the note the refusal offers works.
        let renamed = try week.wp(["done", task, "--evidence", "restored in 14 min"])
        #expect(renamed.status == 1)
        #expect(renamed.stderr.contains("`wp done \(task) --note 'restored in 14 min'`"), "\(renamed.stderr)")
        let note = try week.runHint(renamed.stderr)
        #expect(note.status == 0, "\(note.stderr)")
        #expect(try week.text(Self.improvements).contains("evidence: restore-drill\ndone_on: 2026-11-28\nevidence_note: restored in 14 min\n"))
        // A finished workplan: reopen it as the refusal says, then the task goes in.
        let finished = try week.wp(["new", "task", "RAILIANCE-WP-0002", "--title", "Another drill", "--done-when", "it ran"])
        #expect(finished.status == 1)
        #expect(!finished.stderr.contains("--force"), "\(finished.stderr)")
        let reopen = try week.runHint(finished.stderr)
        #expect(reopen.status == 0, "\(reopen.stderr)")
        #expect(try week.wp(["new", "task", "RAILIANCE-WP-0002", "--title", "Another drill", "--done-when", "it ran"]).status == 0)
        // Several tasks record the evidence: the refusal names the --task form.
        #expect(try week.wp(["set", "RAILIANCE-WP-0002-T08", "evidence", "restore-drill"]).status == 0)
        let several = try week.wp(["evidence", "record", "restore-drill"])
        #expect(several.status == 1)
        let picked = try week.runHint(several.stderr)
        #expect(picked.status == 0, "\(several.stderr)\n\(picked.stderr)")
    }

    @Test("dates that are not days, or lie in the future, are refused by wp set and are lint errors with positions")
    func dates() throws {
        let (week, task) = try Self.drillDone()
        for (value, message) in [("2026-11-31", "done_on '2026-11-31' is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-11-28"),
                                 ("tomorrow", "done_on 'tomorrow' is not a calendar date"),
                                 ("2026-12-24", "done_on '2026-12-24' lies in the future (today is 2026-11-28)")] {
            let set = try week.wp(["set", task, "done_on", value])
            #expect(set.status == 1, "\(value)")
            #expect(set.stderr.contains(message), "\(set.stderr)")
        }
        let text = try week.text(Self.improvements)
        try week.write(Self.improvements, text.replacingOccurrences(of: "id: \(task)\nstatus: in_progress\n", with: "id: \(task)\nstatus: in_progress\ndone_on: 2026-12-24\n")
            .replacingOccurrences(of: "updated: \"2026-11-28\"", with: "updated: \"2026-11-31\""))
        let lint = try week.wp(["lint"])
        #expect(lint.status == 1)
        let lines = lint.stdout.split(separator: "\n").map(String.init)
        let doneOn = try #require(lineNumber(containing: "done_on: 2026-12-24", in: try week.text(Self.improvements)))
        #expect(lines.contains { $0.hasPrefix("\(Self.improvements):\(doneOn):10: error[date-in-future] \(task)'s `done_on` is 2026-12-24") }, "\(lint.stdout)")
        #expect(lines.contains { $0.hasPrefix("\(Self.improvements):12:10: error[schema]") && $0.contains("2026-11-31") }, "\(lint.stdout)")
    }
}
