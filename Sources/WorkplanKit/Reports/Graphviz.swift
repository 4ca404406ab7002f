import Foundation

/// Renders DOT to SVG with Graphviz's `dot`, when it is installed.
///
/// The DOT comes on stdin and the SVG on stdout; `dot` gets no file name. Its
/// environment is pinned so that even a DOT text naming files could not make
/// it read them: with `SERVER_NAME` set and `GV_FILE_PATH` unset Graphviz
/// refuses to load any file (`image`, `shapefile`, `<IMG SRC>`), and
/// `GVBINDIR` cannot point it at plugins of someone else's choosing.
/// (``GraphExport`` quotes every label, so nothing from a workplan becomes an
/// attribute in the first place.)
public enum Graphviz {
    static let environment = ["SERVER_NAME": "wp"]
    static let removedEnvironment = ["GV_FILE_PATH", "GVBINDIR", "GRAPHVIZ_DOT"]

    /// The SVG (without XML prolog, ready to inline in HTML), or nil when `dot` is missing or fails.
    public static func svg(_ dot: String) -> String? {
        let output = CommandRunner(timeout: Limits.graphvizTimeout).run(
            "dot", ["-Tsvg"], environment: environment, removingEnvironment: removedEnvironment, input: Data(dot.utf8))
        guard output.succeeded else { return nil }
        let svg = String(decoding: output.stdout, as: UTF8.self)
        guard let start = svg.range(of: "<svg") else { return nil }
        return String(svg[start.lowerBound...])
    }

    public static var isInstalled: Bool {
        CommandRunner(timeout: Limits.graphvizTimeout).run(
            "dot", ["-V"], environment: environment, removingEnvironment: removedEnvironment).succeeded
    }
}
