import Dispatch
import Foundation
import Hummingbird
import WorkplanKit

/// Runs `wp serve`: reads the workspace, binds, watches the files, answers until
/// SIGINT or SIGTERM.
public enum ServeServer {
    /// Why the server could not start (exit 2).
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Serves until a signal ends the run. `onListening` gets the URL once the socket is bound.
    public static func run(
        _ configuration: ServeConfiguration, onListening: @escaping @Sendable (String) -> Void,
        onProblems: @escaping @Sendable ([Diagnostic]) -> Void
    ) async throws {
        // SIGINT and SIGTERM end the server cleanly (exit 0), not by wp's handler that kills
        // its children and dies: watch them before the first child (git, dot) can start.
        ChildProcessGroups.leaveSignalsToCaller()
        let signals = SignalWatch([SIGINT, SIGTERM])
        defer { ChildProcessGroups.killRecordedGroups() }
        let state: ServeState
        do {
            state = try ServeState(configuration: configuration)
        } catch {
            throw StartError(description: error.description)
        }
        onProblems(await state.loadProblems())
        let router = ServeRouter.make(state)
        let host = configuration.host
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
                onListening("http://\(shownHost):\(port)/")
            })
        let watcher = Task { await state.watch() }
        let server = Task { try await app.run() }
        let outcome = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask { await signals.wait(); return nil }
            group.addTask { await server.result.map { _ in () } }
            let first = await group.next() ?? nil
            // The group ends only when both children have: the signal wait ends with
            // `stop()`, the server's once its task is cancelled (cancelling the child that
            // awaits it would not cancel it). Open event streams end first, so that
            // the server has no response left to wait for.
            signals.stop()
            watcher.cancel()
            await state.events.closeAll()
            server.cancel()
            return first
        }
        if case .failure(let error)? = outcome {
            throw StartError(description: "cannot serve on \(host):\(configuration.port): \(error)")
        }
    }
}

/// Waits for the first of some signals; while it watches, they do not end the process.
final class SignalWatch: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let stream: AsyncStream<Int32>
    private let continuation: AsyncStream<Int32>.Continuation
    // The sources are only touched at init and in `stop()`, both from the serving task.

    init(_ signals: [Int32]) {
        (stream, continuation) = AsyncStream<Int32>.makeStream()
        let continuation = continuation
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func wait() async {
        for await _ in stream { return }
    }

    func stop() {
        for source in sources { source.cancel() }
        continuation.finish()
    }
}
