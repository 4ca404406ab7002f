/// Why a gate id (`wp gate check ID`, `wp gate explain ID`, the `gate_check` tool) names no single gate.
public enum GateLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No gate has the id; `known` lists every gate id, sorted.
    case unknown(id: String, known: [String])
    /// Gates of several repos have the id and none of them is this repo's.
    case ambiguous(id: String, candidates: [String])

    /// The message, every file-derived part ``Swift/String/terminalSafe``.
    public var description: String {
        switch self {
        case .unknown(let id, let known):
            let shown = known.map(\.terminalSafe)
            let hint = suggestion(for: id, among: shown).map { "; did you mean '\($0)'?" } ?? ""
            return "no gate '\(id.terminalSafe)'\(hint) (known: \(shown.isEmpty ? "none" : shown.joined(separator: ", ")))"
        case .ambiguous(let id, let candidates):
            return "gate id '\(id.terminalSafe)' is ambiguous: \(candidates.map(\.terminalSafe).joined(separator: ", ")); qualify it as repo:ID"
        }
    }
}

/// A `--repo` (or a tool's `repo`) names no repo of the workspace.
public struct UnknownRepoError: Error, Sendable, Equatable, CustomStringConvertible {
    public var repo: String
    /// The workspace's repos, local first.
    public var known: [String]

    public var description: String {
        "no repo named '\(repo.terminalSafe)'; known repos: \(known.map(\.terminalSafe).joined(separator: ", "))"
    }
}

extension WorkspaceSession {
    /// The index (into ``GateEvaluator/definitions``) of the gate `id` names (`ID` or `repo:ID`).
    public func gate(_ id: String) throws(GateLookupError) -> Int {
        switch gates.lookup(id) {
        case .found(let index): return index
        case .unknown: throw .unknown(id: id, known: gates.definitions.map(\.id).sorted())
        case .ambiguous(let candidates): throw .ambiguous(id: id, candidates: candidates)
        }
    }

    /// Checks that `name` (when given) is a repo of the workspace: a filter by repo must not
    /// answer "nothing here" for a misspelt name.
    public func checkRepo(_ name: String?) throws(UnknownRepoError) {
        guard let name, workspace.repo(named: name) == nil else { return }
        throw UnknownRepoError(repo: name, known: workspace.repos.map(\.name))
    }
}
