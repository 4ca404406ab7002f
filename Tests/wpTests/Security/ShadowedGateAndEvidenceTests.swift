import Foundation
import Testing

/// Follow-ups to issue 10, item 5: what a gate id on the command line and an `evidence:`
/// requirement name are must not change when a pull request adds a local copy of a peer's
/// gate or records the peer's evidence in a local task. Real binary, real files, a path peer.
@Suite("Security: a local copy never shadows a peer's gate or evidence")
struct ShadowedGateAndEvidenceTests {
    /// The platform's deploy gate needs its active workplan and a restore drill at most 30 days old,
    /// which the platform last recorded long ago.
    static func platformDeployGate(evidence: String = "restore-drill") throws -> GateAttack.Workspace {
        let workspace = try GateAttack.Workspace()
        try workspace.write("platform/workplans/PLAT-WP-0001-cluster.md", GateAttack.workplan(
            "PLAT-WP-0001", status: "active",
            tasks: [("T01", "status: done\nevidence: restore-drill\ndone_on: 2025-01-10"), ("T02", "status: todo")]))
        try workspace.write("platform/workplans/gates.md",
                            "# Gates\n\n" + GateAttack.gate("deploy", "{evidence: \(evidence), max_age: 30d}"))
        return workspace
    }

    /// The pull request: this repo's own done task recording the drill today.
    static let localDrill = GateAttack.workplan(
        "APP-WP-0001", status: "active", tasks: [("T01", "status: done\nevidence: restore-drill\ndone_on: 2026-05-19")])

    @Test("a local gate with a peer gate's id: `wp gate check ID` is ambiguous (exit 2, both named), not the local gate's exit 0")
    func localGateShadowsPeerGateID() throws {
        let workspace = try GateAttack.Workspace()
        try workspace.write("platform/workplans/PLAT-WP-0001-cluster.md",
                            GateAttack.workplan("PLAT-WP-0001", status: "active", tasks: [("T01", "status: todo")]))
        try workspace.write("platform/workplans/gates.md", "# Gates\n\n" + GateAttack.gate("deploy", "PLAT-WP-0001"))
        let before = try workspace.wp(["gate", "check", "deploy"])
        #expect(before.status == 1, "the platform's workplan is active: \(before.stdout)")

        // The attack: a gate with the same id in this repo, requiring something that holds.
        try workspace.write("apps/workplans/APP-WP-0001-release.md",
                            GateAttack.workplan("APP-WP-0001", status: "active", tasks: [("T01", "status: done")]))
        try workspace.write("apps/docs/deploy.md", GateAttack.gate("deploy", "apps:APP-WP-0001-T01"))
        for command in [["gate", "check", "deploy"], ["gate", "explain", "deploy"]] {
            let after = try workspace.wp(command)
            #expect(after.status == 2, "\(command): the local copy was chosen: exit \(after.status)\n\(after.stdout)")
            #expect(after.stdout.isEmpty, "nothing on stdout for an ambiguous id: \(after.stdout)")
            #expect(after.stderr.contains("apps:deploy") && after.stderr.contains("platform:deploy"), "\(command): \(after.stderr)")
        }
        // The hint works as printed: qualified, each gate is found.
        #expect(try workspace.wp(["gate", "check", "platform:deploy"]).status == 1)
        #expect(try workspace.wp(["gate", "check", "apps:deploy"]).status == 0)
    }

