import Dispatch
import Foundation
import MCP
import WorkplanKit

/// How `wp mcp` runs.
public struct MCPServerOptions: Sendable {
    /// The workspace to serve (`-C`, `--offline`).
    public var session: WorkspaceSession.Options
    /// Offer no edit tools (`--read-only`).
    public var readOnly: Bool
    /// How often to look for files changed on disk, to notify the client.
    public var watchInterval: Duration

    public init(session: WorkspaceSession.Options, readOnly: Bool = false,
                watchInterval: Duration = .milliseconds(Int(Limits.mcpWatchInterval * 1000))) {
        self.session = session
        self.readOnly = readOnly
        self.watchInterval = watchInterval
    }
}

/// `wp mcp`: a Model Context Protocol server over standard input and output, on the
/// official Swift SDK. Tools and resources are thin adapters over the views and edits
/// the CLI uses, run against one ``LiveWorkspace``.
public enum MCPServer {
    /// Serves until standard input closes; throws only when the workspace cannot be read at all.
    ///
    /// - Parameter log: where wp's own messages go (standard error): standard output carries the protocol.
    public static func serve(_ options: MCPServerOptions, log: @escaping @Sendable (String) -> Void) async throws {
        let live = try LiveWorkspace(options: options.session)
        let problems = await live.readCurrent { $0.loadProblems.map(\.description) }
        problems.forEach(log)
        let root = await live.readCurrent { $0.workspace.root }
        let catalog = ToolCatalog(readOnly: options.readOnly)
        let server = Server(
            name: "wp", version: WorkplanKitVersion.current, title: "wp: markdown workplans",
            instructions: instructions(readOnly: options.readOnly),
            capabilities: .init(resources: .init(subscribe: true, listChanged: true), tools: .init(listChanged: false)))
        let inFlight = InFlightRequests()
        let watcher = ChangeWatcher(live: live, server: server, interval: options.watchInterval)

        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: catalog.tools.map(\.tool))
        }
        await server.withMethodHandler(CallTool.self) { params in
            try await inFlight.run { try await call(params, catalog: catalog, live: live) }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            try await inFlight.run {
                ListResources.Result(resources: try await live.read { WorkplanResources.list($0) })
            }
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: WorkplanResources.templates)
        }
        await server.withMethodHandler(ReadResource.self) { params in
            try await inFlight.run {
                let uri = params.uri
                let content = try await live.read { session in try WorkplanResources.read(uri, session: session) }
                guard let content else {
                    throw MCPError.serverError(code: -32002, message: "no resource '\(uri.terminalSafe)'; resources/list names them")
                }
                return ReadResource.Result(contents: [content])
            }
        }
        await server.withMethodHandler(ResourceSubscribe.self) { params in
            await watcher.subscribe(params.uri)
            return Empty()
        }
        await server.withMethodHandler(ResourceUnsubscribe.self) { params in
            await watcher.unsubscribe(params.uri)
            return Empty()
        }
        // Notifications only once the client said it is ready for them.
        await server.onNotification(InitializedNotification.self) { _ in
            await watcher.start()
        }

        log("wp mcp: serving \(root.terminalSafePath) over stdio\(options.readOnly ? " (read-only)" : "")")
        try await server.start(transport: StdioLineTransport())
        await server.waitUntilCompleted()
        // Standard input closed: answer what was asked before it did, then stop.
        await inFlight.drain()
        await watcher.stop()
    }

    /// Runs ``serve(_:log:)`` to the end from synchronous code (a `ParsableCommand`); returns
    /// the error it ended with, if any.
    public static func runBlocking(_ options: MCPServerOptions, log: @escaping @Sendable (String) -> Void) -> (any Error)? {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task.detached {
            do {
                try await serve(options, log: log)
            } catch {
                outcome.set(error)
            }
            done.signal()
        }
        done.wait()
        return outcome.error
    }

    /// One tool call: checked arguments, then the tool, against the refreshed workspace.
    static func call(_ params: CallTool.Parameters, catalog: ToolCatalog, live: LiveWorkspace) async throws -> CallTool.Result {
        guard let spec = catalog.tool(named: params.name) else {
            if catalog.withheld.contains(params.name) {
                throw MCPError.invalidParams("'\(params.name.terminalSafe)' edits workplans, and wp mcp runs with --read-only: it offers no edits")
            }
            throw MCPError.invalidParams(
                "unknown tool '\(params.name.terminalSafe)'; wp mcp offers: \(catalog.tools.map(\.name).joined(separator: ", "))")
        }
        let arguments: ToolArguments
        do {
            arguments = try ToolArguments.read(params.arguments, tool: spec.name, parameters: spec.parameters)
        } catch {
            return error.outcome.result
        }
        do {
            let outcome = try await live.read { session in
                do throws(ToolFailure) {
                    return try spec.run(arguments, session)
                } catch {
                    return error.outcome
                }
            }
            return outcome.result
        } catch {
            // The workspace could not be read again (an unusable .wp.yaml, say).
            return ToolFailure(kind: .failed, message: "\(error)").outcome.result
        }
    }

    static func instructions(readOnly: Bool) -> String {
        """
        wp reads markdown workplans (YAML front matter, ```task and ```decision blocks) across this repo and its peers. \
        Ask `status`, `ready`, `show`, `impact`, `lint`, `gate_check` and `graph` instead of reading the files; \
        \(readOnly ? "this server is read-only." : "change workplans only with `start`, `done` (with evidence), `block`, `resolve`, `set`, `new_task` and `new_workplan`: each is checked against the lifecycle, the schema and lint, changes only the bytes it must, and returns its diff; try `dry_run` first when unsure. A refusal is a tool error saying what to fix.") \
        Every workplan's markdown is the resource wp://REPO/ID.
        """
    }
}

/// The error ``MCPServer/runBlocking(_:log:)`` hands back from its task.
private final class Outcome: @unchecked Sendable {
    // Written once by the task before it signals, read after the wait: the semaphore orders them.
    private(set) var error: (any Error)?
    func set(_ error: any Error) { self.error = error }
}

/// Counts requests being answered, so that the server stops only after answering them.
actor InFlightRequests {
    private var count = 0

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        count += 1
        defer { count -= 1 }
        return try await body()
    }

    func drain() async {
        while count > 0 { try? await Task.sleep(for: .milliseconds(10)) }
        // The SDK writes a response after its handler returns.
        try? await Task.sleep(for: .milliseconds(50))
    }
}
