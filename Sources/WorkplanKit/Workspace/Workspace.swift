/// Every workplan wp can see: this repo's and its peers'.
public struct Workspace: Sendable {
    /// One repo's worth of workplans.
    public struct Repo: Sendable {
        public enum Kind: Hashable, Sendable {
            case local
            case pathPeer(String)
            case gitPeer(url: String, ref: String?)
        }

        public enum Availability: Hashable, Sendable {
            case available
            /// The peer could not be read; references into it are unknown, never complete.
            case unavailable(reason: String)
        }

        public var name: String
        public var kind: Kind
        /// Absolute directory the files were read from (nil when unavailable).
        public var root: String?
        public var availability: Availability
        public var workplans: [Workplan]
        /// Gates defined in files that are not workplans (runbooks).
        public var gates: [Gate]
        /// How many files were read.
        public var fileCount: Int
        /// What every path of this repo starts with in positions ("" for the local repo).
        public var displayPrefix: String = ""
        /// The files read, by display path: their bytes, line tables and outlines, which edits reuse.
        public var sources: [String: SourceFile] = [:]

        public init(
            name: String, kind: Kind, root: String?, availability: Availability,
            workplans: [Workplan] = [], gates: [Gate] = [], fileCount: Int = 0, displayPrefix: String = ""
        ) {
            self.displayPrefix = displayPrefix
            self.name = name
            self.kind = kind
            self.root = root
            self.availability = availability
            self.workplans = workplans
            self.gates = gates
            self.fileCount = fileCount
        }

        public var isAvailable: Bool { availability == .available }
    }

    /// Absolute root of the local repo (where `.wp.yaml` is).
    public var root: String
    public var config: WorkspaceConfig
    /// The local repo first, then peers in the order `.wp.yaml` lists them.
    public var repos: [Repo]
    /// Problems met while reading: unreadable files, invalid YAML, unavailable peers.
    public var diagnostics: [Diagnostic]
    /// Display paths of the files explicit PATH arguments selected (nil: no selection).
    public var selectedPaths: Set<String>?

    public init(root: String, config: WorkspaceConfig, repos: [Repo], diagnostics: [Diagnostic] = []) {
        self.root = root
        self.config = config
        self.repos = repos
        self.diagnostics = diagnostics
    }

    public var workplans: [Workplan] { repos.flatMap(\.workplans) }
    public var lifecycles: Lifecycles { config.lifecycles }

    public func repo(named name: String) -> Repo? { repos.first { $0.name == name } }

    /// The file `workplan` was read from, as it was read.
    public func source(of workplan: Workplan) -> SourceFile? {
        repo(named: workplan.repo)?.sources[workplan.path]
    }

    /// True when some input could not be read (an error diagnostic exists).
    public var isIncomplete: Bool { diagnostics.contains { $0.severity == .error } }
}
