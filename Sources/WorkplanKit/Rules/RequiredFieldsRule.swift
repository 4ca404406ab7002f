/// A lifecycle can demand proof for a status, e.g. `done` needs `evidence`.
struct RequiredFieldsRule: Rule {
    static let description = RuleDescription(
        id: "required-fields",
        summary: "A task has the fields its status requires (`lifecycles.task.require` in .wp.yaml)",
        rationale: "Teams that require evidence for `done` want CI to refuse a done task without it.",
        defaultSeverity: .error,
        triggering: [
            RuleExample(files: ["workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: ↓done\n```\n"],
                        config: "lifecycles:\n  task:\n    require: {done: [evidence]}\n"),
        ],
        nonTriggering: [
            RuleExample(files: ["workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\nevidence: ci-run-123\n```\n"],
                        config: "lifecycles:\n  task:\n    require: {done: [evidence]}\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let required = context.lifecycles.task.requiredFields
        guard !required.isEmpty else { return [] }
        // Each status's fields once, in order, without repeats.
        var lists: [Status: (fields: [String], set: Set<String>)] = [:]
        for (status, fields) in required {
            var seen = Set<String>()
            lists[status] = (fields.filter { seen.insert($0).inserted }, seen)
        }
        return context.checkedWorkplans.flatMap { index -> [Diagnostic] in
            let workplan = context.graph.workplans[index]
            // One finding per task, however many fields it lacks, and work per task that depends on
            // its own fields, not on how many `.wp.yaml` requires: a finding per field made 1,000 done
            // tasks and 30,000 required fields take 1.7 GB (then a crash).
            return workplan.tasks.compactMap { task -> Diagnostic? in
                guard let list = lists[task.status] else { return nil }
                let present = Set((task.fields.entries ?? []).filter { !$0.value.isNull }.map(\.key))
                let missingCount = list.set.count - present.filter(list.set.contains).count
                guard missingCount > 0 else { return nil }
                var shown: [String] = []
                for field in list.fields where !present.contains(field) {
                    shown.append(field)
                    if shown.count == Limits.valuesListedInMessage { break }
                }
                let message: String
                if missingCount == 1 {
                    message = "task \(task.id) is \(task.status) but has no `\(shown[0])`, which .wp.yaml requires for that status; add `\(shown[0]):`"
                } else {
                    let more = missingCount - shown.count
                    message = "task \(task.id) is \(task.status) but lacks \(missingCount) fields .wp.yaml requires for that status: "
                        + shown.map { "`\($0.quotedForMessage)`" }.joined(separator: ", ") + (more > 0 ? ", … \(more) more" : "") + "; add them"
                }
                return finding(message, at: task.location(ofField: "status"), about: Diagnostic.Subject(workplan, item: task.id))
            }
        }
    }
}
