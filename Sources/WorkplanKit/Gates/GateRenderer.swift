import Foundation

/// `wp gate check`: the named gates, each with its requirements met or not.
///
/// Text shows the gates named on the command line (the first ``named`` results);
/// JSON lists every gate evaluated, each once, since a requirement on another
/// gate refers to it by id (`schemas/gate-output.schema.json`).
public struct GateCheckView: OutputView {
    public static let formats: [OutputFormat] = [.text, .json]
    /// The named gates first, then the gates they require.
    public var results: [GateResult]
    /// How many of ``results`` were named.
    public var named: Int

    public init(results: [GateResult], named: Int) {
        self.results = results
        self.named = named
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text: GateRenderer.text(Array(results.prefix(named)), style: context.style)
        case .json: try json(GateRenderer.Document(gates: results))
        default: throw unsupported(format)
        }
    }
}

/// `wp gate list`: one line per gate.
public struct GateListView: OutputView {
    public static let formats: [OutputFormat] = [.text, .json]
    public var results: [GateResult]

    public init(results: [GateResult]) {
        self.results = results
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text: GateRenderer.list(results, style: context.style)
        case .json: try json(GateRenderer.Document(gates: results))
        default: throw unsupported(format)
        }
    }
}

/// `wp gate explain`: one gate's requirement tree, required gates expanded.
public struct GateExplainView: OutputView {
    public static let formats: [OutputFormat] = [.text, .mermaid]
    /// The explained gate first, then the gates it requires (``GateEvaluator/evaluateWithRequired(_:)``).
    public var results: [GateResult]

    public init(results: [GateResult]) {
        self.results = results
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text, .mermaid: GateRenderer.explain(results, mermaid: format == .mermaid, style: context.style)
        default: throw unsupported(format)
        }
    }
}

/// The text of gate results; the JSON form is a documented contract
/// (`schemas/gate-output.schema.json`).
enum GateRenderer {
    struct Document: Codable {
        var gates: [GateResult]
    }

    /// One block per gate: its result, then each requirement met (✓), unmet (✗) or undecided (?) with its reason.
    static func text(_ results: [GateResult], style: TerminalStyle = .plain) -> String {
        var out = ""
        for result in results {
            out += "\(style.outcome(result.result.rawValue.uppercased() == "PASS" ? "pass" : result.result.rawValue)) "
            out += style.bold(result.id.terminalSafe) + (result.title.map { "  \($0.terminalSafe)" } ?? "") + "\n"
            out += style.dim("  \(result.path.terminalSafePath):\(result.line) (\(result.repo.terminalSafe))") + "\n"
            if let error = result.error { out += "  " + style.color("error: \(error.terminalSafe)", .red) + "\n" }
            for requirement in result.requirements {
                out += "  \(mark(requirement, style)) \(requirement.ref.terminalSafe) — \(requirement.reason.terminalSafe)\n"
            }
        }
        return out
    }

    private static func mark(_ requirement: GateResult.Requirement, _ style: TerminalStyle) -> String {
        requirement.met ? style.color("✓", .green) : requirement.undecided ? style.color("?", .red) : style.color("✗", .red)
    }

    /// `wp gate list`: one line per gate.
    static func list(_ results: [GateResult], style: TerminalStyle = .plain) -> String {
        guard !results.isEmpty else {
            return "No gates. Define one in a ```gate block in any file .wp.yaml includes (see docs/gates.md).\n"
        }
        let width = results.map(\.id.terminalSafe.count).max() ?? 0
        return results.map { result in
            let unmet = result.requirements.filter { !$0.met }.count
            let count = result.requirements.count
            let detail = result.result == .pass ? "\(count) requirement\(count == 1 ? "" : "s") met"
                : result.error?.terminalSafe ?? "\(unmet) of \(result.requirements.count) requirements unmet"
            let padding = String(repeating: " ", count: max(0, 5 - result.result.rawValue.count))
            return "\(style.outcome(result.result.rawValue))\(padding) \(padded(result.id.terminalSafe, width))  \(result.path.terminalSafePath):\(result.line)  \(detail)\n"
        }.joined()
    }

