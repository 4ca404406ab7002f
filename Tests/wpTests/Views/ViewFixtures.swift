/// Small workplans for the end-to-end tests of the views (issue 13).
enum ViewFixtures {
    /// A workplan `id` in `status` with one ```task block per entry: its short id and the YAML after `id:`.
    static func plan(_ id: String, _ status: String, _ tasks: [(String, String)]) -> String {
        var text = "---\nid: \(id)\ntitle: Plan \(id)\nstatus: \(status)\n---\n\n# Plan \(id)\n\n"
        for (short, yaml) in tasks { text += "## \(short) — Task \(short)\n\n```task\nid: \(id)-\(short)\n\(yaml)\n```\n\n" }
        return text
    }
}
