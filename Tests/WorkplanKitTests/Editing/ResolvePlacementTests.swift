import Testing
@testable import WorkplanKit

/// `wp resolve` on a prose decision writes the `**Resolution (…):**` paragraph after the
/// options that belong to the decision, a table or a list, not between them (issue 12, item 7).
@Suite struct ResolvePlacementTests {
    static let path = "workplans/OPT-WP-0001-options.md"

    static func repo(_ options: String) throws -> EditRepo {
        try EditRepo(texts: [path: """
            ---
            id: OPT-WP-0001
            title: Options
            status: active
            ---

            ## Decisions

            **Decision D-01 — which cluster** (pending; required before T01):

            \(options)
            ## Tasks

            ### T01 — Provision

            ```task
            id: OPT-WP-0001-T01
            status: todo
            ```

            """])
    }

    @Test("after an options table")
    func afterTheTable() throws {
        let repo = try Self.repo("| Option | Pros |\n|--------|------|\n| A. new | clean |\n| B. shared | cheap |\n")
        try repo.editor().planResolve("OPT-WP-0001-D01", option: "Option B", by: "bernd").commit()
        #expect(try repo.text(Self.path).contains(
            "(pending; required before T01):\n\n| Option | Pros |\n|--------|------|\n| A. new | clean |\n| B. shared | cheap |\n\n"
                + "**Resolution (\(EditRepo.today), bernd):** Option B\n\n## Tasks\n"))
        let decision = try #require(try repo.load().workplans.first?.decisions.first)
        #expect(decision.resolution == "Option B")
        #expect(try repo.lintErrors().map(\.description) == [])
    }

    @Test("after an options list, its items' continuation lines included")
    func afterTheList() throws {
        let repo = try Self.repo("- A. a new cluster\n  with its own backups\n- B. the shared cluster\n\n  Cheaper.\n")
        try repo.editor().planResolve("OPT-WP-0001-D01", option: "Option A", by: "bernd").commit()
        #expect(try repo.text(Self.path).contains("- B. the shared cluster\n\n  Cheaper.\n\n**Resolution (\(EditRepo.today), bernd):** Option A\n\n## Tasks\n"))
        #expect(try repo.load().workplans.first?.decisions.first?.resolution == "Option A")
    }

    @Test("without options, right after the decision; prose after the options stays after the resolution")
    func withoutOptions() throws {
        let plain = try Self.repo("Recommendation: B.\n")
        try plain.editor().planResolve("OPT-WP-0001-D01", option: "B", by: "bernd").commit()
        #expect(try plain.text(Self.path).contains("(pending; required before T01):\n\n**Resolution (\(EditRepo.today), bernd):** B\n\nRecommendation: B.\n"))
        let table = try Self.repo("| Option |\n|---|\n| A |\n\nRecommendation: A.\n")
        try table.editor().planResolve("OPT-WP-0001-D01", option: "A", by: "bernd").commit()
        #expect(try table.text(Self.path).contains("| A |\n\n**Resolution (\(EditRepo.today), bernd):** A\n\nRecommendation: A.\n"))
    }
}
