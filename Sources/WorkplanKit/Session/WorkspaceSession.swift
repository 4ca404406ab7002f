import Foundation

/// One run of wp: the workspace, read once, and everything derived from it,
/// built on first use and kept.
///
/// Commands ask the session for what they show (``graph``, ``analysis``,
/// ``index``, ``gates``, ``lint(base:)``, ``editor``) and never assemble a
/// pipeline themselves, so every view of one run agrees, and nothing is built
/// twice. The session also owns the policies every command shares: the one
/// clock, what an id on the command line means (``element(_:)``), and what a
/// partial read does to the exit status (``exitStatus(for:)``).
///
/// Not `Sendable`: one run, one thread. A long-running server holds one in an
/// actor and makes a new one when files change.
public final class WorkspaceSession {
    /// What a run was asked to read.
    public struct Options: Sendable {
        /// Where the run starts (`-C`); `.wp.yaml` is looked for from here upwards.
        public var directory: String
        /// Files or directories to select (nil: the include patterns of `.wp.yaml`).
        public var paths: [String]?
        /// Do not fetch git peers.
        public var offline: Bool
        /// Show what could be read of a partly unreadable workspace without exiting 2.
        public var allowPartial: Bool
        /// Which files' bytes and outlines stay in the model: edits need the local repo's
        /// (``WorkspaceLoader/SourceRetention/localRepo``), reading commands none.
        public var keepingSources: WorkspaceLoader.SourceRetention
        public var environment: [String: String]
        /// Read and write parses in wp's parse cache (``WorkspaceLoader/usesParseCache``); the
        /// CLI turns it on unless `--no-cache` (or `WP_NO_CACHE=1`).
        public var usesParseCache: Bool
        /// Keep the YAML trees of blocks (``WorkspaceLoader/keepsYAMLTrees``): only a command
        /// that reads none of them (`wp status`) turns this off.
        public var keepsYAMLTrees = true

        public init(
            directory: String, paths: [String]? = nil, offline: Bool = false, allowPartial: Bool = false,
            keepingSources: WorkspaceLoader.SourceRetention = .none, usesParseCache: Bool = false,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.usesParseCache = usesParseCache
            self.directory = directory
            self.paths = paths
            self.offline = offline
            self.allowPartial = allowPartial
            self.keepingSources = keepingSources
            self.environment = environment
        }
    }

    public let options: Options
    public let clock: WorkplanClock
    public let workspace: Workspace

    /// Reads the workspace that contains `options.directory`.
    ///
    /// Throws only when wp cannot start at all (no such directory, an unusable
    /// `.wp.yaml`, an invalid `WP_TODAY`); unreadable files are recorded in the
    /// workspace's diagnostics and handled by ``exitStatus(for:)``.
    public convenience init(options: Options) throws(WorkspaceError) {
        try self.init(options: options, loader: Self.loader(options))
    }

    /// The loader `options` ask for.
    static func loader(_ options: Options) -> WorkspaceLoader {
        var loader = WorkspaceLoader(
            offline: options.offline, keepingSources: options.keepingSources, usesParseCache: options.usesParseCache,
            environment: options.environment)
        loader.keepsYAMLTrees = options.keepsYAMLTrees
        return loader
    }

    /// Reads with `loader` (a long-running server's, which reuses parses between loads).
    init(options: Options, loader: WorkspaceLoader) throws(WorkspaceError) {
        try Self.checkDirectory(options.directory)
        self.options = options
        clock = try WorkplanClock.current(environment: options.environment)
        workspace = try loader.load(from: options.directory, paths: options.paths)
    }

