import Foundation
import Testing
@testable import WorkplanKit

/// The live workspace of the servers: a refresh re-parses only files whose bytes changed.
@Suite("LiveWorkspace: re-read only what changed")
struct LiveWorkspaceTests {
    static func workplan(_ number: Int, status: String = "todo") -> String {
        "---\nid: LV-WP-000\(number)\ntitle: Plan \(number)\nstatus: active\n---\n\n## T01 — Work\n\n```task\nid: LV-WP-000\(number)-T01\nstatus: \(status)\n```\n"
    }

    static func make() throws -> (TemporaryDirectory, LiveWorkspace) {
        let directory = try TemporaryDirectory("wp-live")
        try directory.write(".wp.yaml", "repo: live\n")
        for number in 1...3 { try directory.write("workplans/LV-WP-000\(number)-plan.md", workplan(number)) }
        let live = try LiveWorkspace(options: WorkspaceSession.Options(directory: directory.path, environment: ["WP_TODAY": "2026-06-30"]))
        return (directory, live)
    }

    static func status(_ id: String, in live: LiveWorkspace) async throws -> String? {
        try await live.readCurrent { session in
            session.graph.nodes(withID: id).first.flatMap { session.graph.nodes[$0].status?.rawValue }
        }
    }

    @Test("nothing changed: no parse, no change; a touch without new bytes: no parse either")
    func unchangedFilesAreNotParsedAgain() async throws {
        let (directory, live) = try Self.make()
        #expect(await live.parses == 3)
        #expect(try await live.refresh().isEmpty)
        #expect(await live.parses == 3)
        let path = directory.absolute("workplans/LV-WP-0002-plan.md")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        #expect(try await live.refresh().isEmpty)
        #expect(await live.parses == 3, "same bytes, new stamp: read, not parsed")
    }

    @Test("one file edited: only it is parsed again, and the next answer sees it")
    func anEditedFileIsParsedAgain() async throws {
        let (directory, live) = try Self.make()
        try directory.write("workplans/LV-WP-0002-plan.md", Self.workplan(2, status: "done"))
        let change = try await live.refresh()
        #expect(change.files == ["workplans/LV-WP-0002-plan.md"])
        #expect(!change.structure)
        #expect(await live.parses == 4)
        #expect(try await Self.status("LV-WP-0002-T01", in: live) == "done")
        #expect(try await Self.status("LV-WP-0001-T01", in: live) == "todo")
    }

    @Test("a file added or removed changes the structure")
    func addedAndRemovedFiles() async throws {
        let (directory, live) = try Self.make()
        try directory.write("workplans/LV-WP-0004-plan.md", Self.workplan(4))
        var change = try await live.refresh()
        #expect(change.structure)
        #expect(change.files == ["workplans/LV-WP-0004-plan.md"])
        #expect(await live.parses == 4)
        try FileManager.default.removeItem(atPath: directory.absolute("workplans/LV-WP-0001-plan.md"))
        change = try await live.refresh()
        #expect(change.structure)
        #expect(change.files == ["workplans/LV-WP-0001-plan.md"])
        #expect(try await Self.status("LV-WP-0001-T01", in: live) == nil)
    }

    @Test("an editor's unsaved buffer stands in for the file until it is removed")
    func overlaysStandInForTheFile() async throws {
        let (directory, live) = try Self.make()
        let path = directory.absolute("workplans/LV-WP-0003-plan.md")
        await live.setOverlay(Array(Self.workplan(3, status: "in_progress").utf8), for: path)
        #expect(try await live.refresh().files == ["workplans/LV-WP-0003-plan.md"])
        #expect(try await Self.status("LV-WP-0003-T01", in: live) == "in_progress")
        await live.removeOverlay(for: path)
        #expect(try await live.refresh().files == ["workplans/LV-WP-0003-plan.md"])
        #expect(try await Self.status("LV-WP-0003-T01", in: live) == "todo")
    }

    @Test("a changed .wp.yaml is a structural change, and the new settings apply")
    func configChange() async throws {
        let (directory, live) = try Self.make()
        try directory.write(".wp.yaml", "repo: renamed\n")
        let change = try await live.refresh()
        #expect(change.structure)
        let repo = try await live.readCurrent { $0.workspace.config.repo }
        #expect(repo == "renamed")
    }
}
