import MCP
import WorkplanKit

/// What a tool call answers: a short text for people, the structured result for
/// programs, and whether it is an error (a refusal, an unknown id, bad arguments).
struct ToolOutcome: Sendable {
    var text: String
    var structured: Value?
    var isError = false
    /// More text after the answer (reading problems, a note for agents).
    var notes: [String] = []

    var result: CallTool.Result {
        let blocks = ([text] + notes).filter { !$0.isEmpty }
        return CallTool.Result(
            content: blocks.map { .text(text: $0, annotations: nil, _meta: nil) },
            structuredContent: structured, isError: isError)
    }

    /// `view` as the CLI renders it: JSON as the structured result, plain text as the text.
    static func rendering(_ view: some OutputView, text format: OutputFormat = .text, session: WorkspaceSession) throws(ToolFailure) -> ToolOutcome {
        let context = RenderContext(style: .plain)
        do {
            let json = try view.render(.json, in: context)
            let text = try view.render(format, in: context)
            return ToolOutcome(text: text, structured: try JSONValues.value(ofJSON: json), notes: readingProblems(session))
        } catch let error as RenderError {
            throw ToolFailure(kind: .failed, message: error.description)
        } catch {
            throw ToolFailure(kind: .failed, message: "error: cannot produce the JSON output: \(error)")
        }
    }

    /// The outcome of a list cut to `listed` of `total` entries: the structured result says so
    /// (`total`, `truncated`, added only when something was left out, so that an uncut answer
    /// stays the CLI's document), and a note says how to see more.
    func cut(listed: Int, of total: Int, what: String) -> ToolOutcome {
        guard listed < total, case .object(var fields)? = structured else { return self }
        fields["total"] = .int(total)
        fields["truncated"] = true
        var outcome = self
        outcome.structured = .object(fields)
        outcome.notes.insert(
            "… \(total - listed) more \(what) (\(total) in all): raise `limit` (at most \(Limits.mcpListedItemsMaximum)) to see more.",
            at: 0)
        return outcome
    }

    /// The problems met reading the workspace, which the CLI prints to standard error:
    /// the answer may be missing what could not be read.
    static func readingProblems(_ session: WorkspaceSession) -> [String] {
        let problems = session.loadProblems
        guard !problems.isEmpty else { return [] }
        return ["Some input could not be read; the answer may be missing what it holds:\n"
            + problems.map(\.description.terminalSafeLines).joined(separator: "\n")]
    }
}

/// Why a tool call did not do its job: the message the CLI prints (to standard error)
/// for the same request, and the exit status it would end with.
struct ToolFailure: Error, Sendable {
    enum Kind: String, Sendable, Encodable {
        /// The arguments are not what the tool takes (the CLI's usage error, exit 64).
        case usage
        /// A check refused an edit (exit 1).
        case refused
        /// No element (or repo, or gate) has the id (exit 2).
        case unknownID = "unknown_id"
        /// wp could not do the job: unreadable workspace, write failed (exit 2).
        case failed
    }

    var kind: Kind
    var message: String
    /// The edit's problems, typed, when an edit was refused.
    var problems: [EditProblem] = []
    var notes: [String] = []

    static func usage(_ message: String) -> ToolFailure { ToolFailure(kind: .usage, message: "error: " + message) }

    var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .refused: 1
        case .unknownID, .failed: 2
        }
    }

    var outcome: ToolOutcome {
        let structured = ErrorResult(error: .init(
            kind: kind, exitCode: exitCode, message: message,
            problems: problems.map(ErrorResult.Problem.init)))
        let value = try? JSONValues.value(ofJSON: JSONOutput.encode(structured))
        return ToolOutcome(text: message, structured: value, isError: true, notes: notes)
    }
}

/// The structured content of a tool error.
private struct ErrorResult: Encodable {
    struct Body: Encodable {
        var kind: String
        var exitCode: Int32
        var message: String
        var problems: [Problem]

        init(kind: ToolFailure.Kind, exitCode: Int32, message: String, problems: [Problem]) {
            self.kind = kind.rawValue
            self.exitCode = exitCode
            self.message = message
            self.problems = problems
        }
    }

    struct Problem: Encodable {
        /// The line the CLI prints for it.
        var message: String
        var severity: String
        var file: String?
        var line: Int?
        var column: Int?
        /// `--force` on the command line would override it (`wp mcp` never forces).
        var forceable: Bool

        init(_ problem: EditProblem) {
            message = problem.description
            severity = problem.severity.rawValue
            file = problem.location?.path
            line = problem.location?.line
            column = problem.location?.column
            forceable = problem.isForceable
        }
    }

    var error: Body
}
