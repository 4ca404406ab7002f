import Foundation
import Testing

/// Issue 10, item 6: a gate requirement is met only when its element succeeded and lint reports
/// no error on it. Each state below passed a gate before although wp lint rejects it (or, for
/// `cancelled`, although the work was not done). Real binary, real files.
@Suite("Security: a gate never passes on a state wp rejects")
struct GatePassesOnRejectedStateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Path (under the workspace) → text.
        var files: [String: String]
        /// The gate's requirement.
        var requires: String
        /// The lint rule the reason must name, with its file and line (nil: no lint error, the status alone fails it).
        var rule: String?
        var position: String?
        /// Text the reason must contain.
        var reasonContains: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a required workplan finished with a todo task",
             files: ["apps/workplans/APP-WP-0001.md": GateAttack.workplan("APP-WP-0001", status: "finished", tasks: [("T01", "status: done"), ("T02", "status: todo")])],
             requires: "APP-WP-0001", rule: "finished-with-open-work", position: "workplans/APP-WP-0001.md:4:9",
             reasonContains: "APP-WP-0001 is finished, but lint reports an error on it"),
        Case(name: "a required workplan of the peer finished with a todo task",
             files: ["platform/workplans/PLAT-WP-0001.md": GateAttack.workplan("PLAT-WP-0001", status: "finished", tasks: [("T01", "status: todo")])],
             requires: "platform:PLAT-WP-0001", rule: "finished-with-open-work", position: "../platform/workplans/PLAT-WP-0001.md:4:9",
             reasonContains: "PLAT-WP-0001 is finished, but lint reports an error on it"),
        Case(name: "a required task done that depends on an open task",
             files: ["apps/workplans/APP-WP-0001.md": GateAttack.workplan("APP-WP-0001", status: "active", tasks: [
                 ("T01", "status: todo"), ("T02", "status: done\ndepends_on: [T01]")])],
             requires: "APP-WP-0001-T02", rule: "done-with-open-dependency", position: "workplans/APP-WP-0001.md:",
             reasonContains: "APP-WP-0001-T02 is done, but lint reports an error on it"),
        Case(name: "a required task done that depends on an unknown id",
             files: ["apps/workplans/APP-WP-0001.md": GateAttack.workplan("APP-WP-0001", status: "active", tasks: [
                 ("T01", "status: done\ndepends_on: [NOPE-WP-0404]")])],
             requires: "APP-WP-0001-T01", rule: "done-with-open-dependency", position: "workplans/APP-WP-0001.md:",
             reasonContains: "'NOPE-WP-0404' is unknown"),
        Case(name: "a required task cancelled",
             files: ["apps/workplans/APP-WP-0001.md": GateAttack.workplan("APP-WP-0001", status: "active", tasks: [("T01", "status: cancelled")])],
             requires: "APP-WP-0001-T01", rule: nil, position: nil,
             reasonContains: "APP-WP-0001-T01 is cancelled, which is not done: a requirement asks for done"),
        Case(name: "a required prose decision \"(resolved; …)\" with no resolution",
             files: ["apps/workplans/APP-WP-0001.md": GateAttack.workplan("APP-WP-0001", status: "active",
                                                                            body: "**Decision D-01 — Pick a database** (resolved; required before T02)\n\nWe talked about it.\n")],
             requires: "APP-WP-0001-D01", rule: "resolved-without-resolution", position: "workplans/APP-WP-0001.md:9:1",
             reasonContains: "APP-WP-0001-D01 is resolved, but lint reports an error on it"),
        Case(name: "evidence recorded by a done task that depends on an open task",
             files: ["apps/workplans/APP-WP-0001.md": GateAttack.workplan("APP-WP-0001", status: "active", tasks: [
                 ("T01", "status: todo"), ("T02", "status: done\nevidence: restore-drill\ndone_on: 2026-05-19\ndepends_on: [T01]")])],
             requires: "{evidence: restore-drill, max_age: 30d}", rule: "done-with-open-dependency", position: "workplans/APP-WP-0001.md:",
             reasonContains: "but lint reports an error on APP-WP-0001-T02"),
    ]

    @Test("the gate does not pass, and the reason names the lint error (rule, message, file:line)", arguments: cases)
    func rejectedStateDoesNotPassAGate(_ testCase: Case) throws {
        let workspace = try GateAttack.Workspace()
        for (path, text) in testCase.files { try workspace.write(path, text) }
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", testCase.requires))
        let result = try workspace.wp(["gate", "check", "promote", "--format", "json"])
        #expect(result.status == 1, "exit \(result.status): \(result.stdout)\(result.stderr)")
        let gates = try #require((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]])
        #expect(gates.first?["result"] as? String == "fail")
        let requirement = try #require((gates.first?["requirements"] as? [[String: Any]])?.first)
        #expect(requirement["met"] as? Bool == false)
        let reason = try #require(requirement["reason"] as? String)
        #expect(reason.contains(testCase.reasonContains), "\(reason)")
        if let rule = testCase.rule, let position = testCase.position {
            #expect(reason.contains("[\(rule)]"), "the rule id: \(reason)")
            #expect(reason.contains(position), "the file and line: \(reason)")
            #expect(reason.contains(": error: "), "the message: \(reason)")
            // The same finding `wp lint` reports in the repo that holds the element.
            let holder = position.hasPrefix("../platform/") ? workspace.directory.absolute("platform") : workspace.apps
            let lint = try wpTests.wp(["lint"], in: holder, cache: workspace.cache)
            #expect(lint.stdout.contains("[\(rule)]") || lint.stdout.contains("error[\(rule)]"), "wp lint reports it too: \(lint.stdout)")
        }
        #expect(try GateAttack.schemaViolations(result.stdout, schema: "gate-output") == [])
    }

    @Test("succeeded is a property of the lifecycle: .wp.yaml may count cancelled as succeeded, and that passes")
    func succeededIsConfigurable() throws {
        let workspace = try GateAttack.Workspace(appsConfigExtra: "lifecycles:\n  task:\n    succeeded: [done, cancelled]\n")
        try workspace.write("apps/workplans/APP-WP-0001.md", GateAttack.workplan("APP-WP-0001", status: "active", tasks: [("T01", "status: cancelled")]))
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "APP-WP-0001-T01"))
        let result = try workspace.wp(["gate", "check", "promote"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")

        // A succeeded status must be complete: anything else is a configuration error (exit 2) at its position.
        let bad = try GateAttack.Workspace(appsConfigExtra: "lifecycles:\n  task:\n    succeeded: [todo]\n")
        try bad.write("apps/docs/promotion.md", GateAttack.gate("promote", "APP-WP-0001-T01"))
        let refused = try bad.wp(["gate", "check", "promote"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(".wp.yaml:7:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("`succeeded` names `todo`, which is not in `complete`"), "\(refused.stderr)")
    }

    @Test("a consistent state still passes: done, finished with every task done, resolved with a resolution")
    func consistentStatePasses() throws {
        let workspace = try GateAttack.Workspace()
        try workspace.write("apps/workplans/APP-WP-0001.md", GateAttack.workplan("APP-WP-0001", status: "finished", tasks: [("T01", "status: done")],
                                                                                body: "**Decision D-01 — Pick a database** (resolved)\n\n**Resolution (2026-05-18, bernd):** PostgreSQL.\n"))
        try workspace.write("apps/docs/promotion.md", GateAttack.gate("promote", "APP-WP-0001", "APP-WP-0001-T01", "APP-WP-0001-D01"))
        let result = try workspace.wp(["gate", "check", "promote"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try workspace.wp(["lint"]).status == 0)
    }
}
