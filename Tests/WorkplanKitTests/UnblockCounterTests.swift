import Foundation
import Testing
@testable import WorkplanKit

/// Issue 13, item 1: `wp ready`'s "unblocks" counted once for all ready tasks gives the same
/// numbers as walking the graph from each task (``DependencyIndex/openTasksWaiting(on:)``).
@Suite("UnblockCounter: the same counts as one walk per node")
struct UnblockCounterTests {
    /// A deterministic generator (SplitMix64), so a failure can be reproduced from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Workplans with random task statuses, task and workplan dependencies (forward, backward,
    /// across workplans: cycles included), decisions that block tasks, and a gate.
    static func files(seed: UInt64) -> [String: String] {
        var random = Generator(state: seed)
        let workplans = 6
        let tasksPer = 7
        let statuses = ["todo", "todo", "todo", "in_progress", "done", "cancelled", "blocked"]
        func taskID(_ plan: Int, _ task: Int) -> String { "RND-WP-000\(plan)-T0\(task)" }
        var files: [String: String] = ["apps/.wp.yaml": "repo: apps\ninclude: [workplans/**/*.md, docs/**/*.md]\n"]
        for plan in 1...workplans {
            let planStatus = ["active", "active", "backlog", "finished"][Int.random(in: 0..<4, using: &random)]
            var dependsOn = ""
            if Int.random(in: 0..<3, using: &random) == 0 {
                dependsOn = "depends_on: [RND-WP-000\(Int.random(in: 1...workplans, using: &random))]\n"
            }
            var text = "---\nid: RND-WP-000\(plan)\ntitle: Plan \(plan)\nstatus: \(planStatus)\n\(dependsOn)---\n\n# Plan \(plan)\n\n"
            for task in 1...tasksPer {
                let status = statuses[Int.random(in: 0..<statuses.count, using: &random)]
                var targets: [String] = []
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    targets.append(taskID(Int.random(in: 1...workplans, using: &random), Int.random(in: 1...tasksPer, using: &random)))
                }
                if Int.random(in: 0..<8, using: &random) == 0 { targets.append("RND-WP-000\(Int.random(in: 1...workplans, using: &random))") }
                let reason = status == "blocked" ? "\nreason: waits" : ""
                let depends = targets.isEmpty ? "" : "\ndepends_on: [\(targets.joined(separator: ", "))]"
                text += "## T0\(task) — Task \(task)\n\n```task\nid: \(taskID(plan, task))\nstatus: \(status)\(reason)\(depends)\n```\n\n"
            }
            if Int.random(in: 0..<2, using: &random) == 0 {
                let blocked = taskID(plan, Int.random(in: 1...tasksPer, using: &random))
                text += "```decision\nid: RND-WP-000\(plan)-D01\ntitle: Pick\nstatus: pending\nblocks: [\(blocked)]\n```\n\n"
            }
            files["apps/workplans/RND-WP-000\(plan).md"] = text
        }
        files["apps/docs/gates.md"] = "# Gates\n\n```gate\nid: rnd/ship\nrequires:\n  - \(taskID(1, 1))\n  - RND-WP-0002\n```\n"
        return files
    }

    @Test("random workspaces: every open node's count equals the walk's", arguments: Array(UInt64(1)...UInt64(40)))
    func sameAsWalking(seed: UInt64) throws {
        let directory = try TemporaryDirectory("wp-unblock")
        for (path, text) in Self.files(seed: seed) { try directory.write(path, text) }
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute("cache"), environment: [:])
            .load(from: directory.absolute("apps"))
        let index = WorkspaceSession(workspace).index
        let open = index.graph.nodes.indices.filter { !index.isComplete($0) }
        #expect(open.count > 10, "the workspace has open work to count")
        let counted = UnblockCounter(index: index).counts(of: open)
        let walked = open.map { index.openTasksWaiting(on: $0) }
        for (position, node) in open.enumerated() where counted[position] != walked[position] {
            Issue.record("seed \(seed): \(index.graph.nodes[node].id): counted \(counted[position]), walked \(walked[position])")
        }
        #expect(walked.contains { $0 > 1 }, "seed \(seed): some node unblocks several tasks")
    }
}
