import Foundation
import Testing

/// Issue 10, items 9, 10 and 23 (gate part): a long chain of gates, each requiring the next.
/// Before: 170 gates made `gate check --format json` print `{}` (the encoder gave up on the
/// nesting) and `report --format json` exit 0; ~2,900 gates crashed `gate check/list/explain`
/// with SIGSEGV (recursion); a 7 KB chain printed 72 MB. Now results are flat, evaluation and
/// rendering iterative, repeated detail bounded. Each run is the real binary under a memory
/// limit and a timeout; the assertions are on how it ends and what it printed, not on speed.
@Suite("Security: deep gate chains")
struct DeepGateChainTests {
    /// `g0` requires gate `g1`, … , `g<n-1>` requires an open task; or, with `cycle`, `g<n-1>` requires `g0`.
    static func chain(_ count: Int, cycle: Bool = false) throws -> (directory: TemporaryDirectory, repo: String, cache: String) {
        let directory = try TemporaryDirectory("wp-deep-gates")
        try directory.write("repo/.wp.yaml", "repo: deep\ninclude: [workplans/**/*.md, docs/**/*.md]\n")
        try directory.write("repo/workplans/DEEP-WP-0001.md", GateAttack.workplan("DEEP-WP-0001", status: "active", tasks: [("T01", "status: todo")]))
        var gates = ""
        for index in 0..<count {
            let last = index == count - 1
            let requirement = !last ? "gate: g\(index + 1)" : cycle ? "gate: g0" : "DEEP-WP-0001-T01"
            gates += "```gate\nid: g\(index)\nrequires:\n  - \(requirement)\n```\n\n"
        }
        try directory.write("repo/docs/gates.md", gates)
        return (directory, directory.absolute("repo"), directory.absolute("cache"))
    }

