import Foundation

/// The workspace of a long-running process (`wp mcp`, `wp lsp`, `wp serve`):
/// read once, then refreshed by re-reading only the files whose bytes changed.
///
/// Every request runs against a ``WorkspaceSession`` through ``read(_:)``, on
/// this actor, so the session (which is not `Sendable`) never leaves it; the
/// body returns a `Sendable` value — a view, JSON, an edit's result. A file an
/// editor has open but not saved can stand in for the file on disk
/// (``setOverlay(_:for:)``).
public actor LiveWorkspace {
    /// What changed between two refreshes, for servers that notify their clients.
    public struct Change: Sendable, Equatable {
        /// Display paths of files added, removed or whose content changed.
        public var files: [String]
        /// `.wp.yaml` changed, or the set of files did: lists and indexes are new.
        public var structure: Bool

        public var isEmpty: Bool { files.isEmpty && !structure }

        public init(files: [String] = [], structure: Bool = false) {
            self.files = files
            self.structure = structure
        }

        /// Both changes in one: what a client that missed the first still needs to hear.
        public func merged(with other: Change) -> Change {
            Change(files: Set(files).union(other.files).sorted(), structure: structure || other.structure)
        }
    }

    public let options: WorkspaceSession.Options
    private let parsedFiles = ParsedFileCache()
    private var overlays: [String: [UInt8]] = [:]
    private var current: WorkspaceSession
    private var configBytes: [UInt8]?
    /// Every change since ``takeChange()`` last ran, whoever refreshed (``read(_:)`` included).
    private var untaken = Change()

    /// Reads the workspace; fails like ``WorkspaceSession/init(options:)``.
    public init(options: WorkspaceSession.Options) throws(WorkspaceError) {
        self.options = options
        let (session, bytes) = try Self.load(options, cache: parsedFiles, overlays: [:], offline: options.offline)
        current = session
        configBytes = bytes
        _ = parsedFiles.takeChanges()
    }

    /// How many files were parsed since the server started (the first load included).
    public var parses: Int { parsedFiles.parses }

    /// Re-reads the workspace: unchanged files are reused, git peers come from the cache
    /// (no fetch). Returns what changed.
    ///
    /// When nothing changed (and the day did not), the current session stays, with the
    /// graph, analysis, gates and index it has built: a burst of requests builds them once.
    @discardableResult
    public func refresh() throws(WorkspaceError) -> Change {
        let (session, bytes) = try Self.load(options, cache: parsedFiles, overlays: overlays, offline: true)
        let changed = parsedFiles.takeChanges()
        // Plain values first: `||` would capture the session in an autoclosure.
        let sameProblems = session.workspace.diagnostics == current.workspace.diagnostics
        let sameDay = session.clock == current.clock
        let structure = changed.membership || bytes != configBytes || !sameProblems
        let change = Change(files: changed.files.sorted(), structure: structure)
        configBytes = bytes
        if !change.isEmpty || !sameDay {
            current = session
        }
        untaken = untaken.merged(with: change)
        return change
    }

    /// What changed since the last call (the first: since the workspace was read), however
    /// the refreshes came about: what a server tells its clients.
    public func takeChange() -> Change {
        defer { untaken = Change() }
        return untaken
    }

    /// Runs `body` against the current session, refreshed first.
    public func read<Result: Sendable>(_ body: (WorkspaceSession) throws -> Result) throws -> Result {
        try refresh()
        return try body(current)
    }

    /// Runs `body` against the current session as it is (no refresh): for a burst of requests.
    public func readCurrent<Result: Sendable>(_ body: (WorkspaceSession) throws -> Result) rethrows -> Result {
        try body(current)
    }

    /// Reads `bytes` instead of the file at `absolutePath` until ``removeOverlay(for:)``.
    public func setOverlay(_ bytes: [UInt8], for absolutePath: String) {
        overlays[absolutePath] = bytes
    }

    public func removeOverlay(for absolutePath: String) {
        overlays[absolutePath] = nil
    }

    private static func load(
        _ options: WorkspaceSession.Options, cache: ParsedFileCache, overlays: [String: [UInt8]], offline: Bool
    ) throws(WorkspaceError) -> (WorkspaceSession, [UInt8]?) {
        var loader = WorkspaceLoader(offline: offline, keepingSources: .all, environment: options.environment)
        loader.parsedFiles = cache
        loader.overlays = overlays
        let session = try WorkspaceSession(options: options, loader: loader)
        let configPath = session.workspace.root + "/" + WorkspaceConfig.fileName
        let configBytes = FileManager.default.contents(atPath: configPath).map { [UInt8]($0) }
        return (session, configBytes)
    }
}
