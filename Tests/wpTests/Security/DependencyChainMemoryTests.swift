import Foundation
import Testing
import WorkplanKit

/// Issue 10, item 3: root chains kept whole took memory quadratic in the length
/// of a dependency chain (8,000 tasks: 3.8 GB in `wp lint`; 20,000: over 10 GB),
/// and every blocked task printed its whole chain (8,000 tasks: 705 MB of `wp status`).
@Suite("Security: a 20,000-task dependency chain (end to end)")
struct DependencyChainMemoryTests {
    static let workplans = 200
    static let tasksPerWorkplan = 100
    static var count: Int { workplans * tasksPerWorkplan }

    static func id(_ position: Int) -> String { ChainPayloads.taskID(position, tasksPerWorkplan: tasksPerWorkplan) }

    @Test("a 20,000-task chain across 200 workplans: lint, status, show, impact, graph and report end cleanly within 2 GiB, with bounded output")
    func twentyThousandTaskChain() throws {
        let directory = try TemporaryDirectory("wp-chain-20k")
        try ChainPayloads.taskChain(workplans: Self.workplans, tasksPerWorkplan: Self.tasksPerWorkplan, in: directory)
        let input = try ChainPayloads.inputBytes(directory)
        let root = Self.id(Self.count - 1)

        let lint = try ChainPayloads.run(["lint"], in: directory)
        ChainPayloads.expectExit(lint, 0, "wp lint")
        #expect(lint.stdout.contains("No problems in \(Self.workplans) files."))

        // Every task but the root is blocked; the first one's chain runs through all the others.
        let status = try ChainPayloads.run(["status"], in: directory)
        ChainPayloads.expectExit(status, 0, "wp status")
        #expect(status.stdout.contains("\(Self.count) tasks, \(Self.count - 1) blocked"))
        let firstChain = Self.count - 1  // from the first task's blocker (position 1) down to the root
        let shown = (1..<Limits.chainLinksShown).map { Self.id($0) }
        #expect(status.stdout.contains(
            "via \(shown.joined(separator: " → ")) → … \(firstChain - Limits.chainLinksShown) more → \(root)\n"),
            "the chain is printed as its first links, how many are left out, and its root")
        #expect(status.stdout.utf8.count <= 8 * input, "status printed \(status.stdout.utf8.count) bytes for \(input) bytes of input")

        let show = try ChainPayloads.run(["show", Self.id(0)], in: directory)
        ChainPayloads.expectExit(show, 0, "wp show")
        #expect(show.stdout.contains("  \(Self.id(1))  todo  via depends_on"))

        // Completing the middle task brings the upper half closer; below it lies the lower half.
        let middle = Self.count / 2
        let impact = try ChainPayloads.run(["impact", Self.id(middle), "--format", "json"], in: directory)
        ChainPayloads.expectExit(impact, 0, "wp impact")
        let impactJSON = try #require(try JSONSerialization.jsonObject(with: Data(impact.stdout.utf8)) as? [String: Any])
        let items = try #require(impactJSON["items"] as? [[String: Any]])
        #expect(items.filter { $0["kind"] as? String == "task" }.count == middle, "every task above the middle one")
        #expect(items.filter { $0["kind"] as? String == "workplan" }.count == middle / Self.tasksPerWorkplan + 1,
                "every workplan holding one of them or the middle task")
        let criticalPath = try #require(impactJSON["criticalPath"] as? [String])
        #expect(criticalPath == (middle..<Self.count).map { Self.id($0) })

        let graph = try ChainPayloads.run(["graph"], in: directory)
        ChainPayloads.expectExit(graph, 0, "wp graph")
        #expect(graph.stdout.components(separatedBy: "-->|depends_on|").count - 1 == Self.count - 1)

        let report = try ChainPayloads.run(["report", "--format", "json"], in: directory)
        ChainPayloads.expectExit(report, 0, "wp report --format json")
        let reportJSON = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let blocked = try #require(reportJSON["blocked"] as? [[String: Any]])
        #expect(blocked.count == Self.count - 1)
        let roots = try #require(((blocked.first?["blockers"] as? [[String: Any]])?.first?["roots"]) as? [[String: Any]])
        #expect(roots.first?["id"] as? String == root)
        #expect(roots.first?["chain"] as? [String] == shown + [root])
        #expect(roots.first?["omitted"] as? Int == firstChain - Limits.chainLinksShown)
        #expect(report.stdout.utf8.count <= 32 * input, "report printed \(report.stdout.utf8.count) bytes for \(input) bytes of input")
    }
}