    /// Runs `arguments` bounded and checks it ended on its own with `status`.
    static func expectClean(_ arguments: [String], in workspace: (directory: TemporaryDirectory, repo: String, cache: String),
                            status: Int32, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try GateAttack.bounded(arguments, in: workspace.repo, cache: workspace.cache)
        if let abnormal = GateAttack.describeAbnormal(result.status) {
            Issue.record("wp \(arguments.joined(separator: " ")): \(abnormal); stderr: \(result.stderr.prefix(500))", sourceLocation: sourceLocation)
        }
        #expect(result.status == status, "wp \(arguments.joined(separator: " ")): exit \(result.status); \(result.stderr.prefix(500))",
                sourceLocation: sourceLocation)
        return result
    }

    @Test("a 170- and a 3,000-deep chain: gate check --format json is the whole document, valid against the schema; report --format json too",
          arguments: [170, 3_000])
    func deepGateChainJSON(_ depth: Int) throws {
        let workspace = try Self.chain(depth)
        let check = try Self.expectClean(["gate", "check", "g0", "--format", "json"], in: workspace, status: 1)
        #expect(check.stdout != "{}\n", "the encoder gave up")
        let gates = try #require((try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        // Every gate of the chain, each once, the named one first.
        #expect(gates.count == depth)
        #expect(gates.first?["id"] as? String == "g0")
        #expect(Set(gates.compactMap { $0["id"] as? String }).count == depth)
        #expect(gates.allSatisfy { $0["result"] as? String == "fail" })
        // The top requirement names the next gate and the root cause once, however deep it is.
        let top = try #require((gates.first?["requirements"] as? [[String: Any]])?.first)
        #expect(top["gate"] as? String == "deep:g1")
        #expect(top["reason"] as? String == "gate g1 fails: DEEP-WP-0001-T01 is todo")
        let chain = try #require(top["chain"] as? [String])
        #expect(chain.first == "g1")
        #expect(chain.last == "DEEP-WP-0001-T01")
        #expect(chain.count <= 16)
        #expect(chain.count + (top["chainOmitted"] as? Int ?? 0) == depth, "the chain counts what it leaves out")
        #expect(try GateAttack.schemaViolations(check.stdout, schema: "gate-output") == [])
        // The validator is not a rubber stamp: a gate with missing and undocumented keys fails it.
        #expect(try GateAttack.schemaViolations(#"{"gates": [{"id": "g0", "nested": {}}]}"#, schema: "gate-output").count >= 2)

        let list = try Self.expectClean(["gate", "list", "--format", "json"], in: workspace, status: 0)
        #expect(try GateAttack.schemaViolations(list.stdout, schema: "gate-output") == [])

        let report = try Self.expectClean(["report", "--format", "json"], in: workspace, status: 0)
        let reportGates = try #require((try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["gates"] as? [Any])
        #expect(reportGates.count == depth)
        #expect(try GateAttack.schemaViolations(report.stdout, schema: "report-output") == [])
    }

    @Test("3,000-deep chain: gate check, list and explain (text and Mermaid) end cleanly, no SIGSEGV")
    func deepGateChainDoesNotCrash() throws {
        let workspace = try Self.chain(3_000)
        let check = try Self.expectClean(["gate", "check", "g0"], in: workspace, status: 1)
        #expect(check.stdout.hasPrefix("fail g0\n"), "\(check.stdout.prefix(300))")
        #expect(check.stdout.contains("✗ gate g1 — gate g1 fails: DEEP-WP-0001-T01 is todo"), "\(check.stdout.prefix(300))")

        let list = try Self.expectClean(["gate", "list"], in: workspace, status: 0)
        #expect(list.stdout.split(separator: "\n").count == 3_000)

        // The tree stops expanding at a bounded depth and says how to go on, in a form that works typed.
        let explain = try Self.expectClean(["gate", "explain", "g0"], in: workspace, status: 0)
        let lines = explain.stdout.split(separator: "\n")
        #expect(lines.count < 100, "\(lines.count) lines")
        #expect(lines.map(\.count).max() ?? 0 < 300, "indentation stays bounded")
        let hint = try #require(lines.last.map(String.init))
        #expect(hint.contains("run `wp gate explain deep:g32`"), "\(hint)")
        let next = try Self.expectClean(["gate", "explain", "deep:g32"], in: workspace, status: 0)
        #expect(next.stdout.hasPrefix("g32: fail\n"))

        let mermaid = try Self.expectClean(["gate", "explain", "g0", "--format", "mermaid"], in: workspace, status: 0)
        #expect(mermaid.stdout.hasPrefix("flowchart TD\n"))
        // One node per gate, declared once.
        #expect(mermaid.stdout.components(separatedBy: "{{\"gate ").count - 1 == 3_000)
    }

    @Test("output grows linearly with the chain: twice the gates, about twice the bytes", arguments: [
        ["gate", "check", "g0", "--format", "json"], ["gate", "list", "--format", "json"],
        ["gate", "explain", "g0", "--format", "mermaid"], ["report", "--format", "json"],
    ])
    func gateChainOutputAmplification(_ arguments: [String]) throws {
        let small = try Self.chain(1_000)
        let large = try Self.chain(2_000)
        let status: Int32 = arguments[1] == "check" ? 1 : 0
        let smallOutput = try Self.expectClean(arguments, in: small, status: status).stdout.utf8.count
        let largeOutput = try Self.expectClean(arguments, in: large, status: status).stdout.utf8.count
        let input = try FileManager.default.attributesOfItem(atPath: large.directory.absolute("repo/docs/gates.md"))[.size] as? Int ?? 0
        // Quadratic output would grow four times; each gate's share stays a small multiple of its source.
        #expect(Double(largeOutput) < 2.3 * Double(smallOutput), "\(smallOutput) → \(largeOutput) bytes")
        #expect(largeOutput < 40 * input, "\(largeOutput) bytes of output for \(input) bytes of gates")
    }

    @Test("a cycle of 3,000 gates: every gate errors (exit 2), the cycle is named once and shortened, no crash")
    func deepGateCycle() throws {
        let workspace = try Self.chain(3_000, cycle: true)
        let check = try Self.expectClean(["gate", "check", "g0", "--format", "json"], in: workspace, status: 2)
        let gates = try #require((try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        #expect(gates.count == 3_000)
        #expect(gates.allSatisfy { $0["result"] as? String == "error" })
        let error = try #require(gates.first?["error"] as? String)
        #expect(error.hasPrefix("gate cycle: g0 → g1 → "), "\(error)")
        #expect(error.contains("… 2985 more → "), "\(error)")
        #expect(error.count < 400, "\(error)")
        #expect(try GateAttack.schemaViolations(check.stdout, schema: "gate-output") == [])
        _ = try Self.expectClean(["gate", "list"], in: workspace, status: 0)
        _ = try Self.expectClean(["gate", "explain", "g1500"], in: workspace, status: 0)
    }
}
