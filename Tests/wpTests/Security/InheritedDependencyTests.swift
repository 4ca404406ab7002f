import Foundation
import Testing
import WorkplanKit

/// A sibling of issue 10, item 3: every task inherits its workplan's
/// `depends_on`, and each (task, dependency) pair was stored and printed: 3,000
/// tasks under 3,000 dependencies (399 KB) took 2.2 GB in `wp lint` and over
/// 12 GB in `wp status --format json`.
@Suite("Security: a workplan's dependencies inherited by thousands of tasks (end to end)")
struct InheritedDependencyTests {
    static let tasks = 3_000
    static let dependencies = 3_000

    @Test("3,000 tasks inheriting 3,000 dependencies: every command ends within 2 GiB and lists a bounded number of blockers per task")
    func inheritedDependencies() throws {
        let directory = try TemporaryDirectory("wp-inherited")
        try ChainPayloads.inheritedDependencies(tasks: Self.tasks, dependencies: Self.dependencies, in: directory)
        let input = try ChainPayloads.inputBytes(directory)

        let lint = try ChainPayloads.run(["lint"], in: directory)
        ChainPayloads.expectExit(lint, 0, "wp lint")

        let status = try ChainPayloads.run(["status"], in: directory)
        ChainPayloads.expectExit(status, 0, "wp status")
        #expect(status.stdout.contains("… \(Self.dependencies - Limits.blockersShownPerTask) more blockers\n"))
        #expect(status.stdout.utf8.count <= 16 * input, "status printed \(status.stdout.utf8.count) bytes for \(input) bytes of input")

        for command in [["status", "--format", "json"], ["report", "--format", "json"]] {
            let result = try ChainPayloads.run(command, in: directory)
            ChainPayloads.expectExit(result, 0, "wp \(command.joined(separator: " "))")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let blocked = try #require(json["blocked"] as? [[String: Any]])
            let waiting = blocked.filter { ($0["id"] as? String)?.hasPrefix("IW-WP-0001-") == true }
            #expect(waiting.count == Self.tasks)
            // Each task: the first blockers, how many more, and a bounded number of roots in all.
            let unbounded = waiting.filter { entry in
                let blockers = entry["blockers"] as? [[String: Any]] ?? []
                return blockers.count != Limits.blockersShownPerTask
                    || entry["omittedBlockers"] as? Int != Self.dependencies - Limits.blockersShownPerTask
                    || blockers.map { ($0["roots"] as? [Any])?.count ?? 0 }.reduce(0, +) > Limits.rootsShownPerTask
            }
            #expect(unbounded.isEmpty, "\(command): \(unbounded.count) tasks, the first \(unbounded.first?["id"] ?? "")")
        }

        for command in [["graph"], ["show", "IW-WP-0001-T1"], ["impact", "IW-WP-0002-T1"]] {
            let result = try ChainPayloads.run(command, in: directory)
            ChainPayloads.expectExit(result, 0, "wp \(command.joined(separator: " "))")
        }
        // Completing one dependency brings every waiting task closer, none is unblocked by it alone.
        let impact = try ChainPayloads.run(["impact", "IW-WP-0002-T1", "--format", "json"], in: directory)
        let items = try #require((try JSONSerialization.jsonObject(with: Data(impact.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.filter { ($0["id"] as? String)?.hasPrefix("IW-WP-0001-T") == true }.count == Self.tasks)
        #expect(!items.contains { $0["unblockedDirectly"] as? Bool == true })
    }
}
