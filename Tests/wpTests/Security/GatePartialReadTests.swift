import Foundation
import Testing

/// Follow-up to issue 10 (items 5 and 24): a gate command on a partial read. A gate that
/// cannot be found may be in a file wp could not read, and a list made without some file
/// may lack gates: every gate command prints the reading problems and exits 2.
@Suite("Security: gate commands never hide a partial read")
struct GatePartialReadTests {
    /// `release` lives in a runbook whose YAML is broken; `smoke` reads fine.
    static func workspace() throws -> GateAttack.Workspace {
        let workspace = try GateAttack.Workspace()
        try workspace.write("apps/workplans/APP-WP-0001-release.md",
                            GateAttack.workplan("APP-WP-0001", status: "active", tasks: [("T01", "status: done")]))
        try workspace.write("apps/docs/smoke.md", GateAttack.gate("smoke", "APP-WP-0001-T01"))
        try workspace.write("apps/docs/release.md", "```gate\nid: release\nrequires: [APP-WP-0001-T01\n```\n")
        return workspace
    }

    @Test("`gate check` of a gate in an unreadable file: exit 2 with the file's problem, not only \"no gate\"")
    func unknownGateNamesTheUnreadableFile() throws {
        let workspace = try Self.workspace()
        for command in [["gate", "check", "release"], ["gate", "explain", "release"]] {
            let result = try workspace.wp(command)
            #expect(result.status == 2, "\(command): \(result.stdout)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("docs/release.md:4:1: error: gate block: invalid YAML"), "\(command): the reading problem is shown: \(result.stderr)")
            #expect(result.stderr.contains("[yaml-syntax]"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("error: no gate 'release'"), "\(command): \(result.stderr)")
        }
    }

    @Test("`gate list` and `gate explain` on a partial read: the results, the problems on stderr, exit 2 (was 0)")
    func listOnAPartialReadIsExit2() throws {
        let workspace = try Self.workspace()
        for command in [["gate", "list"], ["gate", "list", "--format", "json"], ["gate", "explain", "smoke"]] {
            let result = try workspace.wp(command)
            #expect(result.status == 2, "\(command): a list without the unreadable file's gates passed for complete")
            #expect(result.stdout.contains("smoke"), "\(command): what could be read is still shown: \(result.stdout)")
            #expect(result.stderr.contains("docs/release.md:4:1: error: gate block: invalid YAML"), "\(command): \(result.stderr)")
        }
        // Once the file reads, the same commands exit 0.
        try workspace.write("apps/docs/release.md", GateAttack.gate("release", "APP-WP-0001-T01"))
        for command in [["gate", "list"], ["gate", "explain", "smoke"], ["gate", "check", "release"]] {
            let result = try workspace.wp(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(command): \(result.stderr)")
        }
    }
}
