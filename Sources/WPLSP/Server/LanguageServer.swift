import Foundation
import WorkplanKit

/// `wp lsp`: a Language Server Protocol 3.17 server over one client's messages.
///
/// The workspace stays in memory (``LiveWorkspace``); an open document's buffer stands in for
/// its file (an overlay), changes re-read only the files they touch, and diagnostics are
/// linted again ``Limits/lspDiagnosticsDelayMilliseconds`` after the last change of a burst.
/// Every answer is computed on one ``WorkspaceSession`` read, so it is consistent.
public actor LanguageServer {
    /// What `wp lsp`'s command line says.
    public struct Configuration: Sendable {
        /// `-C`: the workspace's directory; nil: the client's root folder, else the current directory.
        public var directory: String?
        public var offline: Bool
        /// `--base`: the revision status moves and `updated:` bumps are checked against.
        public var base: String?
        public var environment: [String: String]

        public init(directory: String?, offline: Bool, base: String?,
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.directory = directory
            self.offline = offline
            self.base = base
            self.environment = environment
        }
    }

    /// An open document: the client's buffer, which is the truth until it is closed.
    private struct Document {
        var bytes: [UInt8]
        var version: Int?
        /// The file it is, as the workspace names it (nil: not a file of the workspace).
        var absolutePath: String?
    }

    private enum Phase {
        case starting, running, shuttingDown
    }

    private let configuration: Configuration
    private let writer: MessageWriter
    private var phase = Phase.starting
    private var live: LiveWorkspace?
    private var base: BaseSnapshot?
    private var encoding = PositionEncoding.utf16
    private var documents: [String: Document] = [:]
    /// What was last published per URI, so an unchanged list is not sent again.
    private var published: [String: [LSPDiagnostic]] = [:]
    /// Files whose buffers changed since the workspace last read them.
    private var stale: Set<String> = []
    /// Bumped by every change: a scheduled lint round runs only if no change came after it.
    private var generation = 0
    private var nextRequestID = 1
    private var watchesFiles = false

    /// Exit code once the client sent `exit` (0 after `shutdown`, else 1).
    public private(set) var exitCode: Int32?

    /// The exit code when the client closes its end without `exit`.
    public func endOfInput() -> Int32 { phase == .shuttingDown ? 0 : 1 }

    public init(configuration: Configuration, writer: MessageWriter) {
        self.configuration = configuration
        self.writer = writer
    }

    // MARK: Messages

    /// Handles one frame of the stream; answers requests (an error for what cannot be done).
    public func handle(_ frame: Frame) async {
        switch frame {
        case .message(let body):
            await handle(IncomingMessage(body: body))
        case .badHeader(let reason):
            writer.send(OutgoingMessage.error(id: nil, code: .parseError, message: "wp lsp skipped a message: \(reason)"))
        case .tooLarge(let length):
            writer.send(OutgoingMessage.error(
                id: nil, code: .invalidRequest,
                message: "wp lsp skipped a message of \(length) bytes; at most \(Limits.lspMessageSize) are read"))
        }
    }

    public func handle(_ message: IncomingMessage) async {
        switch message {
        case .invalid(let id, let code, let text):
            writer.send(OutgoingMessage.error(id: id, code: code, message: text))
        case .response:
            return
        case .notification(let method, let params):
            await notification(method, params)
        case .request(let id, let method, let params):
            do {
                let result = try await request(method, params)
                writer.send(OutgoingMessage.response(id: id, result: result))
            } catch let failure as RequestFailure {
                writer.send(OutgoingMessage.error(id: id, code: failure.code, message: failure.message))
            } catch {
                writer.send(OutgoingMessage.error(id: id, code: .internalError, message: "\(error)"))
            }
        }
    }

    private struct RequestFailure: Error {
        var code: ErrorCode
        var message: String
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ params: JSON?, method: String) throws -> Value {
        do {
            return try (params ?? .null).decode(type)
        } catch {
            throw RequestFailure(code: .invalidParams, message: "\(method): the params are not what LSP 3.17 defines")
        }
    }

    private func request(_ method: String, _ params: JSON?) async throws -> JSON {
        if method == "initialize" {
            guard phase == .starting, live == nil else { throw RequestFailure(code: .invalidRequest, message: "initialize was already sent") }
            return try await initialize(params ?? .null)
        }
        switch phase {
        case .starting: throw RequestFailure(code: .serverNotInitialized, message: "send initialize first")
        case .shuttingDown: throw RequestFailure(code: .invalidRequest, message: "the server is shutting down")
        case .running: break
        }
        switch method {
        case "shutdown":
            phase = .shuttingDown
            return .null
        case "textDocument/hover":
            let query = try decode(TextDocumentPositionParams.self, params, method: method)
            return try await answer { $0.hover(uri: query.textDocument.uri, position: query.position) }
        case "textDocument/definition":
            let query = try decode(TextDocumentPositionParams.self, params, method: method)
            return try await answer { $0.definition(uri: query.textDocument.uri, position: query.position) }
        case "textDocument/references":
            let query = try decode(ReferenceParams.self, params, method: method)
            return try await answer {
                $0.references(uri: query.textDocument.uri, position: query.position,
                              includeDeclaration: query.context?.includeDeclaration ?? false)
            }
        case "textDocument/completion":
            let query = try decode(TextDocumentPositionParams.self, params, method: method)
            let base = base
            return try await answer { $0.completion(uri: query.textDocument.uri, position: query.position, base: base) }
        case "textDocument/codeAction":
            let query = try decode(CodeActionParams.self, params, method: method)
            if let only = query.context.only, !only.contains(where: { $0 == "quickfix" || "quickfix".hasPrefix($0 + ".") || $0.isEmpty }) {
                return .array([])
            }
            let base = base
            return try await answer { answers in
                let findings = answers.session.lint(baseSnapshot: base).diagnostics
                return answers.codeActions(uri: query.textDocument.uri, range: query.range, findings: findings)
            }
        case "textDocument/documentSymbol":
            let query = try decode(DocumentSymbolParams.self, params, method: method)
            return try await answer { $0.documentSymbols(uri: query.textDocument.uri) }
        case "workspace/symbol":
            let query = try decode(WorkspaceSymbolParams.self, params, method: method)
            return try await answer { $0.workspaceSymbols(query: query.query) }
        default:
            throw RequestFailure(code: .methodNotFound, message: "wp lsp does not answer \(method)")
        }
    }

    /// Runs `body` on the current workspace (re-reading the buffers that changed first).
    private func answer<Result: Encodable & Sendable>(_ body: @escaping @Sendable (Answers) -> Result) async throws -> JSON {
        guard let live else { return .null }
        await refreshStale()
        let encoding = encoding
        let result = await live.readCurrent { session in body(Answers(session: session, encoding: encoding)) }
        return try JSON(encoding: result)
    }

    private func notification(_ method: String, _ params: JSON?) async {
        if method == "exit" {
            exitCode = phase == .shuttingDown ? 0 : 1
            return
        }
        guard phase == .running else { return }
        switch method {
        case "initialized":
            registerWatchers()
        case "textDocument/didOpen":
            guard let open = try? (params ?? .null).decode(DidOpenTextDocumentParams.self) else { return }
            let bytes = Array(open.textDocument.text.utf8)
            documents[open.textDocument.uri] = Document(bytes: bytes, version: open.textDocument.version, absolutePath: nil)
            await overlay(uri: open.textDocument.uri)
            await publishDiagnostics(after: 0)
        case "textDocument/didChange":
            guard let change = try? (params ?? .null).decode(DidChangeTextDocumentParams.self),
                  var document = documents[change.textDocument.uri] else { return }
            for event in change.contentChanges {
                if let range = event.range {
                    let offsets = TextPositions(document.bytes, encoding: encoding).offsets(of: range)
                    document.bytes.replaceSubrange(offsets, with: Array(event.text.utf8))
                } else {
                    document.bytes = Array(event.text.utf8)
                }
            }
            document.version = change.textDocument.version ?? document.version
            documents[change.textDocument.uri] = document
            await overlay(uri: change.textDocument.uri)
            await publishDiagnostics(after: Limits.lspDiagnosticsDelayMilliseconds)
        case "textDocument/didSave":
            // The buffer stays the truth while open. A file saved for the first time is not one the
            // workspace has read yet: read the workspace again (clients that watch files say so
            // too, but not every client watches).
            if let save = try? (params ?? .null).decode(DidSaveTextDocumentParams.self),
               let path = documents[save.textDocument.uri]?.absolutePath, let live, !(await live.contains(absolutePath: path)) {
                generation += 1
                stale = []
                do {
                    try await live.refresh()
                } catch {
                    log("wp lsp could not re-read the workspace: \(error)")
                }
            }
            await publishDiagnostics(after: 0)
        case "textDocument/didClose":
            guard let close = try? (params ?? .null).decode(DidCloseTextDocumentParams.self),
                  let document = documents.removeValue(forKey: close.textDocument.uri) else { return }
            if let path = document.absolutePath, let live {
                await live.removeOverlay(for: path)
                stale.insert(path)
            }
            if published.removeValue(forKey: close.textDocument.uri) != nil {
                sendDiagnostics(uri: close.textDocument.uri, version: nil, [])
            }
            await publishDiagnostics(after: 0)
        case "workspace/didChangeWatchedFiles":
            guard let watched = try? (params ?? .null).decode(DidChangeWatchedFilesParams.self) else { return }
            await filesChanged(watched.changes)
            await publishDiagnostics(after: 0)
        default:
            return
        }
    }

    // MARK: Lifecycle

    private func initialize(_ params: JSON) async throws -> JSON {
        let capabilities = params["capabilities"]
        encoding = PositionEncoding.negotiate(offered: capabilities?["general"]?["positionEncodings"]?.array?.compactMap(\.string))
        watchesFiles = capabilities?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.bool == true
        let root = configuration.directory
            ?? params["rootUri"]?.string.flatMap(Paths.path(ofURI:))
            ?? params["workspaceFolders"]?.array?.first?["uri"]?.string.flatMap(Paths.path(ofURI:))
            ?? params["rootPath"]?.string
            ?? FileManager.default.currentDirectoryPath
        let options = WorkspaceSession.Options(directory: root, offline: configuration.offline, allowPartial: true,
                                               keepingSources: .all, environment: configuration.environment)
        do {
            let live = try LiveWorkspace(options: options)
            self.live = live
            if let revision = configuration.base {
                let (root, config) = await live.readCurrent { ($0.workspace.root, $0.workspace.config) }
                base = try BaseRevisionReader(repoRoot: root).read(revision: revision, config: config)
            }
        } catch {
            throw RequestFailure(code: .requestFailed, message: "wp lsp cannot read the workspace at \(root): \(error)")
        }
        phase = .running
        let result: JSON = .object([
            "capabilities": .object([
                "positionEncoding": .string(encoding.rawValue),
                "textDocumentSync": .object([
                    "openClose": .bool(true), "change": .int(2), "save": .object(["includeText": .bool(false)]),
                ]),
                "hoverProvider": .bool(true),
                "definitionProvider": .bool(true),
                "referencesProvider": .bool(true),
                "completionProvider": .object([
                    "triggerCharacters": .array([":", " ", "[", ",", "-"].map(JSON.string)),
                ]),
                "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
                "documentSymbolProvider": .bool(true),
                "workspaceSymbolProvider": .bool(true),
            ]),
            "serverInfo": .object(["name": .string("wp"), "version": .string(WorkplanKitVersion.current)]),
        ])
        return result
    }

    /// Asks the client to report changes to workplans and `.wp.yaml` on disk.
    private func registerWatchers() {
        guard watchesFiles else { return }
        let watchers: JSON = .array(["**/*.md", "**/.wp.yaml"].map { .object(["globPattern": .string($0)]) })
        let registration: JSON = .object([
            "id": .string("wp-watched-files"), "method": .string("workspace/didChangeWatchedFiles"),
            "registerOptions": .object(["watchers": watchers]),
        ])
        writer.send(OutgoingMessage.request(id: .int(nextRequestID), method: "client/registerCapability",
                                            params: .object(["registrations": .array([registration])])))
        nextRequestID += 1
    }

    // MARK: Buffers and files

    /// Makes the buffer of `uri` stand in for its file.
    private func overlay(uri: String) async {
        guard let live, var document = documents[uri] else { return }
        generation += 1
        if document.absolutePath == nil, let path = Paths.path(ofURI: uri) {
            document.absolutePath = await live.readCurrent { $0.source(absolutePath: path)?.absolutePath } ?? path
            documents[uri] = document
        }
        guard let path = document.absolutePath else { return }
        await live.setOverlay(document.bytes, for: path)
        stale.insert(path)
    }

    /// Re-reads the files whose buffers changed since the last read.
    private func refreshStale() async {
        guard let live, !stale.isEmpty else { return }
        let paths = stale
        stale = []
        do {
            try await live.refresh(files: paths)
        } catch {
            log("wp lsp could not re-read the workspace: \(error)")
        }
    }

    private func filesChanged(_ changes: [DidChangeWatchedFilesParams.FileEvent]) async {
        guard let live else { return }
        generation += 1
        var changed: Set<String> = []
        var structure = false
        for change in changes {
            guard let path = Paths.path(ofURI: change.uri) else { continue }
            let known = await live.contains(absolutePath: path)
            if change.type != 2 || path.hasSuffix("/" + WorkspaceConfig.fileName) || !known {
                structure = true
            } else {
                changed.insert(path)
            }
        }
        do {
            if structure {
                stale = []
                try await live.refresh()
            } else {
                stale.formUnion(changed)
                await refreshStale()
            }
        } catch {
            log("wp lsp could not re-read the workspace: \(error)")
        }
    }

    // MARK: Diagnostics

    /// Lints after `milliseconds`, unless another change comes first (that change schedules its own round).
    private func publishDiagnostics(after milliseconds: Int) async {
        generation += 1
        let scheduled = generation
        if milliseconds <= 0 {
            await lintRound(scheduled)
            return
        }
        Task {
            try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
            await self.lintRound(scheduled)
        }
    }

    /// Publishes lint's findings for every open document, when no change came after `scheduled`.
    private func lintRound(_ scheduled: Int) async {
        guard scheduled == generation, let live else { return }
        await refreshStale()
        let uris = documents.keys.sorted()
        let encoding = encoding
        let base = base
        let rounds: [(String, [LSPDiagnostic]?)] = await live.readCurrent { session in
            let answers = Answers(session: session, encoding: encoding)
            let findings = session.lint(baseSnapshot: base).diagnostics
            return uris.map { uri in (uri, answers.source(uri: uri).map { answers.diagnostics(findings, in: $0) }) }
        }
        guard scheduled == generation else { return }
        for (uri, diagnostics) in rounds {
            let diagnostics = diagnostics ?? []
            guard published[uri] != diagnostics else { continue }
            published[uri] = diagnostics
            sendDiagnostics(uri: uri, version: documents[uri]?.version, diagnostics)
        }
    }

    private func sendDiagnostics(uri: String, version: Int?, _ diagnostics: [LSPDiagnostic]) {
        let params = PublishDiagnosticsParams(uri: uri, version: version, diagnostics: diagnostics)
        guard let json = try? JSON(encoding: params) else { return }
        writer.send(OutgoingMessage.notification(method: "textDocument/publishDiagnostics", params: json))
    }

    private func log(_ text: String) {
        writer.send(OutgoingMessage.notification(
            method: "window/logMessage", params: .object(["type": .int(1), "message": .string(text)])))
    }
}
