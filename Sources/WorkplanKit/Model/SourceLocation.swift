/// A position in an original input file: 1-based line and column.
///
/// Columns count Unicode scalars from the start of the line, as editors and
/// libyaml do; a UTF-8 byte-order mark is not counted, and a CRLF file has the
/// same lines and columns as its LF twin.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Path as it should be shown to the user (relative to the repo root when known).
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:col` for messages; the path ``Swift/String/terminalSafePath``.
    public var description: String { "\(path.terminalSafePath):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}
