/// A status value exactly as written in a workplan.
///
/// Unknown values are kept verbatim rather than failing the parse, so that
/// lint can report them with a suggestion; which values are known, initial or
/// complete is decided by a ``Lifecycle``.
public struct Status: Hashable, Sendable, Codable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // Task statuses of the default lifecycle.
    public static let todo: Status = "todo"
    public static let inProgress: Status = "in_progress"
    public static let wait: Status = "wait"
    public static let blocked: Status = "blocked"
    public static let done: Status = "done"
    public static let cancelled: Status = "cancelled"

    // Workplan statuses of the default lifecycle.
    public static let draft: Status = "draft"
    public static let proposed: Status = "proposed"
    public static let backlog: Status = "backlog"
    public static let active: Status = "active"
    public static let paused: Status = "paused"
    public static let finished: Status = "finished"

    // Decision statuses of the default lifecycle.
    public static let pending: Status = "pending"
    public static let resolved: Status = "resolved"
    public static let rejected: Status = "rejected"
    public static let superseded: Status = "superseded"
}
