import Testing
@testable import WPLSP

@Suite("The base protocol's framing: messages split and joined, bounded")
struct MessageReaderTests {
    static func framed(_ body: String) -> [UInt8] { MessageReader.frame(Array(body.utf8)) }

    @Test("two messages in one read, and one message fed a byte at a time, come out whole and in order")
    func splitsAndJoins() {
        var reader = MessageReader()
        let frames = reader.feed(Self.framed(#"{"a":1}"#) + Self.framed(#"{"b":2}"#))
        #expect(frames == [.message(Array(#"{"a":1}"#.utf8)), .message(Array(#"{"b":2}"#.utf8))])

        var slow = MessageReader()
        var collected: [Frame] = []
        for byte in Self.framed(#"{"id":"é"}"#) { collected += slow.feed([byte]) }
        #expect(collected == [.message(Array(#"{"id":"é"}"#.utf8))])
        #expect(slow.buffered == 0)
    }

    @Test("a Content-Type header is allowed; bare line feeds end a header too")
    func headerVariants() {
        var reader = MessageReader()
        let bytes = Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}".utf8)
            + Array("Content-Length: 2\n\n[]".utf8)
        #expect(reader.feed(bytes) == [.message(Array("{}".utf8)), .message(Array("[]".utf8))])
    }

    @Test("a header without a usable Content-Length is reported and reading goes on after it")
    func badHeaders() {
        var reader = MessageReader()
        let frames = reader.feed(Array("Content-Type: x\r\n\r\nContent-Length: -3\r\n\r\nContent-Length: 99999999999999999999\r\n\r\n".utf8)
                                 + Self.framed("{}"))
        #expect(frames.count == 4)
        #expect(frames.prefix(3).allSatisfy { if case .badHeader = $0 { true } else { false } })
        #expect(frames.last == .message(Array("{}".utf8)))
    }

    @Test("a body over the limit is skipped as it arrives: the reader never holds it")
    func oversizedBody() {
        var reader = MessageReader(headerLimit: 64, bodyLimit: 100)
        #expect(reader.feed(Array("Content-Length: 1000\r\n\r\n".utf8)) == [.tooLarge(1000)])
        for _ in 0..<9 {
            #expect(reader.feed([UInt8](repeating: 32, count: 100)).isEmpty)
            #expect(reader.buffered == 0)
        }
        #expect(reader.feed([UInt8](repeating: 32, count: 100) + Self.framed("{}")) == [.message(Array("{}".utf8))])
    }

    @Test("a header that never ends is cut at the limit; the reader keeps at most a few bytes of it")
    func endlessHeader() {
        var reader = MessageReader(headerLimit: 64, bodyLimit: 100)
        var frames: [Frame] = []
        for _ in 0..<50 {
            frames += reader.feed([UInt8](repeating: UInt8(ascii: "a"), count: 50))
            #expect(reader.buffered <= 64 + 50)
        }
        #expect(frames.count == 1)
        frames = reader.feed(Array("\r\n\r\n".utf8) + Self.framed("{}"))
        #expect(frames == [.message(Array("{}".utf8))])
    }
}

@Suite("JSON-RPC messages read from bodies")
struct IncomingMessageTests {
    static func read(_ text: String) -> IncomingMessage { IncomingMessage(body: Array(text.utf8)) }

    @Test("requests, notifications and responses are told apart by id and method")
    func kinds() {
        #expect(Self.read(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#) == .request(id: .int(1), method: "shutdown", params: nil))
        #expect(Self.read(#"{"jsonrpc":"2.0","id":"a","method":"x","params":{"k":true}}"#)
                == .request(id: .string("a"), method: "x", params: .object(["k": .bool(true)])))
        #expect(Self.read(#"{"jsonrpc":"2.0","method":"exit"}"#) == .notification(method: "exit", params: nil))
        #expect(Self.read(#"{"jsonrpc":"2.0","id":3,"result":null}"#) == .response(id: .int(3)))
    }

    @Test("what is not a message is answered with the error JSON-RPC names", arguments: [
        (#"{"id":1,"#, ErrorCode.parseError),
        (#"[{"id":1,"method":"a"}]"#, ErrorCode.invalidRequest),
        (#"{"id":true,"method":"a"}"#, ErrorCode.invalidRequest),
        (#"{"id":1,"method":7}"#, ErrorCode.invalidRequest),
        (#"{"id":1}"#, ErrorCode.invalidRequest),
    ])
    func invalid(body: String, code: ErrorCode) {
        guard case .invalid(_, let found, _) = Self.read(body) else {
            Issue.record("\(body) was read as a message")
            return
        }
        #expect(found == code)
    }
}
