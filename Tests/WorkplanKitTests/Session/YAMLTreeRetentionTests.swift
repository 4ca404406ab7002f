import Foundation
import Testing
import WPTestSupport
@testable import WorkplanKit

/// `wp status` loads without the blocks' YAML trees (``WorkspaceLoader/keepsYAMLTrees``):
/// its report is the same without them, with and without the parse cache, and the entries
/// it writes still hold them for lint.
@Suite("YAML trees dropped for the status: the same report, the cache intact")
struct YAMLTreeRetentionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let workspaces = [
        "examples/railiance-apps", "examples/in-flight/railiance-apps", "Tests/WorkplanKitTests/Fixtures/corpus/railiance-apps",
    ]

    static func load(_ path: String, trees: Bool, cache: String? = nil) throws -> WorkspaceSession {
        var loader = WorkspaceLoader(offline: true, cacheDirectory: cache, usesParseCache: cache != nil, environment: [:])
        loader.keepsYAMLTrees = trees
        return WorkspaceSession(try loader.load(from: root.appendingPathComponent(path).path), today: "2026-11-28")
    }

    static func texts(_ session: WorkspaceSession) throws -> [String] {
        try [StatusFilter(), StatusFilter(onlyBlocked: true), StatusFilter(onlyOpen: true)].flatMap { filter in
            let report = StatusReport(analysis: session.analysis, filter: filter)
            return try [OutputFormat.text, .json, .markdown].map { try report.render($0, in: RenderContext()) }
        }
    }

    @Test("the status of every example and the real corpus is byte for byte the same without the trees", arguments: workspaces)
    func sameStatus(_ path: String) throws {
        let kept = try Self.load(path, trees: true)
        let dropped = try Self.load(path, trees: false)
        let tasks = dropped.workspace.repos.flatMap(\.workplans).flatMap(\.tasks)
        #expect(!tasks.isEmpty)
        #expect(tasks.allSatisfy { $0.fields.entries?.isEmpty == true }, "the trees are dropped")
        #expect(dropped.workspace.repos.flatMap(\.workplans).allSatisfy { $0.frontMatter == nil })
        #expect(kept.workspace.repos.flatMap(\.workplans).contains { $0.frontMatter != nil }, "and kept by default")
        #expect(try Self.texts(dropped).map { Array($0.utf8) } == (try Self.texts(kept)).map { Array($0.utf8) })
    }

    @Test("through the parse cache: parsed then decoded without trees, the same status; lint after it reads the trees from the entries")
    func throughTheCache() throws {
        let cache = try TemporaryDirectory("wp-yaml-trees")
        for path in Self.workspaces {
            let expected = try Self.texts(try Self.load(path, trees: true))
            #expect(try Self.texts(try Self.load(path, trees: false, cache: cache.path)).map { Array($0.utf8) } == expected.map { Array($0.utf8) })
            #expect(try Self.texts(try Self.load(path, trees: false, cache: cache.path)).map { Array($0.utf8) } == expected.map { Array($0.utf8) })
            let lintFromCache = try Self.load(path, trees: true, cache: cache.path).lint().diagnostics
            #expect(lintFromCache == (try Self.load(path, trees: true).lint().diagnostics), "\(path): lint from entries written without trees")
        }
    }
}
