import Foundation
import WorkplanKit

/// The open event streams (one per page): each gets every event published after it
/// subscribed, as server-sent-event text.
actor EventHub {
    private var streams: [UUID: AsyncStream<String>.Continuation] = [:]

    /// A new stream, or nil when ``Limits/serveEventStreams`` are open already.
    func subscribe() -> AsyncStream<String>? {
        guard streams.count < Limits.serveEventStreams else { return nil }
        let id = UUID()
        // A slow page gets the newest events: older ones say nothing the newest does not.
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        streams[id] = continuation
        return stream
    }

    var count: Int { streams.count }

    /// Sends `event` (`event: NAME` and one `data:` line of JSON) to every stream.
    func publish(event name: String, data: String) {
        broadcast("event: \(name)\ndata: \(data)\n\n")
    }

    /// A comment line: keeps proxies from closing a quiet stream, and makes a write
    /// to a closed page fail, which ends its stream.
    func heartbeat() {
        broadcast(": keep-alive\n\n")
    }

    /// Ends every stream (the server is shutting down).
    func closeAll() {
        for continuation in streams.values { continuation.finish() }
        streams.removeAll()
    }

    private func broadcast(_ text: String) {
        for continuation in streams.values { continuation.yield(text) }
    }

    private func remove(_ id: UUID) {
        streams[id] = nil
    }
}
