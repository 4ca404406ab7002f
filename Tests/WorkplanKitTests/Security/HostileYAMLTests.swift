import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10, items 2 and 15: YAML that escaped the node budget through a mapping key
/// (`? [&k0 […], &k1 [*k0, …]] : v`: 376 bytes took 16.5 s and 1.9 GB, 419 bytes never
/// finished), and a duplicate key hidden behind a tag (`!x status:`), where the first
/// value silently won. The end-to-end runs under a memory limit are in wpTests' HostileParsingTests.
@Suite("Hostile YAML")
struct HostileYAMLTests {
    static func load(_ text: String, firstLine: Int = 1) -> Result<YAMLValue?, YAMLLoader.Failure> {
        YAMLLoader(path: "x.yaml", firstLine: firstLine, columnOffset: 0).load(text)
    }

    static func message(_ result: Result<YAMLValue?, YAMLLoader.Failure>) -> (String, WorkplanKit.SourceLocation)? {
        if case .failure(.syntax(let message, let location)) = result { return (message, location) }
        return nil
    }

    /// The attack: `levels` anchors of `width` copies of the one before, inside one key.
    static func aliasBombKey(levels: Int, width: Int = 8) -> String {
        var anchors = ["&k0 [" + Array(repeating: "x", count: width).joined(separator: ",") + "]"]
        for level in 1..<levels {
            anchors.append("&k\(level) [" + Array(repeating: "*k\(level - 1)", count: width).joined(separator: ",") + "]")
        }
        return "? [" + anchors.joined(separator: ", ") + "]\n: v\n"
    }

    @Test("alias bomb inside a mapping key: refused at the key before anything expands, hashes or prints it",
          arguments: [4, 9, 30])
    func aliasBombInsideAMappingKey(levels: Int) throws {
        // 30 levels of 8 is 8^30 nodes: only a refusal before expansion ends at all.
        let result = Self.load("id: X\n" + Self.aliasBombKey(levels: levels), firstLine: 10)
        let (message, location) = try #require(Self.message(result), "\(result)")
        #expect(message == "a mapping key must be a plain string, found a list; write the key as text")
        #expect(location == WorkplanKit.SourceLocation(path: "x.yaml", line: 11, column: 3))
    }

    @Test("a key that is a mapping, or an alias of a list, is refused too; an alias of a scalar is a fine key")
    func keyShapes() throws {
        let mapping = try #require(Self.message(Self.load("a: 1\n? {b: c}\n: d\n")))
        #expect(mapping.0.contains("found a mapping"))
        #expect(mapping.1 == WorkplanKit.SourceLocation(path: "x.yaml", line: 2, column: 3))
        let flow = try #require(Self.message(Self.load("outer: {[a, b]: c}\n")))
        #expect(flow.1 == WorkplanKit.SourceLocation(path: "x.yaml", line: 1, column: 9))
        let aliasOfList = try #require(Self.message(Self.load("list: &l [a, b]\n*l : c\n")))
        #expect(aliasOfList.0.contains("found a list"))
        #expect(aliasOfList.1 == WorkplanKit.SourceLocation(path: "x.yaml", line: 2, column: 1))
        let aliasOfScalar = try Self.load("name: &n status\n*n : done\n").get()
        #expect(aliasOfScalar?["status"]?.string == "done")
    }

    @Test("the node budget counts keys: a mapping of 49,999 entries fits, 50,000 (limit + 1 nodes) does not")
    func budgetCountsKeys() throws {
        // One mapping node plus a key and a value per entry.
        func mapping(_ entries: Int) -> String { (0..<entries).map { "k\($0): 0\n" }.joined() }
        #expect(1 + 2 * 49_999 == Limits.yamlNodeBudget - 1)
        #expect(try Self.load(mapping(49_999)).get()?.entries?.count == 49_999)
        guard case .failure(.tooLarge(let location)) = Self.load(mapping(50_000)) else {
            Issue.record("50,000 entries must be refused")
            return
        }
        // The key of the last entry is node 100,000 and its value node 100,001.
        #expect(location == WorkplanKit.SourceLocation(path: "x.yaml", line: 50_000, column: 9))
    }

