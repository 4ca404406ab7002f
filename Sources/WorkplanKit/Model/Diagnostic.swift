/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about the input: what is wrong, where, and what to do.
///
/// Every problem wp reports — an unreadable file, invalid YAML, a rule
/// violation — is a `Diagnostic`, so every reporter can show every problem.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Stable identifier of the rule or check that produced the finding (e.g. `yaml-syntax`).
    public var rule: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// Further places or hints that explain the finding.
    public var notes: [String]
    /// The element the finding is about, when it is about one: gates count a
    /// requirement unmet while lint reports an error on its element. Not part of
    /// any output format (reporters show positions).
    public var subject: Subject? = nil

    /// A workplan, task, decision or gate: its repo and id.
    public struct Subject: Hashable, Sendable {
        public var repo: String
        public var id: String

        public init(repo: String, id: String) {
            self.repo = repo
            self.id = id
        }
    }

    private enum CodingKeys: String, CodingKey {
        case rule, severity, message, location, notes
    }

    public init(rule: String, severity: Severity, message: String, location: SourceLocation, notes: [String] = [],
                subject: Subject? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.subject = subject
    }

    /// `path:line:col: severity: message [rule]`, the form editors and terminals understand.
    ///
    /// Made for a terminal: control characters in the path, message and rule are
    /// shown escaped, and a message's further lines can never begin with `:`.
    public var description: String {
        "\(location): \(severity.rawValue): \(message.terminalSafeLines) [\(rule.terminalSafe)]"
    }
}

extension Diagnostic: Comparable {
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}

/// A diagnostic can be thrown where reading fails.
extension Diagnostic: Error {}
