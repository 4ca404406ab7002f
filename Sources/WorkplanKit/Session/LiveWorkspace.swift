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
    }

    public let options: WorkspaceSession.Options
    private let parsedFiles = ParsedFileCache()
    private var overlays: [String: [UInt8]] = [:]
    private var current: WorkspaceSession
    /// Content hash of each file of ``current``, by display path.
    private var fingerprint: [String: UInt64]
    private var configBytes: [UInt8]?

    /// Reads the workspace; fails like ``WorkspaceSession/init(options:)``.
    public init(options: WorkspaceSession.Options) throws(WorkspaceError) {
        self.options = options
        let (session, bytes) = try Self.load(options, cache: parsedFiles, overlays: [:], offline: options.offline)
        current = session
        configBytes = bytes
        fingerprint = Self.fingerprint(of: session.workspace)
    }

    /// How many files were parsed since the server started (the first load included).
    public var parses: Int { parsedFiles.parses }

    /// Re-reads the workspace: unchanged files are reused, git peers come from the cache
    /// (no fetch). Returns what changed.
    @discardableResult
    public func refresh() throws(WorkspaceError) -> Change {
        let (session, bytes) = try Self.load(options, cache: parsedFiles, overlays: overlays, offline: true)
        let next = Self.fingerprint(of: session.workspace)
        var files: [String] = []
        for (path, hash) in next where fingerprint[path] != hash { files.append(path) }
        for path in fingerprint.keys where next[path] == nil { files.append(path) }
        let structure = bytes != configBytes || Set(next.keys) != Set(fingerprint.keys)
        current = session
        fingerprint = next
        configBytes = bytes
        return Change(files: files.sorted(), structure: structure)
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

    private static func fingerprint(of workspace: Workspace) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for repo in workspace.repos {
            for (path, source) in repo.sources { result[path] = FNV1a.hash(source.bytes) }
        }
        return result
    }
}
