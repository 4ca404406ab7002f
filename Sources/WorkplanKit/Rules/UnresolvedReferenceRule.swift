/// A declared dependency that points nowhere can never be satisfied.
struct UnresolvedReferenceRule: Rule {
    static let description = RuleDescription(
        id: "unresolved-reference",
        summary: "Every `depends_on` and `blocks` reference names an existing id",
        rationale: "A dependency on a missing id is unknown forever: the task stays blocked and nobody can tell why.",
        defaultSeverity: .error,
        triggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓EX-WP-0009]\n```\n"),
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓elsewhere:EX-WP-0002]\n```\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: done\n```\n\n```task\nid: EX-WP-0001-T02\nstatus: todo\ndepends_on: [T01]\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        DeclaredReferences.all(in: context).compactMap { item in
            switch item.resolution {
            case .notFound, .ambiguous, .unknownRepo:
                return finding("reference '\(item.reference.text)' does not resolve: \(item.resolution.explanation)",
                               at: item.reference.location)
            case .resolved, .repoUnavailable:
                return nil
            }
        }
    }
}

/// A declared dependency into a repo that could not be read cannot be checked.
struct UnverifiableReferenceRule: Rule {
    static let description = RuleDescription(
        id: "unverifiable-reference",
        summary: "References into peers that could not be read are reported",
        rationale: "wp treats them as open (never complete); say so, so the missing peer gets fixed.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(files: ["workplans/EX-WP-0001-a.md": "---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\ndepends_on: [↓platform:PL-WP-0001]\n```\n"],
                        config: "peers:\n  platform: {path: ../does-not-exist}\n"),
        ],
        nonTriggering: [
            RuleExample("---\nid: EX-WP-0001\ntitle: A\nstatus: active\n---\n\n```task\nid: EX-WP-0001-T01\nstatus: todo\n```\n"),
        ])

    func check(_ context: LintContext) -> [Diagnostic] {
        DeclaredReferences.all(in: context).compactMap { item in
            guard case .repoUnavailable = item.resolution else { return nil }
            return finding("reference '\(item.reference.text)' cannot be checked: \(item.resolution.explanation)",
                           at: item.reference.location)
        }
    }
}

/// The declared references (`depends_on`, `blocks`) of the local workplans, resolved.
enum DeclaredReferences {
    struct Item {
        var reference: Reference
        var resolution: WorkspaceGraph.Resolution
    }

    static func all(in context: LintContext) -> [Item] {
        var items: [Item] = []
        for index in context.localWorkplans {
            let workplan = context.graph.workplans[index]
            var references = workplan.dependsOn
            for task in workplan.tasks { references += task.dependsOn }
            for decision in workplan.decisions { references += decision.blocks }
            for reference in references {
                items.append(Item(reference: reference, resolution: context.graph.resolve(reference, inWorkplan: index)))
            }
        }
        return items
    }
}
