import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10 follow-up g: wp starts git in a session of its own (item 14), so Ctrl-C in a
/// terminal, or a CI runner cancelling the job with SIGINT or SIGTERM, ended wp but not the
/// fetch: a hanging remote's processes ran on. wp now kills the groups it started when one of
/// those signals ends it, and still dies of the signal.
@Suite("Security: an interrupted wp takes its git fetch with it")
struct InterruptedFetchTests {
    /// Whether `pid` is gone (or a zombie nobody reaped yet: it runs no more).
    static func isGone(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.isEmpty || stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).first == "Z"
    }

    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Starts `executable` as a shell or CI runner would: no signal blocked, SIGINT and SIGTERM at
    /// their default. (Foundation's Process passes the test runner's blocked signals on.)
    static func spawnLikeAShell(_ executable: String, _ arguments: [String], in directory: String,
                                environment: [String: String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [Int32(0), 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // A shell would `cd` first; `-C` does the same for wp.
        let argv = ([executable] + arguments + ["-C", directory]).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        try #require(result == 0, "posix_spawn: \(String(cString: strerror(result)))")
        return pid
    }

    /// True once `pid` (a child of this process) has exited; it stays unreaped.
    static func hasEnded(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_signo == SIGCHLD
    }

    /// The exit status, 128 + signal when a signal ended it.
    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 { if errno != EINTR { return -1 } }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// The parent process id, from /proc.
    static func parent(of pid: Int32) -> Int32? {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 1 else { return nil }
        return Int32(fields[1])
    }

    static func pid(in file: String) -> Int32? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test("SIGINT or SIGTERM to wp during a hanging fetch: wp dies of it, and the remote's processes are gone",
          arguments: [SIGINT, SIGTERM])
    func signalDuringAHangingFetch(_ signal: Int32) throws {
        let directory = try TemporaryDirectory("wp-sec-interrupt")
        let cache = try TemporaryDirectory("wp-sec-cache")
        let sshPID = directory.absolute("ssh.pid")
        let sleeperPID = directory.absolute("sleeper.pid")
        // The "ssh" git starts never answers; it leaves a sleeper of its own, as a helper would.
        try directory.write("fake-ssh", "#!/bin/sh\nsleep 600 </dev/null >/dev/null 2>&1 &\necho $! > '\(sleeperPID)'\necho $$ > '\(sshPID)'\nwait\n")
        chmod(directory.absolute("fake-ssh"), 0o755)
        let apps = try GitPeerSecurityTests.writeApps(directory, config: "repo: apps\npeers:\n  peer: {git: \"ssh://git.invalid/peer.git\"}\n")

        var environment = ProcessInfo.processInfo.environment
        environment["WP_CACHE_DIR"] = cache.path
        environment["GIT_SSH_COMMAND"] = directory.absolute("fake-ssh")
        let wp = try Self.spawnLikeAShell(try WPBinary.require(), ["status"], in: apps, environment: environment)
        var reaped = false
        defer { if !reaped { kill(wp, SIGKILL); _ = Self.reap(wp) } }

        let started = Self.waitFor(seconds: 60) { Self.pid(in: sshPID) != nil && Self.pid(in: sleeperPID) != nil }
        try #require(started, "the fetch never reached the fake ssh")
        let ssh = try #require(Self.pid(in: sshPID))
        let sleeper = try #require(Self.pid(in: sleeperPID))
        // git (the group leader wp started) is the ssh's parent: on failure, its group goes too.
        let git = Self.parent(of: ssh)
        defer {
            if let git, !Self.isGone(git) { kill(-git, SIGKILL) }
            for pid in [ssh, sleeper] where !Self.isGone(pid) { kill(pid, SIGKILL) }
        }
        #expect(!Self.isGone(ssh) && !Self.isGone(sleeper), "the remote hangs until wp is interrupted")

        kill(wp, signal)
        let ended = Self.waitFor(seconds: 30) { Self.hasEnded(wp) }
        #expect(ended, "wp did not end on signal \(signal)")
        if ended {
            // wp ends as the signal says, for whoever started it (a shell prints "Terminated", make stops).
            reaped = true
            #expect(Self.reap(wp) == 128 + signal)
        }
        #expect(Self.waitFor(seconds: 10) { Self.isGone(ssh) && Self.isGone(sleeper) },
                "the remote's processes outlived wp: ssh \(ssh) gone \(Self.isGone(ssh)), sleeper \(sleeper) gone \(Self.isGone(sleeper))")
    }
}
