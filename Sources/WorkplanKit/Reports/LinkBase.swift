import Foundation

/// `--link-base`: a forge URL for an element's file and line.
///
/// Either a template with `{repo}`, `{path}` and `{line}` (each filled in
/// percent-encoded; `/` in a path kept), or a prefix to which
/// `/{repo}/src/branch/main/{path}#L{line}` (Gitea and Forgejo's form) is added.
/// Only http and https URLs are taken: a `javascript:` base would run in the page.
/// `wp serve --link-base` and `wp report --link-base` take the same value.
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
