import Foundation
import Testing
@testable import WorkplanKit

/// What the fuzz harnesses (Fuzz/, docs/reliability.md) check, for the regression tests of
/// their findings: inputs are the minimized ones in `Fixtures/fuzz-findings/`.
enum FuzzFinding {
    static func input(_ name: String) throws -> [UInt8] {
        try Fixtures.bytes("fuzz-findings/\(name)")
    }

    /// Lines as wp numbers them, counted here without the library: a BOM is not counted;
    /// LF, CRLF and a lone CR end a line; columns count code points.
    static func lineLengths(_ bytes: [UInt8]) -> [Int] {
        var lengths: [Int] = []
        var current = 0
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 || byte == 13 {
                lengths.append(current)
                current = 0
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else if byte & 0xC0 != 0x80 {
                current += 1
            }
            index += 1
        }
        return lengths + [current]
    }

    /// Records an issue for every position `parsed` reports outside the file.
    static func expectPositionsInside(_ parsed: ParsedFile, bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let lengths = lineLengths(bytes)
        var locations = parsed.diagnostics.map { ($0.location, "diagnostic [\($0.rule)]") }
        var values: [YAMLValue] = []
        for gate in parsed.gates + (parsed.workplan?.gates ?? []) {
            locations.append((gate.location, "gate"))
            values.append(gate.fields)
        }
        if let workplan = parsed.workplan {
            locations.append((workplan.location, "workplan"))
            values += workplan.frontMatter.map { [$0] } ?? []
            locations += (workplan.dependsOn + workplan.proseReferences).map { ($0.location, "reference \($0.text)") }
            for task in workplan.tasks {
                locations.append((task.location, "task \(task.id)"))
                locations += task.dependsOn.map { ($0.location, "reference \($0.text)") }
                values.append(task.fields)
            }
            for decision in workplan.decisions {
                locations.append((decision.location, "decision \(decision.id)"))
                values += decision.fields.map { [$0] } ?? []
            }
        }
        while let value = values.popLast() {
            locations.append((value.location, "YAML node"))
            switch value {
            case .scalar: break
            case .sequence(let items, _): values += items
            case .mapping(let entries, _):
                locations += entries.map { ($0.keyLocation, "key \($0.key)") }
                values += entries.map(\.value)
            }
        }
        for (location, what) in locations {
            let inside = location.path == parsed.path && location.line >= 1 && location.line <= lengths.count
                && location.column >= 1 && location.column <= lengths[location.line - 1] + 1
            #expect(inside, "\(what) at \(location) lies outside the file (\(lengths.count) lines)", sourceLocation: sourceLocation)
        }
    }
}
