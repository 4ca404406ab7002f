import MCP
import WorkplanKit

/// One tool of `wp mcp`: its name, its JSON Schemas, and what it does with a session.
struct ToolSpec: Sendable {
    typealias Run = @Sendable (ToolArguments, WorkspaceSession) throws(ToolFailure) -> ToolOutcome

    var name: String
    var title: String
    var description: String
    var parameters: [ToolParameter]
    /// Writes files: listed only without `--read-only`.
    var isEdit: Bool
    /// The schema of the structured result: the CLI's JSON contract (`schemas/*-output.schema.json`).
    var outputSchema: Value?
    var run: Run

    var tool: Tool {
        var input: [String: Value] = [
            "type": "object",
            "properties": .object(Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.schema) })),
            "additionalProperties": false,
        ]
        let required = parameters.filter(\.required).map { Value.string($0.name) }
        if !required.isEmpty { input["required"] = .array(required) }
        return Tool(
            name: name, title: title, description: description, inputSchema: .object(input),
            annotations: Tool.Annotations(
                title: title, readOnlyHint: !isEdit, destructiveHint: isEdit ? false : nil,
                idempotentHint: isEdit ? nil : true, openWorldHint: false),
            outputSchema: outputSchema)
    }
}

/// Every tool `wp mcp` offers, in the order it lists them.
struct ToolCatalog: Sendable {
    let tools: [ToolSpec]
    /// Names of the edit tools left out by `--read-only`.
    let withheld: Set<String>

    init(readOnly: Bool) {
        let all = ReadTools.all + EditTools.all
        tools = all.filter { !readOnly || !$0.isEdit }
        withheld = readOnly ? Set(all.filter(\.isEdit).map(\.name)) : []
    }

    func tool(named name: String) -> ToolSpec? { tools.first { $0.name == name } }
}
