import Foundation
import MCP
import WorkplanKit

/// The checked edits: each plans through `session.editor` exactly as its CLI command
/// does (`wp start`, `done`, `block`, `resolve`, `set`, `new task`, `new workplan`),
/// then writes, or with `dry_run` only shows, the diff. A refusal is a tool error
/// with the lines the CLI prints; nothing is written. `wp mcp` never forces an edit.
enum EditTools {
    static let all: [ToolSpec] = [start, done, block, resolve, set, newTask, newWorkplan]

    static let start = edit(
        "start", title: "Start a task or workplan",
        description: "Moves a task or workplan to its lifecycle's active status (in_progress, active), checked like `wp start ID`.",
        parameters: [.identifier("id", required: true, "The task or workplan id.")]
    ) { arguments, editor throws(EditError) in
        try editor.planStart(arguments.string("id") ?? "")
    }

    static let done = edit(
        "done", title: "Mark done",
        description: """
            Marks a task or workplan done (its lifecycle's succeeded status), with `evidence` of it; refused while \
            anything it depends on is open. Checked like `wp done ID --evidence TEXT`.
            """,
        parameters: [
            .identifier("id", required: true, "The task or workplan id."),
            .text("evidence", "What proves it done (written to `evidence:`), e.g. a commit or a URL."),
        ]
    ) { arguments, editor throws(EditError) in
        try editor.planDone(arguments.string("id") ?? "", evidence: arguments.string("evidence"))
    }

    static let block = edit(
        "block", title: "Mark a task blocked",
        description: """
            Marks a task blocked (its lifecycle's waiting status): `on` is added to depends_on (it must resolve), \
            `reason` is written. Give at least one. Checked like `wp block ID --on REF --reason TEXT`.
            """,
        parameters: [
            .identifier("id", required: true, "The task id."),
            .identifier("on", "What it waits for: an id, or repo:ID."),
            .text("reason", "Why it waits (written to `reason:`)."),
        ]
    ) { arguments, editor throws(EditError) in
        try editor.planBlock(arguments.string("id") ?? "", on: arguments.string("on"), reason: arguments.string("reason"))
    }

    static let resolve = edit(
        "resolve", title: "Resolve a decision",
        description: """
            Resolves a decision: its succeeded status, the resolution, decided_on today, decided_by. Checked like \
            `wp resolve ID --option TEXT --by NAME`.
            """,
        parameters: [
            .identifier("id", required: true, "The decision id."),
            .text("option", required: true, "What was decided (written as the resolution)."),
            .text("by", "Who decided (default: git config user.name of the repo)."),
        ]
    ) { arguments, editor throws(EditError) in
        guard let who = arguments.string("by") ?? GitIdentity.userName(in: editor.workspace.root) else {
            throw EditError(.refused, .noDeciderConfigured)
        }
        return try editor.planResolve(arguments.string("id") ?? "", option: arguments.string("option") ?? "", by: who)
    }

    static let set = edit(
        "set", title: "Set one field",
        description: """
            Changes one field of a task, decision block or workplan, in place, byte for byte: `wp set ID FIELD VALUE`. \
            For a list field, `+X` adds, `-X` removes, `A, B` replaces, `[]` empties. Refused when the lifecycle \
            forbids a status move, a required field is missing, the schema breaks or lint errors are added.
            """,
        parameters: [
            .identifier("id", required: true, "The task, decision or workplan id (repo:ID when ambiguous)."),
            .identifier("field", required: true, "The field: status, priority, owner, evidence, depends_on, …"),
            .text("value", required: true, "The new value."),
        ]
    ) { arguments, editor throws(EditError) in
        try editor.plan(EditRequest(
            id: arguments.string("id") ?? "",
            changes: [.set(field: arguments.string("field") ?? "", value: arguments.string("value") ?? "")]))
    }

    static let newTask = edit(
        "new_task", title: "Add a task",
        description: """
            Adds a task with the next free T number at the end of the workplan's Tasks section, from the task \
            template (`wp new task WORKPLAN --title TEXT`).
            """,
        parameters: [
            .identifier("workplan", required: true, "The workplan id."),
            .text("title", required: true, "The task's title (its heading)."),
        ]
    ) { arguments, editor throws(EditError) in
        try editor.planNewTask(workplan: arguments.string("workplan") ?? "", title: arguments.string("title") ?? "")
    }

    static let newWorkplan = edit(
        "new_workplan", title: "Create a workplan",
        description: """
            Creates workplans/<ID>-<slug>.md from the workplan template (`wp new workplan --title TEXT`); without `id`, \
            the next free PREFIX-WP-NNNN. Only in this repo or a path peer.
            """,
        parameters: [
            .text("title", required: true, "The title."),
            .identifier("id", "The workplan id (PREFIX-WP-NNNN); default: the next free one."),
            .identifier("repo", "The repo to create it in (this repo or a path peer); default: this repo."),
        ]
    ) { arguments, editor throws(EditError) in
        try editor.planNewWorkplan(id: arguments.string("id"), title: arguments.string("title") ?? "", repo: arguments.string("repo"))
    }

