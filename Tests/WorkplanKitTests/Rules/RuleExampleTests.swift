import Foundation
import Testing
@testable import WorkplanKit

/// The examples in each rule's description are its tests (SwiftLint's verifyRule):
/// triggering examples must produce findings exactly at their `↓` markers,
/// non-triggering ones none at all.
@Suite struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: any Rule.Type
        let index: Int
        let triggering: Bool
        var example: RuleExample {
            triggering ? rule.description.triggering[index] : rule.description.nonTriggering[index]
        }
        var testDescription: String { "\(rule.description.id) \(triggering ? "triggering" : "non-triggering") #\(index + 1)" }
    }

    static let cases: [Case] = RuleRegistry.rules.flatMap { rule in
        rule.description.triggering.indices.map { Case(rule: rule, index: $0, triggering: true) }
            + rule.description.nonTriggering.indices.map { Case(rule: rule, index: $0, triggering: false) }
    }

    @Test(arguments: cases)
    func example(_ testCase: Case) throws {
        let (context, markers) = try RuleExampleWorkspace.make(testCase.example)
        let findings = testCase.rule.init().check(context).filter { $0.rule == testCase.rule.description.id }
        if testCase.triggering {
            #expect(!markers.isEmpty, "a triggering example needs a ↓ marker")
            #expect(Set(findings.map(\.location)) == markers, "findings: \(findings.map(\.description))")
        } else {
            #expect(findings.isEmpty, "unexpected: \(findings.map(\.description))")
        }
    }

    @Test func everyRuleHasExamplesAndUniqueID() {
        let ids = RuleRegistry.descriptions.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in RuleRegistry.descriptions {
            #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        }
    }

    @Test func everyRuleFileIsRegistered() throws {
        let rulesDirectory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/WorkplanKit/Rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path)
            .filter { $0.hasSuffix("Rule.swift") && $0 != "Rule.swift" }
            .map { String($0.dropLast(".swift".count)) }
        let registered = Set(RuleRegistry.rules.map { String(describing: $0) })
        for file in files {
            #expect(registered.contains(file), "\(file) is not in RuleRegistry.rules")
        }
        #expect(files.count == RuleRegistry.rules.count)
    }
}

/// Builds a real workspace on disk (and a real git repo for `base`) from an example.
enum RuleExampleWorkspace {
    static func make(_ example: RuleExample) throws -> (LintContext, Set<WorkplanKit.SourceLocation>) {
        // The example's repo and its peer side by side: <scratch>/local, <scratch>/peer.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wp-rule-\(UUID().uuidString)").path
        let root = scratch + "/local"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let peers = example.peer == nil ? "" : "peers:\n  peer: {path: ../peer}\n"
        try write("repo: example\n" + peers + (example.config ?? ""), to: root + "/.wp.yaml")
        if let peer = example.peer {
            try write("repo: peer\n", to: scratch + "/peer/.wp.yaml")
            for (path, content) in peer { try write(content, to: scratch + "/peer/" + path) }
        }
        var snapshot: BaseSnapshot?
        if let base = example.base {
            try git(root, "init", "-q")
            try write("placeholder\n", to: root + "/README")
            for (path, content) in base { try write(content, to: root + "/" + path) }
            try git(root, "add", "-A")
            try git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
            for path in base.keys { try FileManager.default.removeItem(atPath: root + "/" + path) }
        }
        var markers = Set<WorkplanKit.SourceLocation>()
        for (path, marked) in example.files {
            var clean = ""
            var line = 1
            var column = 1
            for character in marked {
                if character == RuleExample.marker {
                    markers.insert(WorkplanKit.SourceLocation(path: path, line: line, column: column))
                    continue
                }
                clean.append(character)
                if character == "\n" { line += 1; column = 1 } else { column += character.unicodeScalars.count }
            }
            try write(clean, to: root + "/" + path)
        }
        // Everything is read into memory here, so the directory can go at once.
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let workspace = try WorkspaceLoader(cacheDirectory: root + "/.cache").load(from: root)
        if example.base != nil {
            snapshot = try BaseRevisionReader(repoRoot: root).read(revision: "HEAD", config: workspace.config)
        }
        return (LintContext(analysis: WorkspaceSession(workspace).analysis, base: snapshot), markers)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func git(_ directory: String, _ arguments: String...) throws {
        let result = try WPTestSupport.git(arguments, in: directory)
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}

@Suite struct RuleDocumentationTests {
    @Test func docsRulesIsCurrent() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/rules.md").path
        let generated = RuleDocumentation.markdown()
        if ProcessInfo.processInfo.environment["WP_RECORD_SNAPSHOTS"] == "1" {
            try Data(generated.utf8).write(to: URL(fileURLWithPath: path))
            Issue.record("recorded docs/rules.md; run again without WP_RECORD_SNAPSHOTS")
            return
        }
        let current = try String(contentsOfFile: path, encoding: .utf8)
        #expect(current == generated, "docs/rules.md is stale: run WP_RECORD_SNAPSHOTS=1 swift test --filter RuleDocumentation")
    }
}
