/// Checks that are not rules but report through the same channel: the
/// problems met while reading files, before any rule runs.
///
/// Their ids are rule ids for every purpose a user sees (`[io-error]` in a
/// finding, `rules: {peer-unavailable: off}` in `.wp.yaml`, SARIF rule ids).
public enum ReadingCheck: String, Sendable, CaseIterable, Codable {
    case ioError = "io-error"
    case notText = "not-text"
    case invalidUTF8 = "invalid-utf8"
    case fileTooLarge = "file-too-large"
    case frontMatter = "front-matter"
    case yamlSyntax = "yaml-syntax"
    case yamlTooLarge = "yaml-too-large"
    case markdownTooComplex = "markdown-too-complex"
    case blockShape = "block-shape"
    case outsideRepo = "outside-repo"
    case peerUnavailable = "peer-unavailable"
    case config
    case suppressionWithoutReason = "suppression-without-reason"

    /// One line for docs/rules.md and SARIF.
    public var summary: String {
        switch self {
        case .ioError: "A file or directory could not be read"
        case .notText: "A file is binary (contains a NUL byte)"
        case .invalidUTF8: "A file is not valid UTF-8"
        case .fileTooLarge: "A file is larger than \(Limits.maximumFileSize / 1024 / 1024) MiB"
        case .frontMatter: "Front matter is unterminated or not a mapping"
        case .yamlSyntax: "Front matter or a block is not valid YAML, repeats a key or has a key that is not a string"
        case .yamlTooLarge: "YAML expands past \(Limits.yamlNodeBudget.formatted) nodes"
        case .markdownTooComplex:
            "Markdown cmark-gfm would take too long or too much memory for (more than \(Limits.markdownBracketsPerParagraph) `[` between blank lines, or \(Limits.markdownNodeBudget) lines and markdown marks in a file)"
        case .blockShape: "A block is not a mapping or has no id"
        case .outsideRepo: "An include pattern, link or path peer leads outside the repo without `allow_outside_paths: true`"
        case .peerUnavailable: "A peer repo could not be read"
        case .config: "A peer's .wp.yaml is invalid"
        case .suppressionWithoutReason: "A `wp-lint: ignore` comment gives no reason"
        }
    }
}

extension Diagnostic {
    /// A finding of a reading check.
    public init(check: ReadingCheck, severity: Severity = .error, message: String, location: SourceLocation,
                notes: [String] = [], subject: Subject? = nil) {
        self.init(rule: check.rawValue, severity: severity, message: message, location: location, notes: notes, subject: subject)
    }
}

extension Int {
    /// `100000` → `100,000`: how docs and messages write counts.
    var formatted: String {
        let digits = String(self)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
