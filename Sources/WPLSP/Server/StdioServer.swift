import Dispatch
import Foundation
import WorkplanKit

/// Runs a ``LanguageServer`` over standard input and output: messages are read and handled one
/// at a time (the next is not read before the last is handled, so a client that floods the
/// server fills the pipe, not wp's memory); answers and notifications go to standard output.
public enum StdioServer {
    /// Serves until the client sends `exit` or closes standard input; returns the exit code
    /// (0 when `shutdown` came first, as the protocol asks; else 1).
    public static func run(_ configuration: LanguageServer.Configuration) -> Int32 {
        // A client that goes away must end wp by end of input, not by a signal mid-write.
        signal(SIGPIPE, SIG_IGN)
        let server = LanguageServer(configuration: configuration, writer: MessageWriter(descriptor: STDOUT_FILENO))
        var reader = MessageReader()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return waitFor { await server.endOfInput() } }
            for frame in reader.feed(buffer[0..<count]) {
                if let code = waitFor({ () async -> Int32? in
                    await server.handle(frame)
                    return await server.exitCode
                }) {
                    return code
                }
            }
        }
    }

    /// Runs `work` on the concurrency pool and blocks this (non-pool) thread until it is done.
    private static func waitFor<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Carries a result from a task to the thread waiting on the semaphore that orders the two.
private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
}
