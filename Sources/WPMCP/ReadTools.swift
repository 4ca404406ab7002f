import MCP
import WorkplanKit

/// The tools that read: each renders the view its CLI command renders, from the same
/// session calls, so the structured result is `wp … --format json` byte for byte in meaning.
enum ReadTools {
    static let all: [ToolSpec] = [status, ready, show, impact, lint, gateCheck, graph]

    static let status = ToolSpec(
        name: "status", title: "Workplan status",
        description: """
            The state of the workspace (this repo and its peers), bounded: counts in all and per repo (workplans, tasks, \
            blocked tasks told apart as waiting or only sequenced, pending decisions), the open workplans with their \
            progress, and the blocked tasks with what blocks them down to the root cause, waiting ones first: at most \
            `limit` entries per list, with `total` and `truncated`. Entries have the fields of `wp status --format json`; \
            the whole document is the resource wp://status.
            """,
        parameters: [
            .flag("blocked_only", "List only workplans with a blocked task (`wp status --blocked`)."),
            .identifier("repo", "Only workplans of this repo (`--repo`)."),
            limitParameter("Entries listed at most per list (workplans, blocked tasks, problems)"),
        ],
        isEdit: false, outputSchema: statusDigestSchema
    ) { arguments, session throws(ToolFailure) in
        let repo = arguments.string("repo")
        try checkRepo(repo, in: session)
        var filter = StatusFilter(repo: repo, paths: session.workspace.selectedPaths)
        filter.listsTasks = false
        let limit = listLimit(arguments)
        filter.describedBlockedLimit = limit
        let digest = StatusDigest(
            StatusReport(analysis: session.analysis, filter: filter), onlyBlocked: arguments.flag("blocked_only"),
            limit: limit, fullDocument: WorkplanResources.statusURI)
        return try .rendering(digest, session: session)
    }

    static let ready = ToolSpec(
        name: "ready", title: "Tasks ready to start",
        description: """
            Tasks that can start now (not complete, not blocked, in a workplan that offers work), best first: planning \
            priority and order, task priority, then how much each unblocks; the first `limit` of them, `total` counting \
            all. Same result as `wp ready --limit N --format json`; the whole list is the resource wp://ready.
            """,
        parameters: [
            .identifier("repo", "Only tasks of workplans in this repo."),
            .text("owner", "Only tasks of this owner (the task's, else its workplan's)."),
            limitParameter("Tasks listed at most (`total` counts them all)"),
        ],
        isEdit: false, outputSchema: schema("ready-output")
    ) { arguments, session throws(ToolFailure) in
        let repo = arguments.string("repo")
        try checkRepo(repo, in: session)
        let view = ReadyList(index: session.index, repo: repo, owner: arguments.string("owner"), limit: listLimit(arguments))
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
            Same result as `wp impact ID --format json`, its items cut at `limit` (then with `total` and `truncated`).
            """,
        parameters: [
            .identifier("id", required: true, "The id (`repo:ID` when ambiguous)."),
            limitParameter("Items listed at most, nearest first (`total` and `truncated` say when some were left out)"),
        ],
        isEdit: false, outputSchema: schema("impact-output")
    ) { arguments, session throws(ToolFailure) in
        let node = try element(arguments.string("id") ?? "", in: session)
        var report = ImpactReport(node: node, index: session.index)
        let total = report.items.count
        report.items = Array(report.items.prefix(listLimit(arguments)))
        return try .rendering(report, session: session).cut(listed: report.items.count, of: total, what: "items")
    }

    static let lint = ToolSpec(
        name: "lint", title: "Lint the workplans",
        description: """
            Checks every workplan of this repo: schemas, references, lifecycles, and (with `base`) status moves since \
            that git revision. Findings are the answer, not an error. Same result as `wp lint --format json`, its \
            findings cut at `limit` (then with `total` and `truncated`; `summary` counts them all).
            """,
        parameters: [
            ToolParameter(
                name: "base", kind: .revision,
                description: "A git revision to compare with (e.g. `origin/main`): reports status moves the lifecycle forbids."),
            limitParameter("Findings listed at most, in `wp lint`'s order; `summary` counts them all"),
        ],
        isEdit: false, outputSchema: schema("lint-output")
    ) { arguments, session throws(ToolFailure) in
        let result: LintEngine.Result
        do {
            result = try session.lint(base: arguments.string("base"))
        } catch {
            throw ToolFailure(kind: .failed, message: "\(error)")
        }
        let whole = LintReport(result)
        let listed = LintReport(diagnostics: Array(whole.diagnostics.prefix(listLimit(arguments))), summary: whole.summary)
        var outcome = try ToolOutcome.rendering(listed, session: session)
        // Lint reports reading problems as findings itself.
        outcome.notes = []
        return outcome.cut(listed: listed.diagnostics.count, of: whole.diagnostics.count, what: "findings")
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
            only their neighbourhood. Same text as `wp graph --format mermaid`; above \(Limits.mcpGraphElements) \
            elements one node per workplan, and above that many workplans a request to name `ids`.
            """,
        parameters: [
            ToolParameter(name: "ids", kind: .identifiers, description: "Draw only the neighbourhood of these ids."),
            ToolParameter(name: "depth", kind: .integer(minimum: 0), description: "With `ids`: how many dependency steps around them."),
        ],
        isEdit: false, outputSchema: graphSchema
    ) { arguments, session throws(ToolFailure) in
        var roots: [Int] = []
        for id in arguments.strings("ids") { roots.append(try element(id, in: session)) }
        var view = GraphExport(index: session.index, roots: roots, depth: arguments.integer("depth"))
        // Thousands of elements make megabytes of Mermaid nobody reads: one node per workplan
        // (as `wp report` draws a large workspace), else a narrower question.
        let elements = view.nodes.count
        if elements > Limits.mcpGraphElements { view = view.perWorkplanView() }
        guard view.nodes.count <= Limits.mcpGraphElements else {
            throw .usage("""
                the graph has \(elements) elements (\(view.nodes.count) workplans and gates), more than the \
                \(Limits.mcpGraphElements) a graph answer draws; name `ids` (and `depth`) to draw their neighbourhood
                """)
        }
        let mermaid: String
        do {
            mermaid = try view.render(.mermaid, in: RenderContext(style: .plain))
        } catch {
            throw ToolFailure(kind: .failed, message: "\(error)")
        }
        var structured: [String: Value] = ["format": "mermaid", "graph": .string(mermaid)]
        if view.perWorkplan { structured["perWorkplan"] = true }
        return ToolOutcome(text: mermaid, structured: .object(structured), notes: ToolOutcome.readingProblems(session))
    }

