/// One workplan file as an edit reads it: raw bytes, parse, and block structure.
struct EditableFile: Sendable {
    let absolutePath: String
    let displayPath: String
    let repo: String
    /// The file on disk, lines as the parser counts them.
    let raw: SourceText.OnDisk
    let parsed: ParsedFile
    let workplan: Workplan
    /// The line holding the front matter's closing `---`.
    let frontMatterClosingLine: Int
    /// Headings, paragraphs and code blocks, read with the front matter blanked as the parser does.
    let outline: MarkdownOutline

    /// Reads and parses the file.
    init(absolutePath: String, displayPath: String, repo: String) throws(EditError) {
        switch WorkspaceLoader.readFile(absolutePath, display: displayPath) {
        case .success(let bytes):
            try self.init(bytes: bytes, absolutePath: absolutePath, displayPath: displayPath, repo: repo)
        case .failure(let diagnostic):
            throw EditError(.failed, diagnostic.description)
        }
    }

    init(bytes: [UInt8], absolutePath: String, displayPath: String, repo: String) throws(EditError) {
        self.absolutePath = absolutePath
        self.displayPath = displayPath
        self.repo = repo
        parsed = WorkplanParser(repo: repo).parse(path: displayPath, bytes: bytes)
        guard let workplan = parsed.workplan else {
            let problems = parsed.diagnostics.map(\.description).joined(separator: "\n")
            throw EditError(.failed, problems.isEmpty ? "\(displayPath.terminalSafePath): error: not a workplan (no front matter)" : problems)
        }
        self.workplan = workplan
        guard case .success(let source) = SourceText.decode(path: displayPath, raw: bytes) else {
            throw EditError(.failed, "\(displayPath.terminalSafePath): error: not valid UTF-8 text")
        }
        raw = source.onDisk
        var closing = 1
        for line in 2...max(2, source.lineCount) where line <= source.lineCount {
            var text = Substring(source.lineText(line))
            while text.last == " " || text.last == "\t" { text = text.dropLast() }
            if text == "---" || text == "..." {
                closing = line
                break
            }
        }
        frontMatterClosingLine = closing
        // Blank the front matter as the parser does, so cmark sees the same document.
        let end = source.byteRange(ofLine: closing).upperBound
        var blanked = [UInt8](repeating: 10, count: closing - 1)
        blanked.append(contentsOf: source.bytes[end...])
        switch MarkdownOutline.read(SourceText(path: displayPath, normalizedBytes: blanked)) {
        case .success(let read):
            outline = read
        case .failure(let excess):
            // The parser refused the same text above; this is only reached if the two disagree.
            throw EditError(.failed, "\(displayPath):\(excess.line):\(excess.column): error: \(excess.message)")
        }
    }

    /// The front matter's fields, as a mapping editor.
    func frontMatterEditor() throws(EditError) -> MappingEditor {
        guard let frontMatter = workplan.frontMatter else {
            throw EditError.failed("\(displayPath) has no readable front matter")
        }
        return MappingEditor(raw: raw, mapping: frontMatter, lastLine: frontMatterClosingLine - 1)
    }

    /// The fields of the fenced block that opens on `fenceLine`, as a mapping editor.
    func blockEditor(fields: YAMLValue, fenceLine: Int) -> MappingEditor {
        MappingEditor(raw: raw, mapping: fields, lastLine: blockLastLine(fenceLine: fenceLine))
    }

    /// The last content line of the fenced block opening on `fenceLine`.
    func blockLastLine(fenceLine: Int) -> Int {
        for block in outline.blocks {
            guard case .codeBlock(let code) = block, code.line == fenceLine else { continue }
            // cmark's end line is the closing fence when there is one, the last line otherwise.
            let closing = raw.text(ofLine: code.endLine).trimmingWhitespace().drop { $0 == ">" || $0 == " " || $0 == "\t" }
            let isFence = closing.count >= 3 && (closing.allSatisfy { $0 == "`" } || closing.allSatisfy { $0 == "~" })
            return code.endLine > fenceLine && isFence ? code.endLine - 1 : code.endLine
        }
        return raw.lineCount
    }

    var headings: [MarkdownOutline.Heading] {
        outline.blocks.compactMap { if case .heading(let heading) = $0 { return heading } else { return nil } }
    }

    var paragraphs: [MarkdownOutline.Paragraph] {
        outline.blocks.compactMap { if case .paragraph(let paragraph) = $0 { return paragraph } else { return nil } }
    }
}
