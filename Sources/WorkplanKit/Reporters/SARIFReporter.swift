/// SARIF 2.1.0 output for code-scanning tools (GitHub code scanning, IDE viewers).
///
/// One run whose driver lists every known rule (plus any rule id that only
/// appears in the findings), results in sorted order, and artifact URIs
/// relative to `%SRCROOT%`. Columns count Unicode scalars, which SARIF calls
/// `unicodeCodePoints`.
public struct SARIFReporter: JSONDocumentReporter {
    public static let identifier = "sarif"
    /// The `$schema` every SARIF log names.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// Where people learn about the tool (the driver's `informationUri`).
    public static let informationURI = "https://wp.dev"
    /// The base id relative artifact URIs are resolved against.
    public static let sourceRootID = "%SRCROOT%"

    /// The rules the driver lists (reading checks that appear in the findings are added with their summaries).
    public var rules: [RuleDescription]
    /// Absolute path of the directory relative paths start from; when nil the
    /// consumer supplies `%SRCROOT%` (as GitHub does with the checkout).
    public var sourceRoot: String?

    /// A SARIF reporter describing `rules`, optionally anchoring `%SRCROOT%` at `sourceRoot`.
    public init(rules: [RuleDescription] = [], sourceRoot: String? = nil) {
        self.rules = rules
        self.sourceRoot = sourceRoot
    }

    /// ``log(_:)`` with each run's results written one at a time.
    public func document(_ diagnostics: [Diagnostic], summary: LintSummary) -> StreamedJSON {
        let log = log(diagnostics)
        return .object([
            Log.CodingKeys.schema.stringValue: .encoded(log.schema),
            Log.CodingKeys.version.stringValue: .encoded(log.version),
            Log.CodingKeys.runs.stringValue: .array(streaming: log.runs.lazy.map { run in
                .object([
                    Log.Run.CodingKeys.tool.stringValue: .encoded(run.tool),
                    Log.Run.CodingKeys.originalUriBaseIds.stringValue: .encoded(run.originalUriBaseIds),
                    Log.Run.CodingKeys.columnKind.stringValue: .encoded(run.columnKind),
                    Log.Run.CodingKeys.results.stringValue: .array(run.results),
                ])
            }),
        ])
    }

