import Foundation

/// One message from the client, as JSON-RPC 2.0 defines them.
public enum IncomingMessage: Sendable, Equatable {
    case request(id: JSON, method: String, params: JSON?)
    case notification(method: String, params: JSON?)
    /// An answer to a request wp sent (`client/registerCapability`).
    case response(id: JSON)
    /// Not a message wp can act on: answered with this error (to `id`, or to null).
    case invalid(id: JSON?, code: ErrorCode, message: String)

    /// Reads one message body; never throws: what cannot be read is ``invalid(id:code:message:)``.
    public init(body: [UInt8]) {
        guard let value = try? JSONDecoder().decode(JSON.self, from: Data(body)) else {
            self = .invalid(id: nil, code: .parseError, message: "the message is not JSON")
            return
        }
        guard case .object(let members) = value else {
            self = .invalid(id: nil, code: .invalidRequest, message: "a message is a JSON object (batches are not used by LSP)")
            return
        }
        let id = members["id"]
        if let id, !Self.isValidID(id) {
            self = .invalid(id: nil, code: .invalidRequest, message: "id is a number or a string")
            return
        }
        guard let methodValue = members["method"] else {
            if let id, members["result"] != nil || members["error"] != nil {
                self = .response(id: id)
            } else {
                self = .invalid(id: id, code: .invalidRequest, message: "a request needs a method")
            }
            return
        }
        guard let method = methodValue.string else {
            self = .invalid(id: id, code: .invalidRequest, message: "method is a string")
            return
        }
        let params = members["params"]
        if let id {
            self = .request(id: id, method: method, params: params)
        } else {
            self = .notification(method: method, params: params)
        }
    }

    private static func isValidID(_ id: JSON) -> Bool {
        switch id {
        case .int, .string: true
        default: false
        }
    }
}

/// The bodies of messages wp sends.
public enum OutgoingMessage {
    public static func response(id: JSON, result: JSON) -> JSON {
        .object(["jsonrpc": .string("2.0"), "id": id, "result": result])
    }

    public static func error(id: JSON?, code: ErrorCode, message: String) -> JSON {
        .object(["jsonrpc": .string("2.0"), "id": id ?? .null,
                 "error": .object(["code": .int(code.rawValue), "message": .string(message)])])
    }

    public static func notification(method: String, params: JSON) -> JSON {
        .object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
    }

    public static func request(id: JSON, method: String, params: JSON) -> JSON {
        .object(["jsonrpc": .string("2.0"), "id": id, "method": .string(method), "params": params])
    }

    /// The framed bytes of `message`.
    public static func encode(_ message: JSON) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let body = (try? encoder.encode(message)).map { [UInt8]($0) } ?? Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"wp could not encode its answer"}}"#.utf8)
        return MessageReader.frame(body)
    }
}

/// Writes framed messages to a file descriptor, one whole message at a time: answers and
/// the debounced diagnostics are written from different tasks.
public final class MessageWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    /// Set when a write fails (the client went away): later writes are dropped.
    private var broken = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func send(_ message: JSON) {
        let bytes = OutgoingMessage.encode(message)
        lock.lock()
        defer { lock.unlock() }
        guard !broken else { return }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress, buffer.count)
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                broken = true
                return
            }
            written += result
        }
    }
}
