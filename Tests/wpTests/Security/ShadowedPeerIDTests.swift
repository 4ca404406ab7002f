import Foundation
import Testing

/// Issue 10, item 5: a local copy of a peer's id must never pass a gate meant for the peer's
/// element, whether the peer can be read (two copies: ambiguous) or not (wp cannot see what
/// the copy shadows). Real binary, real files, a path peer.
@Suite("Security: a gate never passes on a shadowed id")
struct ShadowedPeerIDTests {
    /// The platform's workplan is active; the apps gate requires it by its bare id.
    static func attackedWorkspace() throws -> GateAttack.Workspace {
        let workspace = try GateAttack.Workspace()
        try workspace.write("platform/workplans/PLAT-WP-0001-cluster.md",
                            GateAttack.workplan("PLAT-WP-0001", status: "active", tasks: [("T01", "status: todo")]))
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "PLAT-WP-0001"))
        return workspace
    }

    /// The attack: one file in the local repo with the peer's id, finished.
    static let shadow = GateAttack.workplan("PLAT-WP-0001", status: "finished")

    @Test("a local finished copy of the peer's workplan id: exit 2 with the peer readable (ambiguous), not 0")
    func shadowedIDWithPeerReadable() throws {
        let workspace = try Self.attackedWorkspace()
        let before = try workspace.wp(["gate", "check", "promote"])
        #expect(before.status == 1, "the peer's workplan is active: \(before.stdout)")

        try workspace.write("apps/workplans/PLAT-WP-0001-shadow.md", Self.shadow)
        let after = try workspace.wp(["gate", "check", "promote"])
        #expect(after.status == 2, "a shadowing copy flipped the gate: exit \(after.status)\n\(after.stdout)")
        #expect(after.stdout.hasPrefix("error promote"), "\(after.stdout)")
        #expect(after.stdout.contains("? PLAT-WP-0001 — ambiguous: apps:PLAT-WP-0001"), "the reason per requirement: \(after.stdout)")
        #expect(after.stdout.contains("platform:PLAT-WP-0001"), "both copies named: \(after.stdout)")

        // JSON says the same: the requirement is undecided, the gate an error.
        let json = try workspace.wp(["gate", "check", "promote", "--format", "json"])
        #expect(json.status == 2)
        let gates = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        let requirement = try #require((gates.first?["requirements"] as? [[String: Any]])?.first)
        #expect(gates.first?["result"] as? String == "error")
        #expect(requirement["met"] as? Bool == false)
        #expect(requirement["undecided"] as? Bool == true)
        #expect(try GateAttack.schemaViolations(json.stdout, schema: "gate-output") == [])

        // Qualified, the requirement names the peer's copy, whatever the local repo holds.
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "platform:PLAT-WP-0001"))
        let qualified = try workspace.wp(["gate", "check", "promote"])
        #expect(qualified.status == 1, "the peer's workplan is still active: \(qualified.stdout)")
        #expect(qualified.stdout.contains("PLAT-WP-0001 is active"), "\(qualified.stdout)")
    }

    @Test("the same copy with the peer unreadable: exit 2, not 0; the reason names the peer")
    func shadowedIDWithPeerUnavailable() throws {
        let workspace = try Self.attackedWorkspace()
        try workspace.write("apps/workplans/PLAT-WP-0001-shadow.md", Self.shadow)
        try workspace.removePeer()
        let result = try workspace.wp(["gate", "check", "promote"])
        #expect(result.status == 2, "the local copy passed the gate with the peer unreadable: exit \(result.status)\n\(result.stdout)")
        #expect(result.stdout.contains("? PLAT-WP-0001 — peer unavailable: platform"), "\(result.stdout)")
        #expect(result.stdout.contains("apps:PLAT-WP-0001 is the only copy wp can see"), "\(result.stdout)")
        #expect(result.stderr.contains("[peer-unavailable]"), "\(result.stderr)")

        // The hint works as printed: qualified, the requirement is decided again (here, on the local copy the author chose).
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "apps:PLAT-WP-0001"))
        #expect(try workspace.wp(["gate", "check", "promote"]).status == 0)
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "platform:PLAT-WP-0001"))
        #expect(try workspace.wp(["gate", "check", "promote"]).status == 2, "the qualified peer is still unreadable")
    }

    @Test("a required done task whose dependency is the shadowed peer id: exit 2 (peer readable or not), not 0")
    func shadowedDependencyOfARequiredTask() throws {
        let workspace = try Self.attackedWorkspace()
        // The required task is this repo's own; it waits on the peer's active workplan...
        try workspace.write("apps/workplans/APP-WP-0001-release.md", GateAttack.workplan(
            "APP-WP-0001", status: "active", tasks: [("T01", "status: done\ndepends_on: [PLAT-WP-0001]")]))
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "apps:APP-WP-0001-T01"))
        let before = try workspace.wp(["gate", "check", "promote"])
        #expect(before.status == 1, "done on an active dependency: lint rejects it: \(before.stdout)")
        #expect(before.stdout.contains("[done-with-open-dependency]"), "\(before.stdout)")
        // ...which a finished local copy shadows, so lint's tie-break sees a done dependency.
        try workspace.write("apps/workplans/PLAT-WP-0001-shadow.md", Self.shadow)
        let shadowed = try workspace.wp(["gate", "check", "promote"])
        #expect(shadowed.status == 2, "the shadow made the done task look consistent: exit \(shadowed.status)\n\(shadowed.stdout)")
        #expect(shadowed.stdout.contains("APP-WP-0001-T01 depends on 'PLAT-WP-0001', which cannot be decided: ambiguous"), "\(shadowed.stdout)")
        try workspace.removePeer()
        let unreadable = try workspace.wp(["gate", "check", "promote"])
        #expect(unreadable.status == 2, "exit \(unreadable.status)\n\(unreadable.stdout)")
        #expect(unreadable.stdout.contains("which cannot be decided: peer unavailable: platform"), "\(unreadable.stdout)")
    }

    @Test("a duplicate id across repos is a lint error at the local copy, naming the peer's position too")
    func shadowedIDIsALintError() throws {
        let workspace = try Self.attackedWorkspace()
        try workspace.write("apps/workplans/PLAT-WP-0001-shadow.md", Self.shadow)
        let lint = try workspace.wp(["lint"])
        #expect(lint.status == 1, "\(lint.stdout)\(lint.stderr)")
        // Both positions on the finding's own line (CI annotations show only that line).
        let line = try #require(lint.stdout.split(separator: "\n").first { $0.contains("[duplicate-id]") }.map(String.init), "\(lint.stdout)")
        #expect(line.hasPrefix("workplans/PLAT-WP-0001-shadow.md:2:5: error[duplicate-id]"), "\(line)")
        #expect(line.contains("../platform/workplans/PLAT-WP-0001-cluster.md:2:5 (platform)"), "\(line)")

        let github = try workspace.wp(["lint", "--format", "github"])
        #expect(github.stdout.contains("::error file=workplans/PLAT-WP-0001-shadow.md,line=2"), "\(github.stdout)")
        #expect(github.stdout.contains("../platform/workplans/PLAT-WP-0001-cluster.md:2:5"), "\(github.stdout)")
    }
}
