import Foundation
import Testing

/// Every bound wp enforces is a constant in Limits.swift and a row of docs/security.md's
/// "Limits" table, with the same value: a limit added, renamed or changed in code without the
/// page (or the other way round) fails here. Both files are parsed as text.
@Suite("docs/security.md lists every limit")
struct LimitsDocumentationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `name → value as written` for every `public static let` of `enum Limits`.
    static func constants() throws -> [String: String] {
        let source = try String(contentsOf: packageRoot.appendingPathComponent("Sources/WorkplanKit/Support/Limits.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"^\s*public static let (\w+)(?:\s*:\s*\w+)?\s*=\s*(.+?)\s*$"#, options: [.anchorsMatchLines])
        var found: [String: String] = [:]
        for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            found[String(source[Range(match.range(at: 1), in: source)!])] = String(source[Range(match.range(at: 2), in: source)!])
        }
        return found
    }

    /// `name → value cell` for every row of the table under `## Limits`.
    static func documented() throws -> [String: String] {
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/security.md"), encoding: .utf8)
        let start = try #require(page.range(of: "\n## Limits\n"), "docs/security.md has no \"## Limits\" section")
        let section = page[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        var rows: [String: String] = [:]
        for line in section[..<end].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            rows[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[2]
        }
        return rows
    }

    @Test("every constant in Limits.swift has a row in docs/security.md, with its value as the code writes it")
    func everyLimitIsDocumented() throws {
        let constants = try Self.constants()
        let rows = try Self.documented()
        #expect(constants.count >= 30, "Limits.swift was not parsed: \(constants.keys.sorted())")
        for (name, value) in constants.sorted(by: { $0.key < $1.key }) {
            guard let cell = rows[name] else {
                Issue.record("Limits.\(name) (= \(value)) is missing from the Limits table of docs/security.md")
                continue
            }
            #expect(cell.hasPrefix("`\(value)`"), "Limits.\(name) is \(value) in the code, the page says \(cell)")
        }
        for name in rows.keys.sorted() where constants[name] == nil {
            Issue.record("docs/security.md documents `\(name)`, which Limits.swift does not define")
        }
    }
}
