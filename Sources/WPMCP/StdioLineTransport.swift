import Foundation
import Logging
import MCP
import WorkplanKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MCP's stdio transport: one JSON-RPC message per line on standard input and output.
///
/// The SDK's `StdioTransport` buffers a line however long it grows and polls a
/// non-blocking descriptor every 10 ms. This one reads standard input on its own
/// thread with blocking reads (no polling while idle), keeps at most
/// ``Limits/mcpMessageBytes`` of one line, and answers a longer one with a
/// JSON-RPC error (id null: its id was never read) instead of growing without
/// bound; the server goes on with the next line. A line that is not JSON is answered
/// here too (-32700, id null, as JSON-RPC 2.0 requires; the SDK would make up an id).
actor StdioLineTransport: Transport {
    nonisolated let logger: Logger
    private let input: Int32
    private let output: Int32
    private let maximumMessageBytes: Int
    private let messages: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private var isConnected = false

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, maximumMessageBytes: Int = Limits.mcpMessageBytes) {
        self.input = input
        self.output = output
        self.maximumMessageBytes = maximumMessageBytes
        logger = Logger(label: "wp.mcp.stdio", factory: { _ in SwiftLogNoOpLogHandler() })
        (messages, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    func connect() async throws {
        guard !isConnected else { return }
        isConnected = true
        let reader = LineReader(
            descriptor: input, maximumLineBytes: maximumMessageBytes, continuation: continuation,
            reject: { [weak self] rejection in
                Task { await self?.reject(rejection) }
            })
        // A thread of its own: a blocking read on the concurrency pool would hold one of its few threads.
        let thread = Thread { reader.run() }
        thread.name = "wp-mcp-stdin"
        thread.start()
    }

    func disconnect() async {
        isConnected = false
        continuation.finish()
    }

    func send(_ data: Data) async throws {
        do {
            try OutputWriter.write(String(decoding: data, as: UTF8.self) + "\n", to: output, name: "standard output")
        } catch {
            throw MCPError.connectionClosed
        }
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> { messages }

    /// The answer to a line the SDK never sees, with a null id: its id was never read.
    private func reject(_ rejection: LineRejection) async {
        let (code, message) = switch rejection {
        case .oversized:
            (-32600, "a message is at most \(maximumMessageBytes) bytes (one JSON-RPC message per line); this one was skipped")
        case .notJSON:
            (-32700, "parse error: a message is one JSON-RPC object on one line; this line is not JSON")
        }
        let response = #"{"error":{"code":\#(code),"message":"\#(message)"},"id":null,"jsonrpc":"2.0"}"#
        try? await send(Data(response.utf8))
    }
}

/// Why a line was answered by the transport itself.
enum LineRejection: Sendable {
    case oversized
    case notJSON
}

/// Splits standard input into lines, on the reading thread.
private struct LineReader: Sendable {
    let descriptor: Int32
    let maximumLineBytes: Int
    let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    let reject: @Sendable (LineRejection) -> Void

    func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var line: [UInt8] = []
        var skipping = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                if skipping {
                    // The end of a line already answered as too long.
                } else if line.count + (index - start) > maximumLineBytes {
                    reject(.oversized)
                } else {
                    line.append(contentsOf: buffer[start..<index])
                    deliver(line)
                }
                line.removeAll(keepingCapacity: true)
                skipping = false
                start = index + 1
            }
            guard !skipping else { continue }
            line.append(contentsOf: buffer[start..<count])
            if line.count > maximumLineBytes {
                skipping = true
                line = []
                reject(.oversized)
            }
        }
        if !skipping { deliver(line) }
        continuation.finish()
    }

    private func deliver(_ line: [UInt8]) {
        var end = line.count
        if end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard line[..<end].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
        let message = Data(line[..<end])
        // Parsed twice (here and by the SDK): bounded by the line limit, and only a
        // message that parses gets an answer with its own id.
        guard (try? JSONSerialization.jsonObject(with: message, options: [.fragmentsAllowed])) != nil else {
            reject(.notJSON)
            return
        }
        continuation.yield(message)
    }
}
