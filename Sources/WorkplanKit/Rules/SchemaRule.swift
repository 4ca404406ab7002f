import Foundation

/// Front matter and blocks must match the JSON Schemas in `schemas/`.
struct SchemaRule: Rule {
    static let description = RuleDescription(
        id: "schema",
        summary: "Front matter and task, decision and gate blocks match their JSON Schemas (statuses from the lifecycles)",
        rationale: "A misspelt status or a wrong type is read as unknown and silently changes what is blocked; catch it where it is written.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: ↓in-progress\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\ncreated: ↓\"2026-02-30\"\n---\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\nplanning_order: ↓first\n---\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\n↓id: EX-WP-0001-T01\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n↓staus: done\n---\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\nevidence: drill\n↓evidence_date: 2026-05-01\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\ndone_on: ↓\"2026-06-+1\"\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\ncreated: \"2026-05-18\"\nupdated: 2026-05-19\nplanning_order: 2\ncustom_field: kept\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: in_progress\nstate_hub_task_id: \"49aa\"\n```\n"),
        ])

    /// Compiled once per process; the embedded schemas are constants.
    private static let workplan = Compiled(EmbeddedSchemas.workplan)
    private static let task = Compiled(EmbeddedSchemas.task)
    private static let decision = Compiled(EmbeddedSchemas.decision)
    private static let gate = Compiled(EmbeddedSchemas.gate)

    func check(_ context: LintContext) -> [Diagnostic] {
        let lifecycles = context.lifecycles
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            let workplan = context.graph.workplans[index]
            if let frontMatter = workplan.frontMatter {
                findings += validate(frontMatter, Self.workplan, statuses: lifecycles.workplan, what: "front matter",
                                     about: Diagnostic.Subject(workplan))
            }
            for task in workplan.tasks {
                findings += validate(task.fields, Self.task, statuses: lifecycles.task, what: "task \(task.id)",
                                     about: Diagnostic.Subject(workplan, item: task.id))
                findings += renamed(task.fields, Self.renamedTaskFields, what: "task \(task.id)",
                                    about: Diagnostic.Subject(workplan, item: task.id))
            }
            for decision in workplan.decisions {
                if let fields = decision.fields {
                    findings += validate(fields, Self.decision, statuses: lifecycles.decision, what: "decision \(decision.id)",
                                         about: Diagnostic.Subject(workplan, item: decision.id))
                } else if !lifecycles.decision.isKnown(decision.status) {
                    findings.append(finding("decision \(decision.id) has unknown status '\(decision.status)'", at: decision.location,
                                            about: Diagnostic.Subject(workplan, item: decision.id)))
                }
            }
            for gate in workplan.gates {
                findings += validate(gate.fields, Self.gate, statuses: nil, what: "gate \(gate.id)",
                                     about: Diagnostic.Subject(workplan, item: gate.id))
            }
        }
        for repo in context.workspace.repos where context.isChecked(repo: repo.name) {
            for gate in repo.gates {
                findings += validate(gate.fields, Self.gate, statuses: nil, what: "gate \(gate.id)",
                                     about: Diagnostic.Subject(repo: repo.name, id: gate.id))
            }
        }
        return findings
    }

    private func validate(_ value: YAMLValue, _ schema: Compiled, statuses: Lifecycle?, what: String,
                          about subject: Diagnostic.Subject) -> [Diagnostic] {
        guard let compiled = schema.schema else {
            return [finding("internal: the embedded schema for \(what) does not load; report this bug", at: value.location, about: subject)]
        }
        var allowed: [String: [String]] = [:]
        if let statuses { allowed["status"] = statuses.statuses.map(\.rawValue) }
        var findings = compiled.validate(value, allowedValues: allowed).map { violation in
            finding("\(what): \(violation.message)", at: violation.location, about: subject)
        }
        // Unknown keys are kept, but one a letter or two away from a known key is a typo.
        for entry in value.entries ?? [] where !schema.properties.contains(entry.key) && Self.renamedTaskFields[entry.key] == nil {
            if let near = suggestion(for: entry.key, among: schema.properties), near != entry.key {
                findings.append(finding("\(what): unknown field '\(entry.key)'; did you mean '\(near)'?", at: entry.keyLocation,
                                        about: subject, severity: .warning))
            }
        }
        return findings
    }

    /// Keys wp once read under another name and reads no more: still writing one silently loses
    /// what it says (a gate would find no `done_on`), so each is an error that names the new key.
    static let renamedTaskFields = ["evidence_date": "done_on"]

    private func renamed(_ value: YAMLValue, _ names: [String: String], what: String, about subject: Diagnostic.Subject?) -> [Diagnostic] {
        (value.entries ?? []).compactMap { entry in
            names[entry.key].map { now in
                finding("\(what): `\(entry.key)` is not read any more; rename the key to `\(now)` (same YYYY-MM-DD value)",
                        at: entry.keyLocation, about: subject)
            }
        }
    }

    private struct Compiled: Sendable {
        let schema: JSONSchema?
        let properties: [String]

        init(_ json: String) {
            schema = try? JSONSchema(json: json)
            let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            properties = ((object?["properties"] as? [String: Any])?.keys).map { Array($0).sorted() } ?? []
        }
    }
}
