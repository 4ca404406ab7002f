import Foundation
import Testing

/// Runs `git` with a fixed identity and no user or system configuration; a failure is recorded as an issue.
@discardableResult
public func git(_ arguments: [String], in directory: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
    let result = try runProcess(
        "/usr/bin/env",
        ["git", "-c", "user.name=wp tests", "-c", "user.email=wp-tests@example.invalid",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + arguments,
        in: directory,
        environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"])
    if result.status != 0 {
        Issue.record("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)", sourceLocation: sourceLocation)
    }
    return result
}
