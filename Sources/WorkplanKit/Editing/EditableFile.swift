/// One workplan file as an edit sees it: the file as the workspace read it
/// (bytes, line table, front matter, outline) and the workplan parsed from it.
///
/// Nothing here reads or parses the file again: an edit changes the bytes the
/// workspace was read from, and the one parse after the edit checks the result.
struct EditableFile: Sendable {
    let source: SourceFile
    let repo: String
    let workplan: Workplan
    /// What the parser found wrong in the file; the check after the edit tells new problems from these.
    let diagnostics: [Diagnostic]
    /// The file on disk, lines as the parser counts them.
    let raw: SourceText.OnDisk
    /// The line holding the front matter's closing `---`.
    let frontMatterClosingLine: Int
    /// Headings, paragraphs and code blocks, read with the front matter blanked as the parser does.
    let outline: MarkdownOutline

    var absolutePath: String { source.absolutePath }
    var displayPath: String { source.displayPath }

    /// The file a workplan was read from, with the problems the workspace met in it.
    init(source: SourceFile, workplan: Workplan, diagnostics: [Diagnostic]) throws(EditError) {
        // A workplan has closed front matter and an outline: the parser gives none without both.
        guard let frontMatter = source.frontMatterLines, let outline = source.outline else {
            throw EditError.failed(.notAWorkplan(path: source.displayPath))
        }
        self.source = source
        self.repo = workplan.repo
        self.workplan = workplan
        self.diagnostics = diagnostics
        self.raw = source.text.onDisk
        self.frontMatterClosingLine = frontMatter.upperBound
        self.outline = outline
    }

    /// A file that is not on disk yet (`wp new workplan`), as the parser read its bytes.
    init(parsed: ParsedFile) throws(EditError) {
        guard let workplan = parsed.workplan, let source = parsed.source else {
            guard !parsed.diagnostics.isEmpty else { throw EditError.failed(.notAWorkplan(path: parsed.path)) }
            throw EditError(.failed, parsed.diagnostics.map { EditProblem(.unreadable($0)) })
        }
        try self.init(source: source, workplan: workplan, diagnostics: parsed.diagnostics)
    }

    /// The front matter's fields, as a mapping editor.
    func frontMatterEditor() throws(EditError) -> MappingEditor {
        guard let frontMatter = workplan.frontMatter else {
            throw EditError.failed(.noFrontMatter(path: displayPath))
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
