import Foundation

/// Output formats of `wp gate check` and `wp gate list`.
public enum GateFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Output formats of `wp gate explain`.
public enum GateExplainFormat: String, Sendable, CaseIterable {
    case text, mermaid
}

/// Renders gate results; the JSON form is a documented contract
/// (`schemas/gate-output.schema.json`).
public enum GateRenderer {
    struct Document: Codable {
        var gates: [GateResult]
    }

    public static func json(_ results: [GateResult]) throws(JSONOutputError) -> String {
        try JSONOutput.encode(Document(gates: results))
    }

    /// One block per gate: its result, then each requirement met (✓) or unmet (✗) with its reason.
    public static func text(_ results: [GateResult], style: TerminalStyle = .plain) -> String {
        var out = ""
        for result in results {
            out += "\(style.status(result.result.rawValue.uppercased() == "PASS" ? "pass" : result.result.rawValue)) "
            out += style.bold(result.id.terminalSafe) + (result.title.map { "  \($0.terminalSafe)" } ?? "") + "\n"
            out += style.dim("  \(result.path.terminalSafePath):\(result.line) (\(result.repo.terminalSafe))") + "\n"
            if let error = result.error { out += "  " + style.color("error: \(error.terminalSafe)", .red) + "\n" }
            for requirement in result.requirements {
                let mark = requirement.met ? style.color("✓", .green) : style.color("✗", .red)
                out += "  \(mark) \(requirement.ref.terminalSafe) — \(requirement.reason.terminalSafe)\n"
            }
        }
        return out
    }

    /// `wp gate list`: one line per gate.
    public static func list(_ results: [GateResult], style: TerminalStyle = .plain) -> String {
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
            return "\(style.status(result.result.rawValue))\(padding) \(padded(result.id.terminalSafe, width))  \(result.path.terminalSafePath):\(result.line)  \(detail)\n"
        }.joined()
    }

    /// The requirement tree, met and unmet, nested gates expanded.
    public static func explain(_ result: GateResult, format: GateExplainFormat, style: TerminalStyle = .plain) -> String {
        switch format {
        case .text:
            var out = "\(style.bold(result.id.terminalSafe)): \(style.status(result.result.rawValue))\n"
            appendTree(result, indent: "", into: &out, style: style)
            return out
        case .mermaid:
            var lines = ["flowchart TD"]
            var counter = 0
            _ = appendMermaid(result, lines: &lines, counter: &counter)
            lines.append("  classDef pass fill:#d4edda,stroke:#2e7d32")
            lines.append("  classDef fail fill:#f8d7da,stroke:#c62828")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    private static func appendTree(_ result: GateResult, indent: String, into out: inout String, style: TerminalStyle) {
        for (index, requirement) in result.requirements.enumerated() {
            let last = index == result.requirements.count - 1
            let branch = last ? "└─ " : "├─ "
            let mark = requirement.met ? style.color("✓", .green) : style.color("✗", .red)
            out += "\(indent)\(branch)\(mark) \(requirement.ref.terminalSafe): \(requirement.reason.terminalSafe)\n"
            let childIndent = indent + (last ? "   " : "│  ")
            if let nested = requirement.gate {
                appendTree(nested, indent: childIndent, into: &out, style: style)
            } else if !requirement.met, requirement.chain.count > 1 {
                out += "\(childIndent)   chain: \(requirement.chain.map(\.terminalSafe).joined(separator: " → "))\n"
            }
        }
    }

    private static func appendMermaid(_ result: GateResult, lines: inout [String], counter: inout Int) -> String {
        counter += 1
        let gateNode = "g\(counter)"
        lines.append("  \(gateNode){{\"gate \(escape(result.id)): \(result.result.rawValue)\"}}")
        lines.append("  class \(gateNode) \(result.result == .pass ? "pass" : "fail")")
        for requirement in result.requirements {
            let child: String
            if let nested = requirement.gate {
                child = appendMermaid(nested, lines: &lines, counter: &counter)
            } else {
                counter += 1
                child = "r\(counter)"
                lines.append("  \(child)[\"\(escape(requirement.ref))<br/>\(escape(requirement.reason))\"]")
                lines.append("  class \(child) \(requirement.met ? "pass" : "fail")")
            }
            lines.append("  \(gateNode) --> \(child)")
        }
        return gateNode
    }

    /// Backticks stay as they always were here: inside a quoted label they are plain text.
    private static func escape(_ text: String) -> String {
        text.mermaidLabel(keepingBackticks: true)
    }
}
