import WorkplanKit

extension WorkspaceSession {
    /// A session over a workspace read by the test, its clock pinned to `today` (`YYYY-MM-DD`).
    convenience init(_ workspace: Workspace, today: String = "2026-06-30") {
        self.init(workspace: workspace, clock: .pinned(day(today)))
    }
}

/// A date written in a test; a typo stops the test at once.
func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(text) else { preconditionFailure("'\(text)' is not a date YYYY-MM-DD") }
    return date
}

extension OutputView {
    /// Renders with a plain (or the given) style: what tests compare.
    func render(_ format: OutputFormat, style: TerminalStyle = .plain) throws -> String {
        try render(format, in: RenderContext(style: style))
    }
}
