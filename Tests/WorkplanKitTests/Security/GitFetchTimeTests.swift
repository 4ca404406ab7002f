import Foundation
import Testing
@testable import WorkplanKit
#if canImport(Glibc)
import Glibc
#endif

/// Found in review (issue 10, part 2): git peers are fetched one after another, each within
/// `Limits.gitNetworkTimeout` (120 s), so a pull request's `.wp.yaml` naming fifty hanging
/// remotes kept wp busy for 100 minutes. All fetches of a run now share
/// `Limits.gitFetchTimePerRun`; peers reached after it are unavailable, never complete.
@Suite("Security: the fetches of one run share one time limit")
struct GitFetchTimeTests {
    /// A TCP port on the loopback that takes connections and never answers.
    final class SilentServer {
        let socket: Int32
        let port: UInt16

        init() throws {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(descriptor >= 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(bound == 0 && listen(descriptor, 64) == 0)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            socket = descriptor
            port = UInt16(bigEndian: address.sin_port)
        }

        deinit { close(socket) }
    }

    @Test("five hanging git peers, 1 s each, 3 s for the run: the first are tried, the rest are not fetched, all unavailable")
    func hangingPeersShareTheRunsTime() throws {
        let server = try SilentServer()
        let directory = try TemporaryDirectory("wp-fetch-time")
        let cache = try TemporaryDirectory("wp-fetch-time-cache")
        let peers = (1...5).map { "  p\($0): {git: \"https://127.0.0.1:\(server.port)/p\($0).git\"}\n" }.joined()
        try directory.write(".wp.yaml", "repo: apps\npeers:\n" + peers)
        try directory.write("workplans/APPS-WP-0001-a.md", "---\nid: APPS-WP-0001\ntitle: A\nstatus: active\n---\n")
        let loader = WorkspaceLoader(cacheDirectory: cache.path, gitTimeout: 1, gitFetchTimePerRun: 3)
        let workspace = try loader.load(from: directory.path)
        let reasons = workspace.repos.dropFirst().map { repo -> String in
            if case .unavailable(let why) = repo.availability { return why }
            return "available"
        }
        #expect(reasons.count == 5)
        #expect(!reasons.contains("available"), "\(reasons)")
        let notFetched = reasons.filter { $0.hasPrefix("not fetched: wp spends at most 3 s a run fetching git peers") }
        #expect(!notFetched.isEmpty, "the run's time ran out before the fifth peer: \(reasons)")
        #expect(notFetched.count < 5, "the first peer was tried: \(reasons)")
        #expect(reasons.first?.contains("git clone of https://127.0.0.1:\(server.port)/p1.git failed") == true, "\(reasons)")
    }
}
