extension WorkspaceGraph.Resolution {
    /// Why a reference does not resolve, in two or three words: status and reports show it
    /// where a status would stand (`blocked on X (not found)`).
    public var label: String {
        switch self {
        case .resolved: "open"
        case .notFound: "not found"
        case .ambiguous: "ambiguous"
        case .unknownRepo: "unknown repo"
        case .repoUnavailable: "peer unavailable"
        }
    }

    /// Why a reference does not resolve, as a phrase: the one explanation status, lint,
    /// gates and edits give (file-derived names ``Swift/String/terminalSafe``).
    public var explanation: String {
        switch self {
        case .resolved: "resolves"
        case .notFound: "no workplan, task, decision or gate has this id"
        case .ambiguous: "several elements have this id; qualify it as `repo:ID`"
        case .unknownRepo(let repo): "no repo named `\(repo.terminalSafe)` in .wp.yaml (`repo:` or `peers:`)"
        case .repoUnavailable(let repos): "it may be in \(repos.map { "`\($0.terminalSafe)`" }.joined(separator: ", ")), which could not be read"
        }
    }

    /// `label: explanation`, for a line that has room for both.
    public var description: String { "\(label): \(explanation)" }
}
