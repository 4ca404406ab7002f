/// A range of bytes in one file as the workspace read it (``SourceFile/bytes``: the bytes
/// on disk, or an editor's buffer standing in for them).
///
/// What the editor-facing answers (`wp lsp`) point at: byte offsets, which a protocol
/// adapter turns into its own positions with the same bytes.
public struct FileSpan: Sendable, Hashable {
    /// The path as positions show it (`workplans/…`, `../peer/…`, `peer:…`).
    public var displayPath: String
    /// Where the file is (for a git peer's file: its path inside wp's cache, where no file is).
    public var absolutePath: String
    /// Byte offsets into the file's bytes.
    public var range: Range<Int>

    public init(displayPath: String, absolutePath: String, range: Range<Int>) {
        self.displayPath = displayPath
        self.absolutePath = absolutePath
        self.range = range
    }
}

extension SourceFile {
    /// Byte offset in ``bytes`` of a parser position (1-based line, Unicode-scalar column).
    public func offset(of location: SourceLocation) -> Int {
        text.onDisk.offset(of: location)
    }

    /// Byte offset where 1-based `line` starts, and where its content ends (before its line break).
    public func lineBounds(_ line: Int) -> (start: Int, contentEnd: Int) {
        let bounds = text.onDisk.line(line)
        return (bounds.start, bounds.contentEnd)
    }

    /// Lines of the file (a file ending with a line break has an empty last line).
    public var lineCount: Int { text.lineCount }

    /// The span of the word a finding or a definition points at: from `location` over an id,
    /// a key, a quoted scalar or any run of non-blank characters; the rest of the line when
    /// the position is on a blank, and nothing on an empty line.
    public func span(at location: SourceLocation) -> FileSpan {
        let start = offset(of: location)
        let line = text.onDisk.line(location.line)
        return FileSpan(displayPath: displayPath, absolutePath: absolutePath,
                        range: start..<WordScanner.end(of: bytes, from: start, lineEnd: line.contentEnd))
    }

    /// The span of `range` in this file.
    func fileSpan(_ range: Range<Int>) -> FileSpan {
        FileSpan(displayPath: displayPath, absolutePath: absolutePath, range: range)
    }

    /// Code blocks of the outline (fenced ones), as cmark found them.
    var codeBlocks: [MarkdownOutline.CodeBlock] {
        outline?.blocks.compactMap { if case .codeBlock(let code) = $0, code.isFenced { return code } else { return nil } } ?? []
    }
}

/// Words in a file's bytes: what a position points at.
enum WordScanner {
    /// Characters of an id as written anywhere: `RAILIANCE-WP-0002-T04`, `T04`, `D-01`,
    /// `railiance-platform:RAILIANCE-WP-0003`, a gate's `vergabe/promote`.
    static func isIDByte(_ byte: UInt8) -> Bool {
        byte.isWordASCII || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: "/")
    }

    /// The run of id characters around `offset` (the character at `offset` or just before it),
    /// without leading or trailing punctuation; nil when there is none.
    static func idToken(in bytes: [UInt8], at offset: Int) -> Range<Int>? {
        guard !bytes.isEmpty else { return nil }
        var probe = min(max(offset, 0), bytes.count)
        if probe == bytes.count || !isIDByte(bytes[probe]) {
            guard probe > 0, isIDByte(bytes[probe - 1]) else { return nil }
            probe -= 1
        }
        var start = probe
        while start > 0, isIDByte(bytes[start - 1]) { start -= 1 }
        var end = probe + 1
        while end < bytes.count, isIDByte(bytes[end]) { end += 1 }
        // `T04.`, `(id:`, `…/`: punctuation at either end is the sentence's, not the id's.
        let trimmed: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "/")]
        while start < end, trimmed.contains(bytes[start]) { start += 1 }
        while end > start, trimmed.contains(bytes[end - 1]) { end -= 1 }
        return start < end ? start..<end : nil
    }

    /// Where the word starting at `start` ends (see ``SourceFile/span(at:)``).
    static func end(of bytes: [UInt8], from start: Int, lineEnd: Int) -> Int {
        guard start < lineEnd else { return start }
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var index = start + 1
            while index < lineEnd {
                if bytes[index] == UInt8(ascii: "\\"), first == UInt8(ascii: "\""), index + 1 < lineEnd {
                    index += 2
                    continue
                }
                if bytes[index] == first { return index + 1 }
                index += 1
            }
            return lineEnd
        }
        if first.isSpaceOrTab { return lineEnd }
        var index = start
        let stops: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}")]
        while index < lineEnd {
            let byte = bytes[index]
            if byte.isSpaceOrTab || stops.contains(byte) { break }
            // `key: value`: a colon followed by a blank (or the end) ends a key.
            if byte == UInt8(ascii: ":"), index + 1 == lineEnd || bytes[index + 1].isSpaceOrTab { break }
            index += 1
        }
        // `T02.` or `(T02)` in prose: the sentence's punctuation is not part of the word.
        let closing: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "!"), UInt8(ascii: "?")]
        while index > start + 1, closing.contains(bytes[index - 1]) { index -= 1 }
        return index > start ? index : min(start + 1, lineEnd)
    }
}

extension WorkspaceSession {
    /// The file read at `displayPath`, with its bytes (an editor's buffer when it stands in).
    public func source(displayPath: String) -> SourceFile? {
        for repo in workspace.repos {
            if let source = repo.sources[displayPath] { return source }
        }
        return nil
    }

    /// The file read from `absolutePath` (as the workspace names it, or the same file by
    /// another name: links resolved).
    public func source(absolutePath: String) -> SourceFile? {
        for repo in workspace.repos {
            for source in repo.sources.values where source.absolutePath == absolutePath { return source }
        }
        let real = realPath(absolutePath) ?? absolutePath
        for repo in workspace.repos {
            for source in repo.sources.values where (realPath(source.absolutePath) ?? source.absolutePath) == real { return source }
        }
        return nil
    }

    /// The repo a file read at `displayPath` belongs to.
    public func repo(ofFile displayPath: String) -> Workspace.Repo? {
        workspace.repos.first { $0.sources[displayPath] != nil }
    }

    /// Index in ``WorkspaceGraph/workplans`` of the workplan read from `displayPath`.
    func workplanIndex(ofFile displayPath: String) -> Int? {
        graph.workplans.firstIndex { $0.path == displayPath }
    }
}
