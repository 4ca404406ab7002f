import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds `.wp.yaml`, reads this repo's and every peer's workplans (in
/// parallel), and returns the ``Workspace``.
public struct WorkspaceLoader: Sendable {
    /// Which files a loaded ``Workspace`` keeps as read: bytes, line table, front matter and outline.
    public enum SourceRetention: Sendable, Hashable {
        /// None: enough for every command that only reads, at the least memory (a
        /// 1,000-workplan workspace of 13 MB keeps about 25 MiB more with ``all``).
        case none
        /// The local repo's, the only files wp edits.
        case localRepo
        /// Every repo's.
        case all
    }

    /// Files larger than this are refused: no workplan is that big, and a
    /// stray log or dump in the folder must not stall wp.
    public static let maximumFileSize = Limits.maximumFileSize

    public var offline: Bool
    /// Which files the workspace keeps as read (``Workspace/Repo/sources``): what an edit works on.
    public var keepsSources: SourceRetention
    /// Parses kept between loads (long-running modes): unchanged files are not parsed again.
    public var parsedFiles: ParsedFileCache?
    /// Content to read instead of a file's bytes on disk, by absolute path: an editor's
    /// unsaved buffer (`wp lsp`).
    public var overlays: [String: [UInt8]] = [:]
    /// wp's cache: git peers' clones under `git/`, parses under `parse/` (`$WP_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/wp`, else `~/.cache/wp`).
    public var cacheDirectory: String
    /// Reads and writes parses in `<cacheDirectory>/parse` (``ParseCacheStore``): off for a
    /// long-running process (it keeps its own parses, ``parsedFiles``), under `--no-cache`
    /// and when the environment sets `WP_NO_CACHE` (to anything but `0` or nothing). Under
    /// ``offline`` the cache is only read: `--offline` leaves wp's cache as it is.
    public var usesParseCache: Bool
    /// Keep each block's YAML tree (``Workplan/frontMatter``, ``Workplan/Task/fields``,
    /// ``Decision/fields``): lint, gates, `show` and edits read them. `wp status` reads none and
    /// drops them file by file (about a fifth of its peak memory); the cache keeps them either way.
    public var keepsYAMLTrees = true
    public var gitTimeout: TimeInterval
    /// Seconds all git peers' fetches of one load may take together (``Limits/gitFetchTimePerRun``).
    public var gitFetchTimePerRun: TimeInterval

    public init(offline: Bool = false, keepingSources: SourceRetention = .localRepo, cacheDirectory: String? = nil,
                usesParseCache: Bool = false,
                gitTimeout: TimeInterval = Limits.gitNetworkTimeout, gitFetchTimePerRun: TimeInterval = Limits.gitFetchTimePerRun,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.offline = offline
        self.usesParseCache = usesParseCache && !Self.parseCacheDisabled(environment: environment)
        self.keepsSources = keepingSources
        self.cacheDirectory = cacheDirectory ?? GitPeerCache.defaultDirectory(environment: environment)
        self.gitTimeout = gitTimeout
        self.gitFetchTimePerRun = gitFetchTimePerRun
    }

    /// `WP_NO_CACHE=1` (any value but empty or `0`) turns the parse cache off.
    static func parseCacheDisabled(environment: [String: String]) -> Bool {
        guard let value = environment["WP_NO_CACHE"] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// The directory holding `.wp.yaml`, walking up from `start`; nil when there is none.
    ///
    /// See ``searchConfig(from:currentUser:)`` for where the search stops and which files count.
    public static func findConfigRoot(from start: String) -> String? {
        searchConfig(from: start).root
    }

    /// Walks up from `start` to the directory holding `.wp.yaml`.
    ///
    /// The search stops at the root of the git work tree (a directory holding
    /// `.git`, a directory or a file), or at `/` outside git: a `.wp.yaml` in a
    /// directory above the repo belongs to someone else's setup. A `.wp.yaml`
    /// owned by neither the current user nor root is ignored with a warning:
    /// in a shared directory such as /tmp anyone could have put it there.
    static func searchConfig(from start: String, currentUser: uid_t = geteuid()) -> (root: String?, diagnostics: [Diagnostic]) {
        var directory = URL(fileURLWithPath: start).standardizedFileURL.path
        var diagnostics: [Diagnostic] = []
        while true {
            let candidate = join(directory, WorkspaceConfig.fileName)
            var info = stat()
            if stat(candidate, &info) == 0 {
                if isTrustedConfigOwner(info.st_uid, currentUser: currentUser) { return (directory, diagnostics) }
                diagnostics.append(untrustedConfigDiagnostic(candidate, owner: info.st_uid, currentUser: currentUser, start: start))
            }
            if lstat(join(directory, ".git"), &info) == 0 { return (nil, diagnostics) }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { return (nil, diagnostics) }
            directory = parent
        }
    }

    /// A `.wp.yaml` counts only when the user running wp, or root, owns it.
    static func isTrustedConfigOwner(_ owner: uid_t, currentUser: uid_t) -> Bool {
        owner == currentUser || owner == 0
    }

    static func untrustedConfigDiagnostic(_ path: String, owner: uid_t, currentUser: uid_t, start: String) -> Diagnostic {
        let target = join(URL(fileURLWithPath: start).standardizedFileURL.path, WorkspaceConfig.fileName)
        return Diagnostic(
            check: .config, severity: .warning,
            message: "ignored \(path): it belongs to user \(owner), not to you (user \(currentUser)) or root, so anyone who can write "
                + "there could have put it there; to use it, copy it to a file you own (`cp \(shellQuoted(path)) \(shellQuoted(target))`), "
                + "else remove it",
            location: SourceLocation(path: path, line: 1, column: 1))
    }

    /// Loads the workspace that contains `directory`.
    ///
    /// Without a `.wp.yaml` anywhere above, `directory` is the repo root with
    /// the default settings and its name is the directory's name.
    /// - Parameter paths: files or directories (relative to `directory`) to
    ///   select: their workplans become ``Workspace/selectedPaths``; files no
    ///   include pattern covers are read as the local repo's.
    public func load(from directory: String, paths: [String]? = nil) throws(WorkspaceError) -> Workspace {
        let discovery = try discover(from: directory, paths: paths)
        return Self.assemble(discovery, parsed: parse(discovery))
    }

    /// The first half of a load through the parse cache: every file found and, when every
    /// repo with files has its pack, read and hashed, none parsed. Its
    /// ``LoadInputs/fingerprint`` names everything the workspace will be made of, so a run can
    /// find its whole answer in the cache before parsing or decoding anything
    /// (``AnswerCacheStore``); ``load(_:)`` is the second half. Without a pack (a first run,
    /// a new checkout) no answer can be kept either, so the files are not read twice.
    func readInputs(from directory: String, paths: [String]? = nil) throws(WorkspaceError) -> LoadInputs {
        var discovery = try discover(from: directory, paths: paths)
        guard parsedFiles == nil, overlays.isEmpty, let store = parseCacheStore(discovery) else {
            return LoadInputs(discovery: discovery, store: nil, packs: [], keys: nil, fingerprint: nil)
        }
        let packs = Self.loadPacks(discovery, store: store)
        let reposWithFiles = Set(discovery.jobs.map(\.repoIndex))
        guard reposWithFiles.allSatisfy({ packs[$0] != nil }) else {
            return LoadInputs(discovery: discovery, store: store, packs: packs, keys: nil, fingerprint: nil)
        }
        let reads = parallelMap(discovery.jobs) { job -> Result<ContentHash, Diagnostic> in
            (job.content ?? Self.readFile(job.absolute, display: job.display)).map {
                store.key(repo: job.repo, displayPath: job.display, bytes: $0)
            }
        }
        // A file that could not be read keeps the reason met here: the fingerprint names it, and
        // load(_:) shows it rather than what reading the file again might meet (a FIFO by then).
        var keys: [ContentHash?] = []
        keys.reserveCapacity(reads.count)
        for (index, read) in reads.enumerated() {
            switch read {
            case .success(let key): keys.append(key)
            case .failure(let diagnostic):
                keys.append(nil)
                discovery.jobs[index].content = .failure(diagnostic)
            }
        }
        return LoadInputs(
            discovery: discovery, store: store, packs: packs, keys: keys,
            fingerprint: Self.fingerprint(discovery, keys: keys, settings: store.settings))
    }

    /// The workspace `inputs` name: files whose parse is in the cache under the key they were
    /// read with are decoded without reading them again; the others are read and parsed.
    /// `fingerprint` names what was parsed (as ``readInputs(from:paths:)`` would have): nil
    /// without the parse cache, and nil when a file's bytes changed after they were hashed
    /// (the workspace is then neither the one hashed nor one that can be named).
    func load(_ inputs: LoadInputs) -> (workspace: Workspace, fingerprint: ContentHash?) {
        guard let store = inputs.store else { return (Self.assemble(inputs.discovery, parsed: parse(inputs.discovery)), nil) }
        let decisions = inputs.discovery.config.lifecycles.decision
        let parsed = Self.parse(
            inputs.discovery.jobs, discovery: inputs.discovery, decisions: decisions, store: store, packs: inputs.packs,
            knownKeys: inputs.keys, keepsYAMLTrees: keepsYAMLTrees)
        guard parsed.consistent else { return (Self.assemble(inputs.discovery, parsed: parsed.files), nil) }
        // Named as readInputs(from:paths:) names them: a file that could not be read, by the reason met.
        var named = inputs.discovery
        for (index, key) in parsed.keys.enumerated() where key == nil && named.jobs[index].content == nil {
            if let problem = parsed.files[index].diagnostics.first { named.jobs[index].content = .failure(problem) }
        }
        return (Self.assemble(inputs.discovery, parsed: parsed.files), Self.fingerprint(named, keys: parsed.keys, settings: store.settings))
    }

    /// What ``readInputs(from:paths:)`` found: the discovery, each repo's pack, each file's key
    /// when they were hashed ahead (nil: it could not be read) and their fingerprint (nil when
    /// the files were not hashed ahead or the parse cache is not used).
    struct LoadInputs: Sendable {
        var discovery: Discovery
        var store: ParseCacheStore?
        var packs: [ParsePack?]
        var keys: [ContentHash?]?
        var fingerprint: ContentHash?
    }

    /// Each repo's pack, by the index of its source (nil: none that can be trusted).
    static func loadPacks(_ discovery: Discovery, store: ParseCacheStore) -> [ParsePack?] {
        parallelMap(packKeys(discovery, store: store)) { store.load($0) }
    }

    /// The name of each repo's pack, by the index of its source.
    private static func packKeys(_ discovery: Discovery, store: ParseCacheStore) -> [ContentHash] {
        discovery.sources.map { store.packKey(repo: $0.name, root: $0.root ?? $0.name) }
    }

    /// One hash of everything a load's workspace is made of besides the parser (which the
    /// store's `settings` name): the root, `.wp.yaml`'s bytes, every repo as found (kind,
    /// root, why it is unavailable, how stale its copy is), the problems met finding files,
    /// the selected paths and every file (repo, paths, key, or why it could not be read).
    /// Each item is length-prefixed, so no two different inputs describe alike.
    static func fingerprint(_ discovery: Discovery, keys: [ContentHash?], settings: ContentHash) -> ContentHash {
        var text = ""
        func item(_ value: String) {
            text += String(value.utf8.count)
            text += ":"
            text += value
        }
        // A diagnostic's own fields, not its `description`: that is made for a terminal and
        // escapes alike what a JSON report shows apart (a TAB and the text `\t`).
        func item(_ diagnostic: Diagnostic) {
            for field in [diagnostic.rule, diagnostic.severity.rawValue, diagnostic.message, diagnostic.location.path,
                          String(diagnostic.location.line), String(diagnostic.location.column), String(diagnostic.notes.count)] {
                item(field)
            }
            diagnostic.notes.forEach(item)
        }
        item("workspace")
        item(discovery.root)
        item(discovery.configDigest.hex)
        item(String(discovery.diagnostics.count))
        discovery.diagnostics.forEach(item)
        item("sources")
        for source in discovery.sources {
            item(source.name)
            item(String(describing: source.kind))
            item(source.root ?? "-")
            item(source.unavailable ?? "-")
            item(source.displayPrefix)
            item(source.staleCopy.map { "\($0.reason)|\($0.fetchedOn.map(String.init(describing:)) ?? "-")" } ?? "-")
        }
        item("selected")
        for path in (discovery.selected ?? []).sorted() { item(path) }
        item(discovery.selected == nil ? "all" : "some")
        item("files")
        for (job, key) in zip(discovery.jobs, keys) {
            item(String(job.repoIndex))
            item(job.absolute)
            item(job.display)
            switch (key, job.content) {
            case (let key?, _): item(key.hex)
            case (nil, .failure(let diagnostic)?):
                item("unread")
                item(diagnostic)
            case (nil, _): item("unread")
            }
        }
        return ContentHash.of(text, seed: settings)
    }

    /// What a load found before parsing: the configuration, each repo's files, and the
    /// problems met finding them. A long-running process keeps it to re-parse single files
    /// without walking the directories again (``LiveWorkspace/refresh(files:)``).
    struct Discovery: Sendable {
        var root: String
        var config: WorkspaceConfig
        var diagnostics: [Diagnostic]
        var sources: [RepoSource]
        var jobs: [FileJob]
        var selected: Set<String>?
        /// The hash of the local `.wp.yaml`'s bytes (zero without one): part of ``fingerprint(_:keys:settings:)``.
        var configDigest = ContentHash.zero
    }

    /// Finds `.wp.yaml`, the peers and every file to read (git peers' files already read from their commit).
    func discover(from directory: String, paths: [String]? = nil) throws(WorkspaceError) -> Discovery {
        let start = URL(fileURLWithPath: directory).standardizedFileURL.path
        let search = Self.searchConfig(from: start)
        let root = search.root ?? start
        let configPath = join(root, WorkspaceConfig.fileName)
        let defaultRepo = (root as NSString).lastPathComponent
        var config = WorkspaceConfig(repo: defaultRepo)
        var configDigest = ContentHash.zero
        if search.root != nil {
            let bytes = try readConfig(configPath)
            configDigest = ContentHash.of(bytes)
            config = try WorkspaceConfig.parse(bytes: bytes, path: WorkspaceConfig.fileName, defaultRepo: defaultRepo)
        }
        var diagnostics: [Diagnostic] = search.diagnostics + config.unknownKeys
        var sources: [RepoSource] = []
        let configStart = SourceLocation(path: WorkspaceConfig.fileName, line: 1, column: 1)

        var localDiscovery = FileDiscovery(root: root, displayPrefix: "")
        localDiscovery.allowsOutside = config.allowsOutsidePaths
        let localFound = localDiscovery.find(
            include: config.include, exclude: config.exclude, locations: config.includeLocations, configLocation: configStart)
        diagnostics += localFound.diagnostics
        sources.append(RepoSource(name: config.repo, kind: .local, root: root, files: localFound.files.map(FoundFile.init), unavailable: nil))

        // Fetches run one after another, each within `gitTimeout`: a .wp.yaml naming many hanging
        // remotes would otherwise keep wp busy for peers × 120 s.
        let fetchDeadline = Date().addingTimeInterval(gitFetchTimePerRun)
        for peer in config.peers {
            let location = peer.location ?? SourceLocation(path: WorkspaceConfig.fileName, line: 1, column: 1)
            var peerRoot: String
            let kind: Workspace.Repo.Kind
            switch peer.source {
            case .path(let path):
                peerRoot = URL(fileURLWithPath: join(root, path)).standardizedFileURL.path
                kind = .pathPeer(path)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: peerRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
                    let reason = "directory \(path) does not exist"
                    diagnostics.append(peerDiagnostic(peer.name, reason, location))
                    sources.append(RepoSource(name: peer.name, kind: kind, root: nil, files: [], unavailable: reason))
                    continue
                }
                if !config.allowsOutsidePaths, let problem = Self.outsideWorkspace(peer: peerRoot, localRoot: root) {
                    let reason = "directory \(path) \(problem); it was skipped — add `allow_outside_paths: true` to .wp.yaml to read it"
                    diagnostics.append(peerDiagnostic(peer.name, reason, location))
                    sources.append(RepoSource(name: peer.name, kind: kind, root: nil, files: [], unavailable: reason))
                    continue
                }
            case .git(let url, let ref):
                kind = .gitPeer(url: url, ref: ref)
                let remaining = fetchDeadline.timeIntervalSinceNow
                let outcome: GitPeerCache.Outcome
                if !offline, remaining <= 0 {
                    let reason = "not fetched: wp spends at most \(Int(gitFetchTimePerRun)) s a run fetching git peers, "
                        + "and the peers before it used that time; fix or remove the peers whose fetch fails, or use --offline"
                    // Not fetched is no better than a failed fetch: a copy of an earlier fetch is read, said to be stale.
                    let gitCache = GitPeerCache(directory: cacheDirectory)
                    if case .ready(let tree) = gitCache.prepare(name: peer.name, url: url, ref: ref, offline: true) {
                        outcome = .stale(tree, reason: reason, fetchedOn: gitCache.lastFetchDay(tree.repository))
                    } else {
                        outcome = .unavailable(reason: reason)
                    }
                } else {
                    let gitCache = GitPeerCache(directory: cacheDirectory, networkTimeout: min(gitTimeout, max(remaining, 0.001)))
                    outcome = gitCache.prepare(name: peer.name, url: url, ref: ref, offline: offline)
                }
                var stale: Workspace.Repo.StaleCopy?
                var fetched = outcome
                if case .stale(let tree, let reason, let day) = outcome {
                    stale = Workspace.Repo.StaleCopy(reason: reason, fetchedOn: day)
                    fetched = .ready(tree)
                    let age = day.map { "last fetched on \($0)" } ?? "of an earlier fetch"
                    // The remote is what is unavailable; the message keeps git's words in full.
                    diagnostics.append(Diagnostic(
                        check: .peerStale, severity: .warning,
                        message: "peer `\(peer.name)` is unavailable: \(reason); wp reads its cached copy instead, \(age) "
                            + "(`wp gate check` exits 2 on it unless --allow-stale-peers)",
                        location: location))
                }
                switch fetched {
                case .ready(let tree):
                    switch readGitPeer(peer, tree: tree, location: location) {
                    case .success(let read):
                        diagnostics += read.diagnostics
                        sources.append(RepoSource(
                            name: peer.name, kind: kind, root: tree.repository, files: read.files, unavailable: nil,
                            displayPrefix: peer.name + ":", staleCopy: stale))
                    case .failure(let reason):
                        diagnostics.append(peerDiagnostic(peer.name, reason.message, location))
                        sources.append(RepoSource(name: peer.name, kind: kind, root: nil, files: [], unavailable: reason.message))
                    }
                case .unavailable(let reason), .stale(_, let reason, _):
                    diagnostics.append(peerDiagnostic(peer.name, reason, location))
                    sources.append(RepoSource(name: peer.name, kind: kind, root: nil, files: [], unavailable: reason))
                }
                continue
            }
            var include = peer.include ?? WorkspaceConfig.defaultInclude
            var includeLocations = peer.includeLocations
            var exclude: [String] = []
            let prefix = displayPrefix(for: peer, root: peerRoot, localRoot: root)
            let peerConfigPath = join(peerRoot, WorkspaceConfig.fileName)
            var patternsWhere = location
            if peer.include == nil, FileManager.default.fileExists(atPath: peerConfigPath) {
                switch Self.readFile(peerConfigPath, display: prefix + WorkspaceConfig.fileName) {
                case .success(let bytes):
                    switch parsePeerConfig(peer, bytes: bytes, path: prefix + WorkspaceConfig.fileName, location: location) {
                    case .success(let peerConfig):
                        include = peerConfig.include
                        includeLocations = peerConfig.includeLocations
                        exclude = peerConfig.exclude
                        patternsWhere = SourceLocation(path: prefix + WorkspaceConfig.fileName, line: 1, column: 1)
                    case .failure(let diagnostic):
                        diagnostics.append(diagnostic)
                    }
                case .failure(let diagnostic):
                    diagnostics.append(diagnostic)
                }
            }
            var discovery = FileDiscovery(root: peerRoot, displayPrefix: prefix)
            discovery.allowsOutside = config.allowsOutsidePaths
            let found = discovery.find(include: include, exclude: exclude, locations: includeLocations, configLocation: patternsWhere)
            diagnostics += found.diagnostics
            sources.append(RepoSource(
                name: peer.name, kind: kind, root: peerRoot, files: found.files.map(FoundFile.init), unavailable: nil, displayPrefix: prefix))
        }

        // Explicit PATHs select what to show; files outside every include are read as the local repo's.
        var selected: Set<String>?
        if let paths {
            var chosen = Set<String>()
            for path in paths {
                let absolute = URL(fileURLWithPath: path.hasPrefix("/") ? path : join(start, path)).standardizedFileURL.path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                    diagnostics.append(Diagnostic(
                        check: .ioError, severity: .error, message: "no such file or directory '\(path)'; check the path",
                        location: SourceLocation(path: path, line: 1, column: 1)))
                    continue
                }
                let inside = { (file: String) in isDirectory.boolValue ? file.hasPrefix(absolute + "/") : file == absolute }
                var covered = false
                for source in sources {
                    for file in source.files where inside(file.absolute) {
                        chosen.insert(file.display)
                        covered = true
                    }
                }
                if !covered {
                    let extra = localDiscovery.findMarkdown(paths: [absolute])
                    diagnostics += extra.diagnostics
                    sources[0].files += extra.files.map(FoundFile.init)
                    chosen.formUnion(extra.files.map(\.display))
                }
            }
            selected = chosen
        }

        let jobs = sources.enumerated().flatMap { index, source in
            source.files.map {
                FileJob(repoIndex: index, repo: source.name, absolute: $0.absolute, display: $0.display, content: $0.content,
                        keepsSource: keepsSources == .all || (keepsSources == .localRepo && index == 0))
            }
        }
        return Discovery(
            root: root, config: config, diagnostics: diagnostics, sources: sources, jobs: jobs, selected: selected, configDigest: configDigest)
    }

    /// Parses the files of `discovery` in one parallel pass: all of them, or (with `only`) the
    /// jobs at those indexes, the others left to the caller.
    func parse(_ discovery: Discovery, only: [Int]? = nil) -> [ParsedFile] {
        let decisions = discovery.config.lifecycles.decision
        let cache = parsedFiles
        let overlays = self.overlays
        if only == nil { cache?.keepOnly(Set(discovery.jobs.map(\.absolute))) }
        let jobs = only.map { $0.map { discovery.jobs[$0] } } ?? discovery.jobs
        if cache == nil, only == nil, overlays.isEmpty, let store = parseCacheStore(discovery) {
            return Self.parse(
                jobs, discovery: discovery, decisions: decisions, store: store, packs: Self.loadPacks(discovery, store: store), knownKeys: nil,
                keepsYAMLTrees: keepsYAMLTrees
            ).files
        }
        return parallelMap(jobs) { job in
            var job = job
            if let overlay = overlays[job.absolute] { job.content = .success(overlay) }
            var file = Self.parseFile(job, decisions: decisions, cache: cache)
            // Let go of the bytes right here, file by file, when they are not kept: all of them at once
            // would add the corpus's size and its outlines to the peak memory of every command.
            if !job.keepsSource { file.source = nil }
            return keepsYAMLTrees ? file : file.droppingYAMLTrees()
        }
    }

    /// The on-disk parse cache for this load, or nil when it is off or cannot be used.
    private func parseCacheStore(_ discovery: Discovery) -> ParseCacheStore? {
        guard usesParseCache else { return nil }
        let roots = [discovery.root] + discovery.sources.compactMap(\.root)
        return ParseCacheStore.open(
            cacheRoot: cacheDirectory, workspaceRoots: roots, decisions: discovery.config.lifecycles.decision, writable: !offline)
    }

    /// Parses `jobs` through `store`: a file whose key has a trusted entry in its repo's pack
    /// is decoded, any other is parsed. A repo with a file that missed (or a pack with entries
    /// of files no longer read) gets its pack written again. Files whose source the workspace
    /// keeps (an edit's) are always parsed, since an entry holds no source; their entries go
    /// into the pack for the reading commands after the edit.
    ///
    /// With `knownKeys` (one per job, from ``readInputs(from:paths:)``), a file whose entry is
    /// in its pack is decoded without being read again, and a file read again whose key is
    /// not the known one makes the result not `consistent`. Without `keepsYAMLTrees` each file
    /// drops its YAML trees once its entry is made (entries always hold them).
    private static func parse(
        _ jobs: [FileJob], discovery: Discovery, decisions: Lifecycle, store: ParseCacheStore, packs: [ParsePack?],
        knownKeys: [ContentHash?]?, keepsYAMLTrees: Bool
    ) -> (files: [ParsedFile], keys: [ContentHash?], consistent: Bool) {
        struct Outcome: Sendable {
            var file: ParsedFile
            /// The file's key and entry, to write into its repo's next pack; nil for a file that could not be read.
            var entry: (key: ContentHash, bytes: ArraySlice<UInt8>)?
            /// The entry was made by this run (not found in the pack).
            var isNew: Bool
            /// The file's bytes are not the ones its known key was made of.
            var changed = false
            /// The key of the bytes parsed or decoded (nil: the file could not be read).
            var key: ContentHash?
        }
        let outcomes = parallelMap(Array(jobs.indices)) { index -> Outcome in
            var outcome = outcome(index)
            if !keepsYAMLTrees { outcome.file = outcome.file.droppingYAMLTrees() }
            return outcome
        }
        @Sendable func outcome(_ index: Int) -> Outcome {
            let job = jobs[index]
            let pack = packs[job.repoIndex]
            let known = knownKeys?[index]
            if !job.keepsSource, let known, let pack, let cached = pack.parsed(known, displayPath: job.display), let entry = pack.entry(known) {
                return Outcome(file: cached, entry: (known, entry), isNew: false, key: known)
            }
            let bytes: [UInt8]
            switch job.content ?? readFile(job.absolute, display: job.display) {
            case .success(let read): bytes = read
            case .failure(let diagnostic):
                return Outcome(
                    file: ParsedFile(path: job.display, diagnostics: [diagnostic]), entry: nil, isNew: false,
                    changed: knownKeys != nil && known != nil)
            }
            let key = store.key(repo: job.repo, displayPath: job.display, bytes: bytes)
            let changed = knownKeys != nil && known != key
            if !job.keepsSource, let pack, let cached = pack.parsed(key, displayPath: job.display), let entry = pack.entry(key) {
                return Outcome(file: cached, entry: (key, entry), isNew: false, changed: changed, key: key)
            }
            var file = WorkplanParser(repo: job.repo, decisions: decisions).parse(path: job.display, absolutePath: job.absolute, bytes: bytes)
            if !job.keepsSource { file.source = nil }
            // A kept file was parsed without looking at its entry, which can stay; any other
            // file got here because its entry was missing or did not decode: it gets a new one.
            if job.keepsSource, let kept = pack?.entry(key) {
                return Outcome(file: file, entry: (key, kept), isNew: false, changed: changed, key: key)
            }
            let encoded = (try? ParsedFileCoding.encode(file)).map { ArraySlice($0) }
            return Outcome(file: file, entry: encoded.map { (key, $0) }, isNew: encoded != nil, changed: changed, key: key)
        }
        if store.writable {
            // Each repo's entries, in one pass over the files.
            let packKeys = packKeys(discovery, store: store)
            var entries = Array(repeating: [(key: ContentHash, entry: ArraySlice<UInt8>)](), count: packKeys.count)
            var changedRepos = Set<Int>()
            for (job, outcome) in zip(jobs, outcomes) {
                if let entry = outcome.entry { entries[job.repoIndex].append((entry.key, entry.bytes)) }
                if outcome.isNew { changedRepos.insert(job.repoIndex) }
            }
            var wrote = false
            for (repoIndex, packKey) in packKeys.enumerated() {
                let upToDate = !changedRepos.contains(repoIndex) && packs[repoIndex]?.entries.count == entries[repoIndex].count
                if !upToDate, !entries[repoIndex].isEmpty, store.store(entries[repoIndex], as: packKey) { wrote = true }
            }
            if wrote { store.trim(used: Set(packKeys)) }
        }
        return (outcomes.map(\.file), outcomes.map(\.key), !outcomes.contains(where: \.changed))
    }

    /// The workspace of `discovery` with `parsed` (one file per job, in job order).
    static func assemble(_ discovery: Discovery, parsed: [ParsedFile]) -> Workspace {
        var diagnostics = discovery.diagnostics
        var repos = discovery.sources.map { source in
            var repo = Workspace.Repo(
                name: source.name, kind: source.kind, root: source.root,
                availability: source.unavailable.map { .unavailable(reason: $0) } ?? .available,
                fileCount: source.files.count, displayPrefix: source.displayPrefix)
            repo.staleCopy = source.staleCopy
            return repo
        }
        for (job, file) in zip(discovery.jobs, parsed) {
            diagnostics += file.diagnostics
            if let workplan = file.workplan { repos[job.repoIndex].workplans.append(workplan) }
            repos[job.repoIndex].gates += file.gates
            if let source = file.source { repos[job.repoIndex].sources[file.path] = source }
        }
        var workspace = Workspace(root: discovery.root, config: discovery.config, repos: repos, diagnostics: diagnostics)
        workspace.selectedPaths = discovery.selected
        return workspace
    }

    struct RepoSource: Sendable {
        var name: String
        var kind: Workspace.Repo.Kind
        var root: String?
        var files: [FoundFile]
        var unavailable: String?
        var displayPrefix = ""
        var staleCopy: Workspace.Repo.StaleCopy?
    }

    /// A file to parse: on disk, or already read (a git peer's, from its commit).
    struct FoundFile: Sendable {
        var absolute: String
        var display: String
        var content: Result<[UInt8], Diagnostic>?

        init(absolute: String, display: String, content: Result<[UInt8], Diagnostic>? = nil) {
            self.absolute = absolute
            self.display = display
            self.content = content
        }

        init(_ found: (absolute: String, display: String)) {
            self.init(absolute: found.absolute, display: found.display)
        }
    }

    struct FileJob: Sendable {
        var repoIndex: Int
        var repo: String
        var absolute: String
        var display: String
        var content: Result<[UInt8], Diagnostic>?
        var keepsSource: Bool
    }

    private struct PeerFailure: Error {
        var message: String
    }

    /// A git peer's configuration and files, read from the fetched commit.
    private func readGitPeer(
        _ peer: WorkspaceConfig.Peer, tree: GitTree, location: SourceLocation
    ) -> Result<(files: [FoundFile], diagnostics: [Diagnostic]), PeerFailure> {
        let git = GitRunner(timeout: Limits.gitLocalTimeout)
        let prefix = peer.name + ":"
        var diagnostics: [Diagnostic] = []
        var include = peer.include ?? WorkspaceConfig.defaultInclude
        var exclude: [String] = []
        if peer.include == nil, let entry = tree.entry(at: WorkspaceConfig.fileName), entry.kind == .file {
            let configLocation = SourceLocation(path: prefix + WorkspaceConfig.fileName, line: 1, column: 1)
            if let size = entry.size, size > Limits.maximumFileSize {
                diagnostics.append(Self.tooLargeDiagnostic(configLocation))
            } else {
                switch tree.read([entry.objectID], git: git) {
                case .success(let contents):
                    switch parsePeerConfig(peer, bytes: contents[entry.objectID] ?? [], path: configLocation.path, location: location) {
                    case .success(let peerConfig):
                        include = peerConfig.include
                        exclude = peerConfig.exclude
                    case .failure(let diagnostic):
                        diagnostics.append(diagnostic)
                    }
                case .failure(let error):
                    return .failure(PeerFailure(message: "its cached copy cannot be read: \(error.message)"))
                }
            }
        }
        let selection = tree.select(include: include, exclude: exclude, displayPrefix: prefix)
        diagnostics += selection.diagnostics
        let contents: [String: [UInt8]]
        switch tree.read(selection.files.map(\.objectID), git: git) {
        case .success(let read): contents = read
        case .failure(let error): return .failure(PeerFailure(message: "its cached copy cannot be read: \(error.message)"))
        }
        let files = selection.files.map { file in
            let display = prefix + file.path
            let content: Result<[UInt8], Diagnostic> = contents[file.objectID].map { .success($0) } ?? .failure(Diagnostic(
                check: .ioError, severity: .error, message: "cannot read file: git has no object \(file.objectID) for it; run wp again to fetch the peer afresh",
                location: SourceLocation(path: display, line: 1, column: 1)))
            return FoundFile(absolute: join(tree.repository, file.path), display: display, content: content)
        }
        return .success((files, diagnostics))
    }

    private func parsePeerConfig(
        _ peer: WorkspaceConfig.Peer, bytes: [UInt8], path: String, location: SourceLocation
    ) -> Result<WorkspaceConfig, Diagnostic> {
        do {
            return .success(try WorkspaceConfig.parse(bytes: bytes, path: path, defaultRepo: peer.name))
        } catch {
            return .failure(Diagnostic(
                check: .config, severity: .error, message: "peer `\(peer.name)`: \(error.message)", location: error.location ?? location))
        }
    }

    /// Why a path peer's directory is outside the workspace, or nil when it is inside.
    ///
    /// A path peer belongs to the workspace when its directory (links
    /// resolved) is inside this repo, beside it (a sibling, as
    /// `../railiance-platform` is when repos are cloned side by side), or the
    /// root of a repo itself (it holds `.git` or `.wp.yaml`). Anything else —
    /// `/`, a home directory, a directory two levels up — needs
    /// `allow_outside_paths: true`.
    static func outsideWorkspace(peer: String, localRoot: String) -> String? {
        let real = realPath(peer) ?? peer
        let localReal = realPath(localRoot) ?? localRoot
        if real == localReal || real.hasPrefix(localReal + "/") { return nil }
        let localParent = (localReal as NSString).deletingLastPathComponent
        if localParent != "/", (real as NSString).deletingLastPathComponent == localParent { return nil }
        var info = stat()
        if lstat(join(real, ".git"), &info) == 0 || stat(join(real, WorkspaceConfig.fileName), &info) == 0 { return nil }
        let resolved = real == peer ? "" : "resolves to \(real), which "
        return resolved + "is not a repo (no .git or .wp.yaml), nor inside or beside this one"
    }

    private static func parseFile(_ job: FileJob, decisions: Lifecycle, cache: ParsedFileCache?) -> ParsedFile {
        let parse = { (bytes: [UInt8]) in
            WorkplanParser(repo: job.repo, decisions: decisions).parse(path: job.display, absolutePath: job.absolute, bytes: bytes)
        }
        if let cache {
            return cache.parsed(
                absolutePath: job.absolute, displayPath: job.display, repo: job.repo, decisions: decisions, content: job.content,
                read: { readFile(job.absolute, display: job.display) }, parse: parse)
        }
        switch job.content ?? readFile(job.absolute, display: job.display) {
        case .success(let bytes): return parse(bytes)
        case .failure(let diagnostic): return ParsedFile(path: job.display, diagnostics: [diagnostic])
        }
    }

    /// Reads a regular file, refusing one over ``maximumFileSize``.
    ///
    /// The file is opened without blocking and checked on the open descriptor:
    /// a FIFO, device or socket named on the command line, as `.wp.yaml`, or
    /// swapped in after the walk, is refused with a message instead of hanging wp.
    static func readFile(_ path: String, display: String) -> Result<[UInt8], Diagnostic> {
        let location = SourceLocation(path: display, line: 1, column: 1)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let reason = switch errno {
            case ENOENT, ENOTDIR: "no such file"
            case EACCES, EPERM: "permission denied"
            default: String(cString: strerror(errno))
            }
            return .failure(Diagnostic(check: .ioError, severity: .error,
                                       message: "cannot read file: \(reason); check that it exists and is readable", location: location))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(Diagnostic(check: .ioError, severity: .error,
                                       message: "cannot read file: \(String(cString: strerror(errno)))", location: location))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(Diagnostic(
                check: .ioError, severity: .error,
                message: "'\(display)' is \(fileTypeName(info.st_mode)), not a regular file; wp reads only regular files — name a file instead",
                location: location))
        }
        if Int(info.st_size) > maximumFileSize { return .failure(tooLargeDiagnostic(location)) }
        // Read straight into an array of the size fstat gave (one byte more, to see growth),
        // not through a buffer: a warm run reads every file, and the copies showed in its profile.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file grew since fstat; read on, but never far past the limit.
                if filled > maximumFileSize { break }
                bytes += repeatElement(0, count: max(65_536, bytes.count))
            }
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Diagnostic(check: .ioError, severity: .error,
                                           message: "cannot read file: \(String(cString: strerror(errno)))", location: location))
            }
            filled += count
        }
        bytes.removeSubrange(filled...)
        if bytes.count > maximumFileSize { return .failure(tooLargeDiagnostic(location)) }
        return .success(bytes)
    }

    static func tooLargeDiagnostic(_ location: SourceLocation) -> Diagnostic {
        Diagnostic(
            check: .fileTooLarge, severity: .error,
            message: "file is larger than \(maximumFileSize / 1024 / 1024) MiB and was skipped; split it or exclude it in .wp.yaml",
            location: location)
    }

    private static func fileTypeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    private func readConfig(_ path: String) throws(WorkspaceError) -> [UInt8] {
        // `.wp.yaml` decides what else may be read outside the repo, so it must be the repo's own:
        // a pull request that links it to a file outside (a CI secret in YAML) would have wp read
        // and quote that file.
        let root = (path as NSString).deletingLastPathComponent
        if let real = realPath(path), let realRoot = realPath(root), realRoot != "/", !real.hasPrefix(realRoot + "/") {
            throw WorkspaceError("\(WorkspaceConfig.fileName) is a link to \(real), outside the repo; wp reads only the repo's own "
                + "\(WorkspaceConfig.fileName) — copy the file into the repo", at: SourceLocation(path: WorkspaceConfig.fileName, line: 1, column: 1))
        }
        switch Self.readFile(path, display: WorkspaceConfig.fileName) {
        case .success(let bytes): return bytes
        case .failure(let diagnostic): throw WorkspaceError(diagnostic.message, at: diagnostic.location)
        }
    }

    /// A peer wp could not read is an error: the workspace is read only in part, so every
    /// command exits 2 unless told `--allow-partial` (issue 12: a missing peer was a warning
    /// that left `wp status` at exit 0 on half a picture).
    private func peerDiagnostic(_ name: String, _ reason: String, _ location: SourceLocation) -> Diagnostic {
        Diagnostic(check: .peerUnavailable, severity: .error,
                   message: "peer `\(name)` is unavailable: \(reason); references into it count as unknown", location: location)
    }

    /// How a peer's files are named: a path peer relative to the local root
    /// (`../platform/…`, absolute when far away), a git peer as `name:path`
    /// (the cache location means nothing to a reader).
    private func displayPrefix(for peer: WorkspaceConfig.Peer, root peerRoot: String, localRoot: String) -> String {
        if case .git = peer.source { return peer.name + ":" }
        let relative = relativePath(from: localRoot, to: peerRoot)
        return (relative.hasPrefix("../../../") ? peerRoot : relative) + "/"
    }
}

/// `to` relative to the directory `from` (both absolute).
func relativePath(from: String, to: String) -> String {
    let fromParts = from.split(separator: "/")
    let toParts = to.split(separator: "/")
    var common = 0
    while common < fromParts.count, common < toParts.count, fromParts[common] == toParts[common] { common += 1 }
    let ups = Array(repeating: "..", count: fromParts.count - common)
    let rest = toParts[common...].map(String.init)
    let joined = (ups + rest).joined(separator: "/")
    return joined.isEmpty ? "." : joined
}

/// `text` as one shell word: single-quoted unless it only holds characters no shell treats specially.
func shellQuoted(_ text: String) -> String {
    let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
        ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "/._-+:,@%=".unicodeScalars.contains($0)
    }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
