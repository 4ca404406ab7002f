/// The open work of the workspace (what is neither complete nor ended, and failing
/// gates) as an SVG laid out by Graphviz from ``GraphExport``'s DOT: `wp serve`'s graph view.
///
/// Graphviz draws node `n<index>`; ``nodes`` maps each drawn name to its element,
/// so a page can open the element a click lands on without reading labels.
public struct OpenWorkGraph: Codable, Sendable, Equatable, OutputView {
    public static let formats: [OutputFormat] = [.json]

    public struct Node: Codable, Sendable, Equatable {
        public var id: String
        /// The id the API takes: `repo:ID` when the id alone is ambiguous.
        public var ref: String
        public var kind: String
        public var status: String?
        public var repo: String
    }

    /// Open elements matching the filter.
    public var total: Int
    /// The SVG (no XML prolog); nil when there is nothing to draw, too much, or Graphviz is missing.
    public var svg: String?
    /// Drawn node names (`n12`) to their elements.
    public var nodes: [String: Node]
    /// Why there is no SVG, when there is none.
    public var message: String?

    /// - Parameters:
    ///   - repo: only elements of this repo; `workplan`: only this workplan (by id) and its tasks and decisions.
    ///   - layout: turns DOT into SVG (``Graphviz/svg(_:)``; tests may pass their own).
    public init(index: DependencyIndex, repo: String? = nil, workplan: String? = nil,
                layout: (String) -> String? = Graphviz.svg) {
        let graph = index.graph
        let lifecycles = graph.workspace.lifecycles
        let open = graph.nodes.indices.filter { node in
            let value = graph.nodes[node]
            guard !index.isComplete(node) else { return false }
            if let status = value.status, lifecycles.of(value.kind)?.isEnded(status) == true { return false }
            if let repo, value.repo != repo { return false }
            if let workplan {
                guard let position = value.workplanIndex, graph.workplans[position].id == workplan else { return false }
            }
            return true
        }
        total = open.count
        nodes = [:]
        svg = nil
        guard !open.isEmpty else {
            message = "no open work here"
            return
        }
        guard open.count <= Limits.serveGraphNodes else {
            message = "\(open.count) open elements; choose a repo or a workplan to draw at most \(Limits.serveGraphNodes)"
            return
        }
        for node in open {
            let value = graph.nodes[node]
            nodes["n\(node)"] = Node(
                id: value.id, ref: graph.nodes(withID: value.id).count > 1 ? "\(value.repo):\(value.id)" : value.id,
                kind: value.kind.rawValue, status: value.status?.rawValue, repo: value.repo)
        }
        let dot = (try? GraphExport(index: index, nodes: open).render(.dot)) ?? ""
        svg = layout(dot)
        message = svg == nil ? "Graphviz (dot) is not installed or failed; install graphviz to see the graph" : nil
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        guard format == .json else { throw unsupported(format) }
        return try json(self)
    }
}
