import Foundation
import Testing
@testable import WorkplanKit

// Issue 10, item 14: a hanging remote outlived the limit. `git clone` was
// terminated after the timeout, but an orphaned `git remote-http` kept the
// pipe open and wp waited for it forever. These run real shell scripts whose
// grandchildren hold the pipes, through the real CommandRunner.

/// Written by one thread before a semaphore is signalled, read by another after the wait.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    var value: Value?
}

@Suite("Security: child processes (issue 10, item 14)")
struct ProcessGroupTests {
    /// Runs `body` on its own thread and waits at most `seconds` for it: a runner
    /// that hangs fails the test instead of hanging the whole suite.
    static func finishes<Value: Sendable>(
        within seconds: Double, _ body: @escaping @Sendable () -> Value
    ) -> Value? {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.value = body()
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.value
    }

    /// True while `pid` is a live process (a zombie waiting for its reaper counts as dead).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // "pid (comm) STATE ...": the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Waits (briefly) for a killed process to disappear; SIGKILL takes effect asynchronously.
    static func eventuallyGone(_ pid: Int32) -> Bool {
        for _ in 0..<200 {
            if !isRunning(pid) { return true }
            usleep(10_000)
        }
        return false
    }

    static func grandchildPID(_ file: String) throws -> Int32 {
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            usleep(10_000)
        }
        throw CocoaError(.fileReadNoSuchFile)
    }

    @Test func aGrandchildHoldingThePipeDoesNotKeepTheRunnerWaiting() throws {
        let directory = try TemporaryDirectory("wp-process")
        let pidFile = directory.absolute("grandchild.pid")
        // The child exits at once; its background grandchild inherits stdout and stderr and sleeps.
        let script = "sleep 600 & echo $! > '\(pidFile)'; echo done; exit 3"
        let output = try #require(Self.finishes(within: 60) {
            CommandRunner(timeout: 300).run("/bin/sh", ["-c", script])
        }, "the runner waited for the grandchild's pipe")
        #expect(output.status == 3)
        #expect(!output.timedOut)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "done\n")
        let grandchild = try Self.grandchildPID(pidFile)
        #expect(Self.eventuallyGone(grandchild), "the grandchild \(grandchild) outlived the run")
        if Self.isRunning(grandchild) { kill(grandchild, SIGKILL) }
    }

    @Test func aTimeoutKillsTheWholeProcessGroup() throws {
        let directory = try TemporaryDirectory("wp-process")
        let pidFile = directory.absolute("grandchild.pid")
        // Child and grandchild both hang; the child ignores SIGTERM, so only SIGKILL ends it.
        let script = "trap '' TERM; sleep 600 & echo $! > '\(pidFile)'; echo started; sleep 600; echo never"
        let output = try #require(Self.finishes(within: 60) {
            CommandRunner(timeout: 1).run("/bin/sh", ["-c", script])
        }, "the runner did not give up after its timeout")
        #expect(output.timedOut)
        #expect(!output.succeeded)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "started\n", "output before the timeout is kept")
        let grandchild = try Self.grandchildPID(pidFile)
        #expect(Self.eventuallyGone(grandchild), "the grandchild \(grandchild) outlived the timeout")
        if Self.isRunning(grandchild) { kill(grandchild, SIGKILL) }
    }

    @Test func aChildGetsNoTerminalAndStartsItsOwnSessionAndGroup() throws {
        // `ps -o sid=,pgid=,tty= -p $$`: the shell leads a new session and group, with no controlling terminal.
        let output = CommandRunner(timeout: 30).run("/bin/sh", ["-c", "echo $$; ps -o sid=,pgid=,tty= -p $$"])
        try #require(output.succeeded, "\(output.stderr)")
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n")
        try #require(lines.count == 2, "\(lines)")
        let fields = lines[1].split(separator: " ")
        #expect(fields.count == 3)
        #expect(fields.first.map(String.init) == String(lines[0]), "session id is the child's pid")
        #expect(fields.dropFirst().first.map(String.init) == String(lines[0]), "process group id is the child's pid")
        #expect(fields.last == "?", "no controlling terminal")
        #expect(getpgrp() != Int32(lines[0]), "wp's own group is not the child's")
    }

    @Test func outputPastTheLimitKillsTheChild() throws {
        // `yes` never stops on its own: only the output limit ends it.
        let output = try #require(Self.finishes(within: 120) {
            CommandRunner(timeout: 300).run("yes", ["0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"])
        }, "the runner kept reading past the output limit")
        #expect(output.outputLimitExceeded)
        #expect(!output.succeeded)
        #expect(output.stdout.count > Limits.maximumCommandOutput)
        #expect(output.stdout.count <= Limits.maximumCommandOutput + 65_536)
    }

    @Test func inputIsFedFromAFileAndAMissingProgramIsReported() throws {
        let echoed = CommandRunner(timeout: 30).run("cat", [], input: Data("line one\nline two\n".utf8))
        #expect(echoed.succeeded)
        #expect(String(decoding: echoed.stdout, as: UTF8.self) == "line one\nline two\n")
        let missing = CommandRunner(timeout: 30).run("wp-no-such-program-\(UUID().uuidString)", [])
        #expect(missing.status == 127)
        #expect(missing.stderr.contains("cannot run"), "\(missing.stderr)")
    }

    @Test func gitRunsWithHooksOffOnlyThreeTransportsAndNoPrompt() throws {
        let git = GitRunner(timeout: 30)
        let output = git.run(["config", "--show-origin", "--get-regexp", "^(protocol|core)\\.(allow|hookspath|fsmonitor|askpass)"])
        try #require(output.succeeded, "\(output.stderr)")
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.contains("command line:\tcore.hookspath /dev/null"), "\(lines)")
        #expect(lines.contains("command line:\tprotocol.allow never"), "\(lines)")
        #expect(lines.contains("command line:\tcore.fsmonitor false"), "\(lines)")
        #expect(lines.contains("command line:\tcore.askpass "), "\(lines)")
        // The environment git sees: no system config, no terminal prompt (the caller's GIT_DIR: see the end-to-end test).
        let printed = CommandRunner(timeout: 30).run(
            "/bin/sh", ["-c", "echo \"$GIT_CONFIG_NOSYSTEM $GIT_TERMINAL_PROMPT\""],
            environment: GitRunner.environment, removingEnvironment: GitRunner.removedEnvironment)
        #expect(String(decoding: printed.stdout, as: UTF8.self) == "1 0\n")
    }
}
