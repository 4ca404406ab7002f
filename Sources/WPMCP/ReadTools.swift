import MCP
import WorkplanKit

/// The tools that read: each renders the view its CLI command renders, from the same
/// session calls, so the structured result is `wp … --format json` byte for byte in meaning.
enum ReadTools {
    static let all: [ToolSpec] = [status, ready, show, impact, lint, gateCheck, graph]

    static let status = ToolSpec(
        name: "status", title: "Workplan status",
        description: """
            Every workplan of the workspace (this repo and its peers) with its progress, and every blocked task with \
            what blocks it, down to the root cause. Same result as `wp status --format json`.
            """,
        parameters: [
            .flag("blocked_only", "Only blocked tasks (`wp status --blocked`)."),
            .identifier("repo", "Only workplans of this repo (`--repo`)."),
        ],
        isEdit: false, outputSchema: schema("status-output")
    ) { arguments, session throws(ToolFailure) in
        let repo = arguments.string("repo")
        try checkRepo(repo, in: session)
        let filter = StatusFilter(repo: repo, paths: session.workspace.selectedPaths, onlyBlocked: arguments.flag("blocked_only"))
        return try .rendering(StatusReport(analysis: session.analysis, filter: filter), session: session)
    }

    static let ready = ToolSpec(
        name: "ready", title: "Tasks ready to start",
        description: """
            Tasks that can start now (not complete, not blocked, in a workplan that offers work), best first: planning \
            priority and order, task priority, then how much each unblocks. Same result as `wp ready --format json`.
            """,
        parameters: [
            .identifier("repo", "Only tasks of workplans in this repo."),
            .text("owner", "Only tasks of this owner (the task's, else its workplan's)."),
            ToolParameter(name: "limit", kind: .integer(minimum: 1), description: "At most this many tasks."),
        ],
        isEdit: false, outputSchema: schema("ready-output")
    ) { arguments, session throws(ToolFailure) in
        let repo = arguments.string("repo")
        try checkRepo(repo, in: session)
        let view = ReadyList(index: session.index, repo: repo, owner: arguments.string("owner"), limit: arguments.integer("limit"))
        return try .rendering(view, session: session)
    }

    static let show = ToolSpec(
        name: "show", title: "Show one element",
        description: """
            One workplan, task, decision or gate: its fields, where it is defined, what it depends on and what depends \
            on it. Same result as `wp show ID --format json`.
            """,
        parameters: [.identifier("id", required: true, "The id (`RAILIANCE-WP-0002-T04`; `repo:ID` when ambiguous).")],
        isEdit: false, outputSchema: schema("show-output")
    ) { arguments, session throws(ToolFailure) in
        let node = try element(arguments.string("id") ?? "", in: session)
        return try .rendering(ElementDetail(node: node, index: session.index), session: session)
    }

    static let impact = ToolSpec(
        name: "impact", title: "What completing an element unblocks",
        description: """
            What completing the element would unblock, directly and transitively, per repo, and its critical path. \
            Same result as `wp impact ID --format json`.
            """,
        parameters: [.identifier("id", required: true, "The id (`repo:ID` when ambiguous).")],
        isEdit: false, outputSchema: schema("impact-output")
    ) { arguments, session throws(ToolFailure) in
        let node = try element(arguments.string("id") ?? "", in: session)
        return try .rendering(ImpactReport(node: node, index: session.index), session: session)
    }

    static let lint = ToolSpec(
        name: "lint", title: "Lint the workplans",
        description: """
            Checks every workplan of this repo: schemas, references, lifecycles, and (with `base`) status moves since \
            that git revision. Findings are the answer, not an error. Same result as `wp lint --format json`.
            """,
        parameters: [
            ToolParameter(
                name: "base", kind: .revision,
                description: "A git revision to compare with (e.g. `origin/main`): reports status moves the lifecycle forbids."),
        ],
        isEdit: false, outputSchema: schema("lint-output")
    ) { arguments, session throws(ToolFailure) in
        let result: LintEngine.Result
        do {
            result = try session.lint(base: arguments.string("base"))
        } catch {
            throw ToolFailure(kind: .failed, message: "\(error)")
        }
        var outcome = try ToolOutcome.rendering(LintReport(result), session: session)
        // Lint reports reading problems as findings itself.
        outcome.notes = []
        return outcome
    }

