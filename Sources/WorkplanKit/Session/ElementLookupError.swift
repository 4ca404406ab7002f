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
    /// A short id (`T04`) that several elements of the local repo end with: the first of their
    /// full ids (``Limits/valuesListedInMessage``) and how many there are.
    case severalShort(id: String, candidates: [String], count: Int)

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
        case .severalShort(let id, let candidates, let count):
            "'\(id.terminalSafe)' names \(count) elements of this repo: \(candidates.map(\.terminalSafe).joined(separator: ", "))"
                + (count > candidates.count ? ", … \(count - candidates.count) more" : "") + "; use the full id"
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
            let shortMatches = reference.repo == nil ? shortIDMatches(reference.id, in: graph) : []
            if shortMatches.count == 1 { return shortMatches[0] }
            if shortMatches.count > 1 {
                let shown = shortMatches.prefix(Limits.valuesListedInMessage).map { graph.nodes[$0].id }
                throw .severalShort(id: id, candidates: shown, count: shortMatches.count)
            }
            throw .notFound(id: id, suggestion: idSuggestion(for: reference.id, in: graph))
        }
    }

    /// Elements of the local repo whose id is `PARENT-short` (`T04` for `APP-WP-0001-T04`): how
    /// people name a task inside its repo. Only a word without `-` is a short id.
    static func shortIDMatches(_ short: String, in graph: WorkspaceGraph) -> [Int] {
        guard !short.isEmpty, !short.contains("-"), let local = graph.workspace.repos.first?.name else { return [] }
        let suffix = "-" + short
        return graph.nodes.indices.filter { node in
            graph.nodes[node].repo == local && graph.nodes[node].kind != .workplan && graph.nodes[node].id.hasSuffix(suffix)
        }
    }

    /// The id meant by a mistyped one: the same id in other case (`railiance-wp-0002`); the one id
    /// with the same `-WP-NNNN…` whose prefix starts with (or is close to) the typed prefix
    /// (`rail-wp-0002` → `RAILIANCE-WP-0002`); else the nearest by edit distance. One pass over the ids.
    static func idSuggestion(for typed: String, in graph: WorkspaceGraph) -> String? {
        let upper = typed.uppercased()
        if let same = graph.nodes.first(where: { $0.id.uppercased() == upper }) { return same.id }
        if let marker = upper.range(of: "-WP-") {
            let prefix = String(upper[..<marker.lowerBound])
            let rest = String(upper[marker.lowerBound...])
            var found: [String] = []
            for node in graph.nodes {
                let id = node.id.uppercased()
                guard id.hasSuffix(rest), let own = id.range(of: "-WP-"), id[own.lowerBound...] == rest else { continue }
                let candidatePrefix = String(id[..<own.lowerBound])
                guard !prefix.isEmpty, candidatePrefix.hasPrefix(prefix) || editDistance(Array(prefix), Array(candidatePrefix), limit: 2) <= 2 else { continue }
                if !found.contains(node.id) { found.append(node.id) }
                if found.count > 1 { break }
            }
            if found.count == 1 { return found[0] }
        }
        return suggestion(for: typed, among: graph.nodes.map(\.id))
    }
}
