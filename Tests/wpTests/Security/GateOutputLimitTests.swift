import Foundation
import Testing
import WorkplanKit

/// Issue 10, item 23: each bound on repeated gate and duplicate-id detail, at the limit and one past it.
@Suite("Security: gate output limits at limit and limit + 1")
struct GateOutputLimitTests {
    /// A chain of `count` gates (g0 … g<count-1>) ending in an open task; the workspace's `apps` repo.
    static func chain(_ count: Int, taskID: String = "APP-WP-0001-T01") throws -> GateAttack.Workspace {
        let workspace = try GateAttack.Workspace()
        try workspace.write("apps/workplans/APP-WP-0001.md", GateAttack.workplan("APP-WP-0001", status: "active")
            + "```task\nid: \(taskID)\nstatus: todo\n```\n")
        var gates = ""
        for index in 0..<count {
            gates += GateAttack.gate("g\(index)", index + 1 < count ? "gate: g\(index + 1)" : taskID)
        }
        try workspace.write("apps/docs/gates.md", gates)
        return workspace
    }

    static func firstRequirement(_ workspace: GateAttack.Workspace, gate: String = "g0") throws -> [String: Any] {
        let result = try workspace.wp(["gate", "check", gate, "--format", "json"])
        let gates = try #require((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        return try #require((gates.first?["requirements"] as? [[String: Any]])?.first)
    }

    @Test("a chain of Limits.gateChainIDsShown ids is kept whole; one more is cut, and the cut counted")
    func gateChainLimit() throws {
        let limit = Limits.gateChainIDsShown
        let whole = try Self.firstRequirement(try Self.chain(limit))
        #expect((whole["chain"] as? [String])?.count == limit)
        #expect(whole["chainOmitted"] == nil)
        let cut = try Self.firstRequirement(try Self.chain(limit + 1))
        let chain = try #require(cut["chain"] as? [String])
        #expect(chain.count == limit)
        #expect(cut["chainOmitted"] as? Int == 1)
        #expect(chain.first == "g1")
        #expect(chain.last == "APP-WP-0001-T01")
        // A dependency chain past the limit: explain's `chain:` line shows where ids were left out.
        let workspace = try GateAttack.Workspace()
        let tasks = (1...(limit + 1)).map { index in
            (String(format: "T%02d", index), index <= limit ? "status: todo\ndepends_on: [\(String(format: "T%02d", index + 1))]" : "status: todo")
        }
        try workspace.write("apps/workplans/APP-WP-0001.md", GateAttack.workplan("APP-WP-0001", status: "active", tasks: tasks))
        try workspace.write("apps/docs/gates.md", GateAttack.gate("g0", "APP-WP-0001-T01"))
        let explain = try workspace.wp(["gate", "explain", "g0"])
        #expect(explain.status == 0)
        let line = try #require(explain.stdout.split(separator: "\n").first { $0.contains("chain: ") }.map(String.init), "\(explain.stdout)")
        #expect(line.contains(" more → "), "\(line)")
        #expect(line.components(separatedBy: " → ").count <= limit + 1, "\(line)")
        #expect(line.hasSuffix("APP-WP-0001-T\(String(format: "%02d", limit + 1))"), "\(line)")
    }

    @Test("a required gate's root cause is embedded whole up to Limits.gateEmbeddedReasonLength characters, cut with … past it")
    func embeddedReasonLimit() throws {
        let limit = Limits.gateEmbeddedReasonLength
        // The root reason is "<task id> is todo": size the id so it is exactly the limit, then one more.
        for (length, cut) in [(limit, false), (limit + 1, true)] {
            let id = "APP-WP-0001-T" + String(repeating: "9", count: length - "APP-WP-0001-T".count - " is todo".count)
            let requirement = try Self.firstRequirement(try Self.chain(2, taskID: id))
            let reason = try #require(requirement["reason"] as? String)
            let root = "\(id) is todo"
            #expect(root.count == length)
            #expect(reason == "gate g1 fails: " + (cut ? String(root.prefix(limit)) + "…" : root), "\(reason.suffix(40))")
        }
    }

    @Test("an ambiguous requirement names Limits.gateCandidatesShown copies, and counts the rest")
    func ambiguousCandidatesLimit() throws {
        let limit = Limits.gateCandidatesShown
        for (copies, more) in [(limit, nil), (limit + 1, "… 1 more")] {
            let workspace = try GateAttack.Workspace()
            for copy in 0..<copies {
                try workspace.write("apps/workplans/copy\(copy).md", GateAttack.workplan("APP-WP-0001", status: "finished"))
            }
            try workspace.write("apps/docs/gates.md", GateAttack.gate("g0", "APP-WP-0001"))
            let requirement = try Self.firstRequirement(workspace)
            let reason = try #require(requirement["reason"] as? String)
            #expect(requirement["undecided"] as? Bool == true)
            #expect(reason.components(separatedBy: "apps:APP-WP-0001 (").count - 1 == limit, "\(reason)")
            #expect(reason.contains("… 1 more") == (more != nil), "\(reason)")
        }
    }

    @Test("explain expands Limits.gateExplainDepth gates of a chain; one more is named with a hint")
    func explainDepthLimit() throws {
        let limit = Limits.gateExplainDepth
        let whole = try (try Self.chain(limit)).wp(["gate", "explain", "g0"])
        #expect(!whole.stdout.contains("not expanded"), "\(whole.stdout.suffix(300))")
        #expect(whole.stdout.contains("APP-WP-0001-T01 is todo\n"))
        let cut = try (try Self.chain(limit + 1)).wp(["gate", "explain", "g0"])
        #expect(cut.stdout.contains("(not expanded: more than \(limit) gates deep; run `wp gate explain apps:g\(limit)`)"), "\(cut.stdout.suffix(300))")
    }

    @Test("duplicate-id lists Limits.duplicatePositionsShown other positions, and counts the rest")
    func duplicatePositionsLimit() throws {
        let limit = Limits.duplicatePositionsShown
        for (copies, more) in [(limit + 1, false), (limit + 2, true)] {
            let workspace = try GateAttack.Workspace()
            for copy in 0..<copies {
                try workspace.write("apps/workplans/copy\(copy).md", GateAttack.workplan("APP-WP-0001", status: "active"))
            }
            let lint = try workspace.wp(["lint", "--format", "json"])
            #expect(lint.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]], "\(object.keys)")
            let duplicates = diagnostics.filter { $0["rule"] as? String == "duplicate-id" }
            #expect(duplicates.count == copies, "every copy is reported")
            for finding in duplicates {
                let notes = try #require(finding["notes"] as? [String])
                #expect(notes.count == (more ? limit + 1 : limit), "\(notes)")
                #expect((notes.last == "… 1 more") == more, "\(notes)")
            }
        }
    }
}
