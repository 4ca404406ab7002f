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
        return context.checkedWorkplans.flatMap { index -> [Diagnostic] in
            let workplan = context.graph.workplans[index]
            return workplan.tasks.flatMap { task -> [Diagnostic] in
                (required[task.status] ?? []).compactMap { field -> Diagnostic? in
                    guard task.fields[field] == nil || task.fields[field]!.isNull else { return nil }
                    return finding("task \(task.id) is \(task.status) but has no `\(field)`, which .wp.yaml requires for that status; add `\(field):`",
                                   at: task.location(ofField: "status"), about: Diagnostic.Subject(workplan, item: task.id))
                }
            }
        }
    }
}