    @Test("a local done task recording a peer gate's evidence: the gate is undecided (exit 2), not passed")
    func localEvidenceShadowsPeerEvidence() throws {
        let workspace = try Self.platformDeployGate()
        let before = try workspace.wp(["gate", "check", "platform:deploy"])
        #expect(before.status == 1, "the platform's drill is old: \(before.stdout)")
        #expect(before.stdout.contains("older than 30d"), "\(before.stdout)")

        try workspace.write("apps/workplans/APP-WP-0001-release.md", Self.localDrill)
        let after = try workspace.wp(["gate", "check", "platform:deploy"])
        #expect(after.status == 2, "a local drill passed the platform's gate: exit \(after.status)\n\(after.stdout)")
        #expect(after.stdout.contains("? evidence restore-drill"), "\(after.stdout)")
        #expect(after.stdout.contains("ambiguous: evidence 'restore-drill' is recorded in several repos"), "\(after.stdout)")
        #expect(after.stdout.contains("apps:APP-WP-0001-T01") && after.stdout.contains("platform:PLAT-WP-0001-T01"), "\(after.stdout)")

        // JSON agrees, and stays in its contract.
        let json = try workspace.wp(["gate", "check", "platform:deploy", "--format", "json"])
        #expect(json.status == 2)
        let gates = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        let requirement = try #require((gates.first?["requirements"] as? [[String: Any]])?.first)
        #expect(requirement["undecided"] as? Bool == true)
        #expect(requirement["met"] as? Bool == false)
        #expect(try GateAttack.schemaViolations(json.stdout, schema: "gate-output") == [])
    }

    @Test("qualified evidence (`evidence: platform:restore-drill`) counts only the platform's tasks, whatever this repo records")
    func qualifiedEvidenceIgnoresLocalCopies() throws {
        let workspace = try Self.platformDeployGate(evidence: "platform:restore-drill")
        try workspace.write("apps/workplans/APP-WP-0001-release.md", Self.localDrill)
        let result = try workspace.wp(["gate", "check", "platform:deploy"])
        #expect(result.status == 1, "only the platform's old drill counts: \(result.stdout)")
        #expect(result.stdout.contains("PLAT-WP-0001-T01 on 2025-01-10"), "\(result.stdout)")

        // A qualifier naming this repo takes this repo's drill (the author's choice), and a name
        // whose prefix is no repo stays a plain name (evidence may be a link).
        try workspace.write("platform/workplans/gates.md", "# Gates\n\n"
            + GateAttack.gate("deploy", "{evidence: apps:restore-drill, max_age: 30d}")
            + GateAttack.gate("linked", "{evidence: 'https://ci.example.org/drill'}"))
        #expect(try workspace.wp(["gate", "check", "platform:deploy"]).status == 0)
        let linked = try workspace.wp(["gate", "check", "platform:linked"])
        #expect(linked.status == 1)
        #expect(linked.stdout.contains("no task records evidence 'https://ci.example.org/drill'"), "\(linked.stdout)")
    }

    @Test("unqualified evidence while a peer is unreadable: undecided (exit 2) even when this repo records it; qualified, decided")
    func unqualifiedEvidenceWithPeerUnavailable() throws {
        let workspace = try GateAttack.Workspace()
        try workspace.write("apps/workplans/APP-WP-0001-release.md", Self.localDrill)
        try workspace.write("apps/docs/gates.md", GateAttack.gate("release", "{evidence: restore-drill, max_age: 30d}"))
        #expect(try workspace.wp(["gate", "check", "release"]).status == 0, "the only drill is this repo's")

        try workspace.removePeer()
        let result = try workspace.wp(["gate", "check", "release"])
        #expect(result.status == 2, "the unreadable peer may record the drill: exit \(result.status)\n\(result.stdout)")
        #expect(result.stdout.contains("peers platform could not be read, and may record it"), "\(result.stdout)")
        #expect(result.stdout.contains("`evidence: platform:restore-drill`"), "\(result.stdout)")
        // The hint works as printed: qualified with this repo, the requirement no longer depends on the
        // peer (as an id qualified with this repo does not); the qualified peer stays undecided.
        try workspace.write("apps/docs/gates.md", GateAttack.gate("release", "{evidence: apps:restore-drill, max_age: 30d}"))
        let qualified = try workspace.wp(["gate", "check", "release"])
        #expect(qualified.status == 0, "\(qualified.stdout)")
        #expect(qualified.stderr.contains("[peer-unavailable]"), "\(qualified.stderr)")
        try workspace.write("apps/docs/gates.md", GateAttack.gate("release", "{evidence: platform:restore-drill, max_age: 30d}"))
        let peer = try workspace.wp(["gate", "check", "release"])
        #expect(peer.status == 2, "\(peer.stdout)")
        #expect(peer.stdout.contains("peer unavailable: platform"), "\(peer.stdout)")
    }
}
