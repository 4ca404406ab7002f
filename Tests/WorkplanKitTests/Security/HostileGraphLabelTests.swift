import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10, item 18's siblings: the Mermaid and DOT label escapers. A title full
/// of line breaks, quotes, brackets and Mermaid entity codes stays one label, read
/// by Mermaid's own parser and by Graphviz.
@Suite("Security: hostile titles in graph labels")
struct HostileGraphLabelTests {
    /// Breaks out of a quoted Mermaid label and adds a node, a click handler and an edge
    /// on new lines; `#60;script#62;` is what Mermaid would decode to `<script>`.
    static let title = "x\"]\r\nclick n0 call alert(1)\n  evil[\"owned\"] --> n0\u{2028}#60;script#62; \u{1B}[2J\u{202E} ::error::t | <b>"

    static func yaml(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.isShownEscaped: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func index() throws -> (DependencyIndex, TemporaryDirectory) {
        let directory = try TemporaryDirectory("wp-hostile-graph")
        try directory.write("repo/.wp.yaml", "repo: \(yaml("repo " + title))\n")
        try directory.write("repo/workplans/HG-WP-0001-x.md", """
            ---
            id: HG-WP-0001
            title: \(yaml(title))
            status: active
            ---

            ## T01 — first

            ```task
            id: HG-WP-0001-T01
            status: todo
            depends_on: [\(yaml("HG-" + title))]
            ```

            ```decision
            id: HG-WP-0001-D01
            title: \(yaml(title))
            status: pending
            blocks: [HG-WP-0001-T01]
            ```

            ```gate
            id: hg/release
            title: \(yaml(title))
            requires:
              - HG-WP-0001-T01
              - \(yaml(title))
            ```

            """)
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute("cache"), environment: [:])
            .load(from: directory.absolute("repo"))
        return (WorkspaceSession(workspace, today: "2026-06-30").index, directory)
    }

    @Test("Mermaid: a hostile title adds no node, edge or click; every line is a statement wp wrote",
          .enabled(if: RealMermaid.isAvailable, "needs node and PyPI's mermaid-parser-py"))
    func mermaidLabelsStayLabels() throws {
        let (index, _directory) = try Self.index()
        _ = _directory
        let text = try GraphExport(index: index).render(.mermaid)
        let parsed = try RealMermaid.parse(text)
        // Workplan, task, decision, gate, and two unresolved references.
        #expect(parsed.vertices.count == index.graph.nodes.count + 2)
        #expect(!parsed.vertices.contains { $0.id == "evil" })
        #expect(parsed.edges.allSatisfy { $0.start.hasPrefix("n") || $0.start.hasPrefix("u") })
        let workplan = try #require(parsed.vertices.first { RealMermaid.decode($0.text).hasPrefix("HG-WP-0001\n") })
        let shown = RealMermaid.decode(workplan.text)
        #expect(shown.contains("#60;script#62;"), "Mermaid shows the entity code as text, it does not decode it to <script>")
        #expect(!shown.contains("<script"))
        #expect(!text.unicodeScalars.contains { $0.isShownEscaped && $0 != "\n" })

        let evaluator = WorkspaceSession(index.graph.workspace, today: "2026-06-30").gates
        let gate = try #require(evaluator.evaluateAll().first)
        let explain = GateRenderer.explain(evaluator.evaluateWithRequired([0]), mermaid: true)
        let parsedGate = try RealMermaid.parse(explain)
        #expect(parsedGate.vertices.count == 1 + gate.requirements.count)
        #expect(!parsedGate.vertices.contains { RealMermaid.decode($0.text).contains("<script") })
    }

    @Test("DOT: a hostile title adds no node or edge; Graphviz reads every label back whole",
          .enabled(if: GraphvizTool.isInstalled, "Graphviz `dot` is not installed"))
    func dotLabelsStayLabels() throws {
        let (index, _directory) = try Self.index()
        _ = _directory
        let dot = try GraphExport(index: index).render(.dot)
        let parsed = try GraphvizTool.parse(dot)
        #expect(parsed.nodes.count == index.graph.nodes.count + 2)
        #expect(parsed.nodes["evil"] == nil)
        #expect(parsed.edges.count == 2 + 2, "blocks, requires, and two dashed unresolved edges")
        let workplan = try #require(parsed.nodes.values.first { $0.label.hasPrefix("HG-WP-0001\n") })
        #expect(workplan.label.contains(Self.title.terminalSafeLines.components(separatedBy: "\n")[1]))
        #expect(!dot.unicodeScalars.contains { $0.isShownEscaped && $0 != "\n" })
        _ = try GraphvizTool.render(dot, format: "svg")
    }
}
