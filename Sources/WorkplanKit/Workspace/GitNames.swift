/// The `ref:` of a git peer: a branch or tag name by the rules of
/// `git check-ref-format --branch`, which also keep it from ever reading as an
/// option (`-…`) or a refspec (`+…`, `a:b`, `*`, `^…`).
enum GitRefName {
    /// Why `ref` is not a usable branch or tag name, or nil when it is.
    static func problem(_ ref: String) -> String? {
        if ref.isEmpty { return "it is empty" }
        if ref.hasPrefix("-") { return "it starts with '-', so git would read it as an option" }
        if ref.hasPrefix("+") { return "it starts with '+'" }
        if ref == "@" { return "'@' alone is not a name" }
        if ref.hasPrefix("/") || ref.hasSuffix("/") || ref.contains("//") { return "it starts or ends with '/' or has '//'" }
        if ref.hasSuffix(".") { return "it ends with '.'" }
        if ref.contains("..") { return "it contains '..'" }
        if ref.contains("@{") { return "it contains '@{'" }
        for scalar in ref.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { return "it contains a control character" }
            if " ~^:?*[\\".unicodeScalars.contains(scalar) {
                return "it contains '\(scalar == " " ? "space" : String(scalar))'"
            }
        }
        for component in ref.split(separator: "/") {
            if component.hasPrefix(".") { return "a part starts with '.'" }
            if component.hasSuffix(".lock") { return "a part ends with '.lock'" }
        }
        return nil
    }
}

/// The `git:` URL of a peer: https, ssh (`ssh://` or `user@host:path`) or
/// `file://`, the transports wp lets git use; never a remote helper
/// (`ext::…`) and never anything git could read as an option.
enum GitRemoteURL {
    static let accepted = "https://HOST/PATH, ssh://[USER@]HOST/PATH, USER@HOST:PATH or file:///ABSOLUTE/PATH"
    static let schemes: Set<String> = ["https", "ssh", "git+ssh", "ssh+git", "file"]

    /// Why `url` is refused, or nil when it is accepted.
    static func problem(_ url: String) -> String? {
        if url.isEmpty { return "it is empty" }
        if url.hasPrefix("-") { return "it starts with '-', so git would read it as an option" }
        if url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "it contains a control character" }
        if let separator = url.range(of: "://") {
            let scheme = url[..<separator.lowerBound].lowercased()
            guard schemes.contains(scheme) else { return "transport '\(scheme)' is not allowed" }
            if scheme == "file" { return nil }
            let rest = url[separator.upperBound...]
            let authority = rest.prefix { $0 != "/" }
            let host = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            if host.isEmpty { return "it names no host" }
            if host.hasPrefix("-") { return "its host starts with '-'" }
            return nil
        }
        if url.contains("::") { return "remote helpers (TRANSPORT::ADDRESS) are not allowed" }
        // scp-like `[user@]host:path`: a colon before any slash.
        let beforeSlash = url.prefix { $0 != "/" }
        guard let colon = beforeSlash.firstIndex(of: ":") else {
            return "a local path is not a URL here; write file:///ABSOLUTE/PATH"
        }
        let host = url[..<colon].split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if host.isEmpty { return "it names no host" }
        if host.hasPrefix("-") { return "its host starts with '-'" }
        return nil
    }

    /// `url` without a password (`https://user:secret@host` -> `https://user:***@host`), for messages.
    static func redacted(_ url: String) -> String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }
}
