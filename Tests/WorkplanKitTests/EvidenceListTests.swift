import Testing
@testable import WorkplanKit

/// `wp evidence list` (issue 12, item 3): every name recorded or required, the tasks that
/// record it, and until when each gate that needs it counts it.
@Suite struct EvidenceListTests {
    @Test("the newest done recording counts; a gate without max_age never expires; a required name nobody records is listed")
    func list() throws {
        let repo = try EditRepo(texts: ["workplans/EV-WP-0001-ev.md": """
            ---
            id: EV-WP-0001
            title: Evidence
            status: active
            ---

            ```task
            id: EV-WP-0001-T01
            status: done
            evidence: restore-drill
            done_on: 2026-05-01
            ```

            ```task
            id: EV-WP-0001-T02
            status: done
            evidence: [restore-drill, backup-check]
            done_on: 2026-05-20
            evidence_note: "2026-05-20: 12 min"
            ```

            ```task
            id: EV-WP-0001-T03
            status: todo
            evidence: restore-drill
            done_on: 2026-05-30
            ```

            ```gate
            id: promote
            requires:
              - {evidence: restore-drill, max_age: 30d}
              - {evidence: gold:restore-drill}
              - {evidence: pen-test, max_age: 1w}
            ```

            """])
        let session = WorkspaceSession(workspace: try repo.load(), clock: .pinned(CalendarDate("2026-06-01")!))
        let view = EvidenceListView(gates: session.gates)
        #expect(view.evidence.map(\.name) == ["restore-drill", "backup-check", "pen-test"])
        let drill = try #require(view.evidence.first)
        #expect(drill.tasks.map(\.id) == ["EV-WP-0001-T01", "EV-WP-0001-T02", "EV-WP-0001-T03"])
        #expect(drill.tasks[1].note == "2026-05-20: 12 min")
        // T03 is not done: its later date does not count.
        #expect(drill.gates.map(\.expiresOn) == ["2026-06-19", nil])
        #expect(drill.gates.map(\.gate) == ["gold:promote", "gold:promote"])
        let text = try view.render(.text, in: RenderContext())
        #expect(text.contains("  needed by gate gold:promote (at most 30d old): counts until 2026-06-19\n"))
        #expect(text.contains("  needed by gate gold:promote: counts while its task is done\n"))
        #expect(text.contains("evidence pen-test\n  recorded by no task\n  needed by gate gold:promote (at most 7d old): no valid done_on to count from\n"))
        // The gate's JSON gives the same day.
        let result = try #require(session.gates.evaluateWithRequired([0]).first)
        #expect(result.requirements.first?.expiresOn == "2026-06-19")
    }
}
