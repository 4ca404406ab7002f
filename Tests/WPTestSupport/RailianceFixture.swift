/// Workplan texts shared by the library and end-to-end tests.
public enum RailianceFixture {
    /// RAILIANCE-WP-0003 with six tasks, T01–T04 done; unless finished, T05 in progress
    /// and T06 (which waits on T05) todo, so T05 is the root of anything waiting on the workplan.
    public static func platformWorkplan(finished: Bool) -> String {
        var text = """
            ---
            id: RAILIANCE-WP-0003
            title: Provision shared CNPG cluster apps-pg
            status: \(finished ? "finished" : "active")
            ---

            # Provision shared CNPG cluster apps-pg

            """
        for (short, status) in [("T01", "done"), ("T02", "done"), ("T03", "done"), ("T04", "done"),
                                ("T05", finished ? "done" : "in_progress"), ("T06", finished ? "done" : "todo")] {
            text += "\n## \(short) — Step \(short)\n\n```task\nid: RAILIANCE-WP-0003-\(short)\nstatus: \(status)\n"
            if short == "T06" { text += "depends_on: [T05]\n" }
            text += "```\n"
        }
        return text
    }
}