    // MARK: Shared

    /// `limit` of a tool whose answer is a list that grows with the workspace.
    static func limitParameter(_ what: String) -> ToolParameter {
        ToolParameter(
            name: "limit", kind: .integer(minimum: 1, maximum: Limits.mcpListedItemsMaximum),
            description: "\(what); default \(Limits.mcpListedItemsDefault), at most \(Limits.mcpListedItemsMaximum).")
    }

    static func listLimit(_ arguments: ToolArguments) -> Int {
        arguments.integer("limit") ?? Limits.mcpListedItemsDefault
    }

    /// The `status` tool's result: ``StatusDigest``, its entries described by the CLI's
    /// `status-output` schema (the same definitions), its counts and bounds by this one.
    static let statusDigestSchema: Value? = {
        guard case .object(let full)? = schema("status-output"), case .object(let properties)? = full["properties"],
              case .object(var definitions)? = full["$defs"], case .object(let repoItem)? = properties["repos"]?.objectValue?["items"],
              case .object(let workplanDefinition)? = definitions["workplan"],
              case .object(var workplanProperties)? = workplanDefinition["properties"],
              let blocked = properties["blocked"], let problems = properties["problems"]
        else { return nil }
        let count: Value = ["type": "integer", "minimum": 0]
        definitions["counts"] = [
            "type": "object",
            "description": "Counts over everything the call selects (`repo`), not only the entries listed.",
            "required": ["workplans", "openWorkplans", "tasks", "completeTasks", "blocked", "waiting", "sequenced", "pendingDecisions"],
            "additionalProperties": false,
            "properties": [
                "workplans": count, "openWorkplans": count, "tasks": count, "completeTasks": count,
                "blocked": count, "waiting": count, "sequenced": count, "pendingDecisions": count,
            ],
        ]
        var repo = repoItem
        if case .object(var repoProperties)? = repo["properties"] { repoProperties["counts"] = ["$ref": "#/$defs/counts"]; repo["properties"] = .object(repoProperties) }
        if case .array(let required)? = repo["required"] { repo["required"] = .array(required + ["counts"]) }
        workplanProperties["tasks"] = nil
        workplanProperties["decisions"] = nil
        workplanProperties["blocked"] = ["type": "integer", "minimum": 0, "description": "Its blocked tasks."]
        let workplan: Value = [
            "type": "object",
            "required": ["id", "title", "status", "repo", "path", "line", "progress", "counts", "blocked"],
            "properties": .object(workplanProperties),
        ]
        let list = { (items: Value, description: String) -> Value in
            ["type": "array", "maxItems": .int(Limits.mcpListedItemsMaximum), "items": items, "description": .string(description)]
        }
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "wp mcp status",
            "description": "The status tool's result: `wp status --format json` counted, its lists cut at `limit`.",
            "type": "object",
            "required": ["summary", "repos", "workplans", "blocked", "problems", "limit", "total", "truncated", "fullDocument"],
            "properties": [
                "summary": ["$ref": "#/$defs/counts"],
                "repos": ["type": "array", "items": .object(repo), "description": "Every repo of the workspace, the local one first."],
                "workplans": list(workplan, "The first `limit` open workplans (with blocked_only: those with a blocked task)."),
                "blocked": list(blocked.objectValue?["items"] ?? [:], "The first `limit` blocked tasks, waiting ones first."),
                "problems": list(problems.objectValue?["items"] ?? [:], "The first `limit` problems met while reading."),
                "limit": ["type": "integer", "minimum": 0, "description": "Entries listed at most per list."],
                "total": [
                    "type": "object", "description": "Entries each list has in the whole answer.",
                    "required": ["workplans", "blocked", "problems"],
                    "properties": ["workplans": count, "blocked": count, "problems": count],
                ],
                "truncated": ["type": "boolean", "description": "A list was cut at `limit`."],
                "fullDocument": ["type": "string", "description": "The resource holding the whole `wp status --format json`."],
            ],
            "$defs": .object(definitions),
        ]
    }()


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
            "perWorkplan": [
                "const": true,
                "description": .string("Present when the graph had more than \(Limits.mcpGraphElements) elements: one node per workplan (and gate)."),
            ],
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
