import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups wp started and has not reaped, so that an interrupted wp
/// takes them with it.
///
/// ``CommandRunner`` starts every child in a session of its own, where the
/// terminal's Ctrl-C never reaches it and nothing ends it when wp dies: a
/// `git fetch` from a hanging remote would run on after a CI job was cancelled.
/// On SIGINT, SIGTERM or SIGHUP the handler sends SIGKILL to every recorded group,
/// then lets the signal end wp as it would have (default action, raised again).
///
/// The handler only reads a fixed table of process ids and calls `kill`,
/// `sigaction` and `raise`, all async-signal-safe; the table is written under a
/// lock by the threads that start and reap children. It is the one piece of
/// process-wide state in WorkplanKit: a signal handler has no other way to learn
/// what to kill. Handlers are installed with the first child, and never for a
/// signal whoever started wp set to be ignored.
enum ChildProcessGroups {
    /// One slot per child process running at once (``Limits/concurrentChildProcesses``); 0 is free.
    private nonisolated(unsafe) static let slots: UnsafeMutablePointer<pid_t> = {
        let slots = UnsafeMutablePointer<pid_t>.allocate(capacity: Limits.concurrentChildProcesses)
        slots.initialize(repeating: 0, count: Limits.concurrentChildProcesses)
        return slots
    }()

    private static let lock = NSLock()
    private nonisolated(unsafe) static var installed = false

    /// The signals that end wp and, with it, its children.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers (once); call it before starting a child.
    static func prepare() {
        lock.lock()
        defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        _ = slots  // initialised here, never for the first time inside the handler
        installHandlers()
    }

    /// Runs `body` (which starts a child) with the signals that end wp blocked on this thread,
    /// so that one arriving meanwhile is handled once the child is recorded.
    static func blockingSignals<T>(_ body: () -> T) -> T {
        prepare()
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signal in signals { sigaddset(&blocked, signal) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return body()
    }

    /// Records `pid` (the leader of its own group); false when the table is full.
    static func register(_ pid: pid_t) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        for index in 0..<Limits.concurrentChildProcesses where slots[index] == 0 {
            slots[index] = pid
            return true
        }
        return false
    }

    /// Forgets `pid`: call it before reaping the child, so its id (the group's) is never
    /// signalled after the system may have given it to another process.
    static func unregister(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        for index in 0..<Limits.concurrentChildProcesses where slots[index] == pid { slots[index] = 0 }
    }

    /// How many groups are recorded now.
    static var activeCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return (0..<Limits.concurrentChildProcesses).filter { slots[$0] != 0 }.count
    }

    private static func installHandlers() {
        for signal in signals {
            var previous = sigaction()
            guard sigaction(signal, nil, &previous) == 0, !isIgnored(previous) else { continue }
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handleSignal
            #else
            action.__sigaction_u.__sa_handler = handleSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            _ = sigaction(signal, &action, nil)
        }
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
        let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
        #else
        let handler = unsafeBitCast(action.__sigaction_u.__sa_handler, to: Int.self)
        #endif
        return handler == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Async-signal-safe: reads the table, kills, restores the default action and raises again.
    fileprivate static func killAllAndDie(_ signal: Int32) {
        for index in 0..<Limits.concurrentChildProcesses {
            let pid = slots[index]
            if pid > 0 { kill(-pid, SIGKILL) }
        }
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = SIG_DFL
        #else
        action.__sigaction_u.__sa_handler = SIG_DFL
        #endif
        sigemptyset(&action.sa_mask)
        _ = sigaction(signal, &action, nil)
        raise(signal)
    }
}

private func handleSignal(_ signal: Int32) {
    ChildProcessGroups.killAllAndDie(signal)
}