    @Test("the node budget counts every alias as what it expands to")
    func budgetCountsAliases() throws {
        // `a` is a list of nine scalars: 10 nodes. Root, key `a`, the list, key `b`, its list: 14.
        func document(_ aliases: Int) -> String {
            "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [" + Array(repeating: "*a", count: aliases).joined(separator: ", ") + "]\n"
        }
        #expect(14 + 10 * 9_998 <= Limits.yamlNodeBudget && 14 + 10 * 9_999 > Limits.yamlNodeBudget)
        #expect(try Self.load(document(9_998)).get()?["b"]?.items?.count == 9_998)
        guard case .failure(.tooLarge(let location)) = Self.load(document(9_999)) else {
            Issue.record("9,999 aliases of 10 nodes must be refused")
            return
        }
        #expect(location.line == 2, "at the alias that passes the budget")
    }

    @Test("a duplicate key hidden behind a tag, an anchor, quotes or an alias is an error naming both positions",
          arguments: ["status: done\n!x status: todo\n", "status: done\n&s status: todo\n", "status: done\n\"status\": todo\n",
                      "status: done\n!!str status: todo\n", "&s status: done\n*s : todo\n", "status: done\nstatus: todo\n"])
    func duplicateKeyBehindATag(_ yaml: String) throws {
        let (message, location) = try #require(Self.message(Self.load("id: X\n" + yaml, firstLine: 20)))
        #expect(message.hasPrefix("duplicate key 'status' (first at line 21, column 1)"), "\(message)")
        #expect(location == WorkplanKit.SourceLocation(path: "x.yaml", line: 22, column: 1))
    }

    @Test("in a task block the duplicate makes the block unreadable: no value wins")
    func duplicateKeyInATaskBlock() throws {
        let text = "---\nid: DUP-WP-0001\ntitle: D\nstatus: active\n---\n\n```task\nid: DUP-WP-0001-T01\nstatus: done\n!x status: todo\n```\n"
        let parsed = WorkplanParser(repo: "r").parse(path: "d.md", bytes: Array(text.utf8))
        #expect(parsed.workplan?.tasks.isEmpty == true)
        #expect(parsed.diagnostics.map(\.rule) == ["yaml-syntax"])
        #expect(parsed.diagnostics.first?.location == WorkplanKit.SourceLocation(path: "d.md", line: 10, column: 1))
        #expect(parsed.diagnostics.first?.message.contains("(first at line 9, column 1)") == true)
    }

    @Test("in .wp.yaml a duplicate behind a tag stops the load with both positions")
    func duplicateKeyInConfig() throws {
        do {
            _ = try WorkspaceConfig.parse(bytes: Array("repo: a\n!x repo: b\n".utf8), path: ".wp.yaml", defaultRepo: "d")
            Issue.record("a duplicate `repo` must not load")
        } catch {
            #expect(error.location == WorkplanKit.SourceLocation(path: ".wp.yaml", line: 2, column: 1))
            #expect(error.message.contains("duplicate key 'repo' (first at line 1, column 1)"), "\(error.message)")
        }
    }

    @Test("a huge duplicate key is quoted cut short, so the message stays one line's worth")
    func longDuplicateKey() throws {
        let key = String(repeating: "k", count: 10_000)
        // Explicit keys (`? `): libyaml allows implicit ones only up to 1,024 characters.
        let (message, _) = try #require(Self.message(Self.load("? \(key)\n: 1\n? !x \(key)\n: 2\n")))
        #expect(message.hasPrefix("duplicate key '" + String(repeating: "k", count: Limits.keyPreviewLength) + "…'"))
        #expect(message.count < 300)
    }

    @Test("the pre-pass reads YAML with Yams' own libyaml: nesting past its limit (about 1,000) is refused, not recursed into")
    func sameLibYAMLAsYams() throws {
        // Debian's libyaml 0.2.5 has no nesting limit; Yams' copy does. If the C calls bound to
        // another libyaml this would load, and a deeper one could overflow Yams' recursive composer.
        func nested(_ depth: Int) -> String { "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n" }
        let refused = Self.message(Self.load(nested(2_000)))
        #expect(refused?.0.contains("Maximum nesting level reached") == true, "\(refused?.0 ?? "loaded")")
        let loaded = try Self.load(nested(900)).get()
        #expect(loaded != nil)
    }

    @Test("syntax errors read the same as before the pre-pass (Yams' wording)")
    func syntaxErrorsUnchanged() throws {
        let (message, location) = try #require(Self.message(Self.load("title: Broken: here\n")))
        #expect(message == "invalid YAML: mapping values are not allowed in this context")
        #expect(location == WorkplanKit.SourceLocation(path: "x.yaml", line: 1, column: 14))
        let (undefined, at) = try #require(Self.message(Self.load("a: *nowhere\n")))
        #expect(undefined == "invalid YAML: found undefined alias")
        #expect(at == WorkplanKit.SourceLocation(path: "x.yaml", line: 1, column: 4))
    }
}
