import Foundation
import Testing
@testable import WorkplanKit

/// A sibling of issue 10, item 11 (per-item rescans): the schema's `uniqueItems` compared each
/// item with every earlier one, so a list of 100,000 ids (within the YAML node budget) took
/// minutes. Items are now compared only within equal hashes; the hash must agree with the
/// equality JSON Schema uses. The run of the real binary is in wpTests' HostileParsingTests.
@Suite("Schema uniqueItems without rescans")
struct SchemaRescanTests {
    static func hash(_ value: JSONValue) -> Int {
        var hasher = Hasher()
        SchemaValidator.hashJSON(value, into: &hasher)
        return hasher.finalize()
    }

    @Test("values JSON Schema calls equal hash alike: 1 and 1.0, members in any order, nested")
    func hashAgreesWithEquality() {
        let pairs: [(JSONValue, JSONValue)] = [
            (.int(1), .double(1.0)),
            (.double(-0.0), .int(0)),
            (.object(["a": .int(1), "b": .array([.string("x"), .double(2)])]), .object(["b": .array([.string("x"), .int(2)]), "a": .double(1)])),
            (.array([.object([:]), .null]), .array([.object([:]), .null])),
        ]
        for (left, right) in pairs {
            #expect(SchemaValidator.sameJSON(left, right))
            #expect(Self.hash(left) == Self.hash(right), "\(left) \(right)")
        }
        #expect(!SchemaValidator.sameJSON(.string("1"), .int(1)))
        #expect(!SchemaValidator.sameJSON(.array([.int(1), .int(2)]), .array([.int(2), .int(1)])))
    }

    @Test("every repeat of a long list is found, at its position, and only the repeats")
    func repeatsInALongList() throws {
        let schema = try JSONSchema(json: #"{"type": "array", "items": {"type": "string"}, "uniqueItems": true}"#)
        let location = WorkplanKit.SourceLocation(path: "l.yaml", line: 1, column: 1)
        func scalar(_ text: String, _ column: Int) -> YAMLValue {
            .scalar(YAMLValue.Scalar(text: text, kind: .string, style: .plain,
                                     location: WorkplanKit.SourceLocation(path: "l.yaml", line: 1, column: column)))
        }
        var items = (0..<50_000).map { scalar("ID-\($0)", $0 + 1) }
        items.append(scalar("ID-7", 50_001))
        items.append(scalar("ID-49999", 50_002))
        items.append(scalar("ID-7", 50_003))
        let violations = schema.validate(.sequence(items, location))
        #expect(violations.map(\.location.column) == [50_001, 50_002, 50_003])
        #expect(violations.map(\.keyword) == ["uniqueItems", "uniqueItems", "uniqueItems"])
        #expect(violations.first?.message.contains("lists 'ID-7' more than once") == true)
    }
}