    /// `-C` names a directory.
    static func checkDirectory(_ directory: String) throws(WorkspaceError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WorkspaceError("no such directory '\(directory.terminalSafe)'; -C takes the directory to run in")
        }
    }

    /// How a reading command that asked the answer cache starts (``open(options:answering:)``).
    public enum Opening {
        /// The same question was answered over the same inputs before: this is that answer.
        case answered(CachedAnswer)
        /// No answer was kept: the workspace, read (``remember(_:)`` keeps this run's).
        case loaded(WorkspaceSession)
    }

    /// Reads the workspace as ``init(options:)`` does, but first asks the answer cache:
    /// when every file, setting and the day are what they were when the same `request` was
    /// answered, that answer comes back and nothing is parsed, decoded or built.
    ///
    /// The answer cache is part of the parse cache (``Options/usesParseCache``): off with
    /// it. Only for reading commands (`keepingSources` `.none`).
    public static func open(options: Options, answering request: AnswerRequest) throws(WorkspaceError) -> Opening {
        try checkDirectory(options.directory)
        let clock = try WorkplanClock.current(environment: options.environment)
        let loader = Self.loader(options)
        let inputs = try loader.readInputs(from: options.directory, paths: options.paths)
        guard let parses = inputs.store, options.keepingSources == .none else {
            return .loaded(WorkspaceSession(options: options, clock: clock, workspace: loader.load(inputs).workspace))
        }
        var question = request.description
        question += "\noptions \(options.directory.utf8.count):\(options.directory) \(options.offline) \(options.allowPartial)"
        question += " \((options.paths ?? []).map { "\($0.utf8.count):\($0)" }.joined()) \(options.paths == nil)"
        question += "\nclock \(clock.today) \(clock.localToday)"
        let store = AnswerCacheStore(parses: parses)
        func key(_ fingerprint: ContentHash) -> ContentHash { ContentHash.of(question, seed: fingerprint) }
        if let fingerprint = inputs.fingerprint, let answer = store.load(key(fingerprint)) {
            return .answered(answer)
        }
        let loaded = loader.load(inputs)
        let session = WorkspaceSession(options: options, clock: clock, workspace: loaded.workspace)
        // No fingerprint when a file changed while it was read: the workspace is not one a key names.
        session.answerSlot = loaded.fingerprint.map { (store, key($0)) }
        return .loaded(session)
    }

    /// Where ``remember(_:)`` keeps this run's answer: set by ``open(options:answering:)``.
    private var answerSlot: (store: AnswerCacheStore, key: ContentHash)?

    /// Keeps `answer` (all this run wrote to stdout, and its exit status) for the next run
    /// that asks the same question over the same inputs. Call it only when the run wrote
    /// nothing to stderr. Does nothing for a session not opened through the answer cache.
    public func remember(_ answer: CachedAnswer) {
        guard let answerSlot else { return }
        answerSlot.store.store(answer, as: answerSlot.key)
    }

    /// A session over a workspace read before, on `clock`.
    private init(options: Options, clock: WorkplanClock, workspace: Workspace) {
        self.options = options
        self.clock = clock
        self.workspace = workspace
    }

    /// A session over a workspace a long-running process assembled itself (``LiveWorkspace``).
    init(options: Options, workspace: Workspace) throws(WorkspaceError) {
        self.options = options
        clock = try WorkplanClock.current(environment: options.environment)
        self.workspace = workspace
    }

    /// A session over a workspace read elsewhere (tests, a server's live copy).
    public init(workspace: Workspace, clock: WorkplanClock, allowPartial: Bool = false) {
        options = Options(directory: workspace.root, allowPartial: allowPartial, keepingSources: .localRepo, environment: [:])
        self.clock = clock
        self.workspace = workspace
    }

    // MARK: What the run derives, each built once

    /// Every element as a node, references resolved.
    public private(set) lazy var graph = WorkspaceGraph(workspace)
    /// What blocks what, down to the roots.
    public private(set) lazy var analysis = BlockingAnalysis(graph)
    /// Gates, evaluated for ``WorkplanClock/today``.
    public private(set) lazy var gates = GateEvaluator(analysis: analysis, today: clock.today)
    /// The graph read both ways, with every gate's result.
    public private(set) lazy var index = DependencyIndex(analysis: analysis, gates: gates)

    /// `wp lint`: the local repo's findings, with status moves since `base` when given
    /// (each commit from where HEAD meets it, then the working tree), on the run's clock.
    public func lint(base: String? = nil) throws(WorkspaceError) -> LintEngine.Result {
        let snapshot = try base.map { revision throws(WorkspaceError) in
            try BaseRevisionReader(repoRoot: workspace.root).read(revision: revision, config: workspace.config)
        }
        return lint(baseSnapshot: snapshot)
    }

    /// `wp lint` against a base read before (a server reads it once, not on every keystroke).
    /// No rule reads the blocking analysis, so none is built for lint.
    public func lint(baseSnapshot: BaseSnapshot?) -> LintEngine.Result {
        LintEngine(config: workspace.config).run(LintContext(graph: graph, base: baseSnapshot, clock: clock))
    }

    /// Plans checked edits over the run's graph; the dates it writes are ``WorkplanClock/localToday``.
    /// Needs the local repo's sources (``Options/keepingSources``).
    public private(set) lazy var editor = WorkplanEditor(graph: graph, today: clock.localToday)

    // MARK: Shared policies

    /// The element an id typed on the command line names (`ID` or `repo:ID`).
    public func element(_ id: String) throws(ElementLookupError) -> Int {
        try ElementLookupError.lookup(id, in: graph)
    }

    /// Problems met while reading, in output order: every command prints them to stderr.
    public var loadProblems: [Diagnostic] { workspace.diagnostics.sorted() }

    /// Some input could not be read: what wp shows may be missing something.
    public var isPartial: Bool { workspace.isIncomplete }

    /// The exit status of a command that would end with `status`: a partial read
    /// is exit 2 for every command, unless `--allow-partial` was given.
    ///
    /// Gate commands pass `peersDecidedPerRequirement`: they already leave every requirement
    /// that could touch an unreadable peer undecided (exit 2), so a peer no requirement needs
    /// does not stop a gate about this repo's own work; a local file that could not be read
    /// still does.
    public func exitStatus(for status: ExitStatus, peersDecidedPerRequirement: Bool = false) -> ExitStatus {
        let partial = peersDecidedPerRequirement
            ? workspace.diagnostics.contains { $0.severity == .error && $0.rule != ReadingCheck.peerUnavailable.rawValue }
            : isPartial
        return partial && !options.allowPartial ? max(status, .failure) : status
    }
}