    static let gateCheck = ToolSpec(
        name: "gate_check", title: "Check gates",
        description: """
            Evaluates gates (promotion checks): each passes only when wp is sure. A failing gate is the answer, not an \
            error. Same result as `wp gate check ID… --format json` (every gate evaluated, each once).
            """,
        parameters: [
            ToolParameter(name: "gates", kind: .identifiers, required: true, description: "Gate ids (`repo:ID` when ambiguous); at least one."),
        ],
        isEdit: false, outputSchema: schema("gate-output")
    ) { arguments, session throws(ToolFailure) in
        let ids = arguments.strings("gates")
        guard !ids.isEmpty else { throw .usage("name at least one gate id; `wp gate list` shows them") }
        var named: [Int] = []
        for id in ids {
            do {
                named.append(try session.gate(id))
            } catch {
                throw ToolFailure(kind: .unknownID, message: "error: \(error)")
            }
        }
        let results = session.gates.evaluateWithRequired(named)
        return try .rendering(GateCheckView(results: results, named: Set(named).count), session: session)
    }

    static let graph = ToolSpec(
        name: "graph", title: "Dependency graph (Mermaid)",
        description: """
            The dependency graph as a Mermaid flowchart, clustered by repo and workplan, coloured by status; with `ids`, \
            only their neighbourhood. Same text as `wp graph --format mermaid`.
            """,
        parameters: [
            ToolParameter(name: "ids", kind: .identifiers, description: "Draw only the neighbourhood of these ids."),
            ToolParameter(name: "depth", kind: .integer(minimum: 0), description: "With `ids`: how many dependency steps around them."),
        ],
        isEdit: false, outputSchema: graphSchema
    ) { arguments, session throws(ToolFailure) in
        var roots: [Int] = []
        for id in arguments.strings("ids") { roots.append(try element(id, in: session)) }
        let view = GraphExport(index: session.index, roots: roots, depth: arguments.integer("depth"))
        let mermaid: String
        do {
            mermaid = try view.render(.mermaid, in: RenderContext(style: .plain))
        } catch {
            throw ToolFailure(kind: .failed, message: "\(error)")
        }
        return ToolOutcome(
            text: mermaid, structured: ["format": "mermaid", "graph": .string(mermaid)],
            notes: ToolOutcome.readingProblems(session))
    }

    // MARK: Shared

    /// The CLI's output contract `schemas/<name>.schema.json`, as shipped in the binary.
    static func schema(_ name: String) -> Value? {
        JSONValues.schema(BuiltinSchemas.source(named: name))
    }

    static let graphSchema: Value = [
        "type": "object",
        "description": "`wp graph --format mermaid`, as one string.",
        "required": ["format", "graph"],
        "additionalProperties": false,
        "properties": [
            "format": ["const": "mermaid", "description": "The graph's language."],
            "graph": ["type": "string", "description": "The Mermaid flowchart."],
        ],
    ]

    /// The element `id` names, or the CLI's message (`wp show`: exit 2).
    static func element(_ id: String, in session: WorkspaceSession) throws(ToolFailure) -> Int {
        do {
            return try session.element(id)
        } catch {
            throw ToolFailure(kind: .unknownID, message: "error: \(error)")
        }
    }

    static func checkRepo(_ repo: String?, in session: WorkspaceSession) throws(ToolFailure) {
        do {
            try session.checkRepo(repo)
        } catch {
            throw ToolFailure(kind: .unknownID, message: "error: \(error)")
        }
    }
}
