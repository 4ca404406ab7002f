/// `wp new task` without `--done-when` writes a placeholder where the acceptance criterion goes.
struct DoneWhenPlaceholderRule: Rule {
    static let description = RuleDescription(
        id: "done-when-placeholder",
        summary: "A task's **Done when:** says what proves it done, not the template's placeholder",
        rationale: "A task whose acceptance criterion is still `(say what proves this task done)` cannot be judged done; "
            + "`wp new task` writes the placeholder when `--done-when` is not given.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n### T01 — Write it\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n↓**Done when:** (say what proves this task done)\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n### T01 — Write it\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\nSome text first.\n\n↓__Done when:__   (say what proves this task done)\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n### T01 — Write it\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n\n**Done when:** the runbook lists every app (say what proves this task done).\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n### T01 — Write it\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        context.checkedWorkplans.flatMap { index -> [Diagnostic] in
            let workplan = context.graph.workplans[index]
            return workplan.tasks.compactMap { task in
                guard let doneWhen = task.doneWhen, doneWhen.trimmingWhitespace() == DefaultTemplates.doneWhenPlaceholder,
                      let location = task.doneWhenLocation else { return nil }
                return finding("task \(task.id)'s **Done when:** is still the template's placeholder; say what proves it done",
                               at: location, about: Diagnostic.Subject(workplan, item: task.id))
            }
        }
    }
}
