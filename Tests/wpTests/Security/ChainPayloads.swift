import Foundation
import Testing

/// Hostile workspaces made of long dependency chains, and a way to run `wp` on
/// them under a memory ceiling, a stack ceiling and a timeout.
enum ChainPayloads {
    /// A workspace of `workplans` workplans with `tasksPerWorkplan` open tasks each,
    /// task k depending on task k + 1 across workplans: one chain of
    /// `workplans × tasksPerWorkplan` tasks whose root is the very last task.
    ///
    /// Top-down on purpose: walking from the first task reaches the bottom of the
    /// chain before any of it is known, as deep as the chain is long.
    static func taskChain(workplans: Int, tasksPerWorkplan: Int, in directory: TemporaryDirectory) throws {
        try directory.write(".wp.yaml", "repo: chain\n")
        let count = workplans * tasksPerWorkplan
        for plan in 0..<workplans {
            var text = "---\nid: \(workplanID(plan))\ntitle: Chain \(plan + 1)\nstatus: active\n---\n\n"
            for task in 0..<tasksPerWorkplan {
                let position = plan * tasksPerWorkplan + task
                text += "```task\nid: \(taskID(position, tasksPerWorkplan: tasksPerWorkplan))\nstatus: todo\n"
                if position + 1 < count { text += "depends_on: [\(taskID(position + 1, tasksPerWorkplan: tasksPerWorkplan))]\n" }
                text += "```\n\n"
            }
            try directory.write("workplans/\(workplanID(plan))-chain.md", text)
        }
    }

    /// `count` workplans, each depending on the next and holding one open task.
    static func workplanChain(count: Int, in directory: TemporaryDirectory) throws {
        try directory.write(".wp.yaml", "repo: chain\n")
        for plan in 0..<count {
            let dependsOn = plan + 1 < count ? "depends_on: [\(workplanID(plan + 1))]\n" : ""
            try directory.write("workplans/\(workplanID(plan))-chain.md",
                                "---\nid: \(workplanID(plan))\ntitle: Chain \(plan + 1)\nstatus: active\n\(dependsOn)---\n\n"
                                    + "```task\nid: \(workplanID(plan))-T01\nstatus: todo\n```\n")
        }
    }

    /// A workplan `IW-WP-0001` with `tasks` open tasks that depends on every one of the
    /// `dependencies` open tasks of `IW-WP-0002`: each task inherits them all.
    static func inheritedDependencies(tasks: Int, dependencies: Int, in directory: TemporaryDirectory) throws {
        try directory.write(".wp.yaml", "repo: inherit\n")
        let targets = (1...dependencies).map { "IW-WP-0002-T\($0)" }
        var waiting = "---\nid: IW-WP-0001\ntitle: Waits\nstatus: active\ndepends_on: [\(targets.joined(separator: ", "))]\n---\n\n"
        for task in 1...tasks { waiting += "## T\(task)\n\n```task\nid: IW-WP-0001-T\(task)\nstatus: todo\n```\n\n" }
        try directory.write("workplans/IW-WP-0001-waits.md", waiting)
        var first = "---\nid: IW-WP-0002\ntitle: First\nstatus: active\n---\n\n"
        for task in 1...dependencies { first += "## T\(task)\n\n```task\nid: IW-WP-0002-T\(task)\nstatus: todo\n```\n\n" }
        try directory.write("workplans/IW-WP-0002-first.md", first)
    }

    static func workplanID(_ plan: Int) -> String { "CH-WP-" + padded(plan + 1, 5) }

    /// The id of the task at `position` (0-based) of a task chain.
    static func taskID(_ position: Int, tasksPerWorkplan: Int) -> String {
        workplanID(position / tasksPerWorkplan) + "-T" + padded(position % tasksPerWorkplan + 1, 4)
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Bytes of every file under `directory`: the size of the input wp reads.
    static func inputBytes(_ directory: TemporaryDirectory) throws -> Int {
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
        var total = 0
        while let relative = enumerator.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.absolute(relative))
            if attributes[.type] as? FileAttributeType == .typeRegular { total += (attributes[.size] as? Int) ?? 0 }
        }
        return total
    }

    /// Address space a run may use: far above what wp needs, far below what the quadratic chains took (3.8 GB at 8,000 tasks).
    static let memoryCeiling = 2 * 1024 * 1024 * 1024
    /// Seconds before a run is killed: generous, only a hang reaches it.
    static let timeoutSeconds = 300

    /// Runs the built `wp` under `prlimit --as` (and `--stack` when given) and `timeout`.
    static func run(_ arguments: [String], in directory: TemporaryDirectory, stackBytes: Int? = nil) throws -> RunResult {
        var limits = AddressSpaceLimit.arguments(memoryCeiling)
        if let stackBytes { limits.append("--stack=\(stackBytes)") }
        return try wpTests.run(
            "/usr/bin/timeout", ["--signal=KILL", String(timeoutSeconds), "/usr/bin/prlimit"] + limits + ["--", try WPBinary.require()] + arguments,
            in: directory.path, environment: ["WP_CACHE_DIR": directory.absolute(".cache"), "WP_TODAY": "2026-06-30"])
    }

    /// Records the exit and the end of stderr when `result` did not exit with `status`.
    static func expectExit(_ result: RunResult, _ status: Int32, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // 137: killed by the timeout or the kernel; 139: SIGSEGV; 134: trap.
        #expect(result.status == status, "\(what): exit \(result.status); stderr: \(result.stderr.suffix(500))", sourceLocation: sourceLocation)
    }
}
