import Foundation
import Testing
import WorkplanKit

/// `wp lint --base` over real histories: several commits made with wp's own edits,
/// judged commit by commit (issue 12, items 1 and 2).
@Suite struct PullRequestLintTests {
    static let day = "2026-11-28"
    static let nextDay = "2026-11-29"
    static let path = "workplans/RAILIANCE-WP-0005-backups.md"

    /// A repo with RAILIANCE-WP-0005 (draft) and its task T01 (todo), made by `wp new` and committed
    /// on top of a commit holding only `.wp.yaml`.
    static func backups(today: String = day) throws -> GitRepo {
        let repo = try GitRepo(config: "repo: railiance-apps\n", today: today)
        // A first commit without the workplan, so a base can come before it was added.
        try repo.commit("workspace")
        try repo.expect(["new", "workplan", "--id", "RAILIANCE-WP-0005", "--title", "Backups"])
        try repo.expect(["new", "task", "RAILIANCE-WP-0005", "--title", "Restore drill", "--done-when", "a restore of last night's backup runs clean"])
        try repo.commit("RAILIANCE-WP-0005: new")
        return repo
    }

    /// Every `updated-not-bumped` finding asks for a date other than the one written: a fix that is not already in place.
    static func expectNoFixInPlace(_ output: String, repo: GitRepo, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let written = try repo.read(path).split(separator: "\n").first { $0.hasPrefix("updated:") }.map(String.init) ?? ""
        for line in output.split(separator: "\n") where line.contains("updated-not-bumped") {
            let asked = line.components(separatedBy: "set it to today's date, ").last ?? ""
            #expect(!written.contains(asked), "the finding asks for what is already there: \(line)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Item 1

    @Test("a start and a done committed the same day: lint --base HEAD~1 says nothing about `updated`")
    func sameDayEditsNeedNoBump() throws {
        let repo = try Self.backups()
        try repo.expect(["start", "RAILIANCE-WP-0005"])
        try repo.commit("start")
        try repo.expect(["start", "RAILIANCE-WP-0005-T01"])
        try repo.expect(["done", "RAILIANCE-WP-0005-T01"])
        try repo.commit("T01 done")
        let lint = try repo.expect(["lint", "--base", "HEAD~1", "--strict"])
        #expect(!lint.stdout.contains("updated-not-bumped"), "\(lint.stdout)")
        #expect(lint.stdout == "No problems in 1 file.\n", "\(lint.stdout)")
        // The same history linted the next day: `updated` (the day of both edits) equals the base's.
        let later = try repo.expect(["lint", "--base", "HEAD~1"], today: Self.nextDay)
        #expect(later.stdout.contains("warning[updated-not-bumped] RAILIANCE-WP-0005 changed since HEAD~1 but `updated` is still \(Self.day); set it to today's date, \(Self.nextDay)"),
                "\(later.stdout)")
        try Self.expectNoFixInPlace(later.stdout, repo: repo)
    }

    @Test("an edit by hand that keeps `updated` warns with today's date; wp's next edit bumps it and the warning goes")
    func handEditThenWpEdit() throws {
        let repo = try Self.backups()
        try repo.write(Self.path, try repo.read(Self.path) + "\nA note written by hand.\n")
        try repo.commit("a note")
        let stale = try repo.expect(["lint", "--base", "HEAD~1"], today: Self.nextDay)
        #expect(stale.stdout.contains("`updated` is still \(Self.day); set it to today's date, \(Self.nextDay)"), "\(stale.stdout)")
        try Self.expectNoFixInPlace(stale.stdout, repo: repo)
        try repo.expect(["start", "RAILIANCE-WP-0005"], today: Self.nextDay)
        let bumped = try repo.expect(["lint", "--base", "HEAD~1", "--strict"], today: Self.nextDay)
        #expect(!bumped.stdout.contains("updated-not-bumped"), "a later `updated` is bumped: \(bumped.stdout)")
        // Linted a day later still: later than the base counts as bumped, whatever today is.
        let dayAfter = try repo.expect(["lint", "--base", "HEAD~1", "--strict"], today: "2026-11-30")
        #expect(!dayAfter.stdout.contains("updated-not-bumped"), "\(dayAfter.stdout)")
    }

    // MARK: Item 2

    @Test("wp start and wp done in one commit (draft → active → finished): legal, no finding")
    func chainWithinOneCommit() throws {
        let repo = try Self.backups()
        try repo.expect(["start", "RAILIANCE-WP-0005"])
        try repo.expect(["done", "RAILIANCE-WP-0005-T01"])
        try repo.expect(["done", "RAILIANCE-WP-0005"])
        #expect(try repo.read(Self.path).contains("status: finished"))
        // Uncommitted (the pre-commit hook's view), then committed (CI's view).
        let working = try repo.expect(["lint", "--base", "HEAD", "--strict"])
        #expect(!working.stdout.contains("illegal-transition"), "\(working.stdout)")
        try repo.commit("backups: done")
        let committed = try repo.expect(["lint", "--base", "HEAD~1", "--strict"])
        #expect(committed.stdout == "No problems in 1 file.\n", "\(committed.stdout)")
    }

    @Test("each commit is one step: done → todo in one commit is reported, with that commit, even when a later one moves it back")
    func eachCommitIsJudged() throws {
        let repo = try Self.backups()
        try repo.expect(["start", "RAILIANCE-WP-0005"])
        try repo.expect(["done", "RAILIANCE-WP-0005-T01"])
        try repo.commit("T01 done")
        try repo.expect(["set", "RAILIANCE-WP-0005-T01", "status", "todo", "--force"])
        let reopened = try repo.commit("T01 reopened")
        try repo.expect(["set", "RAILIANCE-WP-0005-T01", "status", "done"])
        let redone = try repo.commit("T01 done again")
        let lint = try repo.expect(["lint", "--base", "HEAD~2"], exits: 1)
        let line = try #require(lineNumber(containing: "id: RAILIANCE-WP-0005-T01", in: try repo.read(Self.path))) + 1
        #expect(lint.stdout.contains(
            "\(Self.path):\(line):9: error[illegal-transition] task RAILIANCE-WP-0005-T01 moved from 'done' to 'todo' in commit \(reopened) (since HEAD~2), "
                + "which the task lifecycle does not allow: 'done' is final: no move leaves it"), "\(lint.stdout)")
        #expect(!lint.stdout.contains(redone), "todo → done is allowed: \(lint.stdout)")
        // The last commit alone is a legal move.
        #expect(try repo.expect(["lint", "--base", "HEAD~1"]).stdout.contains("illegal-transition") == false)
    }

    @Test("a move no chain allows names the missing link; the step is the working tree when uncommitted")
    func missingLink() throws {
        let repo = try Self.backups()
        let decided = try repo.read(Self.path) + "\n```decision\nid: RAILIANCE-WP-0005-D01\nstatus: resolved\nresolution: nightly\n```\n"
        try repo.write(Self.path, decided)
        try repo.commit("D01 resolved")
        try repo.write(Self.path, decided.replacingOccurrences(of: "status: resolved\nresolution: nightly", with: "status: pending"))
        let lint = try repo.expect(["lint", "--base", "HEAD"], exits: 1)
        #expect(lint.stdout.contains(
            "error[illegal-transition] decision RAILIANCE-WP-0005-D01 moved from 'resolved' to 'pending' in the working tree (since HEAD), "
                + "which the decision lifecycle does not allow: from 'resolved' the lifecycle leads only to superseded, none of which may move to 'pending' (only rejected may)"),
            "\(lint.stdout)")
    }

    @Test("a workplan added as draft, started and paused in later commits is not `new as paused`; one added as paused is, in its commit")
    func initialStatusInTheCommitThatAdds() throws {
        let repo = try Self.backups()
        try repo.expect(["start", "RAILIANCE-WP-0005"])
        try repo.commit("start")
        try repo.expect(["set", "RAILIANCE-WP-0005", "status", "paused"])
        try repo.commit("pause")
        let clean = try repo.expect(["lint", "--base", "HEAD~3", "--strict"])
        #expect(!clean.stdout.contains("illegal-initial-status"), "\(clean.stdout)")
        #expect(clean.stdout == "No problems in 1 file.\n", "\(clean.stdout)")

        let paused = "---\nid: RAILIANCE-WP-0006\ntitle: Paused from the start\nstatus: paused\ncreated: \"\(Self.day)\"\nupdated: \"\(Self.day)\"\n---\n"
        try repo.write("workplans/RAILIANCE-WP-0006-paused.md", paused)
        let added = try repo.commit("add WP-0006 paused")
        try repo.expect(["set", "RAILIANCE-WP-0006", "status", "active"])
        try repo.commit("start WP-0006")
        let lint = try repo.expect(["lint", "--base", "HEAD~2"], exits: 1)
        #expect(lint.stdout.contains(
            "workplans/RAILIANCE-WP-0006-paused.md:4:9: error[illegal-initial-status] new workplan RAILIANCE-WP-0006 starts as 'paused' in commit \(added) (since HEAD~2)"),
            "\(lint.stdout)")
    }

    @Test("renamed in one commit, moved on in the next: followed by id, no `new` element, the move judged at the new path")
    func renamesAreFollowed() throws {
        let repo = try Self.backups()
        try git(["mv", Self.path, "workplans/RAILIANCE-WP-0005-backups-and-restores.md"], in: repo.root)
        try repo.commit("rename")
        try repo.expect(["start", "RAILIANCE-WP-0005"])
        try repo.expect(["done", "RAILIANCE-WP-0005-T01"])
        try repo.commit("T01 done")
        let clean = try repo.expect(["lint", "--base", "HEAD~2", "--strict"])
        #expect(clean.stdout == "No problems in 1 file.\n", "\(clean.stdout)")
        try repo.expect(["set", "RAILIANCE-WP-0005-T01", "status", "todo", "--force"])
        let moved = try repo.expect(["lint", "--base", "HEAD~2"], exits: 1)
        #expect(moved.stdout.contains("workplans/RAILIANCE-WP-0005-backups-and-restores.md:"), "\(moved.stdout)")
        #expect(moved.stdout.contains("moved from 'done' to 'todo' in the working tree (since HEAD~2)"), "\(moved.stdout)")
    }

    @Test("a task deleted in an intermediate commit while open work depends on it: the finding names that commit")
    func deletedInAnIntermediateCommit() throws {
        let repo = try Self.backups()
        try repo.expect(["new", "task", "RAILIANCE-WP-0005", "--title", "Verify the restore", "--done-when", "the restored rows match"])
        try repo.expect(["set", "RAILIANCE-WP-0005-T02", "depends_on", "T01"])
        try repo.commit("T02 waits on T01")
        let text = try repo.read(Self.path)
        let start = try #require(text.range(of: "### T01"))
        let end = try #require(text.range(of: "### T02"))
        try repo.write(Self.path, String(text[..<start.lowerBound]) + String(text[end.lowerBound...]))
        let deleted = try repo.commit("T01 deleted")
        try repo.write(Self.path, try repo.read(Self.path) + "\nMore notes.\n")
        try repo.commit("notes")
        let lint = try repo.expect(["lint", "--base", "HEAD~3"], exits: 1)
        #expect(lint.stdout.contains(
            "error[deleted-with-dependents] RAILIANCE-WP-0005-T02 depends on RAILIANCE-WP-0005-T01, which was deleted in commit \(deleted) (since HEAD~3)"),
            "\(lint.stdout)")
    }

    @Test("--base a branch that moved on: the walk starts where HEAD meets it, so the branch's later moves are not the pull request's")
    func walkStartsAtTheMergeBase() throws {
        let repo = try Self.backups()
        try git(["checkout", "-q", "-b", "feature"], in: repo.root)
        try repo.expect(["start", "RAILIANCE-WP-0005"])
        try repo.commit("feature: start")
        // Meanwhile on main, T01 is done.
        try git(["checkout", "-q", "main"], in: repo.root)
        try repo.expect(["done", "RAILIANCE-WP-0005-T01"])
        try repo.commit("main: T01 done")
        try git(["checkout", "-q", "feature"], in: repo.root)
        // Compared with main's tip T01 went done → todo; the pull request never touched it.
        let lint = try repo.expect(["lint", "--base", "main", "--strict"])
        #expect(lint.stdout == "No problems in 1 file.\n", "\(lint.stdout)")
    }

    @Test("more commits than wp walks: exit 2 saying so; at the limit the walk goes through")
    func commitLimit() throws {
        let repo = try Self.backups()
        let limit = Limits.baseCommitsWalked
        try #require(limit == 1_000, "the message below writes the limit as 1,000")
        // limit + 1 commits on top of the base, made in one git fast-import (an empty commit each).
        let head = try git(["rev-parse", "HEAD"], in: repo.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var stream = ""
        for number in 1...(limit + 1) {
            stream += "commit refs/heads/main\ncommitter wp <wp@example.invalid> \(1_700_000_000 + number) +0000\ndata 2\nc\n"
            if number == 1 { stream += "from \(head)\n" }
            stream += "\n"
        }
        let importer = try repo.directory.write("fast-import.txt", stream)
        let imported = try runProcess("/bin/sh", ["-c", "git fast-import --quiet --force < '\(importer)' && git reset -q --hard main"], in: repo.root)
        #expect(imported.status == 0, "\(imported.stderr)")
        let over = try repo.expect(["lint", "--base", "HEAD~\(limit + 1)"], exits: 2)
        #expect(over.stderr.contains("--base HEAD~\(limit + 1): more than 1,000 commits lead from it to HEAD"), "\(over.stderr)")
        #expect(over.stderr.contains("e.g. `wp lint --base HEAD~\(limit)`"), "\(over.stderr)")
        // The hint works as printed.
        let within = try repo.expect(["lint", "--base", "HEAD~\(limit)", "--strict"])
        #expect(within.stdout == "No problems in 1 file.\n", "\(within.stdout)")
    }

    // MARK: The refusal says what to run first

    @Test("wp done on a draft workplan: refused, naming `wp start ID`; run as printed, then wp done succeeds")
    func doneOnADraftSaysStartFirst() throws {
        let repo = try Self.backups()
        try repo.expect(["done", "RAILIANCE-WP-0005-T01"])
        let refused = try repo.expect(["done", "RAILIANCE-WP-0005"], exits: 1)
        #expect(refused.stderr.contains(
            "error: the workplan lifecycle does not allow draft → finished directly (from draft it allows proposed, backlog, active, cancelled); "
                + "run `wp start RAILIANCE-WP-0005` first (draft → active → finished)"), "\(refused.stderr)")
        let hint = try #require(refused.stderr.components(separatedBy: "run `").last?.components(separatedBy: "`").first)
        let words = hint.split(separator: " ").map(String.init)
        #expect(words.first == "wp")
        try repo.expect(Array(words.dropFirst()))
        try repo.expect(["done", "RAILIANCE-WP-0005"])
        #expect(try repo.read(Self.path).contains("status: finished"))
    }
}
