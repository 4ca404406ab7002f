/// Why an id typed on the command line names no single element.
public enum ElementLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Several repos hold the id: these `repo:ID` candidates.
    case ambiguous(id: String, candidates: [String])
    /// `repo:` names no repo of the workspace.
    case unknownRepo(String, known: [String])
    /// Not found in what could be read; these peers could not be read.
    case unavailable(id: String, repos: [String])
    /// Nothing has this id; the nearest id, if any is close.
    case notFound(id: String, suggestion: String?)

    /// The message, with every file-derived part ``Swift/String/terminalSafe``.
    public var description: String {
        switch self {
        case .ambiguous(let id, let candidates):
            "'\(id.terminalSafe)' is ambiguous: \(candidates.map(\.terminalSafe).joined(separator: ", ")); qualify it as repo:ID"
        case .unknownRepo(let repo, let known):
            "no repo named '\(repo.terminalSafe)'; known: \(known.map(\.terminalSafe).joined(separator: ", "))"
        case .unavailable(let id, let repos):
            "'\(id.terminalSafe)' not found; it may be in \(repos.map(\.terminalSafe).joined(separator: ", ")), which could not be read"
        case .notFound(let id, let suggestion):
            "no workplan, task, decision or gate '\(id.terminalSafe)'" + (suggestion.map { "; did you mean '\($0.terminalSafe)'?" } ?? "")
        }
    }

    static func lookup(_ id: String, in graph: WorkspaceGraph) throws(ElementLookupError) -> Int {
        let reference = Reference(parsing: id, kind: .requires, location: SourceLocation(path: "<command line>", line: 1, column: 1))
        let resolution = graph.resolve(reference, inWorkplan: nil)
        switch resolution {
        case .resolved(let node):
            return node
        case .ambiguous(let nodes):
            throw .ambiguous(id: id, candidates: nodes.map { "\(graph.nodes[$0].repo):\(graph.nodes[$0].id)" })
        case .unknownRepo(let repo):
            throw .unknownRepo(repo, known: graph.workspace.repos.map(\.name))
        case .repoUnavailable(let repos):
            throw .unavailable(id: id, repos: repos)
        case .notFound:
            throw .notFound(id: id, suggestion: suggestion(for: id, among: graph.nodes.map(\.id)))
        }
    }
}