    /// The whole log for `diagnostics`, as one value.
    func log(_ diagnostics: [Diagnostic]) -> Log {
        let sorted = diagnostics.sorted()
        let descriptors = ruleDescriptors(for: sorted)
        var indexByID: [String: Int] = [:]
        for (index, descriptor) in descriptors.enumerated() { indexByID[descriptor.id] = index }

        let results = sorted.map { diagnostic in
            Log.Result(
                ruleId: diagnostic.rule,
                ruleIndex: indexByID[diagnostic.rule] ?? -1,
                level: Self.level(diagnostic.severity),
                message: Log.Message(text: ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")),
                locations: [Log.Location(physicalLocation: physicalLocation(diagnostic.location))])
        }
        let root: Log.ArtifactLocation = if let sourceRoot {
            Log.ArtifactLocation(uri: Self.fileURI(forDirectory: sourceRoot))
        } else {
            Log.ArtifactLocation(description: Log.Message(text: "The root of the local repository; result paths are relative to it."))
        }
        let run = Log.Run(
            tool: Log.Tool(driver: Log.Driver(
                name: "wp",
                informationUri: Self.informationURI,
                version: WorkplanKitVersion.current,
                semanticVersion: WorkplanKitVersion.current,
                rules: descriptors)),
            originalUriBaseIds: [Self.sourceRootID: root],
            columnKind: "unicodeCodePoints",
            results: results)
        return Log(schema: Self.schemaURI, version: "2.1.0", runs: [run])
    }

    /// Known rules first deduplicated by id, then ids only the findings name; sorted by id.
    func ruleDescriptors(for diagnostics: [Diagnostic]) -> [Log.ReportingDescriptor] {
        var byID: [String: Log.ReportingDescriptor] = [:]
        for rule in rules where byID[rule.id] == nil {
            byID[rule.id] = Log.ReportingDescriptor(
                id: rule.id,
                shortDescription: Log.Message(text: rule.summary),
                fullDescription: rule.rationale.isEmpty ? nil : Log.Message(text: rule.rationale),
                defaultConfiguration: Log.Configuration(level: Self.level(rule.defaultSeverity)),
                helpUri: rule.helpURI)
        }
        // A finding from a check without metadata (e.g. a read error) still needs a
        // descriptor; its level is the most severe one it was reported at.
        var unknown: [String: Severity] = [:]
        for diagnostic in diagnostics where byID[diagnostic.rule] == nil {
            unknown[diagnostic.rule] = max(unknown[diagnostic.rule] ?? .note, diagnostic.severity)
        }
        for (id, severity) in unknown {
            byID[id] = Log.ReportingDescriptor(
                id: id, shortDescription: Log.Message(text: ReadingCheck(rawValue: id)?.summary ?? id), fullDescription: nil,
                defaultConfiguration: Log.Configuration(level: Self.level(severity)), helpUri: nil)
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    private func physicalLocation(_ location: SourceLocation) -> Log.PhysicalLocation {
        let artifact: Log.ArtifactLocation = if location.path.hasPrefix("/") {
            Log.ArtifactLocation(uri: "file://" + Self.percentEncodedPath(location.path))
        } else {
            Log.ArtifactLocation(uri: Self.relativeURI(location.path), uriBaseId: Self.sourceRootID)
        }
        // SARIF lines and columns are 1-based; a 0 means the position is unknown.
        let region: Log.Region? = location.line >= 1
            ? Log.Region(startLine: location.line, startColumn: location.column >= 1 ? location.column : nil)
            : nil
        return Log.PhysicalLocation(artifactLocation: artifact, region: region)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative path as a relative URI reference: `./` dropped, unsafe bytes percent-encoded.
    static func relativeURI(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return percentEncodedPath(String(path))
    }

    /// `file:///abs/dir/`: the trailing slash makes relative URIs resolve inside the directory.
    static func fileURI(forDirectory path: String) -> String {
        let encoded = percentEncodedPath(path)
        return "file://" + encoded + (encoded.hasSuffix("/") ? "" : "/")
    }

    /// Percent-encodes the UTF-8 bytes of `path` that may not appear in a URI path.
    ///
    /// Keeps RFC 3986 unreserved characters, sub-delimiters, `@` and `/`. A `:`
    /// is encoded so a first segment like `a:b` is never read as a scheme.
    static func percentEncodedPath(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            if isAllowedInPath(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isAllowedInPath(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~!$&'()*+,;=@/".utf8.contains(byte)
        }
    }

    /// The subset of the SARIF 2.1.0 object model that wp writes.
    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }

        struct Run: Encodable {
            var tool: Tool
            var originalUriBaseIds: [String: ArtifactLocation]
            var columnKind: String
            var results: [Result]

            enum CodingKeys: String, CodingKey {
                case tool, originalUriBaseIds, columnKind, results
            }
        }

        struct Tool: Encodable {
            var driver: Driver
        }

        struct Driver: Encodable {
            var name: String
            var informationUri: String
            var version: String
            var semanticVersion: String
            var rules: [ReportingDescriptor]
        }

        struct ReportingDescriptor: Encodable {
            var id: String
            var shortDescription: Message
            var fullDescription: Message?
            var defaultConfiguration: Configuration
            var helpUri: String?
        }

        struct Configuration: Encodable {
            var level: String
        }

        struct Message: Encodable {
            var text: String
        }

        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Message
            var locations: [Location]
        }

        struct Location: Encodable {
            var physicalLocation: PhysicalLocation
        }

        struct PhysicalLocation: Encodable {
            var artifactLocation: ArtifactLocation
            var region: Region?
        }

        struct ArtifactLocation: Encodable {
            var uri: String?
            var uriBaseId: String?
            var description: Message?

            init(uri: String? = nil, uriBaseId: String? = nil, description: Message? = nil) {
                self.uri = uri
                self.uriBaseId = uriBaseId
                self.description = description
            }
        }

        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int?
        }
    }
}