    /// The requirement tree of `results[0]`, met and unmet, required gates expanded from
    /// `results` (what ``GateEvaluator/evaluateWithRequired(_:)`` returns). Each gate is expanded
    /// once, at most ``Limits/gateExplainDepth`` levels down, so the output stays linear in the
    /// number of gates however they are chained.
    static func explain(_ results: [GateResult], mermaid: Bool, style: TerminalStyle = .plain) -> String {
        guard let root = results.first else { return "" }
        var byID: [String: GateResult] = [:]
        for result in results where byID[result.qualifiedID] == nil { byID[result.qualifiedID] = result }
        switch mermaid {
        case false:
            var out = "\(style.bold(root.id.terminalSafe)): \(style.outcome(root.result.rawValue))\n"
            appendTree(root, results: byID, into: &out, style: style)
            return out
        case true:
            var lines = ["flowchart TD"]
            appendMermaid(root, results: byID, lines: &lines)
            lines.append("  classDef pass fill:#d4edda,stroke:#2e7d32")
            lines.append("  classDef fail fill:#f8d7da,stroke:#c62828")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Depth first with an explicit stack: one frame per gate being expanded.
    private static func appendTree(_ root: GateResult, results: [String: GateResult], into out: inout String, style: TerminalStyle) {
        var stack: [(result: GateResult, next: Int, indent: String)] = [(root, 0, "")]
        var expanded: Set<String> = [root.qualifiedID]
        while let top = stack.last {
            guard top.next < top.result.requirements.count else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let requirement = top.result.requirements[top.next]
            let last = top.next == top.result.requirements.count - 1
            out += "\(top.indent)\(last ? "└─ " : "├─ ")\(mark(requirement, style)) \(requirement.ref.terminalSafe): \(requirement.reason.terminalSafe)\n"
            let childIndent = top.indent + (last ? "   " : "│  ")
            if let key = requirement.gate, let nested = results[key] {
                if expanded.contains(key) {
                    out += "\(childIndent)   (its requirements are shown above)\n"
                } else if stack.count >= Limits.gateExplainDepth {
                    out += "\(childIndent)   (not expanded: more than \(Limits.gateExplainDepth) gates deep; run `wp gate explain \(shellWord(key))`)\n"
                } else {
                    expanded.insert(key)
                    stack.append((nested, 0, childIndent))
                }
            } else if !requirement.met, requirement.chain.count > 1 {
                out += "\(childIndent)   chain: \(chainText(requirement))\n"
            }
        }
    }

    /// The chain with its left-out middle counted: "a → b → … 12 more → y → z".
    static func chainText(_ requirement: GateResult.Requirement) -> String {
        let chain = requirement.chain.map(\.terminalSafe)
        guard requirement.chainOmitted > 0 else { return chain.joined(separator: " → ") }
        let half = min(Limits.gateChainIDsShown / 2, chain.count)
        return (chain.prefix(half) + ["… \(requirement.chainOmitted) more"] + chain.suffix(from: half))
            .joined(separator: " → ")
    }

    /// Each gate is one Mermaid node, declared once; a gate required again gets an edge to it.
    /// Depth first with an explicit stack, in the order a recursive walk would print.
    private static func appendMermaid(_ root: GateResult, results: [String: GateResult], lines: inout [String]) {
        var counter = 1
        var nodeOf: [String: String] = [root.qualifiedID: "g1"]
        lines.append("  g1{{\"gate \(escape(root.id)): \(root.result.rawValue)\"}}")
        lines.append("  class g1 \(root.result == .pass ? "pass" : "fail")")
        var stack: [(result: GateResult, node: String, next: Int)] = [(root, "g1", 0)]
        while let top = stack.last {
            guard top.next < top.result.requirements.count else {
                stack.removeLast()
                // A finished gate's edge from the gate that required it, as the recursion printed it.
                if let parent = stack.last { lines.append("  \(parent.node) --> \(top.node)") }
                continue
            }
            stack[stack.count - 1].next += 1
            let requirement = top.result.requirements[top.next]
            if let key = requirement.gate, let nested = results[key] {
                if let known = nodeOf[key] {
                    lines.append("  \(top.node) --> \(known)")
                } else {
                    counter += 1
                    let node = "g\(counter)"
                    nodeOf[key] = node
                    lines.append("  \(node){{\"gate \(escape(nested.id)): \(nested.result.rawValue)\"}}")
                    lines.append("  class \(node) \(nested.result == .pass ? "pass" : "fail")")
                    stack.append((nested, node, 0))
                }
                continue
            }
            counter += 1
            let child = "r\(counter)"
            lines.append("  \(child)[\"\(escape(requirement.ref))<br/>\(escape(requirement.reason))\"]")
            lines.append("  class \(child) \(requirement.met ? "pass" : "fail")")
            lines.append("  \(top.node) --> \(child)")
        }
    }

    /// A gate id as one shell word, so a printed `wp gate explain ID` hint works when typed.
    static func shellWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._/:@%+=,-".unicodeScalars.contains(scalar))
        }
        if plain, !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Backticks stay as they always were here: inside a quoted label they are plain text.
    private static func escape(_ text: String) -> String {
        text.mermaidLabel(keepingBackticks: true)
    }
}
