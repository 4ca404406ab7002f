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

    /// Why there is no SVG: each says what failed, so a slow `dot` is never reported as missing.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `dot` could not be started (not installed, or not on `PATH`).
        case notInstalled
        /// `dot` did not finish within ``Limits/graphvizTimeout`` seconds and was stopped.
        case timedOut(seconds: Int)
        /// `dot` wrote more than ``Limits/maximumCommandOutput`` bytes and was stopped.
        case outputTooLarge
        /// `dot` ended with this status, or gave no SVG.
        case failed(status: Int32)

        public var description: String {
            switch self {
            case .notInstalled: "Graphviz (`dot`) was not installed"
            case .timedOut(let seconds): "Graphviz (`dot`) did not finish within \(seconds) s and was stopped"
            case .outputTooLarge: "Graphviz (`dot`) wrote more output than wp accepts and was stopped"
            case .failed(let status): "Graphviz (`dot`) failed (exit status \(status))"
            }
        }
    }

    /// The SVG (without XML prolog, ready to inline in HTML), or nil when `dot` is missing or fails.
    public static func svg(_ dot: String) -> String? { try? render(dot).get() }

    /// The SVG (without XML prolog, ready to inline in HTML), or what went wrong.
    public static func render(_ dot: String) -> Result<String, Failure> {
        let output = CommandRunner(timeout: Limits.graphvizTimeout).run(
            "dot", ["-Tsvg"], environment: environment, removingEnvironment: removedEnvironment, input: Data(dot.utf8))
        if output.timedOut { return .failure(.timedOut(seconds: Int(Limits.graphvizTimeout))) }
        if output.outputLimitExceeded { return .failure(.outputTooLarge) }
        // 127: the runner could not start it (as a shell says for a command it cannot find).
        if output.status == 127 { return .failure(.notInstalled) }
        guard output.succeeded else { return .failure(.failed(status: output.status)) }
        let svg = String(decoding: output.stdout, as: UTF8.self)
        guard let start = svg.range(of: "<svg") else { return .failure(.failed(status: output.status)) }
        return .success(String(svg[start.lowerBound...]))
    }

    public static var isInstalled: Bool {
        CommandRunner(timeout: Limits.graphvizTimeout).run(
            "dot", ["-V"], environment: environment, removingEnvironment: removedEnvironment).succeeded
    }
}
