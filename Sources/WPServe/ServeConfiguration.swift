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

/// `--link-base`: a forge URL for an element's file and line.
///
/// Either a template with `{repo}`, `{path}` and `{line}` (each filled in
/// percent-encoded; `/` in a path kept), or a prefix to which
/// `/{repo}/src/branch/main/{path}#L{line}` (Gitea and Forgejo's form) is added.
/// Only http and https URLs are taken: a `javascript:` base would run in the page.
public struct LinkBase: Sendable, Equatable {
    public let template: String

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notHTTP(String)
        case controlCharacter

        public var description: String {
            switch self {
            case .notHTTP(let value):
                "--link-base must be an http:// or https:// URL (got '\(value.terminalSafe)'), e.g. --link-base 'https://git.example.org/team/{repo}/src/branch/main/{path}#L{line}'"
            case .controlCharacter:
                "--link-base must not contain control characters or spaces"
            }
        }
    }

    public init(_ value: String) throws(Problem) {
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else {
            throw .controlCharacter
        }
        let lowered = value.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), value.count > 8 else { throw .notHTTP(value) }
        if ["{repo}", "{path}", "{line}"].contains(where: value.contains) {
            template = value
        } else {
            template = (value.hasSuffix("/") ? String(value.dropLast()) : value) + "/{repo}/src/branch/main/{path}#L{line}"
        }
    }

    /// The URL for `path` (relative to `repo`'s root) at `line`.
    public func url(repo: String, path: String, line: Int) -> String {
        template
            .replacingOccurrences(of: "{repo}", with: Self.encode(repo, keepingSlashes: false))
            .replacingOccurrences(of: "{path}", with: Self.encode(path, keepingSlashes: true))
            .replacingOccurrences(of: "{line}", with: String(line))
    }

    private static func encode(_ text: String, keepingSlashes: Bool) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~" + (keepingSlashes ? "/" : ""))
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
