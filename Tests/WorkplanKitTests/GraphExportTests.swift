import Foundation
import Testing
@testable import WorkplanKit

// `wp graph`: the Mermaid output is parsed back (by a strict parser for the
// subset GraphExport writes, and by the real Mermaid parser when it is
// installed) and the DOT output is fed to Graphviz; node and edge sets are
// compared with what the fixture's files say, not with what the code computes.

/// Two repos whose files exercise every kind, every status class, every edge
/// label, an unresolved reference, a gate inside a workplan and titles full of
/// characters Mermaid and DOT treat specially.
private enum GraphFixture {
    static let coreConfig = """
        repo: core
        include: [workplans/**/*.md, docs/**/*.md]
        peers:
          other: {path: ../other}

        """

    /// Quotes, angle brackets, ampersand, hash, backticks, a pipe and a backslash: all in one title.
    static let trickyTitle = #"Ship "quoted" <tags> & #hash `code` | pipe; C:\dir"#

    static let coreWorkplan = #"""
        ---
        id: CORE-WP-0001
        title: 'Ship "quoted" <tags> & #hash `code` | pipe; C:\dir'
        status: active
        ---

        # Core

        ## T01 — Done first

        ```task
        id: CORE-WP-0001-T01
        status: done
        ```

        ## T02 — Running "now" with `code`

        ```task
        id: CORE-WP-0001-T02
        status: in_progress
        ```

        ## T03 — Needs both & #1

        ```task
        id: CORE-WP-0001-T03
        status: todo
        depends_on: [T02, other:OTHER-WP-0001-T01]
        ```

        ```decision
        id: D-01
        title: 'Pick #1 "option" <a|b>'
        status: pending
        blocks: [T03]
        ```

        ```decision
        id: D-02
        title: Rejected idea
        status: rejected
        ```

        ## T04 — Waiting by status

        ```task
        id: CORE-WP-0001-T04
        status: blocked
        reason: vendor
        ```

        ## T05 — Dropped

        ```task
        id: CORE-WP-0001-T05
        status: cancelled
        ```

        ## T06 — Points nowhere

        ```task
        id: CORE-WP-0001-T06
        status: todo
        depends_on: [NOPE-WP-0009]
        ```

        """#

    static let followUpWorkplan = """
        ---
        id: CORE-WP-0002
        title: Follow-up
        status: draft
        depends_on: [CORE-WP-0001]
        ---

        # Follow-up

        ## T01 — Later

        ```task
        id: CORE-WP-0002-T01
        status: todo
        ```

        ```gate
        id: core/inline
        requires:
          - CORE-WP-0002-T01
        ```

        """

    static let runbook = """
        # Release runbook

        ```gate
        id: core/release
        title: Release "core"
        requires:
          - CORE-WP-0001-T03
          - other:OTHER-WP-0001
          - evidence: soak-test
            max_age: 7d
          - gate: core/smoke
        ```

        ```gate
        id: core/smoke
        requires:
          - CORE-WP-0001-T01
        ```

        """

    static let otherWorkplan = """
        ---
        id: OTHER-WP-0001
        title: Base <platform>
        status: active
        ---

        # Base

        ## T01 — Provide the base

        ```task
        id: OTHER-WP-0001-T01
        status: todo
        ```

        ## T02 — Wait for hardware

        ```task
        id: OTHER-WP-0001-T02
        status: wait
        reason: hardware delivery
        ```