    // MARK: Shared

    static let dryRun = ToolParameter.flag("dry_run", "Only show the diff the edit would apply; write nothing.")

    /// An edit tool: plan with `plan`, then show or write the result.
    static func edit(
        _ name: String, title: String, description: String, parameters: [ToolParameter],
        plan: @escaping @Sendable (ToolArguments, WorkplanEditor) throws(EditError) -> EditPlan
    ) -> ToolSpec {
        ToolSpec(
            name: name, title: title, description: description, parameters: parameters + [dryRun], isEdit: true,
            outputSchema: resultSchema
        ) { arguments, session throws(ToolFailure) in
            try apply(arguments.flag("dry_run"), session: session) { editor throws(EditError) in
                try plan(arguments, editor)
            }
        }
    }

    /// `EditOptions.perform` of the CLI, answering instead of printing: the plan's diff,
    /// its change lines, notes and warnings; a refusal as the lines the CLI prints.
    static func apply(
        _ dryRun: Bool, session: WorkspaceSession, _ plan: (WorkplanEditor) throws(EditError) -> EditPlan
    ) throws(ToolFailure) -> ToolOutcome {
        let problems = ToolOutcome.readingProblems(session)
        do {
            let result = try plan(session.editor)
            try WriteScope(session.workspace).check(result)
            let diff = result.diff()
            var warnings: [String] = []
            if dryRun {
                try result.checkWritable()
            } else {
                warnings = try result.commit()
            }
            let written = !dryRun && !result.isNoChange
            var lines: [String]
            if result.isNoChange {
                lines = ["nothing to change: \(result.displayPath.terminalSafePath) already says so"]
            } else if dryRun {
                lines = [diff.hasSuffix("\n") ? String(diff.dropLast()) : diff]
            } else {
                lines = result.changes.map(\.terminalSafe) + ["wrote \(result.displayPath.terminalSafePath)"]
            }
            lines += result.notes.map { "note: \($0.terminalSafe)" } + warnings.map { "warning: \($0.terminalSafeLines)" }
            let structured = EditResult(
                id: result.id, path: result.displayPath, changes: result.changes, diff: diff, dryRun: dryRun, written: written,
                notes: result.notes, warnings: warnings)
            let value: Value
            do {
                value = try JSONValues.value(ofJSON: JSONOutput.encode(structured))
            } catch {
                throw ToolFailure(kind: .failed, message: "error: cannot produce the JSON output: \(error)")
            }
            return ToolOutcome(text: lines.joined(separator: "\n"), structured: value, notes: problems)
        } catch let error as EditError {
            var notes = problems
            if error.advice == .useForce {
                notes.append("wp mcp never forces an edit: fix what the lines above name, or ask a person to run the command with --force.")
            }
            return ToolFailure(
                kind: error.kind == .refused ? .refused : error.kind == .unknownID ? .unknownID : .failed,
                message: error.message, problems: error.problems, notes: notes
            ).outcome
        } catch let failure as ToolFailure {
            throw failure
        } catch {
            throw ToolFailure(kind: .failed, message: "error: \(error)")
        }
    }

    /// The structured result of an edit.
    struct EditResult: Encodable {
        var id: String
        var path: String
        var changes: [String]
        var diff: String
        var dryRun: Bool
        var written: Bool
        var notes: [String]
        var warnings: [String]
    }

    static let resultSchema: Value = [
        "type": "object",
        "description": "What a checked edit did (or, with dry_run, would do).",
        "required": ["id", "path", "changes", "diff", "dryRun", "written", "notes", "warnings"],
        "additionalProperties": false,
        "properties": [
            "id": ["type": "string", "description": "The element edited or created."],
            "path": ["type": "string", "description": "The file, relative to its repo root (a path peer's with its prefix)."],
            "changes": ["type": "array", "items": ["type": "string"], "description": "One line per change, as the CLI prints them."],
            "diff": ["type": "string", "description": "A unified diff of the file (empty when nothing changes)."],
            "dryRun": ["type": "boolean", "description": "True when nothing was to be written."],
            "written": ["type": "boolean", "description": "True when the file was written."],
            "notes": ["type": "array", "items": ["type": "string"], "description": "Things worth knowing that did not stop the edit."],
            "warnings": ["type": "array", "items": ["type": "string"], "description": "What the write could not keep (hard links, owner)."],
        ],
    ]
}
