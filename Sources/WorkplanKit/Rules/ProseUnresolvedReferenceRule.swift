/// An id in prose that names nothing is a typo or a dangling pointer.
struct ProseUnresolvedReferenceRule: Rule {
    static let description = RuleDescription(
        id: "prose-unresolved-reference",
        summary: "Ids mentioned in prose name existing workplans, tasks or decisions",
        rationale: "A reader follows the id; if it names nothing in the workspace, it is a typo, a missing peer, or history.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\nThis follows ↓EX-WP-0009.\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\nThis is EX-WP-0001.\n\n```bash\necho EX-WP-0009\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        let graph = context.graph
        var findings: [Diagnostic] = []
        for index in context.checkedWorkplans {
            let workplan = graph.workplans[index]
            // About the workplan whose prose it is (finding the task around each line would cost a scan per finding).
            let subject = Diagnostic.Subject(workplan)
            for reference in workplan.proseReferences {
                let resolution = graph.resolve(reference, inWorkplan: index)
                switch resolution {
                case .resolved: continue
                case .repoUnavailable:
                    findings.append(finding("'\(reference.text.quotedForMessage)' in prose cannot be checked: \(resolution.explanation)",
                                            at: reference.location, about: subject, severity: .note))
                default:
                    findings.append(finding("'\(reference.text.quotedForMessage)' in prose does not resolve: \(resolution.explanation); fix the id or add the repo that holds it as a peer",
                                            at: reference.location, about: subject))
                }
            }
        }
        return findings
    }
}
