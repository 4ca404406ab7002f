import Foundation
import WorkplanKit

/// The live workspace of a `wp serve` run and what is rendered from it.
///
/// Every answer is the CLI's view of the current session rendered as JSON
/// (``OutputView/render(_:in:)``), so `/api/status` says what
/// `wp status --format json` says. Answers that do not depend on the request
/// (board, status, gates, decisions, lint) are rendered once per
/// ``LiveWorkspace/generation`` and kept, so a warm server answers them
/// without touching the workspace.
actor ServeState {
    let live: LiveWorkspace
    let configuration: ServeConfiguration
    let events = EventHub()
    private var cache: [String: (generation: Int, body: String)] = [:]
    /// The last refresh's failure (e.g. `.wp.yaml` became invalid): the page says so;
    /// the last good session keeps being served.
    private(set) var refreshProblem: String?

    init(configuration: ServeConfiguration) throws(WorkspaceError) {
        self.configuration = configuration
        live = try LiveWorkspace(options: configuration.workspace)
    }

    /// Load problems of the first read, for the terminal.
    func loadProblems() async -> [Diagnostic] {
        await live.readCurrent { $0.loadProblems }
    }

    // MARK: Views

    /// A view of the current session, rendered as JSON; kept per generation when `key` is given.
    func json(key: String?, _ build: @Sendable (WorkspaceSession) throws -> String) async throws -> String {
        let generation = await live.generation
        if let key, let kept = cache[key], kept.generation == generation { return kept.body }
        let body = try await live.readCurrent(build)
        if let key {
            // Request-dependent keys (graph filters) come and go: drop them with the generation.
            if cache.count >= Self.cacheEntries { cache = cache.filter { $0.value.generation == generation } }
            if cache.count < Self.cacheEntries { cache[key] = (generation, body) }
        }
        return body
    }

    private static let cacheEntries = 64

    var generation: Int {
        get async { await live.generation }
    }

    // MARK: Edits

    enum MoveOutcome: Sendable {
        case moved(changes: [String], path: String, warnings: [String])
        case unchanged
        case refused(EditError)
        case stale(current: String)
        case lookup(ElementLookupError)
        case notATask(kind: String)
    }

    /// Moves a task to `status` the way `wp set ID status STATUS` does: the same
    /// editor, checks and atomic write, on a session refreshed first. `expected`,
    /// when given, is the status the page showed: if the file says otherwise now,
    /// nothing is written.
    func move(id: String, to status: String, expected: String?) async throws -> MoveOutcome {
        let outcome: MoveOutcome = try await live.read { session in
            let node: Int
            do throws(ElementLookupError) {
                node = try session.element(id)
            } catch {
                return .lookup(error)
            }
            let value = session.graph.nodes[node]
            guard value.kind == .task else { return .notATask(kind: value.kind.rawValue) }
            if let expected, let current = value.status?.rawValue, current != expected { return .stale(current: current) }
            do throws(EditError) {
                let plan = try session.editor.plan(EditRequest(id: id, changes: [.set(field: "status", value: status)]))
                if plan.isNoChange { return .unchanged }
                let warnings = try plan.commit()
                return .moved(changes: plan.changes, path: plan.displayPath, warnings: warnings)
            } catch {
                return .refused(error)
            }
        }
        if case .moved = outcome { await refreshNow() }
        return outcome
    }

    // MARK: Watching the files

    /// Looks at the workspace every ``Limits/serveRefreshInterval`` and tells every
    /// page what changed; every ``Limits/serveHeartbeatInterval`` a keep-alive.
    func watch() async {
        var sinceHeartbeat: TimeInterval = 0
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(Limits.serveRefreshInterval * 1_000_000_000))
            await refreshNow()
            sinceHeartbeat += Limits.serveRefreshInterval
            if sinceHeartbeat >= Limits.serveHeartbeatInterval {
                sinceHeartbeat = 0
                await events.heartbeat()
            }
        }
    }

    /// Refreshes the workspace; publishes `change` when the session changed, `problem`
    /// when it cannot be read (once per distinct problem).
    func refreshNow() async {
        let before = await live.generation
        do {
            let change = try await live.refresh()
            let after = await live.generation
            if refreshProblem != nil {
                refreshProblem = nil
                await events.publish(event: "problem", data: Self.encode(ProblemEvent(problem: nil)))
            }
            guard after != before else { return }
            await events.publish(event: "change", data: Self.encode(
                ChangeEvent(generation: after, files: change.files, structure: change.structure)))
        } catch {
            let message = error.description
            guard message != refreshProblem else { return }
            refreshProblem = message
            await events.publish(event: "problem", data: Self.encode(ProblemEvent(problem: message)))
        }
    }

    struct ChangeEvent: Codable, Sendable {
        var generation: Int
        var files: [String]
        var structure: Bool
    }

    struct ProblemEvent: Codable, Sendable {
        var problem: String?
    }

    /// One line of JSON (an event's `data:` must not contain a line break).
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
