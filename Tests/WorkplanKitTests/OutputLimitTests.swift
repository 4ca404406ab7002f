import Foundation
import Testing
@testable import WorkplanKit

// Each output limit at its value (everything shown) and one past it (cut, with
// the count of what was left out). The counts expected are computed from the
// inputs the tests write.

@Suite("Output limits at the limit and one past it")
struct OutputLimitTests {
    static func load(_ files: [String: String], in directory: TemporaryDirectory) throws -> WorkspaceGraph {
        for (path, text) in files { try directory.write("repo/" + path, text) }
        let workspace = try WorkspaceLoader(offline: true, cacheDirectory: directory.absolute("cache"), environment: [:])
            .load(from: directory.absolute("repo"))
        return WorkspaceGraph(workspace)
    }

    /// One workplan, tasks T1…Tn, each depending on the next: T1's blocker T2 heads a chain of n - 1 links.
    static func chain(_ count: Int) -> String {
        WorkplanText.markdown(id: "LM-WP-0001", title: "Chain", status: "active", tasks: (1...count).map { task in
            WorkplanText.TaskSpec(short: "T\(task)", status: "todo", dependsOn: task < count ? ["T\(task + 1)"] : [])
        })
    }

    @Test("Limits.chainLinksShown: a chain of that many links is printed whole; one more link is left out and counted",
          arguments: [Limits.chainLinksShown, Limits.chainLinksShown + 1])
    func chainLinks(links: Int) throws {
        let directory = try TemporaryDirectory("wp-limit-chain")
        let graph = try Self.load(["workplans/LM-WP-0001-chain.md": Self.chain(links + 1)], in: directory)
        let report = StatusReport(analysis: BlockingAnalysis(graph))
        let root = try #require(report.blocked.first { $0.id == "LM-WP-0001-T1" }?.blockers.first?.roots.first)
        let ids = (2...links + 1).map { "LM-WP-0001-T\($0)" }
        if links <= Limits.chainLinksShown {
            #expect(root.chain == ids)
            #expect(root.omitted == nil)
        } else {
            #expect(root.chain == Array(ids.prefix(Limits.chainLinksShown - 1)) + [ids[ids.count - 1]])
            #expect(root.omitted == 1)
            #expect(root.printedChain[Limits.chainLinksShown - 1] == "… 1 more")
        }
    }

    @Test("Limits.blockersShownPerTask: that many blockers are listed; one more is counted",
          arguments: [Limits.blockersShownPerTask, Limits.blockersShownPerTask + 1])
    func blockersPerTask(count: Int) throws {
        let directory = try TemporaryDirectory("wp-limit-blockers")
        // Unknown ids: each blocker is its own root, so roots stay within their own limit.
        let unknown = (1...count).map { "LM-WP-0009-T\($0)" }
        let graph = try Self.load(["workplans/LM-WP-0001-a.md": WorkplanText.markdown(
            id: "LM-WP-0001", title: "A", status: "active", tasks: [.init(short: "T1", status: "todo", dependsOn: unknown)])], in: directory)
        let report = StatusReport(analysis: BlockingAnalysis(graph))
        let entry = try #require(report.blocked.first)
        let shown = min(count, Limits.blockersShownPerTask)
        #expect(entry.blockers.map(\.ref) == Array(unknown.prefix(shown)))
        #expect(entry.omittedBlockers == (count > shown ? count - shown : nil))
        #expect(report.workplans[0].tasks[0].omittedBlockers == entry.omittedBlockers)
        let text = try report.render(.text)
        #expect(text.contains("… 1 more blocker\n") == (count > shown))
    }

