import Foundation
import Testing
import Yams
@testable import WorkplanKit

/// wp reads YAML in one pass over libyaml's events (``YAMLTreeBuilder`` behind
/// ``YAMLPrecheck``) instead of composing Yams' node tree and converting it. The
/// tree must be the one Yams' composer gives: these tests compose every snippet
/// with Yams here and compare it, node by node, with what wp's loader reads.
@Suite("YAML read from events equals Yams' composed tree")
struct YAMLTreeBuilderTests {
    static let handWritten: [String] = [
        "",
        "# only a comment\n",
        "---\n",
        "plain\n",
        "id: X-WP-0001\nstatus: todo\n",
        "a: 1\nb: 2.5\nc: true\nd: ~\ne: 2026-11-28\nf: 'quoted'\ng: \"double\"\nh: -3\ni: .5\nj: yes\nk: Null\n",
        "list: [a, 'b', \"c\", 1, [x, y], {k: v}]\n",
        "block:\n  - one\n  - two: 2\n    three: 3\n  -\n  - - nested\n",
        "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
        "base: &b {x: 1, y: [1, 2]}\nuse: *b\nagain: [*b, *b]\n",
        "name: &n field\n*n : value\nother: *n\n",
        "&k first: 1\nsecond: *k\n",
        "? complex\n: value\n",
        "tagged: !custom 5\nint: !!str 7\n",
        "émoji: \"✓ done\"\nkey with spaces: 'it''s'\n",
        "a:\n  b:\n    c:\n      d: [1, {e: f}]\n",
        "empty_list: []\nempty_map: {}\nnull_value:\n",
        "- &a 1\n- *a\n- [&l [x], *l]\n",
        "%YAML 1.1\n---\nkey: value\n...\n",
        "merge: &m {a: 1}\nchild:\n  <<: *m\n  b: 2\n",
    ]

    /// Every front matter and fenced YAML block of the shipped examples and the corpus fixtures.
    static func blocks() throws -> [(String, String)] {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var found: [(String, String)] = []
        for root in [repo.appendingPathComponent("examples"), Fixtures.corpus, repo.appendingPathComponent("workplans")] {
            guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walk where url.pathExtension == "md" {
                let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                var current: [String]?
                var isFrontMatter = false
                for (number, line) in lines.enumerated() {
                    if current == nil, number == 0, line == "---" {
                        current = []; isFrontMatter = true
                    } else if current == nil, ["```task", "```decision", "```gate"].contains(line) {
                        current = []; isFrontMatter = false
                    } else if let body = current, (isFrontMatter && line == "---") || (!isFrontMatter && line == "```") {
                        found.append(("\(url.lastPathComponent):\(number)", body.joined(separator: "\n") + "\n"))
                        current = nil
                    } else if current != nil {
                        current!.append(line)
                    }
                }
            }
        }
        return found
    }

    @Test("hand-written snippets: anchors, aliases as keys and values, styles, kinds, tags, nesting")
    func handWrittenSnippets() throws {
        for text in Self.handWritten {
            try expectSameTree(text, "\(text.debugDescription)")
        }
    }

    @Test("every YAML block of the examples, the corpus and this repo's roadmap")
    func realBlocks() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count > 60, "the scan found the blocks (\(blocks.count))")
        for (name, text) in blocks {
            try expectSameTree(text, name)
        }
    }

    @Test("a second document in one block is an error at its start, as Yams' composer refused it")
    func secondDocument() {
        let loader = YAMLLoader(path: "w.md", firstLine: 10, columnOffset: 0)
        guard case .failure(.syntax(let message, let location)) = loader.load("a: 1\n---\nb: 2\n") else {
            Issue.record("a second document must be refused")
            return
        }
        #expect(message.contains("a second document starts here"))
        #expect(location.line == 11 && location.column == 1)
        #expect(throws: (any Error).self) { try Yams.compose(yaml: "a: 1\n---\nb: 2\n") }
        // A document end marker with nothing after it is no second document.
        guard case .success(let value?) = loader.load("a: 1\n...\n") else {
            Issue.record("`...` at the end ends the one document")
            return
        }
        #expect(value.entries?.map(\.key) == ["a"])
    }

    private func expectSameTree(_ text: String, _ name: String) throws {
        // A file far longer than the snippet: positions past its end stay where libyaml puts
        // them (their clamping to the file has its own tests), as the reference has them.
        let loader = YAMLLoader(path: "f.md", firstLine: 3, columnOffset: 2, fileLineCount: 1_000_000)
        let expected = try Yams.compose(yaml: text, .basic, .default, .utf8).map { Self.reference($0) }
        switch loader.load(text) {
        case .success(let value):
            #expect(value == expected, "\(name)")
        case .failure(let failure):
            Issue.record("\(name): \(failure)")
        }
    }

    /// What wp's loader made of Yams' tree before it read events itself.
    private static func reference(_ node: Node) -> YAMLValue {
        func location(_ mark: Mark?) -> WorkplanKit.SourceLocation {
            WorkplanKit.SourceLocation(path: "f.md", line: 3 + (mark?.line ?? 1) - 1, column: (mark?.column ?? 1) + 2)
        }
        switch node {
        case .scalar(let scalar):
            let style: YAMLValue.Scalar.Style = switch scalar.style {
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            case .any, .plain: .plain
            }
            return .scalar(.init(text: scalar.string, kind: YAMLLoader.kind(of: scalar.string, style: style), style: style,
                                 location: location(scalar.mark)))
        case .sequence(let sequence):
            return .sequence(sequence.map(reference), location(sequence.mark))
        case .mapping(let mapping):
            return .mapping(mapping.map { key, value in
                YAMLValue.Entry(key: key.scalar?.string ?? "", keyLocation: location(key.mark), value: reference(value))
            }, location(mapping.mark))
        case .alias(let alias):
            return .scalar(.init(text: "*\(alias.anchor.rawValue)", kind: .string, style: .plain, location: location(alias.mark)))
        }
    }
}
