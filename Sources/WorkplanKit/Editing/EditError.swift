/// Why an edit was not made. Nothing was written when one is thrown.
public struct EditError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A check said no: the lifecycle, a missing field, an open dependency, the
        /// schema, new lint errors, or the file changed on disk. Exit code 1.
        case refused
        /// No element has the id (or several do). Exit code 2.
        case unknownID
        /// wp could not do the job: unreadable or unwritable file, missing input. Exit code 2.
        case failed
    }

    public var kind: Kind
    /// What happened and what to do, one finding per line (`path:line:col: error: …`).
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func refused(_ message: String, at location: SourceLocation? = nil) -> EditError {
        EditError(.refused, Self.format(message, at: location))
    }

    static func failed(_ message: String, at location: SourceLocation? = nil) -> EditError {
        EditError(.failed, Self.format(message, at: location))
    }

    /// One line `path:line:col: error: message`; the message quotes values from files, so it
    /// is ``Swift/String/terminalSafe`` (a newline in a status shows as `\n`, not as a new line).
    static func format(_ message: String, at location: SourceLocation?) -> String {
        location.map { "\($0): error: \(message.terminalSafe)" } ?? "error: \(message.terminalSafe)"
    }

    /// 1 for a refused edit, 2 when wp could not do the job.
    public var exitCode: Int32 { kind == .refused ? 1 : 2 }

    public var description: String { message }
}
