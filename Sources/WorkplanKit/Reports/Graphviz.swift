import Foundation

/// Renders DOT to SVG with Graphviz's `dot`, when it is installed.
public enum Graphviz {
    /// The SVG (without XML prolog, ready to inline in HTML), or nil when `dot` is missing or fails.
    public static func svg(_ dot: String) -> String? {
        let output = CommandRunner(timeout: 60).run("dot", ["-Tsvg"], input: Data(dot.utf8))
        guard output.status == 0, !output.timedOut else { return nil }
        let svg = String(decoding: output.stdout, as: UTF8.self)
        guard let start = svg.range(of: "<svg") else { return nil }
        return String(svg[start.lowerBound...])
    }

    public static var isInstalled: Bool {
        CommandRunner(timeout: 10).run("dot", ["-V"]).status == 0
    }
}
