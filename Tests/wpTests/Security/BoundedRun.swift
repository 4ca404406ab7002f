import Foundation
import Testing

/// Runs of the built `wp` for exhaustion regressions: under a memory limit
/// (`prlimit --as`) and a generous timeout (`timeout`, exit 124 when it
/// fires), so a regression fails the test instead of hanging or swapping the
/// machine. The bounds are far above what a fixed wp needs; tests assert the
/// clean end (exit code, message), never a speed.
enum BoundedRun {
    static let seconds = 120
    static let memoryBytes = 2 * 1024 * 1024 * 1024

    static func wp(_ arguments: [String], in directory: String, cache: String, environment: [String: String] = [:],
                   seconds: Int = BoundedRun.seconds) throws -> RunResult {
        var env = environment
        env["WP_CACHE_DIR"] = env["WP_CACHE_DIR"] ?? cache
        return try run(
            "/usr/bin/timeout",
            ["--kill-after=5", String(seconds), "/usr/bin/prlimit"] + AddressSpaceLimit.arguments(memoryBytes) + ["--", try WPBinary.require()] + arguments,
            in: directory, environment: env)
    }
}

/// The `prlimit --as` argument of the bounded runs. A sanitized build cannot start under it:
/// AddressSanitizer and ThreadSanitizer reserve terabytes of address space for their shadow
/// memory. `make test-sanitizers` sets `WP_TEST_SANITIZER`; the bounded runs then keep
/// their timeouts and their assertions and drop only the address-space limit
/// (docs/reliability.md).
enum AddressSpaceLimit {
    static var isSanitized: Bool { ProcessInfo.processInfo.environment["WP_TEST_SANITIZER"].map { !$0.isEmpty } ?? false }

    static func arguments(_ bytes: Int) -> [String] {
        isSanitized ? [] : ["--as=\(bytes)"]
    }
}

/// A bare repository `peer.git` in `directory`, with the given files committed on `main`.
struct BarePeer {
    let directory: TemporaryDirectory
    var bare: String { directory.absolute("peer.git") }
    var work: String { directory.absolute("peer-work") }
    var url: String { "file://" + bare }

    init(in directory: TemporaryDirectory, files: [String: String]) throws {
        self.directory = directory
        for (path, text) in files { try directory.write("peer-work/" + path, text) }
        try git(["init", "--quiet", "--bare", bare], in: directory.path)
        try git(["init", "--quiet", "-b", "main"], in: work)
        try git(["add", "-A"], in: work)
        try git(["commit", "--quiet", "-m", "peer"], in: work)
        try git(["push", "--quiet", url, "main"], in: work)
    }

    func commit(_ files: [String: String]) throws {
        for (path, text) in files { try directory.write("peer-work/" + path, text) }
        try git(["add", "-A"], in: work)
        try git(["commit", "--quiet", "-m", "more"], in: work)
        try git(["push", "--quiet", url, "main"], in: work)
    }

    static func workplan(_ id: String, title: String, status: String = "active") -> String {
        "---\nid: \(id)\ntitle: \(title)\nstatus: \(status)\n---\n\n# \(title)\n"
    }
}
