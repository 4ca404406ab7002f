import Foundation
import WorkplanKit

/// Turns the workspace's editor answers (byte spans of files) into LSP values, inside one
/// ``WorkspaceSession`` read: nothing here keeps the session.
struct Answers {
    let session: WorkspaceSession
    let encoding: PositionEncoding

    // MARK: Files and positions

    /// The file of the workspace at a `file://` URI (an open buffer's bytes when one stands in).
    func source(uri: String) -> SourceFile? {
        if let path = Paths.path(ofURI: uri) {
            return session.source(absolutePath: path) ?? session.source(ofCopy: path)
        }
        return nil
    }

    func positions(of source: SourceFile) -> TextPositions {
        TextPositions(source.bytes, encoding: encoding)
    }

    /// Where `span` is, as a URI an editor can open (a git peer's file: its read-only copy).
    func location(of span: FileSpan) -> Location? {
        guard let source = session.source(displayPath: span.displayPath),
              let path = session.openablePath(of: source) else { return nil }
        return Location(uri: Paths.uri(ofPath: path), range: positions(of: source).range(of: span.range))
    }

    // MARK: Diagnostics

    /// Lint's findings about `source`, as `wp lint` reports them (rules, severities,
    /// suppressions, positions), over the bytes the workspace holds for it.
    func diagnostics(_ findings: [WorkplanKit.Diagnostic], in source: SourceFile) -> [LSPDiagnostic] {
        let positions = positions(of: source)
        return findings.filter { $0.location.path == source.displayPath }.map { finding in
            lspDiagnostic(finding, source: source, positions: positions)
        }
    }

    func lspDiagnostic(_ finding: WorkplanKit.Diagnostic, source: SourceFile, positions: TextPositions) -> LSPDiagnostic {
        let line = max(finding.location.line, 1)
        let range: LSPRange
        if line <= source.lineCount {
            range = positions.range(of: source.span(at: SourceLocation(path: source.displayPath, line: line, column: max(finding.location.column, 1))).range)
        } else {
            let end = positions.position(ofOffset: source.bytes.count)
            range = LSPRange(start: end, end: end)
        }
        let message = ([finding.message] + finding.notes).joined(separator: "\n")
        return LSPDiagnostic(range: range, severity: Self.severity(finding.severity), code: finding.rule, source: "wp", message: message)
    }

    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
    }

    // MARK: Hover, definition, references

    func hover(uri: String, position: Position) -> Hover? {
        guard let source = source(uri: uri) else { return nil }
        let positions = positions(of: source)
        guard let found = session.summary(atOffset: positions.offset(of: position), inFile: source.displayPath) else { return nil }
        return Hover(contents: MarkupContent(value: found.summary.markdown), range: positions.range(of: found.span.range))
    }

    func definition(uri: String, position: Position) -> [Location] {
        guard let source = source(uri: uri) else { return [] }
        let offset = positions(of: source).offset(of: position)
        guard let found = session.element(atOffset: offset, inFile: source.displayPath),
              let span = session.definition(of: found.node) else { return [] }
        return location(of: span).map { [$0] } ?? []
    }

    func references(uri: String, position: Position, includeDeclaration: Bool) -> [Location] {
        guard let source = source(uri: uri) else { return [] }
        let offset = positions(of: source).offset(of: position)
        guard let found = session.element(atOffset: offset, inFile: source.displayPath) else { return [] }
        var spans = session.references(to: found.node).map(\.span)
        if includeDeclaration, let definition = session.definition(of: found.node) { spans.insert(definition, at: 0) }
        return spans.compactMap(location(of:))
    }

    // MARK: Completion

    func completion(uri: String, position: Position, base: BaseSnapshot?) -> CompletionList {
        guard let source = source(uri: uri) else { return CompletionList(isIncomplete: false, items: []) }
        let positions = positions(of: source)
        let answer = session.completions(atOffset: positions.offset(of: position), inFile: source.displayPath, base: base)
        let items = answer.candidates.map { candidate in
            CompletionItem(
                label: candidate.label, kind: Self.completionKind(candidate.kind), detail: candidate.detail,
                documentation: candidate.documentation.map { MarkupContent(value: $0) }, sortText: candidate.sortKey,
                filterText: candidate.insertText,
                textEdit: TextEdit(range: positions.range(of: candidate.replacing.range), newText: candidate.insertText))
        }
        return CompletionList(isIncomplete: answer.isIncomplete, items: items)
    }

    static func completionKind(_ kind: CompletionCandidate.Kind) -> Int {
        switch kind {
        case .key: 10
        case .status: 12
        case .reference: 18
        }
    }

    // MARK: Code actions

    /// The fixes wp knows for lint's findings about `uri` whose range meets `range`.
    func codeActions(uri: String, range: LSPRange, findings: [WorkplanKit.Diagnostic]) -> [CodeAction] {
        guard let source = source(uri: uri) else { return [] }
        let positions = positions(of: source)
        let wanted = positions.offsets(of: range)
        let here = findings.filter { finding in
            guard finding.location.path == source.displayPath else { return false }
            let span = positions.offsets(of: lspDiagnostic(finding, source: source, positions: positions).range)
            // A finding at the cursor (an empty range) or overlapping the selection.
            return span.lowerBound <= wanted.upperBound && wanted.lowerBound <= span.upperBound
        }
        return session.fixes(for: here, inFile: source.displayPath).map { fix in
            let edits = fix.replacements.map { TextEdit(range: positions.range(of: $0.span.range), newText: $0.text) }
            return CodeAction(title: fix.title, diagnostics: [lspDiagnostic(fix.finding, source: source, positions: positions)],
                              edit: WorkspaceEdit(changes: [uri: edits]), isPreferred: true)
        }
    }

    // MARK: Symbols

    func documentSymbols(uri: String) -> [DocumentSymbol] {
        guard let source = source(uri: uri) else { return [] }
        let positions = positions(of: source)
        func convert(_ symbol: SymbolInfo) -> DocumentSymbol {
            DocumentSymbol(
                name: symbol.id, detail: Self.detail(symbol), kind: Self.symbolKind(symbol.kind),
                range: positions.range(of: symbol.extent.range), selectionRange: positions.range(of: symbol.selection.range),
                children: symbol.children.isEmpty ? nil : symbol.children.map(convert))
        }
        return session.documentSymbols(inFile: source.displayPath).map(convert)
    }

    func workspaceSymbols(query: String) -> [SymbolInformation] {
        session.workspaceSymbols(matching: query).compactMap { symbol in
            guard let location = location(of: symbol.selection) else { return nil }
            return SymbolInformation(name: symbol.id, kind: Self.symbolKind(symbol.kind), location: location,
                                     containerName: [symbol.repo, Self.detail(symbol)].joined(separator: " · "))
        }
    }

    /// `status — title`.
    static func detail(_ symbol: SymbolInfo) -> String {
        [symbol.status, symbol.title.isEmpty ? nil : symbol.title].compactMap { $0 }.joined(separator: " — ")
    }

    /// Workplan → Module, task → Event, decision → Boolean, gate → Interface (docs/lsp.md).
    static func symbolKind(_ kind: WorkspaceGraph.Kind) -> Int {
        switch kind {
        case .workplan: 2
        case .task: 24
        case .decision: 17
        case .gate: 11
        }
    }
}

/// `file://` URIs ↔ paths.
enum Paths {
    static func path(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let path = url.path
        return path.isEmpty ? nil : path
    }

    static func uri(ofPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
