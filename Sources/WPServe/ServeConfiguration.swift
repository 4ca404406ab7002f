import Foundation
import WorkplanKit

/// What `wp serve` was asked for on its command line.
public struct ServeConfiguration: Sendable {
    /// The address to bind: loopback unless `--host` says otherwise.
    public var host: String
    /// 0 picks a free port (printed when the server listens).
    public var port: Int
    /// Edits (card moves) are off.
    public var readOnly: Bool
    /// Where ids link to on the forge (``LinkBase``); nil: no forge links.
    public var linkBase: LinkBase?
    /// The workspace to serve (`-C`), and whether to fetch git peers at start.
    public var workspace: WorkspaceSession.Options
    /// The per-run secret every edit request must carry (`X-WP-Token`): another site's
    /// page can make the browser send a request, but cannot read this page to learn it.
    public var token: String

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8484

    public init(host: String = defaultHost, port: Int = defaultPort, readOnly: Bool = false, linkBase: LinkBase? = nil,
                workspace: WorkspaceSession.Options, token: String = ServeConfiguration.newToken()) {
        self.host = host
        self.port = port
        self.readOnly = readOnly
        self.linkBase = linkBase
        self.workspace = workspace
        self.token = token
    }

    /// Bound to a loopback address: only requests naming a loopback host are answered
    /// (a page of another site that points a name of its own at 127.0.0.1, DNS
    /// rebinding, is refused).
    public var isLoopback: Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// 256 random bits as hex, from the system's generator.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