        """

    /// Every element, by id.
    static let allIDs: Set<String> = [
        "CORE-WP-0001", "CORE-WP-0001-T01", "CORE-WP-0001-T02", "CORE-WP-0001-T03", "CORE-WP-0001-T04",
        "CORE-WP-0001-T05", "CORE-WP-0001-T06", "CORE-WP-0001-D01", "CORE-WP-0001-D02",
        "CORE-WP-0002", "CORE-WP-0002-T01", "core/inline", "core/release", "core/smoke",
        "OTHER-WP-0001", "OTHER-WP-0001-T01", "OTHER-WP-0001-T02",
    ]

    /// Prerequisite → dependent, as the files declare them (a task inheriting
    /// its workplan's depends_on is drawn once, from the workplan).
    static let allEdges: Set<LabelledEdge> = [
        LabelledEdge("CORE-WP-0001-T02", "CORE-WP-0001-T03", "depends_on"),
        LabelledEdge("OTHER-WP-0001-T01", "CORE-WP-0001-T03", "depends_on"),
        LabelledEdge("CORE-WP-0001-D01", "CORE-WP-0001-T03", "blocks"),
        LabelledEdge("CORE-WP-0001", "CORE-WP-0002", "depends_on"),
        LabelledEdge("CORE-WP-0002-T01", "core/inline", "requires"),
        LabelledEdge("CORE-WP-0001-T03", "core/release", "requires"),
        LabelledEdge("OTHER-WP-0001", "core/release", "requires"),
        LabelledEdge("core/smoke", "core/release", "requires"),
        LabelledEdge("CORE-WP-0001-T01", "core/smoke", "requires"),
    ]

    /// The status class each element should be coloured with.
    static let statusClasses: [String: String] = [
        "CORE-WP-0001-T01": "complete", "CORE-WP-0001-T05": "complete", "core/smoke": "complete",
        "CORE-WP-0001": "active", "CORE-WP-0001-T02": "active", "OTHER-WP-0001": "active",
        "CORE-WP-0001-T03": "blocked", "CORE-WP-0001-T04": "blocked", "CORE-WP-0001-T06": "blocked",
        "CORE-WP-0002-T01": "blocked", "OTHER-WP-0001-T02": "blocked",
        "CORE-WP-0001-D01": "waiting",
        "CORE-WP-0001-D02": "closed",
        "CORE-WP-0002": "open", "OTHER-WP-0001-T01": "open",
        "core/inline": "open", "core/release": "open",
    ]

    /// Gates whose requirements all hold (core/smoke needs only the done T01); the others fail.
    static let passingGates: Set<String> = ["core/smoke"]

    /// Where each element sits: repo cluster, then workplan cluster (nil: directly in the repo).
    static let clusters: [String: (repo: String, workplan: String?)] = {
        var result: [String: (repo: String, workplan: String?)] = [:]
        for id in allIDs {
            if id.hasPrefix("OTHER-") {
                result[id] = ("other", "OTHER-WP-0001")
            } else if id.hasPrefix("CORE-WP-0001") {
                result[id] = ("core", "CORE-WP-0001")
            } else if id.hasPrefix("CORE-WP-0002") || id == "core/inline" {
                result[id] = ("core", "CORE-WP-0002")
            } else {
                result[id] = ("core", nil)
            }
        }
        return result
    }()

    static func write(into directory: TemporaryDirectory) throws {
        try directory.write("core/.wp.yaml", coreConfig)
        try directory.write("core/workplans/CORE-WP-0001-core.md", coreWorkplan)
        try directory.write("core/workplans/CORE-WP-0002-follow-up.md", followUpWorkplan)
        try directory.write("core/docs/release.md", runbook)
        try directory.write("other/.wp.yaml", "repo: other\n")
        try directory.write("other/workplans/OTHER-WP-0001-base.md", otherWorkplan)
    }

    static func index(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (DependencyIndex, TemporaryDirectory) {
        let directory = try TemporaryDirectory("wp-graph")
        try write(into: directory)
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute("cache"), environment: [:])
            .load(from: directory.absolute("core"))
        #expect(workspace.diagnostics.isEmpty, "\(workspace.diagnostics)", sourceLocation: sourceLocation)
        return (WorkspaceSession(workspace, today: "2026-06-30").index, directory)
    }

    /// The example workspace of the repository (examples/), read in place.
    static func examplesIndex() throws -> DependencyIndex {
        let examples = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/railiance-apps").path
        let cache = try TemporaryDirectory("wp-graph-cache")
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: cache.path, environment: [:]).load(from: examples)
        return WorkspaceSession(workspace, today: "2026-06-30").index
    }

    static func node(_ id: String, in graph: WorkspaceGraph) throws -> Int {
        let nodes = graph.nodes(withID: id)
        try #require(nodes.count == 1, "\(id) should be one node, found \(nodes.count)")
        return nodes[0]
    }
}

/// An edge between element ids (not node names), with its label.
struct LabelledEdge: Hashable, CustomStringConvertible {
    var from: String
    var to: String
    var label: String

    init(_ from: String, _ to: String, _ label: String) {
        self.from = from
        self.to = to
        self.label = label
    }

    var description: String { "\(from) -[\(label)]-> \(to)" }
}

// MARK: - A strict parser for the Mermaid subset GraphExport writes

/// A Mermaid flowchart, parsed line by line. Anything that is not a
/// well-formed header, subgraph, `end`, node, edge, `classDef` or `class`
/// line is an error, as is an unbalanced `end`, a node declared twice, an
/// edge or class naming an undeclared node, or a label Mermaid would misread.
struct MermaidFlowchart {
    enum Shape: String {
        case subroutine = "[["
        case square = "["
        case hexagon = "{{"
        case diamond = "{"

        var close: String {
            switch self {
            case .subroutine: "]]"
            case .square: "]"
            case .hexagon: "}}"
            case .diamond: "}"
            }
        }
    }

    struct Node {
        var name: String
        /// The label with entities decoded and `<br/>` as line breaks.
        var label: String
        var shape: Shape
        /// Enclosing subgraph names, outermost first.
        var subgraphs: [String]
    }

    struct Edge: Hashable {
        var from: String
        var to: String
        var label: String
        var dashed: Bool
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "mermaid line \(line): \(message)" }
    }

    var direction = ""
    var nodes: [String: Node] = [:]
    var nodeOrder: [String] = []
    var edges: [Edge] = []
    /// Subgraph name → (decoded title, enclosing subgraph names).
    var subgraphs: [String: (title: String, parents: [String])] = [:]
    var classDefs: [String: [String: String]] = [:]
    var classOf: [String: String] = [:]

    static let keywords: Set<String> = ["end", "subgraph", "graph", "flowchart", "class", "classDef", "style", "click", "linkStyle", "direction", "default"]

    static func parse(_ text: String) throws(ParseError) -> MermaidFlowchart {
        var chart = MermaidFlowchart()
        var stack: [String] = []
        var pendingClasses: [(names: [String], className: String, line: Int)] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard text.hasSuffix("\n") else { throw ParseError(line: lines.count, message: "output does not end with a newline") }
        for (offset, raw) in lines.dropLast().enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            func fail(_ message: String) -> ParseError { ParseError(line: number, message: "\(message): \(raw)") }
            if number == 1 {
                guard let match = line.wholeMatch(of: #/flowchart (LR|RL|TB|TD|BT)/#) else { throw fail("expected a flowchart header") }
                chart.direction = String(match.1)
                continue
            }
            if line.isEmpty { throw fail("empty line") }
            if let match = line.wholeMatch(of: #/subgraph ([A-Za-z][A-Za-z0-9_]*)\["([^"]*)"\]/#) {
                let name = String(match.1)
                guard !keywords.contains(name), chart.subgraphs[name] == nil, chart.nodes[name] == nil else { throw fail("subgraph name \(name) reused") }
                chart.subgraphs[name] = (try decodeLabel(String(match.2), fail), stack)
                stack.append(name)
            } else if line == "end" {
                guard stack.popLast() != nil else { throw fail("`end` without an open subgraph") }
            } else if let match = line.wholeMatch(of: #/([A-Za-z][A-Za-z0-9_]*)(\[\[|\[|\{\{|\{)"([^"]*)"(\]\]|\]|\}\}|\})/#) {
                let name = String(match.1)
                guard let shape = Shape(rawValue: String(match.2)), shape.close == String(match.4) else { throw fail("mismatched shape brackets") }
                guard !keywords.contains(name) else { throw fail("node name \(name) is a Mermaid keyword") }
                guard chart.nodes[name] == nil, chart.subgraphs[name] == nil else { throw fail("node \(name) declared twice") }
                chart.nodes[name] = Node(name: name, label: try decodeLabel(String(match.3), fail), shape: shape, subgraphs: stack)
                chart.nodeOrder.append(name)
            } else if let match = line.wholeMatch(of: #/([A-Za-z][A-Za-z0-9_]*) (-->|-\.->)\|([^|"<>]+)\| ([A-Za-z][A-Za-z0-9_]*)/#) {
                chart.edges.append(Edge(from: String(match.1), to: String(match.4), label: String(match.3), dashed: match.2 == "-.->"))
            } else if let match = line.wholeMatch(of: #/classDef ([A-Za-z][A-Za-z0-9_]*) ([a-z-]+:[^,\s;:]+(?:,[a-z-]+:[^,\s;:]+)*)/#) {
                let name = String(match.1)
                guard chart.classDefs[name] == nil else { throw fail("classDef \(name) twice") }
                var styles: [String: String] = [:]
                for pair in match.2.split(separator: ",") {
                    let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
                    styles[parts[0]] = parts[1]
                }
                chart.classDefs[name] = styles
            } else if let match = line.wholeMatch(of: #/class ([A-Za-z][A-Za-z0-9_]*(?:,[A-Za-z][A-Za-z0-9_]*)*) ([A-Za-z][A-Za-z0-9_]*)/#) {
                pendingClasses.append((match.1.split(separator: ",").map(String.init), String(match.2), number))
            } else {
                throw fail("not a line of the expected Mermaid subset")
            }
        }
        guard stack.isEmpty else { throw ParseError(line: lines.count, message: "unclosed subgraphs: \(stack)") }
        for edge in chart.edges {
            for end in [edge.from, edge.to] where chart.nodes[end] == nil {
                throw ParseError(line: 0, message: "edge \(edge.from) → \(edge.to) names undeclared node \(end)")
            }
        }
        for (names, className, line) in pendingClasses {
            guard chart.classDefs[className] != nil else { throw ParseError(line: line, message: "class \(className) has no classDef") }
            for name in names {
                guard chart.nodes[name] != nil else { throw ParseError(line: line, message: "class names undeclared node \(name)") }
                guard chart.classOf[name] == nil else { throw ParseError(line: line, message: "node \(name) is given two classes") }
                chart.classOf[name] = className
            }
        }
        return chart
    }

    /// Decodes a quoted label: `<br/>` is a line break, `#name;` / `#NN;` are
    /// entities; any other `<`, `>`, `"`, backtick or lone `#` would be misread.
    static func decodeLabel(_ text: String, _ fail: (String) -> ParseError) throws(ParseError) -> String {
        let named = ["quot": "\"", "lt": "<", "gt": ">", "amp": "&"]
        var out = ""
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("<br/>") {
                out += "\n"
                rest = rest.dropFirst(5)
            } else if first == "#" {
                guard let match = rest.prefixMatch(of: #/#([A-Za-z]+|[0-9]+);/#) else { throw fail("a '#' that starts no entity") }
                let name = String(match.1)
                if let number = UInt32(name), let scalar = Unicode.Scalar(number) {
                    out.unicodeScalars.append(scalar)
                } else if let value = named[name] {
                    out += value
                } else {
                    throw fail("unknown entity #\(name);")
                }
                rest = rest[match.range.upperBound...]
            } else if "<>\"`".contains(first) {
                throw fail("raw \(first) in a label")
            } else {
                out.append(first)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// The element id a GraphExport label names: a workplan's first line, a
    /// task's or decision's second line up to " · ", a gate's text after "gate ".
    static func elementID(of node: Node) -> String? {
        let lines = node.label.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch node.shape {
        case .subroutine: return lines.first
        case .square, .diamond:
            guard lines.count == 2, let range = lines[1].range(of: " · ") else { return nil }
            return String(lines[1][..<range.lowerBound])
        case .hexagon:
            // "gate ID", then the gate's result.
            return lines.first.flatMap { $0.hasPrefix("gate ") ? String($0.dropFirst(5)) : nil }
        }
    }
}

// MARK: - The real Mermaid parser, when it is installed

/// Mermaid's own parser (mermaid 11, as bundled in PyPI's `mermaid-parser-py`)
/// run directly by Node. `pip install --no-deps mermaid-parser-py` and Debian's
/// `nodejs` provide it; `WP_MERMAID_PARSER_JS` may name the bundle instead.
enum RealMermaid {
    static let bundle: String? = {
        if let explicit = ProcessInfo.processInfo.environment["WP_MERMAID_PARSER_JS"], !explicit.isEmpty {
            return FileManager.default.fileExists(atPath: explicit) ? explicit : nil
        }
        // find_spec locates the package without importing it (its __init__ needs pythonmonkey).
        guard let probe = try? run("/usr/bin/env", ["python3", "-c", """
            import importlib.util
            spec = importlib.util.find_spec("mermaid_parser")
            print(spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else "")
            """], in: "/") else { return nil }
        let directory = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard probe.status == 0, !directory.isEmpty else { return nil }
        let path = directory + "/js/parser.bundle.js"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static let isAvailable: Bool = bundle != nil && (try? run("/usr/bin/env", ["node", "--version"], in: "/"))?.status == 0

    static let script = """
        const parse = require(process.argv[1]);
        const text = require('fs').readFileSync(process.argv[2], 'utf8');
        {
          parse(text).then(json => {
            const result = JSON.parse(json);
            const db = result.graph_data;
            process.stdout.write(JSON.stringify({
              type: result.graph_type,
              vertices: Object.values(db.vertices).map(v => ({id: v.id, text: v.text, type: v.type, classes: v.classes})),
              edges: db.edges.map(e => ({start: e.start, end: e.end, text: e.text, stroke: e.stroke})),
              subGraphs: db.subGraphs.map(g => ({id: g.id, title: g.title, nodes: g.nodes})),
              classes: Object.fromEntries(Object.entries(db.classes).map(([name, c]) => [name, c.styles])),
            }));
          }).catch(error => { process.stderr.write(String(error && error.message || error)); process.exit(1); });
        }
        """

    struct Parsed: Decodable {
        struct Vertex: Decodable {
            var id: String
            var text: String
            var type: String
            var classes: [String]
        }
        struct Edge: Decodable {
            var start: String
            var end: String
            var text: String
            var stroke: String
        }
        struct Subgraph: Decodable {
            var id: String
            var title: String
            var nodes: [String]
        }
        var type: String
        var vertices: [Vertex]
        var edges: [Edge]
        var subGraphs: [Subgraph]
        var classes: [String: [String]]
    }

    /// Parses with Mermaid; a parse error fails the test with Mermaid's message.
    static func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Parsed {
        let bundle = try #require(bundle, sourceLocation: sourceLocation)
        let scratch = try TemporaryDirectory("wp-mermaid")
        let input = try scratch.write("graph.mmd", text)
        let output = try run("/usr/bin/env", ["node", "-e", script, bundle, input], in: scratch.path)
        try #require(output.status == 0, "Mermaid rejects the output: \(output.stderr)\n\(text)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Parsed.self, from: Data(output.stdout.utf8))
    }

    /// Mermaid keeps entities encoded in its model (`ﬂ°quot¶ß`, `ﬂ°°35¶ß`) and decodes them when drawing.
    static func decode(_ text: String) -> String {
        var out = text.replacingOccurrences(of: "<br/>", with: "\n")
        out = out.replacing(#/ﬂ°°([0-9]+)¶ß/#) { match in
            UInt32(match.1).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
        }
        let named = ["quot": "\"", "lt": "<", "gt": ">", "amp": "&"]
        return out.replacing(#/ﬂ°([A-Za-z]+)¶ß/#) { match in named[String(match.1)] ?? "" }
    }
}

// MARK: - Graphviz

enum GraphvizTool {
    static let isInstalled = Graphviz.isInstalled

    /// Runs `dot -T<format>` on the text; a non-zero exit fails the test with Graphviz's message.
    static func render(_ dot: String, format: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let scratch = try TemporaryDirectory("wp-dot")
        let input = try scratch.write("graph.dot", dot)
        let output = try run("/usr/bin/env", ["dot", "-T\(format)", input], in: scratch.path)
        try #require(output.status == 0, "dot -T\(format) rejects the output: \(output.stderr)\n\(dot)", sourceLocation: sourceLocation)
        return output.stdout
    }

    /// A DOT escString as Graphviz stores it: `\n`, `\l`, `\r` are line breaks, `\\` a backslash.
    static func decode(_ text: String) -> String {
        var out = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else {
                out.append(character)
                continue
            }
            switch next {
            case "n", "l", "r": out += "\n"
            default: out.append(next)
            }
        }
        return out
    }

    struct Parsed {
        struct Node {
            var name: String
            var label: String
            var shape: String?
            var fill: String?
            var clusters: [String]
        }
        var nodes: [String: Node] = [:]
        var clusterLabels: [String: String] = [:]
        var edges: [(from: String, to: String, label: String, style: String?)] = []
    }

    /// Graphviz's own reading of the DOT (through `dot -Tjson`).
    static func parse(_ dot: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Parsed {
        let json = try render(dot, format: "json", sourceLocation: sourceLocation)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        let objects = root["objects"] as? [[String: Any]] ?? []
        var parsed = Parsed()
        var byID: [Int: String] = [:]
        var clustersOf: [Int: [String]] = [:]
        for object in objects {
            guard let name = object["name"] as? String, let id = object["_gvid"] as? Int else { continue }
            if let members = object["nodes"] as? [Int] {
                parsed.clusterLabels[name] = (object["label"] as? String).map(decode)
                for member in members { clustersOf[member, default: []].append(name) }
            } else {
                byID[id] = name
            }
        }
        for object in objects where object["nodes"] == nil {
            guard let name = object["name"] as? String, let id = object["_gvid"] as? Int else { continue }
            parsed.nodes[name] = Parsed.Node(name: name, label: decode(object["label"] as? String ?? ""), shape: object["shape"] as? String,
                                             fill: object["fillcolor"] as? String, clusters: clustersOf[id] ?? [])
        }
        for edge in root["edges"] as? [[String: Any]] ?? [] {
            guard let tail = (edge["tail"] as? Int).flatMap({ byID[$0] }), let head = (edge["head"] as? Int).flatMap({ byID[$0] }) else { continue }
            parsed.edges.append((tail, head, decode(edge["label"] as? String ?? ""), edge["style"] as? String))
        }
        return parsed
    }
}

// MARK: - Tests

@Suite("Graph export")
struct GraphExportTests {
    /// Parses, and maps node names to element ids through the labels, checking
    /// that `n<i>` is graph node i and that its shape fits its kind.
    static func parseMermaid(_ text: String, graph: WorkspaceGraph, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> (chart: MermaidFlowchart, ids: [String: String])
    {
        let chart: MermaidFlowchart
        do {
            chart = try MermaidFlowchart.parse(text)
        } catch {
            Issue.record("\(error)\n\(text)", sourceLocation: sourceLocation)
            throw error
        }
        #expect(chart.direction == "LR", sourceLocation: sourceLocation)
        var ids: [String: String] = [:]
        for name in chart.nodeOrder where name.hasPrefix("n") {
            let node = chart.nodes[name]!
            let id = try #require(MermaidFlowchart.elementID(of: node), "no id in the label of \(name): \(node.label)", sourceLocation: sourceLocation)
            let index = try #require(Int(name.dropFirst()), "node name \(name)", sourceLocation: sourceLocation)
            try #require(graph.nodes.indices.contains(index), sourceLocation: sourceLocation)
            #expect(graph.nodes[index].id == id, "\(name) is labelled \(id) but is graph node \(graph.nodes[index].id)", sourceLocation: sourceLocation)
            let shape: MermaidFlowchart.Shape = switch graph.nodes[index].kind {
            case .workplan: .subroutine
            case .task: .square
            case .decision: .diamond
            case .gate: .hexagon
            }
            #expect(node.shape == shape, "\(id)", sourceLocation: sourceLocation)
            ids[name] = id
        }
        #expect(Set(ids.values).count == ids.count, "an element is drawn twice", sourceLocation: sourceLocation)
        return (chart, ids)
    }

    static func labelledEdges(_ chart: MermaidFlowchart, _ ids: [String: String]) -> [LabelledEdge] {
        chart.edges.filter { !$0.dashed }.compactMap { edge in
            guard let from = ids[edge.from], let to = ids[edge.to] else { return nil }
            return LabelledEdge(from, to, edge.label)
        }
    }

    // MARK: Mermaid, round-tripped

    @Test("Mermaid of the whole workspace: every element once, every declared edge, nothing else")
    func mermaidWholeGraph() throws {
        let (index, _) = try GraphFixture.index()
        let text = try GraphExport(index: index).render(.mermaid)
        let (chart, ids) = try Self.parseMermaid(text, graph: index.graph)
        #expect(Set(ids.values) == GraphFixture.allIDs)
        let edges = Self.labelledEdges(chart, ids)
        #expect(edges.count == Set(edges).count, "an edge is drawn twice: \(edges)")
        #expect(Set(edges) == GraphFixture.allEdges, "missing: \(GraphFixture.allEdges.subtracting(edges)); extra: \(Set(edges).subtracting(GraphFixture.allEdges))")

        // The one unresolved reference: a dashed node pointing at the task that names it.
        let unresolved = chart.nodeOrder.filter { $0.hasPrefix("u") }
        #expect(unresolved.count == 1)
        let dashed = chart.edges.filter(\.dashed)
        #expect(dashed.count == 1)
        if let name = unresolved.first, let edge = dashed.first {
            #expect(chart.nodes[name]?.label == "? NOPE-WP-0009\nnot found")
            #expect(edge.from == name && ids[edge.to] == "CORE-WP-0001-T06" && edge.label == "unresolved")
            #expect(chart.classOf[name] == "blocked")
        }
    }

    @Test("Mermaid clusters: repo subgraphs hold workplan subgraphs; gates outside workplans sit in their repo")
    func mermaidClusters() throws {
        let (index, _) = try GraphFixture.index()
        let (chart, ids) = try Self.parseMermaid(try GraphExport(index: index).render(.mermaid), graph: index.graph)
        for (name, id) in ids {
            let node = chart.nodes[name]!
            let titles = node.subgraphs.map { chart.subgraphs[$0]?.title ?? "?" }
            let expected = try #require(GraphFixture.clusters[id])
            #expect(titles == [expected.repo] + (expected.workplan.map { [$0] } ?? []), "\(id) is in \(titles)")
        }
        // One subgraph per repo and per workplan, each titled once.
        let titles = chart.subgraphs.values.map { $0.title }.sorted()
        #expect(titles == ["CORE-WP-0001", "CORE-WP-0002", "OTHER-WP-0001", "core", "other"])
    }

    @Test("Mermaid colours: one class per element, by status; every classDef has fill and stroke")
    func mermaidStatusClasses() throws {
        let (index, _) = try GraphFixture.index()
        let (chart, ids) = try Self.parseMermaid(try GraphExport(index: index).render(.mermaid), graph: index.graph)
        for (name, id) in ids {
            #expect(chart.classOf[name] == GraphFixture.statusClasses[id], "\(id)")
        }
        #expect(Set(chart.classDefs.keys) == ["complete", "active", "blocked", "waiting", "open", "closed"])
        for (name, styles) in chart.classDefs {
            for key in ["fill", "stroke"] {
                #expect(styles[key]?.wholeMatch(of: #/#[0-9a-f]{6}/#) != nil, "classDef \(name) \(key)")
            }
        }
    }

    @Test("Mermaid labels: no raw quote, bracket, backtick or '#'; decoded, they give back titles, ids and statuses")
    func mermaidLabelsRoundTrip() throws {
        let (index, _) = try GraphFixture.index()
        let graph = index.graph
        let text = try GraphExport(index: index).render(.mermaid)
        let (chart, ids) = try Self.parseMermaid(text, graph: graph)
        for (name, id) in ids {
            let node = graph.nodes[try GraphFixture.node(id, in: graph)]
            let lines = chart.nodes[name]!.label.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            switch node.kind {
            case .workplan:
                let progress = graph.workplan(of: graph.nodes.firstIndex { $0.id == id }!)!.tasks
                let done = progress.filter { ["done", "cancelled"].contains($0.status.rawValue) }.count
                #expect(lines == [id, node.title, "\(node.status!.rawValue) · \(done)/\(progress.count) done"])
            case .task, .decision:
                #expect(lines == [node.title, "\(id) · \(node.status!.rawValue)"])
            case .gate:
                #expect(lines == ["gate \(id)", GraphFixture.passingGates.contains(id) ? "pass" : "fail"])
            }
        }
        // The tricky title survives the round trip exactly, and so does the decision's.
        let workplan = try #require(ids.first { $0.value == "CORE-WP-0001" }?.key)
        #expect(chart.nodes[workplan]?.label.split(separator: "\n").dropFirst().first.map(String.init) == GraphFixture.trickyTitle)
        let decision = try #require(ids.first { $0.value == "CORE-WP-0001-D01" }?.key)
        #expect(chart.nodes[decision]?.label.hasPrefix(#"Pick #1 "option" <a|b>"#) == true)
    }

    @Test("--depth 1 around a task: the task, what it waits on, what waits on it; the edges among them")
    func mermaidDepthOne() throws {
        let (index, _) = try GraphFixture.index()
        let graph = index.graph
        let root = try GraphFixture.node("CORE-WP-0001-T03", in: graph)
        let (chart, ids) = try Self.parseMermaid(try GraphExport(index: index, roots: [root], depth: 1).render(.mermaid), graph: graph)
        // T03 depends on T02 and OTHER T01, D01 blocks it; core/release requires it and its workplan counts it.
        #expect(Set(ids.values) == ["CORE-WP-0001-T03", "CORE-WP-0001-T02", "OTHER-WP-0001-T01", "CORE-WP-0001-D01", "core/release", "CORE-WP-0001"])
        #expect(Set(Self.labelledEdges(chart, ids)) == [
            LabelledEdge("CORE-WP-0001-T02", "CORE-WP-0001-T03", "depends_on"),
            LabelledEdge("OTHER-WP-0001-T01", "CORE-WP-0001-T03", "depends_on"),
            LabelledEdge("CORE-WP-0001-D01", "CORE-WP-0001-T03", "blocks"),
            LabelledEdge("CORE-WP-0001-T03", "core/release", "requires"),
        ])
        #expect(chart.edges.allSatisfy { !$0.dashed }, "T06's unresolved reference is not in this neighbourhood")
    }

    @Test("neighbourhoods: depth 0, a workplan root brings its tasks and decisions, no depth is the whole component")
    func neighbourhoods() throws {
        let (index, _) = try GraphFixture.index()
        let graph = index.graph
        func ids(_ roots: [String], depth: Int?) throws -> Set<String> {
            let nodes = try roots.map { try GraphFixture.node($0, in: graph) }
            return Set(GraphExport(index: index, roots: nodes, depth: depth).nodes.map { graph.nodes[$0].id })
        }
        #expect(try ids(["CORE-WP-0001-T03"], depth: 0) == ["CORE-WP-0001-T03"])
        #expect(try ids(["OTHER-WP-0001-T02", "CORE-WP-0001-D02"], depth: 0) == ["OTHER-WP-0001-T02", "CORE-WP-0001-D02"])
        #expect(try ids(["CORE-WP-0001"], depth: 0) == [
            "CORE-WP-0001", "CORE-WP-0001-T01", "CORE-WP-0001-T02", "CORE-WP-0001-T03", "CORE-WP-0001-T04",
            "CORE-WP-0001-T05", "CORE-WP-0001-T06", "CORE-WP-0001-D01", "CORE-WP-0001-D02",
        ])
        // CORE-WP-0002 waits on CORE-WP-0001; its task inherits that and is required by core/inline.
        #expect(try ids(["CORE-WP-0002"], depth: 1) == ["CORE-WP-0002", "CORE-WP-0002-T01", "CORE-WP-0001", "core/inline"])
        // Without a depth: everything connected. D-02 blocks nothing and nothing needs it.
        #expect(try ids(["OTHER-WP-0001-T02"], depth: nil) == GraphFixture.allIDs.subtracting(["CORE-WP-0001-D02"]))
        #expect(try ids([], depth: 1) == GraphFixture.allIDs, "no roots: the whole workspace")
    }

    @Test("the example workspace's Mermaid parses, with its gates and the decision's edges")
    func mermaidExamples() throws {
        let index = try GraphFixture.examplesIndex()
        let (chart, ids) = try Self.parseMermaid(try GraphExport(index: index).render(.mermaid), graph: index.graph)
        #expect(Set(ids.values) == Set(index.graph.nodes.map(\.id)))
        let edges = Set(Self.labelledEdges(chart, ids))
        #expect(edges.contains(LabelledEdge("RAILIANCE-WP-0002-D01", "RAILIANCE-WP-0002-T04", "blocks")))
        #expect(edges.contains(LabelledEdge("RAILIANCE-WP-0003", "vergabe-teilnahme/promote-production", "requires")))
        #expect(edges.contains(LabelledEdge("vergabe-teilnahme/smoke", "vergabe-teilnahme/promote-production", "requires")))
        #expect(edges.contains(LabelledEdge("RAILIANCE-WP-0002", "vergabe-teilnahme/smoke", "requires")))
    }

    @Test("the Mermaid parser itself rejects what Mermaid would misread")
    func mermaidParserRejects() {
        let bad = [
            "flowchart LR\n  n0[\"a \"quoted\" b\"]\n",
            "flowchart LR\n  subgraph s[\"x\"]\n  n0[\"a\"]\n",
            "flowchart LR\n  n0[\"a\"]\n  end\n",
            "flowchart LR\n  n0[\"a\"]\n  n0[\"b\"]\n",
            "flowchart LR\n  n0[\"a\"]\n  n0 -->|x| n1\n",
            "flowchart LR\n  n0[\"a #hash\"]\n",
            "flowchart LR\n  n0[\"a\"}\n",
            "flowchart LR\n  n0[\"a\"]\n  class n0 nope\n",
            "flowchart LR\n  n0[\"a <b>\"]\n",
        ]
        for text in bad {
            #expect(throws: MermaidFlowchart.ParseError.self, "\(text)") { _ = try MermaidFlowchart.parse(text) }
        }
        #expect(throws: Never.self) { _ = try MermaidFlowchart.parse("flowchart LR\n  n0[\"a #quot;b#quot;<br/>c\"]\n  classDef open fill:#fff,stroke:#000\n  class n0 open\n") }
    }

    // MARK: Mermaid, by Mermaid itself

    @Test("Mermaid's own parser accepts the output and sees the same nodes, edges, subgraphs and classes",
          .enabled(if: RealMermaid.isAvailable, "needs node and PyPI's mermaid-parser-py (pip install --no-deps mermaid-parser-py)"))
    func realMermaidParser() throws {
        let (index, _) = try GraphFixture.index()
        let examples = try GraphFixture.examplesIndex()
        let root = try GraphFixture.node("CORE-WP-0001-T03", in: index.graph)
        for (text, graph) in [
            (try GraphExport(index: index).render(.mermaid), index.graph),
            (try GraphExport(index: index, roots: [root], depth: 1).render(.mermaid), index.graph),
            (try GraphExport(index: examples).render(.mermaid), examples.graph),
            (WorkspaceReport(index: examples).mermaid, examples.graph),
        ] {
            let (chart, ids) = try Self.parseMermaid(text, graph: graph)
            let parsed = try RealMermaid.parse(text)
            #expect(parsed.type == "flowchart-v2")
            #expect(Set(parsed.vertices.map(\.id)) == Set(chart.nodeOrder))
            for vertex in parsed.vertices {
                #expect(RealMermaid.decode(vertex.text) == chart.nodes[vertex.id]?.label, "\(vertex.id)")
                #expect(vertex.classes == (chart.classOf[vertex.id].map { [$0] } ?? []), "\(vertex.id)")
            }
            let real = Set(parsed.edges.map { LabelledEdge($0.start, $0.end, $0.text + ($0.stroke == "dotted" ? " (dashed)" : "")) })
            let ours = Set(chart.edges.map { LabelledEdge($0.from, $0.to, $0.label + ($0.dashed ? " (dashed)" : "")) })
            #expect(real == ours)
            #expect(Set(parsed.subGraphs.map(\.id)) == Set(chart.subgraphs.keys))
            for subgraph in parsed.subGraphs {
                #expect(RealMermaid.decode(subgraph.title) == chart.subgraphs[subgraph.id]?.title)
                let direct = chart.nodeOrder.filter { chart.nodes[$0]?.subgraphs.last == subgraph.id }
                    + chart.subgraphs.filter { $0.value.parents.last == subgraph.id }.map { $0.key }
                #expect(Set(subgraph.nodes) == Set(direct), "\(subgraph.id)")
            }
            #expect(Set(parsed.classes.keys) == Set(chart.classDefs.keys))
            _ = ids
        }
    }

    // MARK: DOT

    @Test("DOT is accepted by Graphviz (dot -Tsvg): whole, --depth 1, tricky titles, the examples",
          .enabled(if: GraphvizTool.isInstalled, "Graphviz `dot` is not installed (scripts/install-deps installs it)"))
    func dotAcceptedByGraphviz() throws {
        let (index, _) = try GraphFixture.index()
        let examples = try GraphFixture.examplesIndex()
        let root = try GraphFixture.node("CORE-WP-0001-T03", in: index.graph)
        for dot in [
            try GraphExport(index: index).render(.dot),
            try GraphExport(index: index, roots: [root], depth: 1).render(.dot),
            try GraphExport(index: examples).render(.dot),
        ] {
            let svg = try GraphvizTool.render(dot, format: "svg")
            #expect(svg.contains("<svg"))
            #expect(svg.contains("</svg>"))
        }
    }

    @Test("DOT round trip through Graphviz: the same nodes, labels, clusters, edges and colours as the Mermaid",
          .enabled(if: GraphvizTool.isInstalled, "Graphviz `dot` is not installed (scripts/install-deps installs it)"))
    func dotRoundTrip() throws {
        let (index, _) = try GraphFixture.index()
        let graph = index.graph
        let export = GraphExport(index: index)
        let (chart, ids) = try Self.parseMermaid(try export.render(.mermaid), graph: graph)
        let parsed = try GraphvizTool.parse(try export.render(.dot))

        #expect(Set(parsed.nodes.keys) == Set(chart.nodeOrder), "the same node names in both formats")
        for (name, node) in parsed.nodes {
            #expect(node.label == chart.nodes[name]?.label, "\(name)")
            if let id = ids[name] {
                let expected = try #require(GraphFixture.clusters[id])
                let labels = node.clusters.compactMap { parsed.clusterLabels[$0] }
                #expect(Set(labels) == Set([expected.repo] + (expected.workplan.map { [$0] } ?? [])), "\(id): \(labels)")
                let status = try #require(GraphFixture.statusClasses[id])
                #expect(node.fill == chart.classDefs[status]?["fill"], "\(id) coloured as \(status)")
                let shape = switch graph.nodes[Int(name.dropFirst())!].kind {
                case .workplan: "folder"
                case .task: "box"
                case .decision: "diamond"
                case .gate: "hexagon"
                }
                #expect(node.shape == shape, "\(id)")
            }
        }
        let edges = parsed.edges.filter { $0.style != "dashed" }.compactMap { edge -> LabelledEdge? in
            guard let from = ids[edge.from], let to = ids[edge.to] else { return nil }
            return LabelledEdge(from, to, edge.label)
        }
        #expect(edges.count == parsed.edges.count - 1, "one dashed edge, for the unresolved reference")
        #expect(Set(edges) == GraphFixture.allEdges)
        #expect(parsed.nodes.values.contains { $0.label == "? NOPE-WP-0009\nnot found" })
        // The tricky title comes back exactly, backslash included.
        let workplan = try #require(ids.first { $0.value == "CORE-WP-0001" }?.key)
        #expect(parsed.nodes[workplan]?.label.split(separator: "\n").dropFirst().first.map(String.init) == GraphFixture.trickyTitle)
    }

    @Test("DOT escaping: quotes, backslashes and newlines become escapes")
    func dotStrings() throws {
        let (index, _) = try GraphFixture.index()
        let export = GraphExport(index: index)
        #expect(export.dotString("a \"b\" c\\d\ne") == #""a \"b\" c\\d\ne""#)
        let dot = try export.render(.dot)
        #expect(dot.hasPrefix("digraph wp {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(dot.components(separatedBy: "{").count == dot.components(separatedBy: "}").count, "balanced braces")
    }
}
