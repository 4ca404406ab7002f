import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10 follow-up d, and a sibling of item 2: YAML nested near libyaml's own limit
/// (about 1,000 levels) crashed the recursive walks on small stacks, and aliases of nested
/// lists reach any depth in a few kilobytes (8 aliases of 900-deep lists: SIGSEGV on the main
/// stack). The node budget held per document only, so 100 task blocks of 90,000 nodes each
/// (22 KB) took 63 s and 833 MB. The end-to-end runs are in wpTests' DeepYAMLTests.
@Suite("Security: YAML nesting and alias expansion per byte")
struct YAMLNestingTests {
    static func parse(_ text: String) -> ParsedFile {
        WorkplanParser(repo: "r").parse(path: "n.md", bytes: Array(text.utf8))
    }

    /// Front matter whose `x:` holds `levels` nested lists: the root mapping is one more level.
    static func frontMatter(nestedLists levels: Int) -> String {
        "---\nid: NEST-WP-0001\ntitle: N\nstatus: active\nx: " + String(repeating: "[", count: levels) + "1"
            + String(repeating: "]", count: levels) + "\n---\n"
    }

    @Test("nesting at the limit loads; one level more is refused at the list that passes it, with file:line:col")
    func nestingAtTheLimit() throws {
        let limit = Limits.yamlNestingDepth
        let fits = Self.parse(Self.frontMatter(nestedLists: limit - 1))
        #expect(fits.diagnostics.isEmpty, "\(fits.diagnostics)")
        #expect(fits.workplan?.frontMatter?["x"] != nil)

        let deeper = Self.parse(Self.frontMatter(nestedLists: limit))
        #expect(deeper.workplan == nil)
        let problem = try #require(deeper.diagnostics.first)
        #expect(deeper.diagnostics.map(\.rule) == ["yaml-syntax"])
        // "x: " then `limit - 1` brackets fit: the next one, at column 4 + limit - 1, does not.
        #expect(problem.location == WorkplanKit.SourceLocation(path: "n.md", line: 5, column: 3 + limit))
        #expect(problem.message.contains("nest more than \(limit) levels deep"), "\(problem.message)")
    }

    @Test("an alias counts the levels of what it repeats: nested aliases of nested lists are refused at the alias")
    func aliasesCountTheirLevels() throws {
        // 40 levels anchored (41 with the root mapping), then an alias inside 23 more lists: 64 fit, 24 do not.
        func document(_ around: Int) -> String {
            "---\nid: NEST-WP-0001\ntitle: N\nstatus: active\na: &a " + String(repeating: "[", count: 40) + "1"
                + String(repeating: "]", count: 40) + "\nb: " + String(repeating: "[", count: around) + "*a"
                + String(repeating: "]", count: around) + "\n---\n"
        }
        #expect(Self.parse(document(23)).diagnostics.isEmpty)
        let refused = Self.parse(document(24))
        #expect(refused.diagnostics.map(\.rule) == ["yaml-syntax"])
        #expect(refused.diagnostics.first?.location == WorkplanKit.SourceLocation(path: "n.md", line: 6, column: 4 + 24))

        // The payload that crashed: eight 900-deep lists, each holding an alias of the one before.
        var lines = ["a0: &a0 " + String(repeating: "[", count: 900) + "1" + String(repeating: "]", count: 900)]
        for level in 1..<8 {
            lines.append("a\(level): &a\(level) " + String(repeating: "[", count: 900) + "*a\(level - 1)" + String(repeating: "]", count: 900))
        }
        let crashed = Self.parse("---\nid: NEST-WP-0001\ntitle: N\nstatus: active\n" + lines.joined(separator: "\n") + "\n---\n")
        #expect(crashed.diagnostics.map(\.rule) == ["yaml-syntax"])
    }

    @Test(".wp.yaml nested past the limit stops the load with its position")
    func nestedConfig() throws {
        let text = "repo: a\nx: " + String(repeating: "{k: ", count: Limits.yamlNestingDepth) + "1" + String(repeating: "}", count: Limits.yamlNestingDepth) + "\n"
        do {
            _ = try WorkspaceConfig.parse(bytes: Array(text.utf8), path: ".wp.yaml", defaultRepo: "d")
            Issue.record("nesting past the limit must not load")
        } catch {
            #expect(error.location?.line == 2, "\(error)")
            #expect(error.message.contains("nest more than \(Limits.yamlNestingDepth) levels deep"), "\(error.message)")
        }
    }

    @Test("aliases may add Limits.yamlAliasNodesPerByte nodes per byte of the text: the largest such document loads, one alias more does not")
    func aliasNodesPerByte() throws {
        // `a` holds 31 scalars (32 nodes); each `*a, ` costs 4 bytes and adds 32 nodes.
        let anchored = "a: &a [" + Array(repeating: "1", count: 31).joined(separator: ",") + "]\n"
        func document(_ aliases: Int) -> String {
            anchored + "b: [" + Array(repeating: "*a", count: aliases).joined(separator: ", ") + "]\n"
        }
        func fits(_ aliases: Int) -> Bool { aliases * 32 <= Limits.yamlAliasNodesPerByte * document(aliases).utf8.count }
        var largest = 1
        while fits(largest + 1) { largest += 1 }
        let loader = YAMLLoader(path: "x.yaml", firstLine: 1, columnOffset: 0)
        #expect(try loader.load(document(largest)).get()?["b"]?.items?.count == largest)
        guard case .failure(.aliasHeavy(let location)) = loader.load(document(largest + 1)) else {
            Issue.record("\(largest + 1) aliases of 32 nodes in \(document(largest + 1).utf8.count) bytes must be refused")
            return
        }
        #expect(location.line == 2)

        // In a workplan: every block is refused on its own, and the message says what to do.
        let block = "```task\nid: NEST-WP-0001-T01\nstatus: todo\n" + document(largest * 4) + "```\n"
        let parsed = Self.parse("---\nid: NEST-WP-0001\ntitle: N\nstatus: active\n---\n\n" + block)
        #expect(parsed.diagnostics.map(\.rule) == ["yaml-too-large"])
        #expect(parsed.diagnostics.first?.message.contains("repeats more through aliases than its size allows") == true)
    }
}
