import ArgumentParser
import WorkplanKit

/// Finds the element a command-line id names, or exits 2 saying why.
enum ElementLookup {
    static func node(_ id: String, in graph: WorkspaceGraph) throws -> Int {
        let reference = Reference(parsing: id, kind: .requires, location: SourceLocation(path: "<command line>", line: 1, column: 1))
        let resolution = graph.resolve(reference, inWorkplan: nil)
        if let node = resolution.node { return node }
        switch resolution {
        case .ambiguous(let nodes):
            let names = nodes.map { "\(graph.nodes[$0].repo.terminalSafe):\(graph.nodes[$0].id.terminalSafe)" }
            Terminal.error("error: '\(id)' is ambiguous: \(names.joined(separator: ", ")); qualify it as repo:ID")
        case .unknownRepo(let repo):
            Terminal.error("error: no repo named '\(repo)'; known: \(graph.workspace.repos.map(\.name.terminalSafe).joined(separator: ", "))")
        case .repoUnavailable(let repos):
            Terminal.error("error: '\(id)' not found; it may be in \(repos.map(\.terminalSafe).joined(separator: ", ")), which could not be read")
        default:
            let ids = graph.nodes.map(\.id)
            let hint = suggestion(for: id, among: ids).map { "; did you mean '\($0.terminalSafe)'?" } ?? ""
            Terminal.error("error: no workplan, task, decision or gate '\(id)'\(hint)")
        }
        throw ExitCode(2)
    }
}
