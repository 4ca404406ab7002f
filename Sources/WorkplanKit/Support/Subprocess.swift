import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command line tool (git, dot) and collects its output, with a time
/// limit that nothing the tool starts can outlive.
///
/// The child starts in a session of its own (so in its own process group, and
/// without a controlling terminal: it can never stop on a terminal prompt).
/// On timeout the whole group gets SIGTERM, then SIGKILL after
/// ``Limits/processTerminationGrace``. When the child exits, whatever it left
/// running in its group is killed, and wp stops reading the pipes after the
/// grace even if a process that left the group still holds them open.
struct CommandRunner: Sendable {
    struct Output: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var timedOut: Bool
        /// The child wrote more than ``Limits/maximumCommandOutput`` bytes and was killed.
        var outputLimitExceeded = false

        /// Exit status 0, in time, with all of its output.
        var succeeded: Bool { status == 0 && !timedOut && !outputLimitExceeded }
    }

    var timeout: TimeInterval = Limits.commandTimeout

    /// - Parameters:
    ///   - executable: a name looked up in `PATH`, or a path.
    ///   - environment: variables set on top of wp's own environment.
    ///   - removingEnvironment: variables of wp's environment the child must not see.
    ///   - input: fed to the child's stdin from an unlinked temporary file — never through a
    ///     pipe, whose writer would get SIGPIPE if the child failed to start or stopped reading.
    func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
             environment: [String: String] = [:], removingEnvironment: [String] = [], input: Data? = nil) -> Output {
        var env = ProcessInfo.processInfo.environment
        for key in removingEnvironment { env[key] = nil }
        for (key, value) in environment { env[key] = value }

        let stdinDescriptor: Int32
        switch Self.standardInput(input) {
        case .success(let descriptor): stdinDescriptor = descriptor
        case .failure(let error): return Self.failure("cannot stage input for \(executable): \(error.message)")
        }
        defer { close(stdinDescriptor) }
        guard let stdoutPipe = Self.makePipe(), let stderrPipe = Self.makePipe() else {
            return Self.failure("cannot run \(executable): no pipe (\(String(cString: strerror(errno))))")
        }

        // Recorded before a signal can end wp: an interrupted wp kills the group (ChildProcessGroups).
        let spawned = ChildProcessGroups.blockingSignals { () -> Result<(pid: pid_t, recorded: Bool), SpawnError> in
            Self.spawn(executable, arguments, directory: directory, environment: env,
                       stdin: stdinDescriptor, stdout: stdoutPipe.write, stderr: stderrPipe.write)
                .map { ($0, ChildProcessGroups.register($0)) }
        }
        let pid: pid_t
        switch spawned {
        case .success(let started) where started.recorded:
            pid = started.pid
        case .success(let started):
            for descriptor in [stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write] { close(descriptor) }
            Self.terminateGroup(started.pid, grace: 0)
            _ = Self.reap(started.pid)
            return Self.failure("cannot run \(executable): more than \(Limits.concurrentChildProcesses) child processes at once")
        case .failure(let error):
            for descriptor in [stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write] { close(descriptor) }
            return Self.failure("cannot run \(executable): \(error.message)")
        }
        close(stdoutPipe.write)
        close(stderrPipe.write)
        defer {
            close(stdoutPipe.read)
            close(stderrPipe.read)
        }
        return collect(pid: pid, stdout: stdoutPipe.read, stderr: stderrPipe.read)
    }

    // MARK: Waiting

    private func collect(pid: pid_t, stdout stdoutDescriptor: Int32, stderr stderrDescriptor: Int32) -> Output {
        let grace = Self.nanoseconds(Limits.processTerminationGrace)
        let deadline = Self.now() &+ Self.nanoseconds(timeout)
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var open = [true, true]
        var exitedAt: UInt64?
        var timedOut = false
        var tooLarge = false
        var buffer = [UInt8](repeating: 0, count: 65_536)

        reading: while open[0] || open[1] {
            let current = Self.now()
            if exitedAt == nil, Self.hasExited(pid) {
                exitedAt = current
                // Whatever the child left running in its group has no one to report to.
                kill(-pid, SIGKILL)
            }
            if let exitedAt, current >= exitedAt &+ grace { break }
            if exitedAt == nil, current >= deadline {
                timedOut = true
                break
            }
            let until = exitedAt.map { $0 &+ grace } ?? deadline
            // Wake up at least every 50 ms to notice the child's exit while a grandchild keeps the pipes open.
            let waitMilliseconds = Int32(min(until &- current, 50_000_000) / 1_000_000) + 1
            var descriptors = [
                pollfd(fd: open[0] ? stdoutDescriptor : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open[1] ? stderrDescriptor : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, waitMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where open[index] && descriptors[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if index == 0 {
                        stdout.append(contentsOf: buffer[0..<count])
                        if stdout.count > Limits.maximumCommandOutput {
                            tooLarge = true
                            break reading
                        }
                    } else if stderr.count < Limits.maximumCommandErrorOutput {
                        stderr.append(contentsOf: buffer[0..<min(count, Limits.maximumCommandErrorOutput - stderr.count)])
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[index] = false
                }
            }
        }
        // Both pipes are closed; the child is exiting, or closed them itself and runs on.
        var pause: useconds_t = 200
        while exitedAt == nil, !timedOut, !tooLarge {
            if Self.hasExited(pid) {
                exitedAt = Self.now()
                kill(-pid, SIGKILL)
            } else if Self.now() >= deadline {
                timedOut = true
            } else {
                usleep(pause)
                pause = min(pause * 2, 20_000)
            }
        }
        if timedOut || tooLarge { Self.terminateGroup(pid, grace: grace) }
        // Forgotten before the reap frees its id for reuse (the group is dead or leaderless by now).
        ChildProcessGroups.unregister(pid)
        let status = Self.reap(pid)
        return Output(
            status: status, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self),
            timedOut: timedOut, outputLimitExceeded: tooLarge)
    }

    /// SIGTERM to the group (SIGCONT so stopped members can act on it), then SIGKILL after `grace`.
    private static func terminateGroup(_ pid: pid_t, grace: UInt64) {
        kill(-pid, SIGTERM)
        kill(-pid, SIGCONT)
        let until = now() &+ grace
        while !hasExited(pid), now() < until { usleep(10_000) }
        // Members that outlived the leader, or ignored SIGTERM, go too; the unreaped
        // leader keeps its pid (the group id) from being reused until then.
        kill(-pid, SIGKILL)
    }

    /// True once the child has exited; it stays unreaped (a zombie), so its pid
    /// — the group's id — cannot be reused while wp still signals the group.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return result == 0 && info.si_signo == SIGCHLD
    }

    /// Waits for the (exited or killed) child and returns its exit status, 128 + signal when a signal ended it.
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 127 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    // MARK: Starting

    private static func spawn(
        _ executable: String, _ arguments: [String], directory: String?, environment: [String: String],
        stdin: Int32, stdout: Int32, stderr: Int32
    ) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        if let directory {
            guard let addChdir = addChdirAction else { return .failure(SpawnError("cannot start a process in \(directory) on this system")) }
            let result = directory.withCString { addChdir(&actions, $0) }
            guard result == 0 else { return .failure(SpawnError(String(cString: strerror(result)))) }
        }

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        var result: Int32 = EINVAL
        // A new session when the system has POSIX_SPAWN_SETSID, else a new process group.
        for flags in [setSessionFlag, Int32(POSIX_SPAWN_SETPGROUP)] {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var mask = sigset_t()
            sigemptyset(&mask)
            posix_spawnattr_setsigmask(&attributes, &mask)
            var defaults = sigset_t()
            sigfillset(&defaults)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(flags | Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))
            result = (argv + [nil]).withUnsafeBufferPointer { arguments in
                (envp + [nil]).withUnsafeBufferPointer { variables in
                    posix_spawnp(&pid, executable, &actions, &attributes,
                                 UnsafeMutablePointer(mutating: arguments.baseAddress!),
                                 UnsafeMutablePointer(mutating: variables.baseAddress!))
                }
            }
            if result != EINVAL { break }
        }
        guard result == 0 else { return .failure(SpawnError(String(cString: strerror(result)))) }
        return .success(pid)
    }

    private struct SpawnError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    #if os(Linux)
    /// glibc's POSIX_SPAWN_SETSID (2.26 and later), which Swift does not import.
    private static let setSessionFlag: Int32 = 0x80
    #else
    private static let setSessionFlag = Int32(POSIX_SPAWN_SETSID)
    #endif

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29, macOS 10.15), looked up at run time
    /// because Swift does not import it: changing wp's own directory would race other threads.
    private static let addChdirAction: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// `pipe2` (Linux), which Swift does not import: it sets close-on-exec atomically, so no
    /// process another thread starts meanwhile inherits the pipe.
    private static let pipeWithFlags: Pipe2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()

    /// A pipe whose ends are closed in every other child (only the dup2'ed copies survive exec).
    private static func makePipe() -> (read: Int32, write: Int32)? {
        var descriptors: [Int32] = [-1, -1]
        if let pipeWithFlags {
            guard pipeWithFlags(&descriptors, O_CLOEXEC) == 0 else { return nil }
        } else {
            guard pipe(&descriptors) == 0 else { return nil }
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
        return (descriptors[0], descriptors[1])
    }

    private static func standardInput(_ input: Data?) -> Result<Int32, SpawnError> {
        guard let input else {
            let descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
            return descriptor >= 0 ? .success(descriptor) : .failure(SpawnError(String(cString: strerror(errno))))
        }
        var template = Array((NSTemporaryDirectory() + "/wp-stdin-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return .failure(SpawnError(String(cString: strerror(errno)))) }
        // The open descriptor keeps the data readable after the name is gone.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var written = 0
        let ok = input.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return true
        }
        guard ok, lseek(descriptor, 0, SEEK_SET) == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            return .failure(SpawnError(message))
        }
        return .success(descriptor)
    }

    // MARK: Helpers

    private static func failure(_ message: String) -> Output {
        Output(status: 127, stdout: [], stderr: message, timedOut: false)
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private static func nanoseconds(_ seconds: TimeInterval) -> UInt64 {
        seconds <= 0 ? 0 : UInt64(min(seconds, 1e9) * 1e9)
    }
}
