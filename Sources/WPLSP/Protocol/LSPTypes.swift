// The parts of the Language Server Protocol 3.17 that `wp lsp` speaks, as Codable values.
//
// Hand-written: no LSP types package is among the Swift packages this project may depend on
// (docs/lsp.md, "Why the protocol types are written here"). Only the fields wp reads or
// writes are declared; a client's other fields are ignored when decoding, and optional
// fields wp leaves out are not encoded.

/// A place between two characters: 0-based line, and a 0-based offset in the line counted in
/// the negotiated ``PositionEncoding`` (UTF-16 code units unless the client offers UTF-8).
public struct Position: Codable, Sendable, Hashable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

public struct LSPRange: Codable, Sendable, Hashable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

public struct Location: Codable, Sendable, Hashable {
    public var uri: String
    public var range: LSPRange
}

struct TextDocumentIdentifier: Codable, Sendable {
    var uri: String
}

struct TextDocumentItem: Codable, Sendable {
    var uri: String
    var languageId: String?
    var version: Int?
    var text: String
}

struct VersionedTextDocumentIdentifier: Codable, Sendable {
    var uri: String
    var version: Int?
}

struct TextDocumentContentChangeEvent: Codable, Sendable {
    /// Absent: `text` is the whole document.
    var range: LSPRange?
    var text: String
}

struct DidOpenTextDocumentParams: Codable, Sendable {
    var textDocument: TextDocumentItem
}

struct DidChangeTextDocumentParams: Codable, Sendable {
    var textDocument: VersionedTextDocumentIdentifier
    var contentChanges: [TextDocumentContentChangeEvent]
}

struct DidSaveTextDocumentParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
}

struct DidCloseTextDocumentParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
}

struct TextDocumentPositionParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var position: Position
}

struct ReferenceParams: Codable, Sendable {
    struct Context: Codable, Sendable {
        var includeDeclaration: Bool
    }

    var textDocument: TextDocumentIdentifier
    var position: Position
    var context: Context?
}

struct CodeActionParams: Codable, Sendable {
    struct Context: Codable, Sendable {
        /// The client's copies of wp's diagnostics; wp lints again instead of trusting them
        /// (Neovim 0.7 sends only their codes), so any shape is accepted.
        var diagnostics: [JSON]?
        var only: [String]?
    }

    var textDocument: TextDocumentIdentifier
    var range: LSPRange
    var context: Context
}

struct DocumentSymbolParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
}

struct WorkspaceSymbolParams: Codable, Sendable {
    var query: String
}

struct DidChangeWatchedFilesParams: Codable, Sendable {
    struct FileEvent: Codable, Sendable {
        var uri: String
        /// 1 created, 2 changed, 3 deleted.
        var type: Int
    }

    var changes: [FileEvent]
}

public struct LSPDiagnostic: Codable, Sendable, Hashable {
    public var range: LSPRange
    /// 1 error, 2 warning, 3 information, 4 hint.
    public var severity: Int?
    /// The lint rule id.
    public var code: String?
    public var source: String?
    public var message: String
}

struct PublishDiagnosticsParams: Codable, Sendable {
    var uri: String
    var version: Int?
    var diagnostics: [LSPDiagnostic]
}

struct MarkupContent: Codable, Sendable {
    var kind = "markdown"
    var value: String
}

struct Hover: Codable, Sendable {
    var contents: MarkupContent
    var range: LSPRange?
}

struct TextEdit: Codable, Sendable, Hashable {
    var range: LSPRange
    var newText: String
}

struct WorkspaceEdit: Codable, Sendable {
    var changes: [String: [TextEdit]]
}

struct CompletionItem: Codable, Sendable {
    var label: String
    /// 10 property (a key), 12 value (a status), 18 reference (an id).
    var kind: Int
    var detail: String?
    var documentation: MarkupContent?
    var sortText: String
    var filterText: String
    var textEdit: TextEdit
}

struct CompletionList: Codable, Sendable {
    var isIncomplete: Bool
    var items: [CompletionItem]
}

struct CodeAction: Codable, Sendable {
    var title: String
    var kind = "quickfix"
    var diagnostics: [LSPDiagnostic]
    var edit: WorkspaceEdit
    var isPreferred: Bool
}

struct DocumentSymbol: Codable, Sendable {
    var name: String
    var detail: String?
    var kind: Int
    var range: LSPRange
    var selectionRange: LSPRange
    var children: [DocumentSymbol]?
}

struct SymbolInformation: Codable, Sendable {
    var name: String
    var kind: Int
    var location: Location
    var containerName: String?
}

/// JSON-RPC's and LSP's error codes that wp answers with.
public enum ErrorCode: Int, Sendable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestFailed = -32803
}
