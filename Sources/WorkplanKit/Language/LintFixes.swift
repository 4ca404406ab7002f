/// New text for a span of a file: one byte-exact piece of a fix.
public struct TextReplacement: Sendable, Hashable {
    public var span: FileSpan
    public var text: String
}

/// A change that makes one lint finding go away, as the editor's byte-preserving
/// machinery computes it: only the bytes of the value it fixes change.
public struct LintFix: Sendable, Hashable {
    /// What the fix does, for a menu ("Change status to 'in_progress'").
    public var title: String
    /// The finding it fixes.
    public var finding: Diagnostic
    /// Replacements in one file, against the bytes the finding was made on; none overlap.
    public var replacements: [TextReplacement]
}

extension WorkspaceSession {
    /// The fixes wp knows for `findings` (lint's, about the file at `displayPath`):
    ///
    /// - `schema` on an unknown status with a close known one: the suggested status;
    /// - `prose-undeclared-blocker`: the id added to the task's `depends_on`;
    /// - `updated-not-bumped`: `updated:` set to today (``WorkplanClock/localToday``).
    ///
    /// Each fix changes only the bytes of what it fixes (no `updated:` bump besides its
    /// own fix) and is checked: the fixed bytes parse, and say what the fix meant. Findings
    /// without a fix are left out.
    public func fixes(for findings: [Diagnostic], inFile displayPath: String) -> [LintFix] {
        guard let source = source(displayPath: displayPath),
              let workplan = workspace.workplans.first(where: { $0.path == displayPath }),
              let file = try? EditableFile(source: source, workplan: workplan, diagnostics: []) else { return [] }
        return findings.filter { $0.location.path == displayPath }.compactMap { finding in
            switch finding.rule {
            case SchemaRule.description.id: statusFix(finding, file)
            case ProseUndeclaredBlockerRule.description.id: dependencyFix(finding, file)
            case UpdatedNotBumpedRule.description.id: updatedFix(finding, file)
            default: nil
            }
        }
    }

    /// An unknown status → the one lint suggests.
    private func statusFix(_ finding: Diagnostic, _ file: EditableFile) -> LintFix? {
        let workplan = file.workplan
        let lifecycles = workspace.lifecycles
        var candidates: [(mapping: YAMLValue, lifecycle: Lifecycle, id: String, kind: EditableFile.MappingKind)] = []
        if let frontMatter = workplan.frontMatter { candidates.append((frontMatter, lifecycles.workplan, workplan.id, .frontMatter)) }
        candidates += workplan.tasks.map { ($0.fields, lifecycles.task, $0.id, .task) }
        candidates += workplan.decisions.compactMap { decision in decision.fields.map { ($0, lifecycles.decision, decision.id, .decision) } }
        for candidate in candidates {
            guard let value = candidate.mapping["status"], value.location == finding.location, let written = value.string,
                  !candidate.lifecycle.isKnown(Status(written)),
                  let suggested = suggestion(for: written, among: candidate.lifecycle.statuses.map(\.rawValue)) else { continue }
            var editor: MappingEditor
            if candidate.kind == .frontMatter {
                guard let front = try? file.frontMatterEditor() else { return nil }
                editor = front
            } else {
                editor = file.blockEditor(fields: candidate.mapping, fenceLine: blockFence(of: candidate.id, in: workplan) ?? 0, kind: candidate.kind)
            }
            guard (try? editor.setScalar("status", suggested, kind: .string)) == true else { return nil }
            return fix("Change status '\(written)' to '\(suggested)'", finding, editor, file) { fixed in
                fixed.id == candidate.id ? fixed.status.rawValue == suggested
                    : (fixed.tasks.first { $0.id == candidate.id }?.status ?? fixed.decisions.first { $0.id == candidate.id }?.status)?.rawValue == suggested
            }
        }
        return nil
    }

    /// Prose says a task is blocked on an id its `depends_on` does not list → list it.
    private func dependencyFix(_ finding: Diagnostic, _ file: EditableFile) -> LintFix? {
        let workplan = file.workplan
        guard let reference = workplan.proseReferences.first(where: { $0.location == finding.location && $0.claimsBlocking }),
              let taskIndex = TaskSectionIndex(workplan.tasks).taskIndex(containingLine: reference.location.line) else { return nil }
        let task = workplan.tasks[taskIndex]
        let item = reference.repo.map { "\($0):\(reference.id)" } ?? reference.id
        var editor = file.blockEditor(fields: task.fields, fenceLine: task.location.line, kind: .task)
        guard (try? editor.addItem("depends_on", item)) == true else { return nil }
        return fix("Add \(item) to depends_on of \(task.id)", finding, editor, file) { fixed in
            fixed.tasks.first { $0.id == task.id }?.dependsOn.contains { $0.text == item } == true
        }
    }

    /// `updated:` not bumped since `--base` → today.
    private func updatedFix(_ finding: Diagnostic, _ file: EditableFile) -> LintFix? {
        guard var editor = try? file.frontMatterEditor() else { return nil }
        let today = clock.localToday.description
        guard (try? WorkplanEditor(workspace: workspace, today: clock.localToday).bumpUpdated(&editor)) != nil else { return nil }
        return fix("Set updated to \(today)", finding, editor, file) { $0.updated == today }
    }

    /// The fix of `editor`'s edits, when the result parses and `holds` says it does what it meant.
    private func fix(
        _ title: String, _ finding: Diagnostic, _ editor: MappingEditor, _ file: EditableFile, holds: (Workplan) -> Bool
    ) -> LintFix? {
        guard let edits = try? editor.allEdits(), !edits.isEmpty,
              let updated = ByteEdit.apply(edits, to: file.raw.bytes) else { return nil }
        let parsed = WorkplanParser(repo: file.repo, decisions: workspace.lifecycles.decision)
            .parse(path: file.displayPath, absolutePath: file.absolutePath, bytes: updated)
        guard let fixed = parsed.workplan, holds(fixed) else { return nil }
        let replacements = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { edit in
            TextReplacement(span: file.source.fileSpan(edit.range), text: String(decoding: edit.replacement, as: UTF8.self))
        }
        return LintFix(title: title.terminalSafe, finding: finding, replacements: replacements)
    }

    private func blockFence(of id: String, in workplan: Workplan) -> Int? {
        workplan.tasks.first { $0.id == id }?.location.line ?? workplan.decisions.first { $0.id == id }?.location.line
    }
}
