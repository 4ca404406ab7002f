/// A check over the workspace model: a pure function from model to findings.
///
/// Rules never read files, print or call git; everything they need is in the
/// ``LintContext``. Each rule lives in its own file with its description and
/// examples, and the examples are its tests.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    /// Findings at the rule's default severity; the engine applies configuration.
    func check(_ context: LintContext) -> [Diagnostic]
}

extension Rule {
    var id: String { Self.description.id }

    /// A finding of this rule at its default severity, about `subject` (the element it concerns).
    ///
    /// A finding is one line of prose that quotes values from files (a status, a
    /// reference): it is made ``Swift/String/terminalSafe`` here, so a newline in a
    /// quoted value reads `\n` in every format instead of starting a line.
    func finding(_ message: String, at location: SourceLocation, about subject: Diagnostic.Subject?, notes: [String] = [],
                 severity: Severity? = nil) -> Diagnostic {
        Diagnostic(rule: Self.description.id, severity: severity ?? Self.description.defaultSeverity,
                   message: message.boundedMessage.terminalSafe, location: location, notes: notes.map(\.boundedMessage.terminalSafe),
                   subject: subject)
    }
}

/// What a rule is, why it exists, and small workspaces that show it.
public struct RuleDescription: Sendable {
    public var id: String
    public var summary: String
    public var rationale: String
    public var defaultSeverity: Severity
    /// Each must produce findings exactly at its `↓` markers.
    public var triggering: [RuleExample]
    /// Each must produce no finding of this rule.
    public var nonTriggering: [RuleExample]
    /// Where the rule is documented online, when it is (SARIF's `helpUri`).
    public var helpURI: String?

    public init(id: String, summary: String, rationale: String, defaultSeverity: Severity,
                triggering: [RuleExample], nonTriggering: [RuleExample], helpURI: String? = nil) {
        self.helpURI = helpURI
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// A small workspace: files of the local repo (and optionally a peer and
/// the state at `--base`). A `↓` marks where a finding must point (in the local repo's files).
public struct RuleExample: Sendable {
    public static let marker: Character = "↓"

    /// Path → content of the local repo's files.
    public var files: [String: String]
    /// Path → content at the base revision, for transition rules.
    public var base: [String: String]?
    /// Extra `.wp.yaml` content for the local repo.
    public var config: String?
    /// Path → content of a path peer named `peer` (`peers: {peer: {path: ../peer}}`); nil for none.
    public var peer: [String: String]?

    public init(files: [String: String], base: [String: String]? = nil, config: String? = nil, peer: [String: String]? = nil) {
        self.files = files
        self.base = base
        self.config = config
        self.peer = peer
    }

    /// One workplan file named after its id.
    public init(_ markdown: String, base: String? = nil, config: String? = nil) {
        self.init(files: ["workplans/EX-WP-0001-example.md": markdown],
                  base: base.map { ["workplans/EX-WP-0001-example.md": $0] }, config: config)
    }
}
