// Why Tests/tsan-suppressions.txt suppresses reports on ParsedFileCache: ThreadSanitizer
// reports a "Swift access race" on accesses that Synchronization.Mutex orders (Linux,
// Swift 6.3), because the standard library's futex lock is not instrumented.
//
//   swiftc -sanitize=thread -g Tests/Sanitizers/mutex-under-tsan.swift -o /tmp/m && /tmp/m
//
// prints "WARNING: ThreadSanitizer: Swift access race"; with `-D NSLOCK` (a pthread mutex,
// which ThreadSanitizer intercepts) the same program runs clean. Not part of `swift test`.
import Dispatch
import Foundation
import Synchronization

#if NSLOCK
final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Int: [Int]] = [:]
    func withLock<R>(_ body: (inout [Int: [Int]]) -> R) -> R { lock.withLock { body(&entries) } }
}
#else
final class Box: Sendable {
    private let entries = Mutex<[Int: [Int]]>([:])
    func withLock<R>(_ body: (inout [Int: [Int]]) -> R) -> R { entries.withLock { body(&$0) } }
}
#endif

let box = Box()
DispatchQueue.concurrentPerform(iterations: 8) { worker in
    for step in 0..<2000 {
        let previous = box.withLock { $0[step % 16] }
        box.withLock { $0[step % 16] = (previous ?? []) + [worker] }
    }
}
print(box.withLock { $0.count })
