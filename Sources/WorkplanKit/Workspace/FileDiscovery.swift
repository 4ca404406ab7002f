import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds the files a repo's include patterns name, following directory
/// symlinks once and reporting loops instead of walking them forever.
struct FileDiscovery {
    let root: String
    /// How paths are shown in positions: `displayPrefix + relative path`.
    let displayPrefix: String

    struct Found {
        var files: [(absolute: String, display: String)] = []
        var diagnostics: [Diagnostic] = []
    }

    func find(include: [String], exclude: [String]) -> Found {
        var found = Found()
        var seen = Set<String>()
        let excludes = exclude.map(Glob.init)
        for pattern in include.map(Glob.init) {
            let base = pattern.literalPrefix.joined(separator: "/")
            if !pattern.hasWildcards {
                let absolute = join(root, base)
                if isRegularFile(absolute), seen.insert(base).inserted {
                    found.files.append((absolute, displayPrefix + base))
                }
                continue
            }
            var visited = Set<FileIdentity>()
            walk(relative: base, pattern: pattern, excludes: excludes, visited: &visited, seen: &seen, into: &found)
        }
        return found
    }

    /// Every `*.md` file below the given paths (files or directories), for explicit PATH arguments.
    func findMarkdown(paths: [String]) -> Found {
        var found = Found()
        var seen = Set<String>()
        for path in paths {
            let absolute = path.hasPrefix("/") ? path : join(root, path)
            var info = stat()
            guard stat(absolute, &info) == 0 else {
                found.diagnostics.append(Diagnostic(
                    rule: "io-error", severity: .error,
                    message: "cannot read '\(path)': \(String(cString: strerror(errno))); check the path",
                    location: SourceLocation(path: path, line: 1, column: 1)))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                var visited = Set<FileIdentity>()
                let relative = relativeToRoot(absolute)
                walk(relative: relative, pattern: Glob((relative.isEmpty ? "" : relative + "/") + "**/*.md"),
                     excludes: [], visited: &visited, seen: &seen, into: &found)
            } else if seen.insert(absolute).inserted {
                found.files.append((absolute, displayPrefix + relativeToRoot(absolute)))
            }
        }
        return found
    }

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private func walk(
        relative: String, pattern: Glob, excludes: [Glob],
        visited: inout Set<FileIdentity>, seen: inout Set<String>, into found: inout Found
    ) {
        let directory = join(root, relative)
        var info = stat()
        guard stat(directory, &info) == 0 else {
            if errno == ELOOP {
                found.diagnostics.append(loopDiagnostic(relative))
            }
            return  // a missing include directory is not an error: the repo may have no workplans yet
        }
        guard visited.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else {
            found.diagnostics.append(loopDiagnostic(relative))
            return
        }
        defer { visited.remove(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            found.diagnostics.append(Diagnostic(
                rule: "io-error", severity: .error,
                message: "cannot list directory '\(relative)': \(error.localizedDescription); check its permissions",
                location: SourceLocation(path: displayPrefix + relative, line: 1, column: 1)))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let childAbsolute = join(root, childRelative)
            var childInfo = stat()
            guard stat(childAbsolute, &childInfo) == 0 else {
                if errno == ELOOP { found.diagnostics.append(loopDiagnostic(childRelative)) }
                continue
            }
            if childInfo.st_mode & S_IFMT == S_IFDIR {
                walk(relative: childRelative, pattern: pattern, excludes: excludes, visited: &visited, seen: &seen, into: &found)
            } else if childInfo.st_mode & S_IFMT == S_IFREG, pattern.matches(childRelative),
                      !excludes.contains(where: { $0.matches(childRelative) }),
                      seen.insert(childRelative).inserted {
                found.files.append((childAbsolute, displayPrefix + childRelative))
            }
        }
    }

    private func loopDiagnostic(_ relative: String) -> Diagnostic {
        Diagnostic(
            rule: "io-error", severity: .error,
            message: "symlink loop at '\(relative)'; it was skipped — remove or fix the link",
            location: SourceLocation(path: displayPrefix + relative, line: 1, column: 1))
    }

    private func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private func relativeToRoot(_ absolute: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        if absolute == root { return "" }
        return absolute
    }
}

func join(_ base: String, _ relative: String) -> String {
    if relative.isEmpty { return base }
    if relative.hasPrefix("/") { return relative }
    return base.hasSuffix("/") ? base + relative : base + "/" + relative
}
