import Testing
@testable import WPLSP

@Suite("Byte offsets ↔ LSP positions")
struct TextPositionsTests {
    // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units; "—" is 3 bytes and 1 unit.
    static let text = Array("id: T1\r\nété — 😀x\nlast".utf8)

    @Test("UTF-16 positions count code units; UTF-8 positions count bytes")
    func encodings() {
        let utf16 = TextPositions(Self.text, encoding: .utf16)
        let utf8 = TextPositions(Self.text, encoding: .utf8)
        let x = Self.text.firstIndex(of: UInt8(ascii: "x"))!
        #expect(utf16.position(ofOffset: x) == Position(line: 1, character: 8))
        #expect(utf8.position(ofOffset: x) == Position(line: 1, character: 14))
        #expect(utf16.offset(of: Position(line: 1, character: 8)) == x)
        #expect(utf8.offset(of: Position(line: 1, character: 14)) == x)
    }

    @Test("every character boundary round-trips in both encodings")
    func roundTrip() {
        let string = String(decoding: Self.text, as: UTF8.self)
        var boundaries: [Int] = []
        var offset = 0
        for character in string.unicodeScalars {
            boundaries.append(offset)
            offset += String(character).utf8.count
        }
        boundaries.append(offset)
        for encoding in [PositionEncoding.utf8, .utf16] {
            let positions = TextPositions(Self.text, encoding: encoding)
            for boundary in boundaries where !(boundary > 0 && Self.text[boundary - 1] == 13) {
                #expect(positions.offset(of: positions.position(ofOffset: boundary)) == boundary, "\(encoding) \(boundary)")
            }
        }
    }

    @Test("positions past a line's end mean its end (before \\r\\n); past the last line, the text's end")
    func clamping() {
        let positions = TextPositions(Self.text, encoding: .utf16)
        #expect(positions.offset(of: Position(line: 0, character: 99)) == 6)
        #expect(positions.offset(of: Position(line: 9, character: 0)) == Self.text.count)
        #expect(positions.offset(of: Position(line: -1, character: 5)) == 0)
        #expect(positions.offset(of: Position(line: 2, character: -4)) == Self.text.count - 4)
    }

    @Test("a UTF-8 position inside a multi-byte character moves to its start")
    func insideACharacter() {
        let positions = TextPositions(Self.text, encoding: .utf8)
        let start = Self.text.firstIndex(of: 0xF0)!
        #expect(positions.offset(of: Position(line: 1, character: start - 8 + 2)) == start)
    }

    @Test("UTF-8 is chosen when the client offers it, else UTF-16")
    func negotiation() {
        #expect(PositionEncoding.negotiate(offered: ["utf-16", "utf-8"]) == .utf8)
        #expect(PositionEncoding.negotiate(offered: ["utf-32"]) == .utf16)
        #expect(PositionEncoding.negotiate(offered: nil) == .utf16)
    }
}
