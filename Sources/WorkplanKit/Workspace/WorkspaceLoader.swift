import Foundation

/// Finds `.wp.yaml`, reads this repo's and every peer's workplans (in
/// parallel), and returns the ``Workspace``.
public struct WorkspaceLoader: Sendable {
    /// Files larger than this are refused: no workplan is that big, and a
    /// stray log or dump in the folder must not stall wp.
    public static let maximumFileSize = Limits.maximumFileSize

    public var offline: Bool
    public var cacheDirectory: String
    public var gitTimeout: TimeInterval

    public init(offline: Bool = false, cacheDirectory: String? = nil, gitTimeout: TimeInterval = 120,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.offline = offline
        self.cacheDirectory = cacheDirectory ?? GitPeerCache.defaultDirectory(environment: environment)
        self.gitTimeout = gitTimeout
    }

    /// The directory holding `.wp.yaml`, walking up from `start`; nil when there is none.
    public static func findConfigRoot(from start: String) -> String? {
        var directory = URL(fileURLWithPath: start).standardizedFileURL.path
        while true {
            if FileManager.default.fileExists(atPath: join(directory, WorkspaceConfig.fileName)) { return directory }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { return nil }
            directory = parent
        }
    }

    /// Loads the workspace that contains `directory`.
    ///
    /// Without a `.wp.yaml` anywhere above, `directory` is the repo root with
    /// the default settings and its name is the directory's name.
    /// - Parameter paths: files or directories (relative to `directory`) to
    ///   select: their workplans become ``Workspace/selectedPaths``; files no
    ///   include pattern covers are read as the local repo's.
    public func load(from directory: String, paths: [String]? = nil) throws(WorkspaceError) -> Workspace {
        let start = URL(fileURLWithPath: directory).standardizedFileURL.path
        let root = Self.findConfigRoot(from: start) ?? start
        let configPath = join(root, WorkspaceConfig.fileName)
        let defaultRepo = (root as NSString).lastPathComponent
        var config = WorkspaceConfig(repo: defaultRepo)
        if FileManager.default.fileExists(atPath: configPath) {
            config = try WorkspaceConfig.parse(bytes: try readConfig(configPath), path: WorkspaceConfig.fileName, defaultRepo: defaultRepo)
        }
        var diagnostics: [Diagnostic] = []
        var sources: [RepoSource] = []

        let localDiscovery = FileDiscovery(root: root, displayPrefix: "")
        let localFound = localDiscovery.find(include: config.include, exclude: config.exclude)
        diagnostics += localFound.diagnostics
        sources.append(RepoSource(name: config.repo, kind: .local, root: root, files: localFound.files, unavailable: nil))

        let gitCache = GitPeerCache(directory: cacheDirectory, runner: CommandRunner(timeout: gitTimeout))
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
            case .git(let url, let ref):
                kind = .gitPeer(url: url, ref: ref)
                switch gitCache.prepare(name: peer.name, url: url, ref: ref, offline: offline) {
                case .ready(let path):
                    peerRoot = path
                case .unavailable(let reason):
                    diagnostics.append(peerDiagnostic(peer.name, reason, location))
                    sources.append(RepoSource(name: peer.name, kind: kind, root: nil, files: [], unavailable: reason))
                    continue
                }
            }
            var include = peer.include ?? WorkspaceConfig.defaultInclude
            var exclude: [String] = []
            let peerConfigPath = join(peerRoot, WorkspaceConfig.fileName)
            if peer.include == nil, FileManager.default.fileExists(atPath: peerConfigPath) {
                do {
                    let peerConfig = try WorkspaceConfig.parse(
                        bytes: try readConfig(peerConfigPath), path: displayPrefix(for: peer, root: peerRoot, localRoot: root) + WorkspaceConfig.fileName,
                        defaultRepo: peer.name)
                    include = peerConfig.include
                    exclude = peerConfig.exclude
                } catch {
                    diagnostics.append(Diagnostic(
                        rule: "config", severity: .error, message: "peer `\(peer.name)`: \(error.message)",
                        location: error.location ?? location))
                }
            }
            let prefix = displayPrefix(for: peer, root: peerRoot, localRoot: root)
            let found = FileDiscovery(root: peerRoot, displayPrefix: prefix).find(include: include, exclude: exclude)
            diagnostics += found.diagnostics
            sources.append(RepoSource(name: peer.name, kind: kind, root: peerRoot, files: found.files, unavailable: nil, displayPrefix: prefix))
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
                        rule: "io-error", severity: .error, message: "no such file or directory '\(path)'; check the path",
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
                    sources[0].files += extra.files
                    chosen.formUnion(extra.files.map(\.display))
                }
            }
            selected = chosen
        }

        // Parse every file of every repo in one parallel pass.
        let jobs = sources.enumerated().flatMap { index, source in
            source.files.map { FileJob(repoIndex: index, repo: source.name, absolute: $0.absolute, display: $0.display) }
        }
        let parsed = parallelMap(jobs) { job in Self.parseFile(job) }

        var repos = sources.map { source in
            Workspace.Repo(
                name: source.name, kind: source.kind, root: source.root,
                availability: source.unavailable.map { .unavailable(reason: $0) } ?? .available,
                fileCount: source.files.count, displayPrefix: source.displayPrefix)
        }
        for (job, file) in zip(jobs, parsed) {
            diagnostics += file.diagnostics
            if let workplan = file.workplan { repos[job.repoIndex].workplans.append(workplan) }
            repos[job.repoIndex].gates += file.gates
        }
        var workspace = Workspace(root: root, config: config, repos: repos, diagnostics: diagnostics)
        workspace.selectedPaths = selected
        return workspace
    }

    private struct RepoSource {
        var name: String
        var kind: Workspace.Repo.Kind
        var root: String?
        var files: [(absolute: String, display: String)]
        var unavailable: String?
        var displayPrefix = ""
    }

    private struct FileJob: Sendable {
        var repoIndex: Int
        var repo: String
        var absolute: String
        var display: String
    }

    private static func parseFile(_ job: FileJob) -> ParsedFile {
        switch readFile(job.absolute, display: job.display) {
        case .success(let bytes):
            return WorkplanParser(repo: job.repo).parse(path: job.display, bytes: bytes)
        case .failure(let diagnostic):
            return ParsedFile(path: job.display, workplan: nil, gates: [], diagnostics: [diagnostic])
        }
    }

    /// Reads a file, refusing one over ``maximumFileSize``.
    static func readFile(_ path: String, display: String) -> Result<[UInt8], Diagnostic> {
        let location = SourceLocation(path: display, line: 1, column: 1)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            return .failure(Diagnostic(rule: "io-error", severity: .error,
                                       message: "cannot read file: \(reason); check that it exists and is readable", location: location))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
            if data.count > maximumFileSize {
                return .failure(Diagnostic(
                    rule: "file-too-large", severity: .error,
                    message: "file is larger than \(maximumFileSize / 1024 / 1024) MiB and was skipped; split it or exclude it in .wp.yaml",
                    location: location))
            }
            return .success([UInt8](data))
        } catch {
            return .failure(Diagnostic(rule: "io-error", severity: .error,
                                       message: "cannot read file: \(error.localizedDescription)", location: location))
        }
    }

    private func readConfig(_ path: String) throws(WorkspaceError) -> [UInt8] {
        switch Self.readFile(path, display: WorkspaceConfig.fileName) {
        case .success(let bytes): return bytes
        case .failure(let diagnostic): throw WorkspaceError(diagnostic.message, at: diagnostic.location)
        }
    }

    private func peerDiagnostic(_ name: String, _ reason: String, _ location: SourceLocation) -> Diagnostic {
        Diagnostic(rule: "peer-unavailable", severity: .warning,
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
