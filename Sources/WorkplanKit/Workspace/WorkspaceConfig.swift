/// The contents of `.wp.yaml`: which repo this is, which files hold
/// workplans, and which other repos references may point into.
public struct WorkspaceConfig: Hashable, Sendable {
    public static let fileName = ".wp.yaml"
    public static let defaultInclude = ["workplans/**/*.md"]

    /// How a peer repo is reached.
    public enum PeerSource: Hashable, Sendable {
        /// A directory, relative to the repo root or absolute, read in place.
        case path(String)
        /// A git remote fetched (shallowly) into wp's cache; `ref` is a branch or tag.
        case git(url: String, ref: String?)
    }

    public struct Peer: Hashable, Sendable {
        public var name: String
        public var source: PeerSource
        /// Overrides the include patterns of the peer's own `.wp.yaml`.
        public var include: [String]?
        public var location: SourceLocation?
        /// Where each of ``include``'s patterns is written.
        public var includeLocations: [String: SourceLocation] = [:]

        public init(name: String, source: PeerSource, include: [String]? = nil, location: SourceLocation? = nil) {
            self.name = name
            self.source = source
            self.include = include
            self.location = location
        }
    }

    public var repo: String
    public var include: [String]
    public var exclude: [String]
    public var peers: [Peer]
    public var lifecycles: Lifecycles
    /// `allow_outside_paths: true`: include patterns, links and path peers may
    /// lead outside the repo (and path peers outside the workspace); without it
    /// they are reported and skipped.
    public var allowsOutsidePaths = false
    /// Where each of ``include``'s patterns is written, for messages about it.
    public var includeLocations: [String: SourceLocation] = [:]
    /// Severity per rule id from `rules:` (`rule-id: error | warning | note | off`); nil turns a rule off.
    public var ruleSeverities: [String: Severity?] = [:]
    /// The parsed file, for settings read elsewhere.
    public var raw: YAMLValue?

    public init(
        repo: String, include: [String] = WorkspaceConfig.defaultInclude, exclude: [String] = [],
        peers: [Peer] = [], lifecycles: Lifecycles = .default, raw: YAMLValue? = nil
    ) {
        self.repo = repo
        self.include = include
        self.exclude = exclude
        self.peers = peers
        self.lifecycles = lifecycles
        self.raw = raw
    }
}

/// A problem with `.wp.yaml` or the workspace as a whole; wp exits 2.
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): error: \(message.terminalSafeLines)" }
        return "error: \(message.terminalSafeLines)"
    }
}

extension WorkspaceConfig {
    /// Parses `.wp.yaml`; `defaultRepo` names the repo when `repo:` is absent.
    public static func parse(bytes: [UInt8], path: String, defaultRepo: String) throws(WorkspaceError) -> WorkspaceConfig {
        guard case .success(let source) = SourceText.decode(path: path, raw: bytes) else {
            throw WorkspaceError("\(fileName) is not UTF-8 text; re-save it as UTF-8", at: SourceLocation(path: path, line: 1, column: 1))
        }
        let text = String(decoding: source.bytes, as: UTF8.self)
        let root: YAMLValue
        switch YAMLLoader(path: path, firstLine: 1, columnOffset: 0, maximumDepth: Limits.yamlNestingDepth).load(text) {
        case .success(nil):
            return WorkspaceConfig(repo: defaultRepo)
        case .success(let value?):
            root = value
        case .failure(.syntax(let message, let location)):
            throw WorkspaceError("\(message); fix \(fileName)", at: location)
        case .failure(.tooLarge(let location)), .failure(.aliasHeavy(let location)):
            throw WorkspaceError("\(fileName) expands to too many YAML nodes; write it without aliases", at: location)
        }
        guard root.entries != nil else {
            throw WorkspaceError("\(fileName) must be a mapping (`repo:`, `include:`, `peers:`)", at: root.location)
        }
        var config = WorkspaceConfig(repo: defaultRepo, raw: root)
        if let repo = root["repo"] {
            guard let name = repo.string, !name.isEmpty else {
                throw WorkspaceError("`repo` must be the repo's name, a string", at: repo.location)
            }
            config.repo = name
        }
        if let include = root["include"] {
            config.include = try stringList(include, field: "include")
            config.includeLocations = patternLocations(include)
        }
        if let allow = root["allow_outside_paths"] {
            guard case .scalar(let scalar) = allow, scalar.kind == .bool else {
                throw WorkspaceError("`allow_outside_paths` must be true or false", at: allow.location)
            }
            config.allowsOutsidePaths = ["true", "yes", "on", "y"].contains(scalar.text.lowercased())
        }
        if let exclude = root["exclude"] { config.exclude = try stringList(exclude, field: "exclude") }
        if let peers = root["peers"] { config.peers = try parsePeers(peers) }
        if let lifecycles = root["lifecycles"] { config.lifecycles = try LifecycleConfig.parse(lifecycles) }
        if let rules = root["rules"] { config.ruleSeverities = try parseRuleSeverities(rules) }
        return config
    }

