import Foundation
import Testing
@testable import WorkplanKit

/// A repo in a temp dir for edit tests: `.wp.yaml`, workplan files, and the
/// workspace as `wp` would load it.
struct EditRepo {
    let directory: TemporaryDirectory
    static let today: String = "2026-06-01"

    init(config: String = "repo: gold\n", files: [String: [UInt8]]) throws {
        directory = try TemporaryDirectory("wp-edit")
        try directory.write(".wp.yaml", config)
        for (path, bytes) in files { try directory.write(path, bytes: bytes) }
    }

    init(config: String = "repo: gold\n", texts: [String: String]) throws {
        try self.init(config: config, files: texts.mapValues { Array($0.utf8) })
    }

    var root: String { directory.path }

    func load() throws -> Workspace {
        try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute(".cache")).load(from: root)
    }

    func editor() throws -> WorkplanEditor {
        WorkspaceSession(try load(), today: Self.today).editor
    }

    func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.url(relative)))
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try bytes(relative), as: UTF8.self)
    }

    /// Errors `wp lint` reports for this repo, run through the engine as `wp lint` runs it.
    func lintErrors() throws -> [Diagnostic] {
        let workspace = try load()
        let engine = try LintEngine(config: workspace.config)
        return engine.run(LintContext(analysis: WorkspaceSession(workspace).analysis)).diagnostics.filter { $0.severity == .error }
    }

    /// Every entry of a directory, sorted.
    func entries(_ relative: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.absolute(relative)).sorted()
    }
}

/// Compares `bytes` with `Snapshots/editing/<name>` byte for byte (see ``assertSnapshot(bytes:named:in:filePath:sourceLocation:)``).
func assertEditSnapshot(_ bytes: [UInt8], named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    assertSnapshot(bytes: bytes, named: name, in: "../Snapshots/editing", sourceLocation: sourceLocation)
}

/// The lines a change removed and added, by a plain LCS over whole lines
/// (split on LF, a CR stays on its line) — independent of the library's diff.
func changedLines(_ before: [UInt8], _ after: [UInt8]) -> (removed: [String], added: [String]) {
    // Split the bytes, not a String: Swift reads CRLF as one Character, which a split on "\n" would not find.
    func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
    let a = lines(before)
    let b = lines(after)
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
    }
    var removed: [String] = []
    var added: [String] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] {
            i += 1
            j += 1
        } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
            added.append(b[j])
            j += 1
        } else {
            removed.append(a[i])
            i += 1
        }
    }
    return (removed, added)
}

/// The length of a longest common subsequence, for checking the library's diff is minimal.
func lcsLength<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return 0 }
    var previous = [Int](repeating: 0, count: b.count + 1)
    for x in a {
        var current = [Int](repeating: 0, count: b.count + 1)
        for (index, y) in b.enumerated() {
            current[index + 1] = x == y ? previous[index] + 1 : max(previous[index + 1], current[index])
        }
        previous = current
    }
    return previous[b.count]
}

/// The golden workspace: two workplans, every value style, lint-clean.
enum GoldFixture {
    static let main = """
        ---
        id: GOLD-WP-0001
        type: workplan
        title: "Golden edits"   # the title
        repo: gold
        status: active
        owner: 'platform team'
        created: "2026-05-01"
        updated: "2026-05-02"
        planning_order: 3
        depends_on:
          - GOLD-WP-0002
        custom_key: kept as written
        ---

        # Golden edits

        ## Tasks

        ### T01 — Plain values

        ```task
        id: GOLD-WP-0001-T01
        status: todo   # moved by wp start
        priority: medium
        # a comment inside the block
        state_hub_task_id: "49aa"
        ```

        **Done when:** it works.

        ### T02 — Quoted values and a flow list

        ```task
        id: "GOLD-WP-0001-T02"
        status: "in_progress"
        priority: 'low'
        owner: "ops"
        depends_on: [GOLD-WP-0001-T01, "GOLD-WP-0002-T01"]
        ```

        ### T03 — A block list

        ```task
        id: GOLD-WP-0001-T03
        status: todo
        depends_on:
          - GOLD-WP-0001-T01   # first
          - GOLD-WP-0001-T02
        extra:
          nested: value
        ```

        ### T04 — Done

        ```task
        id: GOLD-WP-0001-T04
        status: done
        evidence: |
          line one
          line two
        ```

        ## Decisions

        ```decision
        id: D-01
        title: Which chart
        status: pending   # waiting for ops
        blocks: [T03]
        ```

        **Decision D-02 — prose form** (pending; required before T03)

        We have to choose.

        """

    static let other = """
        ---
        id: GOLD-WP-0002
        title: Other
        status: finished
        ---

        ## Tasks

        ```task
        id: GOLD-WP-0002-T01
        status: done
        ```

        """

    static let mainPath = "workplans/GOLD-WP-0001-golden-edits.md"
    static let otherPath = "workplans/GOLD-WP-0002-other.md"

    static func repo(main: String = main, config: String = "repo: gold\n") throws -> EditRepo {
        try EditRepo(config: config, texts: [mainPath: main, otherPath: other])
    }
}
