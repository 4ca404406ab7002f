import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds the files a repo's include patterns name.
///
/// The walk is iterative and visits each real directory and each real file
/// once (by device and inode, for the whole walk): directory links can make
/// a tree of 2^L paths out of L directories, and a file reachable many ways is
/// still read once. Directory links are followed after the real directories
/// (so a file is shown under its real path when it has one); a link back to a
/// directory on its own path is reported as a loop. Unless the workspace opts
/// in (`allow_outside_paths: true`), patterns and links that lead outside the
/// repo are reported and skipped.
struct FileDiscovery {
    let root: String
    /// How paths are shown in positions: `displayPrefix + relative path`.
    let displayPrefix: String
    /// Follow patterns and links that leave `root` (`.wp.yaml`'s `allow_outside_paths: true`,
    /// or directories named on the command line).
    var allowsOutside = false

    struct Found {
        var files: [(absolute: String, display: String)] = []
        var diagnostics: [Diagnostic] = []
    }

    /// - Parameter locations: where each include pattern is written, for warnings about it.
    func find(include: [String], exclude: [String], locations: [String: SourceLocation] = [:],
              configLocation: SourceLocation? = nil) -> Found {
        var walk = Walk(discovery: self)
        let excludes = exclude.map(Glob.init)
        for text in include {
            let pattern = Glob(text)
            let location = locations[text] ?? configLocation ?? SourceLocation(path: displayPrefix + WorkspaceConfig.fileName, line: 1, column: 1)
            if !allowsOutside, pattern.leavesRoot {
                walk.found.diagnostics.append(outsideDiagnostic(
                    "include `\(text)` names files outside the repo", location: location))
                continue
            }
            let base = pattern.base
            let absolute = join(root, base)
            if !allowsOutside, let real = realPath(absolute), !walk.isInsideRoot(real) {
                walk.found.diagnostics.append(outsideDiagnostic(
                    "include `\(text)` leads outside the repo through a symbolic link (\(base) is \(real))", location: location))
                continue
            }
            if !pattern.hasWildcards {
                var info = stat()
                if stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG, walk.firstVisit(file: info) {
                    walk.found.files.append((absolute, displayPrefix + base))
                }
                continue
            }
            walk.run(from: base, pattern: pattern, excludes: excludes)
        }
        return walk.found
    }

    /// Every `*.md` file below the given paths (files or directories), for explicit PATH arguments.
    func findMarkdown(paths: [String]) -> Found {
        var explicit = self
        explicit.allowsOutside = true  // the user named these paths
        var walk = Walk(discovery: explicit)
        for path in paths {
            let absolute = path.hasPrefix("/") ? path : join(root, path)
            var info = stat()
            guard stat(absolute, &info) == 0 else {
                walk.found.diagnostics.append(Diagnostic(
                    check: .ioError, severity: .error,
                    message: "cannot read '\(path)': \(String(cString: strerror(errno))); check the path",
                    location: SourceLocation(path: path, line: 1, column: 1)))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                let relative = relativeToRoot(absolute)
                walk.run(from: relative, pattern: Glob((relative.isEmpty ? "" : relative + "/") + "**/*.md"), excludes: [])
            } else if walk.firstVisit(file: info) {
                // Not only regular files: reading refuses a FIFO or device with a message naming it.
                walk.found.files.append((absolute, displayPrefix + relativeToRoot(absolute)))
            }
        }
        return walk.found
    }

    // MARK: The walk

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// One walk over all patterns of one repo: files are read once across patterns.
    private struct Walk {
        let discovery: FileDiscovery
        let realRoot: String
        var found = Found()
        var visitedFiles = Set<FileIdentity>()

        init(discovery: FileDiscovery) {
            self.discovery = discovery
            realRoot = realPath(discovery.root) ?? discovery.root
        }

        func isInsideRoot(_ real: String) -> Bool {
            realRoot == "/" || real == realRoot || real.hasPrefix(realRoot + "/")
        }

        mutating func firstVisit(file info: stat) -> Bool {
            visitedFiles.insert(FileIdentity(info)).inserted
        }

        /// A directory met on the walk, remembered so that a link back to one of its ancestors is seen as a loop.
        private struct Visited {
            var identity: FileIdentity
            var parent: Int?
        }

        private enum Step {
            case directory(relative: String, parent: Int?)
            case file(relative: String, identity: FileIdentity)
        }