    /// `rules:` maps rule ids (and reading checks) to a severity or `off`.
    private static func parseRuleSeverities(_ rules: YAMLValue) throws(WorkspaceError) -> [String: Severity?] {
        guard let entries = rules.entries else {
            throw WorkspaceError("`rules` must map rule ids to error, warning, note or off", at: rules.location)
        }
        let known = RuleRegistry.descriptions.map(\.id) + ReadingCheck.allCases.map(\.rawValue)
        var severities: [String: Severity?] = [:]
        for entry in entries {
            guard known.contains(entry.key) else {
                let hint = suggestion(for: entry.key, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw WorkspaceError("unknown rule '\(entry.key.terminalSafe)'\(hint) (see docs/rules.md)", at: entry.keyLocation)
            }
            switch entry.value.string {
            case "off": severities[entry.key] = .some(nil)
            case let value?:
                guard let severity = Severity(rawValue: value) else {
                    throw WorkspaceError("severity of '\(entry.key)' must be error, warning, note or off, not '\(value.terminalSafe)'", at: entry.value.location)
                }
                severities[entry.key] = severity
            case nil:
                throw WorkspaceError("severity of '\(entry.key)' must be error, warning, note or off", at: entry.value.location)
            }
        }
        return severities
    }

    /// Each pattern's position (the first, when one is written twice).
    static func patternLocations(_ value: YAMLValue) -> [String: SourceLocation] {
        var locations: [String: SourceLocation] = [:]
        for item in value.items ?? [value] {
            if let text = item.string, locations[text] == nil { locations[text] = item.location }
        }
        return locations
    }

    static func stringList(_ value: YAMLValue, field: String) throws(WorkspaceError) -> [String] {
        if let single = value.string { return [single] }
        guard let items = value.items else {
            throw WorkspaceError("`\(field)` must be a list of strings", at: value.location)
        }
        var result: [String] = []
        for item in items {
            guard let text = item.string else {
                throw WorkspaceError("`\(field)` must be a list of strings; this item is a \(item.typeName)", at: item.location)
            }
            result.append(text)
        }
        return result
    }

    private static func parsePeers(_ value: YAMLValue) throws(WorkspaceError) -> [Peer] {
        guard let entries = value.entries else {
            throw WorkspaceError("`peers` must map each peer repo's name to `{path: DIR}` or `{git: URL, ref: BRANCH}`", at: value.location)
        }
        var peers: [Peer] = []
        for entry in entries {
            let spec = entry.value
            guard spec.entries != nil else {
                throw WorkspaceError("peer `\(entry.key)` must be `{path: DIR}` or `{git: URL, ref: BRANCH}`", at: spec.location)
            }
            let include = try spec["include"].map { v throws(WorkspaceError) in try stringList(v, field: "include") }
            let includeLocations = spec["include"].map(patternLocations) ?? [:]
            if let path = spec["path"]?.string {
                var peer = Peer(name: entry.key, source: .path(path), include: include, location: entry.keyLocation)
                peer.includeLocations = includeLocations
                peers.append(peer)
            } else if let url = spec["git"]?.string {
                if let problem = GitRemoteURL.problem(url) {
                    throw WorkspaceError(
                        "peer `\(entry.key)`: git URL '\(GitRunner.escapedForMessage(url, limit: 200))' is refused: \(problem); write \(GitRemoteURL.accepted)",
                        at: spec["git"]?.location)
                }
                let ref = spec["ref"]?.string
                if let ref, let problem = GitRefName.problem(ref) {
                    throw WorkspaceError(
                        "peer `\(entry.key)`: ref '\(GitRunner.escapedForMessage(ref, limit: 200))' is not a branch or tag name: \(problem); write the name of a branch or tag, e.g. `ref: main`",
                        at: spec["ref"]?.location)
                }
                var peer = Peer(name: entry.key, source: .git(url: url, ref: ref), include: include, location: entry.keyLocation)
                peer.includeLocations = includeLocations
                peers.append(peer)
            } else {
                throw WorkspaceError("peer `\(entry.key)` needs `path:` (a directory) or `git:` (a clone URL)", at: spec.location)
            }
        }
        return peers
    }
}
