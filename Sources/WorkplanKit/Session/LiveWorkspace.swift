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
    /// What the last full read found (files, peers, configuration) and each of its files' parse,
    /// in the same order: ``refresh(files:)`` re-parses single files and assembles the rest as they are.
    private var discovery: WorkspaceLoader.Discovery
    private var parsed: [ParsedFile]
    /// Position in ``discovery``'s jobs of each file, by absolute path.
    private var jobOfPath: [String: Int]
    /// Content hash of each file of ``current``, by display path.
    private var fingerprint: [String: UInt64]
    private var configBytes: [UInt8]?
    /// Every change since ``takeChange()`` last ran, whoever refreshed (``read(_:)`` included).
    private var untaken = Change()

    /// Reads the workspace; fails like ``WorkspaceSession/init(options:)``.
    public init(options: WorkspaceSession.Options) throws(WorkspaceError) {
        self.options = options
        let read = try Self.load(options, cache: parsedFiles, overlays: [:], offline: options.offline)
        current = read.session
        discovery = read.discovery
        parsed = read.parsed
        jobOfPath = Self.jobIndex(read.discovery)
        configBytes = read.configBytes
        fingerprint = Self.fingerprint(of: read.session.workspace)
        _ = parsedFiles.takeChanges()  // This type compares bytes itself; the cache's record is drained so it never grows.
    }

    /// How many files were parsed since the server started (the first load included).
    public var parses: Int { parsedFiles.parses }

    /// Counts the sessions this workspace has had: it grows exactly when a refresh
    /// replaces the session (a file's bytes, the set of files, `.wp.yaml` or the day
    /// changed). Whatever a server derives from one session (a rendered board, a
    /// gate list) stays right while the generation stays.
    public private(set) var generation = 0

    /// Re-reads the workspace: unchanged files are reused, git peers come from the cache
    /// (no fetch). Returns what changed.
    ///
    /// When nothing changed (and the day did not), the current session stays, with the
    /// graph, analysis, gates and index it has built: a burst of requests builds them once.
    @discardableResult
    public func refresh() throws(WorkspaceError) -> Change {
        let read = try Self.load(options, cache: parsedFiles, overlays: overlays, offline: true)
        // Only files the cache parsed again (or that came or went) can have new bytes: a parse it
        // reused is of the very bytes hashed before. Hashing every file on each call (13 MB on the
        // 1,000-workplan benchmark) was about half of the refresh.
        let next = Self.fingerprint(of: read.session.workspace, updating: fingerprint, only: parsedFiles.takeChanges().files)
        var files: [String] = []
        for (path, hash) in next where fingerprint[path] != hash { files.append(path) }
        for path in fingerprint.keys where next[path] == nil { files.append(path) }
        // Reading problems that came or went (a peer, `.wp.yaml`) change what every list shows.
        let sameProblems = read.session.workspace.diagnostics == current.workspace.diagnostics
        let structure = read.configBytes != configBytes || next.count != fingerprint.count || next.keys.contains { fingerprint[$0] == nil } || !sameProblems
        let change = Change(files: files.sorted(), structure: structure)
        untaken = untaken.merged(with: change)
        // Nothing changed: the session stays, and with it everything it has derived
        // (graph, analysis, gates), so a burst of requests builds them once.
        if change.isEmpty, read.session.clock == current.clock { return change }
        current = read.session
        discovery = read.discovery
        parsed = read.parsed
        jobOfPath = Self.jobIndex(read.discovery)
        fingerprint = next
        configBytes = read.configBytes
        generation += 1
        return change
    }

    /// What changed since the last call (the first: since the workspace was read), however
    /// the refreshes came about: what a server tells its clients.
    public func takeChange() -> Change {
        defer { untaken = Change() }
        return untaken
    }

    /// Re-reads only the files at `absolutePaths` — their overlays, else their bytes on
    /// disk — and keeps every other file as last read: no directory walk, no look at any
    /// other file. For a server that knows what changed (an editor's keystroke, a save or a
    /// change its client reported); a file added or removed, or `.wp.yaml` changed, needs
    /// ``refresh()``. Paths that are not files of the workspace are ignored.
    @discardableResult
    public func refresh(files absolutePaths: Set<String>) throws(WorkspaceError) -> Change {
        let indexes = absolutePaths.compactMap { jobOfPath[$0] }.sorted()
        guard !indexes.isEmpty else { return Change(files: [], structure: false) }
        var loader = WorkspaceLoader(offline: true, keepingSources: .all, environment: options.environment)
        loader.parsedFiles = parsedFiles
        loader.overlays = overlays
        var files: [String] = []
        for (index, file) in zip(indexes, loader.parse(discovery, only: indexes)) {
            parsed[index] = file
            let hash = file.source.map { FNV1a.hash($0.bytes) }
            if fingerprint[file.path] != hash {
                files.append(file.path)
                fingerprint[file.path] = hash
            }
        }
        guard !files.isEmpty else { return Change(files: [], structure: false) }
        current = try WorkspaceSession(options: options, workspace: WorkspaceLoader.assemble(discovery, parsed: parsed))
        generation += 1
        let change = Change(files: files.sorted(), structure: false)
        untaken = untaken.merged(with: change)
        return change
    }

    /// Whether `absolutePath` is one of the files the workspace reads.
    public func contains(absolutePath: String) -> Bool { jobOfPath[absolutePath] != nil }

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

    private struct Read {
        var session: WorkspaceSession
        var discovery: WorkspaceLoader.Discovery
        var parsed: [ParsedFile]
        var configBytes: [UInt8]?
    }

    private static func load(
        _ options: WorkspaceSession.Options, cache: ParsedFileCache, overlays: [String: [UInt8]], offline: Bool
    ) throws(WorkspaceError) -> Read {
        var loader = WorkspaceLoader(offline: offline, keepingSources: .all, environment: options.environment)
        loader.parsedFiles = cache
        loader.overlays = overlays
        try WorkspaceSession.checkDirectory(options.directory)
        let discovery = try loader.discover(from: options.directory, paths: options.paths)
        let parsed = loader.parse(discovery)
        let session = try WorkspaceSession(options: options, workspace: WorkspaceLoader.assemble(discovery, parsed: parsed))
        let configPath = session.workspace.root + "/" + WorkspaceConfig.fileName
        let configBytes = FileManager.default.contents(atPath: configPath).map { [UInt8]($0) }
        return Read(session: session, discovery: discovery, parsed: parsed, configBytes: configBytes)
    }

    private static func jobIndex(_ discovery: WorkspaceLoader.Discovery) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, job) in discovery.jobs.enumerated() where index[job.absolute] == nil { index[job.absolute] = position }
        return index
    }

    /// `previous` brought up to `workspace`: files in `changed` or new to it hashed again, files gone dropped.
    private static func fingerprint(
        of workspace: Workspace, updating previous: [String: UInt64], only changed: Set<String>
    ) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        result.reserveCapacity(previous.count)
        for repo in workspace.repos {
            for (path, source) in repo.sources {
                if !changed.contains(path), let hash = previous[path] {
                    result[path] = hash
                } else {
                    result[path] = FNV1a.hash(source.bytes)
                }
            }
        }
        return result
    }

    private static func fingerprint(of workspace: Workspace) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for repo in workspace.repos {
            for (path, source) in repo.sources { result[path] = FNV1a.hash(source.bytes) }
        }
        return result
    }
}