        /// Walks `base` (relative to the root, or absolute) for files `pattern` matches.
        mutating func run(from base: String, pattern: Glob, excludes: [Glob]) {
            // Directories are visited once per pattern: another pattern may match other files in them.
            var visitedDirectories = Set<FileIdentity>()
            var tree: [Visited] = []
            var stack: [Step] = [.directory(relative: base, parent: nil)]
            // Directories reached through a link wait until every real one has been walked.
            var linked: [Step] = []
            var nextLinked = 0
            while true {
                let step: Step
                if let next = stack.popLast() {
                    step = next
                } else if nextLinked < linked.count {
                    step = linked[nextLinked]
                    nextLinked += 1
                } else {
                    break
                }
                switch step {
                case .file(let relative, let identity):
                    guard pattern.matches(relative), !excludes.contains(where: { $0.matches(relative) }),
                          visitedFiles.insert(identity).inserted else { continue }
                    found.files.append((join(discovery.root, relative), discovery.displayPrefix + relative))
                case .directory(let relative, let parent):
                    let directory = join(discovery.root, relative)
                    var info = stat()
                    guard stat(directory, &info) == 0 else {
                        if errno == ELOOP { found.diagnostics.append(discovery.loopDiagnostic(relative)) }
                        continue  // a missing include directory is not an error: the repo may have no workplans yet
                    }
                    let identity = FileIdentity(info)
                    guard visitedDirectories.insert(identity).inserted else {
                        if isAncestor(identity, from: parent, in: tree) { found.diagnostics.append(discovery.loopDiagnostic(relative)) }
                        continue
                    }
                    tree.append(Visited(identity: identity, parent: parent))
                    let node = tree.count - 1
                    let names: [String]
                    do {
                        names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                    } catch {
                        found.diagnostics.append(Diagnostic(
                            check: .ioError, severity: .error,
                            message: "cannot list directory '\(relative)': \(error.localizedDescription); check its permissions",
                            location: SourceLocation(path: discovery.displayPrefix + relative, line: 1, column: 1)))
                        continue
                    }
                    var children: [Step] = []
                    for name in names where !name.hasPrefix(".") {
                        let childRelative = relative.isEmpty ? name : relative + "/" + name
                        let childAbsolute = join(discovery.root, childRelative)
                        var linkInfo = stat()
                        guard lstat(childAbsolute, &linkInfo) == 0 else {
                            // Foundation lists a name that is not UTF-8 with U+FFFD in place of the bad bytes, and that
                            // name does not exist: say so rather than skip, silently, a file the pattern would read.
                            if name.unicodeScalars.contains("\u{FFFD}"), pattern.matches(childRelative) {
                                found.diagnostics.append(Diagnostic(
                                    rule: "io-error", severity: .error,
                                    message: "cannot read '\(childRelative)': its name is not UTF-8 text (the bad bytes are shown as \u{FFFD}); rename the file",
                                    location: SourceLocation(path: discovery.displayPrefix + childRelative, line: 1, column: 1)))
                            }
                            continue
                        }
                        let isLink = linkInfo.st_mode & S_IFMT == S_IFLNK
                        var childInfo = linkInfo
                        if isLink {
                            guard stat(childAbsolute, &childInfo) == 0 else {
                                if errno == ELOOP { found.diagnostics.append(discovery.loopDiagnostic(childRelative)) }
                                continue
                            }
                            if !discovery.allowsOutside, let real = realPath(childAbsolute), !isInsideRoot(real) {
                                guard childInfo.st_mode & S_IFMT == S_IFDIR || pattern.matches(childRelative) else { continue }
                                found.diagnostics.append(discovery.outsideDiagnostic(
                                    "'\(childRelative)' is a symbolic link to \(real), outside the repo",
                                    location: SourceLocation(path: discovery.displayPrefix + childRelative, line: 1, column: 1)))
                                continue
                            }
                        }
                        switch childInfo.st_mode & S_IFMT {
                        case S_IFDIR:
                            if isLink {
                                linked.append(.directory(relative: childRelative, parent: node))
                            } else {
                                children.append(.directory(relative: childRelative, parent: node))
                            }
                        case S_IFREG:
                            children.append(.file(relative: childRelative, identity: FileIdentity(childInfo)))
                        default:
                            continue  // FIFOs, sockets, devices: never read by a walk
                        }
                    }
                    // Reversed onto the stack: taken off in name order, depth first, as a recursive walk would.
                    stack.append(contentsOf: children.reversed())
                }
            }
        }

        private func isAncestor(_ identity: FileIdentity, from parent: Int?, in tree: [Visited]) -> Bool {
            var current = parent
            while let index = current {
                if tree[index].identity == identity { return true }
                current = tree[index].parent
            }
            return false
        }
    }

    fileprivate func loopDiagnostic(_ relative: String) -> Diagnostic {
        Diagnostic(
            check: .ioError, severity: .error,
            message: "symlink loop at '\(relative)'; it was skipped — remove or fix the link",
            location: SourceLocation(path: displayPrefix + relative, line: 1, column: 1))
    }

    fileprivate func outsideDiagnostic(_ what: String, location: SourceLocation) -> Diagnostic {
        Diagnostic(
            check: .outsideRepo, severity: .warning,
            message: "\(what); it was skipped — add `allow_outside_paths: true` to .wp.yaml to read files outside the repo",
            location: location)
    }

    private func relativeToRoot(_ absolute: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        if absolute == root { return "" }
        return absolute
    }
}

/// The absolute path with every link resolved, or nil when it does not exist.
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

func join(_ base: String, _ relative: String) -> String {
    if relative.isEmpty { return base }
    if relative.hasPrefix("/") { return relative }
    return base.hasSuffix("/") ? base + relative : base + "/" + relative
}
