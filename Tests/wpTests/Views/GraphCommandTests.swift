import Foundation
import Testing

/// Issue 13, item 4: graphs people can read, end to end.
@Suite("wp graph: graphs people can read (end to end)")
struct GraphCommandTests {
    /// A chain A-T01 ← A-T02 ← A-T03 ← A-T04 ← A-T05; A-T01 done; a gate requiring A-T05 and the evidence
    /// A-T06 records; a gate that passes; a finished workplan B and a cancelled workplan C.
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wp-e2e-graph")
        try directory.write("apps/.wp.yaml", "repo: apps\n")
        var plan = ViewFixtures.plan("A-WP-0001", "active", [
            ("T01", "status: done"), ("T02", "status: todo\ndepends_on: [T01]"), ("T03", "status: todo\ndepends_on: [T02]"),
            ("T04", "status: todo\ndepends_on: [T03]"), ("T05", "status: todo\ndepends_on: [T04]"),
            ("T06", "status: todo\nevidence: restore-drill"),
        ])
        plan += """
            ```gate
            id: apps/launch
            requires:
              - A-WP-0001-T05
              - evidence: restore-drill
            ```

            ```gate
            id: apps/beta
            requires:
              - A-WP-0001-T01
            ```

            """
        try directory.write("apps/workplans/A-WP-0001.md", plan)
        try directory.write("apps/workplans/B-WP-0001.md", ViewFixtures.plan("B-WP-0001", "finished", [("T01", "status: done")]))
        try directory.write("apps/workplans/C-WP-0001.md", ViewFixtures.plan("C-WP-0001", "cancelled", [("T01", "status: todo")]))
        return directory
    }

    func graph(_ arguments: [String], in directory: TemporaryDirectory) throws -> RunResult {
        try wp(["graph", "--format", "dot"] + arguments, in: directory.absolute("apps"), cache: directory.absolute("cache"),
               environment: ["WP_TODAY": "2026-11-28"])
    }

    /// Node name → what it is, from DOT node lines: a task's or decision's id (its label's second
    /// line, `ID · status`), else the label's first line (a workplan's id, `gate ID`).
    static func nodes(_ dot: String) -> [String: String] {
        var found: [String: String] = [:]
        for line in dot.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("n"), let space = trimmed.firstIndex(of: " "), trimmed.contains("[label=\""),
                  !trimmed.contains("->") else { continue }
            let parts = trimmed.components(separatedBy: "[label=\"")[1].components(separatedBy: "\\n")
            let key = parts.count > 1 && parts[1].contains(" · ") ? parts[1].components(separatedBy: " · ")[0] : parts[0]
            found[String(trimmed[..<space])] = key
        }
        return found
    }

    static func labels(_ dot: String) -> Set<String> { Set(nodes(dot).values) }

    @Test("with ids and no --depth: their neighbourhood of depth 2, not the whole workspace")
    func defaultDepth() throws {
        let directory = try Self.workspace()
        let around = try graph(["A-WP-0001-T03"], in: directory)
        #expect(around.status == 0, "\(around.stderr)")
        #expect(around.stdout == (try graph(["A-WP-0001-T03", "--depth", "2"], in: directory)).stdout)
        let labels = Self.labels(around.stdout)
        #expect(labels.isSuperset(of: ["A-WP-0001-T03", "A-WP-0001-T02", "A-WP-0001-T01", "A-WP-0001-T04", "A-WP-0001-T05"]), "\(labels)")
        // Three steps away: T03 → T04 → T05 → the gate.
        #expect(!labels.contains("gate apps/launch"), "\(labels)")
        #expect(!labels.contains("B-WP-0001"))
        let whole = try graph([], in: directory)
        #expect(Self.labels(whole.stdout).contains("gate apps/launch"))
    }

    @Test("--depth without ids is a usage error, not ignored")
    func depthWithoutIDs() throws {
        let directory = try Self.workspace()
        let result = try graph(["--depth", "1"], in: directory)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("--depth needs ids to draw around"), "\(result.stderr)")
    }

    @Test("--open leaves out finished and cancelled work, keeps what was asked for")
    func openOnly() throws {
        let directory = try Self.workspace()
        let whole = Self.labels(try graph([], in: directory).stdout)
        #expect(whole.isSuperset(of: ["A-WP-0001-T01", "B-WP-0001", "C-WP-0001", "C-WP-0001-T01", "gate apps/beta"]), "\(whole)")
        let open = Self.labels(try graph(["--open"], in: directory).stdout)
        // A todo task of a cancelled workplan is finished work too.
        #expect(open.isDisjoint(with: ["A-WP-0001-T01", "B-WP-0001", "C-WP-0001", "C-WP-0001-T01", "gate apps/beta"]), "\(open)")
        #expect(open.isSuperset(of: ["A-WP-0001", "A-WP-0001-T02", "gate apps/launch"]), "\(open)")
        let asked = Self.labels(try graph(["--open", "A-WP-0001-T01", "--depth", "1"], in: directory).stdout)
        #expect(asked.contains("A-WP-0001-T01"), "the id asked for stays: \(asked)")
    }

    @Test("every gate requirement is an edge, evidence included; a failing gate is red, a passing one is not")
    func gateEdgesAndColours() throws {
        let directory = try Self.workspace()
        let dot = try graph([], in: directory).stdout
        let byLabel = Dictionary(Self.nodes(dot).map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        let launch = try #require(byLabel["gate apps/launch"])
        let t05 = try #require(byLabel["A-WP-0001-T05"])
        let t06 = try #require(byLabel["A-WP-0001-T06"])
        #expect(dot.contains("  \(t05) -> \(launch) [label=\"requires\"];"), "\(dot)")
        #expect(dot.contains("  \(t06) -> \(launch) [label=\"evidence\"];"), "\(dot)")
        let launchLine = try #require(dot.split(separator: "\n").first { $0.contains("\(launch) [label=") })
        #expect(launchLine.contains("fillcolor=\"#f5c6cb\", color=\"#b71c1c\""), "\(launchLine)")
        #expect(launchLine.contains("\\nfail\""), "\(launchLine)")
        let beta = try #require(byLabel["gate apps/beta"])
        let betaLine = try #require(dot.split(separator: "\n").first { $0.contains("\(beta) [label=") })
        #expect(betaLine.contains("fillcolor=\"#d4edda\""), "a passing gate is drawn complete: \(betaLine)")
        // Mermaid: the same edge and the failing class.
        let mermaid = try wp(["graph"], in: directory.absolute("apps"), cache: directory.absolute("cache"), environment: ["WP_TODAY": "2026-11-28"]).stdout
        #expect(mermaid.contains("  \(t06) -->|evidence| \(launch)\n"), "\(mermaid)")
        #expect(mermaid.contains("  class \(launch) failing\n") || mermaid.contains(",\(launch) failing\n") || mermaid.contains(" \(launch),"), "\(mermaid)")
        #expect(mermaid.contains("classDef failing fill:#f5c6cb,stroke:#b71c1c"), "\(mermaid)")
    }
}
