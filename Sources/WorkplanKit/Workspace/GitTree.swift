import Foundation

/// The files of one commit, read from git's object store rather than from a
/// work tree: nothing planted beside the objects (untracked files, a changed
/// checkout) can be read, and no checkout runs filters or hooks.
struct GitTree: Sendable {
    struct Entry: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            case file, symlink, submodule, other
        }

        var kind: Kind
        var objectID: String
        /// Bytes of a file; nil for anything else.
        var size: Int?
        var path: String
    }

    /// A file the include patterns chose.
    struct Selected: Sendable {
        var path: String
        var objectID: String
    }

    var repository: String
    var commit: String
    var entries: [Entry]

    /// Lists every entry of `commit` (a full object id) in `repository`.
    static func list(repository: String, commit: String, git: GitRunner) -> Result<GitTree, GitTreeError> {
        guard GitRunner.isObjectID(commit) else { return .failure(GitTreeError("'\(commit)' is not an object id")) }
        let output = git.run(["ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", commit], in: repository)
        guard output.succeeded else {
            return .failure(GitTreeError("git ls-tree failed: " + GitRunner.explain(output, timeout: git.timeout)))
        }
        var entries: [Entry] = []
        for record in output.stdout.split(separator: 0) {
            // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
            guard let tab = record.firstIndex(of: 0x09) else { continue }
            let fields = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(separator: " ")
            guard fields.count == 4 else { continue }
            let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
            let kind: Entry.Kind = switch (fields[0], fields[1]) {
            case ("100644", "blob"), ("100755", "blob"): .file
            case ("120000", "blob"): .symlink
            case (_, "commit"): .submodule
            default: .other
            }
            entries.append(Entry(kind: kind, objectID: String(fields[2]), size: Int(fields[3]), path: path))
        }
        // The order a directory walk with sorted names gives, so a peer's files come in the same order either way.
        entries.sort { $0.path.split(separator: "/").lexicographicallyPrecedes($1.path.split(separator: "/")) }
        return .success(GitTree(repository: repository, commit: commit, entries: entries))
    }

    func entry(at path: String) -> Entry? { entries.first { $0.path == path } }

    /// The files `include` names and `exclude` does not, with the rules of a
    /// directory walk (``FileDiscovery``): below a pattern's literal prefix,
    /// names starting with `.` are skipped; symbolic links are not followed
    /// (a commit's link can point anywhere) and are reported when a pattern
    /// would have used them; files over ``Limits/maximumFileSize`` are refused.
    func select(include: [String], exclude: [String], displayPrefix: String) -> (files: [Selected], diagnostics: [Diagnostic]) {
        var files: [Selected] = []
        var diagnostics: [Diagnostic] = []
        var seen = Set<String>()
        let excludes = exclude.map(Glob.init)
        let paths = entries.map { $0.path.split(separator: "/").map(String.init) }
        // Patterns that leave the repo match nothing in a commit (FileDiscovery reports them for work trees).
        for pattern in include.map(Glob.init) where !pattern.isAbsolute && !pattern.literalPrefix.contains("..") {
            let base = pattern.literalPrefix
            for (entry, parts) in zip(entries, paths) {
                let matched: Bool
                if pattern.hasWildcards {
                    matched = parts.starts(with: base) && !parts.dropFirst(base.count).contains { $0.hasPrefix(".") }
                        && pattern.matches(entry.path) && !excludes.contains { $0.matches(entry.path) }
                } else {
                    matched = parts == base
                }
                // A link standing where the pattern's directory should be hides everything below it.
                let hidesBase = parts.count < base.count && base.starts(with: parts)
                guard matched || (entry.kind == .symlink && hidesBase), seen.insert(entry.path).inserted else { continue }
                let location = SourceLocation(path: displayPrefix + entry.path, line: 1, column: 1)
                switch entry.kind {
                case .file:
                    if let size = entry.size, size > Limits.maximumFileSize {
                        diagnostics.append(WorkspaceLoader.tooLargeDiagnostic(location))
                    } else {
                        files.append(Selected(path: entry.path, objectID: entry.objectID))
                    }
                case .symlink:
                    diagnostics.append(Diagnostic(
                        check: .ioError, severity: .warning,
                        message: "'\(entry.path)' is a symbolic link in git; wp reads git peers from the commit and does not follow links — commit the file itself",
                        location: location))
                case .submodule, .other:
                    continue
                }
            }
        }
        return (files, diagnostics)
    }

    /// The contents of the given blobs (by object id) through one `git cat-file --batch`.
    func read(_ objectIDs: [String], git: GitRunner) -> Result<[String: [UInt8]], GitTreeError> {
        let wanted = Array(Set(objectIDs.filter(GitRunner.isObjectID))).sorted()
        guard !wanted.isEmpty else { return .success([:]) }
        let input = Data(wanted.map { $0 + "\n" }.joined().utf8)
        let output = git.run(["cat-file", "--batch"], in: repository, input: input)
        guard output.succeeded else {
            return .failure(GitTreeError("git cat-file failed: " + GitRunner.explain(output, timeout: git.timeout)))
        }
        // Each object: "<id> SP <type> SP <size> LF <contents> LF", or "<id> SP missing LF".
        var contents: [String: [UInt8]] = [:]
        let bytes = output.stdout
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: bytes[index..<newline], as: UTF8.self).split(separator: " ")
            index = newline + 1
            guard header.count == 3, let size = Int(header[2]), size >= 0, size <= bytes.endIndex - index else { continue }
            contents[String(header[0])] = Array(bytes[index..<(index + size)])
            index += size + 1
        }
        return .success(contents)
    }
}

struct GitTreeError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
