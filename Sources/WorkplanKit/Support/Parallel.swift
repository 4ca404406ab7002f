import Dispatch

/// Maps `items` on all cores and returns results in input order.
///
/// Parsing files is independent per file, so it scales with cores; the
/// order of results never depends on scheduling.
func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], _ transform: @Sendable (Item) -> Result
) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        // Each index is written by exactly one iteration: no two threads share a slot.
        slots[index] = transform(items[index])
    }
    return results.map { $0! }
}
