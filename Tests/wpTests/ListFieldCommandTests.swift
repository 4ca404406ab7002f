import Foundation
import Testing

/// `wp set ID depends_on "A, B"` where the task has no `depends_on`, and in another order
/// (issue 12, item 4), on the corpus under git, run as the built binary.
@Suite("wp set with a list (end to end)")
struct ListFieldCommandTests {
    @Test("a task without depends_on takes a list of two; another order is written again; lint stays clean across commits")
    func setAListTheTaskLacks() throws {
        let week = try CorpusWorkspace()
        let created = try week.wp(["new", "workplan", "--id", "RAILIANCE-WP-0006", "--title", "Backups for every app"])
        #expect(created.status == 0, "\(created.stderr)")
        for title in ["Inventory", "Schedule", "Restore drill"] {
            let task = try week.wp(["new", "task", "RAILIANCE-WP-0006", "--title", title, "--done-when", "\(title) is written down"])
            #expect(task.status == 0, "\(task.stderr)")
        }
        try week.commit("plan backups")

        let set = try week.wp(["set", "RAILIANCE-WP-0006-T03", "depends_on", "T02, RAILIANCE-WP-0004-I01"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stderr == "")
        #expect(set.stdout.hasPrefix("RAILIANCE-WP-0006-T03 depends_on: [] → [T02, RAILIANCE-WP-0004-I01]\n"))
        let path = "workplans/RAILIANCE-WP-0006-backups-for-every-app.md"
        #expect(try week.text(path).contains("id: RAILIANCE-WP-0006-T03\nstatus: todo\ndepends_on: [T02, RAILIANCE-WP-0004-I01]\n```"))
        try week.commit("T03 waits for T02 and I01")
        let lint = try week.wp(["lint", "--base", "HEAD~1"])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(!lint.stdout.contains("error["))

        let reordered = try week.wp(["set", "RAILIANCE-WP-0006-T03", "depends_on", "RAILIANCE-WP-0004-I01, T01, T02"])
        #expect(reordered.status == 0, "\(reordered.stderr)")
        #expect(try week.text(path).contains("depends_on: [RAILIANCE-WP-0004-I01, T01, T02]\n```"))
        let show = try week.wp(["show", "RAILIANCE-WP-0006-T03", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let dependsOn = (json["dependsOn"] as? [[String: Any]])?.compactMap { $0["ref"] as? String }
        #expect(dependsOn == ["RAILIANCE-WP-0004-I01", "T01", "T02"], "\(show.stdout)")
    }
}
