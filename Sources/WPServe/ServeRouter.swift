import Foundation
import Hummingbird
import WorkplanKit

/// The HTTP edge of `wp serve`: routes to the session's views, the page and its
/// assets (compiled into the binary), and the checks every request passes.
///
/// No request names a file: elements are found by id in the workspace's graph,
/// assets by a fixed name in ``EmbeddedAssets``.
enum ServeRouter {
    static let tokenHeader = "X-WP-Token"

    static func make(_ state: ServeState) -> Router<BasicRequestContext> {
        let configuration = state.configuration
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SafetyMiddleware(checkHost: configuration.isLoopback))

        // The page and its assets.
        router.get("/") { _, _ in
            page(configuration)
        }
        for asset in EmbeddedAssets.files {
            router.get(RouterPath("/assets/\(asset.name)")) { _, _ in
                Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-cache"],
                         body: .init(byteBuffer: ByteBuffer(string: asset.text)))
            }
        }

        // The CLI's JSON contracts.
        router.get("/api/status") { _, _ in
            try await view(state, key: "status") { StatusReport(analysis: $0.analysis) }
        }
        router.get("/api/ready") { request, _ in
            let repo = try parameter(request, "repo")
            let owner = try parameter(request, "owner")
            let limit = try parameter(request, "limit").map { text -> Int in
                guard let value = Int(text), value >= 0 else { throw APIError(.badRequest, "limit must be a whole number ≥ 0") }
                return value
            }
            return try await view(state, key: nil) { session -> ReadyList in
                if let repo, session.workspace.repo(named: repo) == nil { throw APIError.unknownRepo(repo, in: session) }
                return ReadyList(index: session.index, repo: repo, owner: owner, limit: limit)
            }
        }
        router.get("/api/show") { request, _ in
            let id = try elementID(request)
            return try await view(state, key: nil) { ElementDetail(node: try APIError.element(id, in: $0), index: $0.index) }
        }
        router.get("/api/impact") { request, _ in
            let id = try elementID(request)
            return try await view(state, key: nil) { ImpactReport(node: try APIError.element(id, in: $0), index: $0.index) }
        }
        router.get("/api/gates") { _, _ in
            try await view(state, key: "gates") { GateListView(results: $0.index.gateResults) }
        }
        router.get("/api/lint") { _, _ in
            try await view(state, key: "lint") { session in
                do {
                    return LintReport(try session.lint())
                } catch {
                    throw APIError(.internalServerError, "\(error)")
                }
            }
        }

        // What the page shows.
        router.get("/api/board") { _, _ in
            try await view(state, key: "board") { BoardView(index: $0.index) }
        }
        router.get("/api/decisions") { _, _ in
            try await view(state, key: "decisions") { DecisionListView(graph: $0.graph) }
        }
        router.get("/api/gate-panel") { _, _ in
            try await view(state, key: "gate-panel") { GatePanelView(index: $0.index) }
        }
        router.get("/api/graph") { request, _ in
            let repo = try parameter(request, "repo")
            let workplan = try parameter(request, "workplan")
            let key = "graph\u{0}\(repo ?? "")\u{0}\(workplan ?? "")"
            return try await view(state, key: key) { session -> OpenWorkGraph in
                if let repo, session.workspace.repo(named: repo) == nil { throw APIError.unknownRepo(repo, in: session) }
                if let workplan, !session.graph.workplans.contains(where: { $0.id == workplan }) {
                    throw APIError(.notFound, "no workplan '\(workplan.terminalSafe)'")
                }
                return OpenWorkGraph(index: session.index, repo: repo, workplan: workplan)
            }
        }
        router.get("/api/events") { _, _ in
            try await events(state)
        }
        router.get("/api/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: EmbeddedAssets.openAPI)))
        }

        // The one edit: a card moved to another column.
        router.post("/api/move") { request, _ in
            try await move(request, state: state)
        }
        return router
    }

    // MARK: Responses

    static let jsonType = "application/json; charset=utf-8"

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: jsonType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Renders `build`'s view of the current session as JSON, exactly as the CLI's `--format json`.
    static func view<View: OutputView>(
        _ state: ServeState, key: String?, _ build: @escaping @Sendable (WorkspaceSession) throws -> View
    ) async throws -> Response {
        do {
            let body = try await state.json(key: key) { session in
                do {
                    return try build(session).render(.json, in: RenderContext())
                } catch let error as APIError {
                    throw error
                } catch let error as RenderError {
                    throw APIError(.internalServerError, "\(error)")
                }
            }
            return json(body)
        } catch let error as APIError {
            return error.response
        }
    }

    /// The HTML page: the per-run token and settings in `<meta>` tags (HTML-escaped),
    /// no inline script (the content security policy allows none).
    static func page(_ configuration: ServeConfiguration) -> Response {
        let linkTemplate = configuration.linkBase?.template ?? ""
        let html = EmbeddedAssets.indexHTML
            .replacingOccurrences(of: "{{TOKEN}}", with: configuration.readOnly ? "" : configuration.token)
            .replacingOccurrences(of: "{{READ_ONLY}}", with: configuration.readOnly ? "true" : "false")
            .replacingOccurrences(of: "{{LINK_BASE}}", with: linkTemplate.htmlText)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func events(_ state: ServeState) async throws -> Response {
        guard let stream = await state.events.subscribe() else {
            return APIError(.serviceUnavailable, "too many open pages (at most \(Limits.serveEventStreams)); close one").response
        }
        let generation = await state.generation
        let problem = await state.refreshProblem
        let hello = "retry: 1000\nevent: hello\ndata: \(ServeState.encode(HelloEvent(generation: generation, problem: problem)))\n\n"
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: hello))
                for await event in stream {
                    try await writer.write(ByteBuffer(string: event))
                }
                try await writer.finish(nil)
            })
    }

    struct HelloEvent: Codable, Sendable {
        var generation: Int
        var problem: String?
    }

    // MARK: The edit

    struct MoveRequest: Codable, Sendable {
        var id: String
        var status: String
        /// The status the page showed; the move is refused if the file says otherwise now.
        var from: String?
    }

    struct MoveResponse: Codable, Sendable {
        var id: String
        var status: String
        var changed: Bool
        var changes: [String]
        var path: String?
        var warnings: [String]
    }

    struct RefusalResponse: Codable, Sendable {
        var error: String
        var problems: [String]
    }

    static func move(_ request: Request, state: ServeState) async throws -> Response {
        let configuration = state.configuration
        guard !configuration.readOnly else {
            return APIError(.forbidden, "wp serve runs with --read-only: edits are off").response
        }
        guard let token = request.headers[.init(tokenHeader)!], constantTimeEqual(token, configuration.token) else {
            return APIError(.forbidden, "missing or wrong X-WP-Token header: reload the page to get this run's token").response
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Limits.serveRequestBodyBytes)
        } catch {
            return APIError(.contentTooLarge, "the request body is larger than \(Limits.serveRequestBodyBytes) bytes").response
        }
        let move: MoveRequest
        do {
            move = try JSONDecoder().decode(MoveRequest.self, from: Data(buffer: body))
        } catch {
            return APIError(.badRequest, "the body must be JSON: {\"id\": \"TASK-ID\", \"status\": \"STATUS\", \"from\": \"STATUS\"}").response
        }
        do {
            try checkID(move.id)
            try checkID(move.status, name: "status")
            if let from = move.from { try checkID(from, name: "from") }
        } catch let error as APIError {
            return error.response
        }
        switch try await state.move(id: move.id, to: move.status, expected: move.from) {
        case .moved(let changes, let path, let warnings):
            return json(ServeState.encode(MoveResponse(
                id: move.id, status: move.status, changed: true, changes: changes.map(\.terminalSafe),
                path: path, warnings: warnings.map(\.terminalSafe))))
        case .unchanged:
            return json(ServeState.encode(MoveResponse(
                id: move.id, status: move.status, changed: false, changes: [], path: nil, warnings: [])))
        case .refused(let error):
            let status: HTTPResponse.Status = switch error.kind {
            case .refused: .conflict
            case .unknownID: .notFound
            case .failed: .internalServerError
            }
            // The CLI's advice (`use --force`) has no button here: a refusal on the board is final.
            let problems = error.problems.map(\.description) + ["nothing was written"]
            return json(ServeState.encode(RefusalResponse(error: problems.joined(separator: "\n"), problems: problems)), status: status)
        case .stale(let current):
            return APIError(.conflict, "\(move.id.terminalSafe) is '\(current.terminalSafe)' on disk now, not '\((move.from ?? "").terminalSafe)'; the board has been updated").response
        case .lookup(let error):
            return APIError.lookup(error).response
        case .notATask(let kind):
            return APIError(.badRequest, "only tasks move on the board; \(move.id.terminalSafe) is a \(kind)").response
        }
    }

    // MARK: Request values

    /// A query parameter, bounded and free of control characters; nil when absent.
    static func parameter(_ request: Request, _ name: String) throws -> String? {
        guard let value = request.uri.queryParameters[name[...]] else { return nil }
        let text = String(value)
        try checkID(text, name: name)
        return text
    }

    static func elementID(_ request: Request) throws -> String {
        guard let id = try parameter(request, "id"), !id.isEmpty else {
            throw APIError(.badRequest, "give the element: ?id=ID (or repo:ID)")
        }
        return id
    }

    /// Ids are looked up in the workspace's graph, never used as paths; this only keeps
    /// them short and printable.
    static func checkID(_ value: String, name: String = "id") throws {
        guard value.count <= Limits.serveIDLength else {
            throw APIError(.badRequest, "\(name) is longer than \(Limits.serveIDLength) characters")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError(.badRequest, "\(name) must not contain control characters")
        }
    }

    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// A request wp serve will not answer as asked: a status and one message, as JSON `{"error": …}`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    struct Body: Codable, Sendable {
        var error: String
    }

    var response: Response {
        ServeRouter.json(ServeState.encode(Body(error: message)), status: status)
    }

    static func lookup(_ error: ElementLookupError) -> APIError {
        switch error {
        case .ambiguous, .severalShort: APIError(.badRequest, error.description)
        case .unknownRepo, .unavailable, .notFound: APIError(.notFound, error.description)
        }
    }

    static func element(_ id: String, in session: WorkspaceSession) throws -> Int {
        do {
            return try session.element(id)
        } catch {
            throw lookup(error)
        }
    }

    static func unknownRepo(_ repo: String, in session: WorkspaceSession) -> APIError {
        APIError(.notFound, "no repo named '\(repo.terminalSafe)'; known repos: \(session.workspace.repos.map(\.name.terminalSafe).joined(separator: ", "))")
    }
}

/// Headers every answer carries, and the Host check of a loopback server.
struct SafetyMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    /// Refuse requests whose Host is not a loopback name (DNS rebinding).
    let checkHost: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if checkHost, !Self.isLoopbackAuthority(request.head.authority) {
            return APIError(.misdirectedRequest, "this wp serve answers only to 127.0.0.1, localhost and [::1]").response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response
        } catch let error as HTTPError {
            response = APIError(error.status, error.body ?? "\(error.status.code) \(error.status.reasonPhrase)").response
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }

    static func isLoopbackAuthority(_ authority: String?) -> Bool {
        guard let authority else { return false }
        var host = authority.lowercased()
        if host.hasPrefix("[") {
            guard let end = host.firstIndex(of: "]") else { return false }
            host = String(host[host.index(after: host.startIndex)..<end])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
            && host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}