    @Test("Limits.rootsShownPerTask: that many roots are listed over a task's blockers; one more is counted",
          arguments: [Limits.rootsShownPerTask, Limits.rootsShownPerTask + 1])
    func rootsPerTask(count: Int) throws {
        let directory = try TemporaryDirectory("wp-limit-roots")
        // Blockers that are workplans of open tasks: each open task is a root, at most chainsPerNode per blocker.
        var files: [String: String] = [:]
        var blockers: [String] = []
        var left = count
        var plan = 2
        while left > 0 {
            let tasks = min(left, Limits.chainsPerNode)
            let id = "LM-WP-000\(plan)"
            files["workplans/\(id)-b.md"] = WorkplanText.markdown(
                id: id, title: "B", status: "active", tasks: (1...tasks).map { .init(short: "T\($0)", status: "todo") })
            blockers.append(id)
            left -= tasks
            plan += 1
        }
        files["workplans/LM-WP-0001-a.md"] = WorkplanText.markdown(
            id: "LM-WP-0001", title: "A", status: "active", tasks: [.init(short: "T1", status: "todo", dependsOn: blockers)])
        let report = StatusReport(analysis: BlockingAnalysis(try Self.load(files, in: directory)))
        let entry = try #require(report.blocked.first { $0.id == "LM-WP-0001-T1" })
        let roots = entry.blockers.flatMap(\.roots)
        #expect(roots.count == min(count, Limits.rootsShownPerTask))
        #expect(entry.blockers.compactMap(\.omittedRoots).reduce(0, +) == count - roots.count)
        #expect(entry.blockers.last?.omittedRoots == (count > Limits.rootsShownPerTask ? 1 : nil))
    }

    @Test("Limits.findingsPerRuleAndFile and Limits.notesPerFinding: at the limit nothing is cut; one past, the rest is counted",
          arguments: [0, 1])
    func lintFindingsAndNotes(past: Int) {
        let findings = Limits.findingsPerRuleAndFile + past
        let notes = Limits.notesPerFinding + past
        let diagnostics = (1...findings).map { line in
            Diagnostic(rule: "some-rule", severity: .error, message: "finding \(line)",
                       location: SourceLocation(path: "workplans/a.md", line: line, column: 1),
                       notes: (1...notes).map { "note \($0)" })
        } + [Diagnostic(rule: "other-rule", severity: .warning, message: "elsewhere",
                        location: SourceLocation(path: "workplans/a.md", line: 1, column: 1))]
        let bounded = LintEngine.bounded(diagnostics.sorted())
        let someRule = bounded.filter { $0.rule == "some-rule" }
        #expect(bounded.filter { $0.rule == "other-rule" }.count == 1)
        if past == 0 {
            #expect(someRule == diagnostics.filter { $0.rule == "some-rule" })
        } else {
            #expect(someRule.count == Limits.findingsPerRuleAndFile + 1)
            let summary = someRule.last
            #expect(summary?.message.hasPrefix("… 1 more some-rule finding in this file") == true)
            #expect(summary?.location.line == findings, "at the first finding left out")
            #expect(summary?.severity == .error)
            // A cut list keeps one line fewer than the limit and counts the rest in the last.
            #expect(someRule.first?.notes.count == Limits.notesPerFinding)
            #expect(someRule.first?.notes.last == "… \(notes - (Limits.notesPerFinding - 1)) more")
        }
    }

    @Test("Limits.fieldTextShown: a value of that many characters is shown whole; one more is cut with …",
          arguments: [0, 1])
    func fieldText(past: Int) {
        let text = String(repeating: "é", count: Limits.fieldTextShown + past)
        let location = SourceLocation(path: "a.md", line: 1, column: 1)
        let scalar = YAMLValue.scalar(.init(text: text, kind: .string, style: .plain, location: location))
        var budget = Limits.fieldTextShown
        #expect(ElementDetail.flatten(scalar, budget: &budget) == (past == 0 ? text : String(text.dropLast(1)) + "…"))
        // In a list, the punctuation counts too.
        let list = YAMLValue.sequence([scalar], location)
        budget = Limits.fieldTextShown
        #expect(ElementDetail.flatten(list, budget: &budget) == "[" + String(text.prefix(Limits.fieldTextShown - 1)) + "…")
    }
}
