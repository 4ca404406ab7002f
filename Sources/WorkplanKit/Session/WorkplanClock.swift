import Foundation

/// The one clock of a run: what day it is, asked once.
///
/// Two days, because the same instant is a different date in different places:
/// gates, evidence age and report staleness use the UTC day, so every CI
/// runner gives the same answer; the dates wp writes into files (`updated:`,
/// `decided_on:`, `done_on:`) use the local day, the one the person editing
/// sees on their calendar. `WP_TODAY=YYYY-MM-DD` pins both, so tests and
/// reproducible reports never depend on the day they run.
public struct WorkplanClock: Sendable, Hashable {
    /// Today in UTC: gates, evidence age, staleness.
    public let today: CalendarDate
    /// Today in the local time zone: the dates wp writes.
    public let localToday: CalendarDate

    public init(today: CalendarDate, localToday: CalendarDate) {
        self.today = today
        self.localToday = localToday
    }

    /// A clock that says `date` for both days.
    public static func pinned(_ date: CalendarDate) -> WorkplanClock {
        WorkplanClock(today: date, localToday: date)
    }

    /// The system clock, unless `WP_TODAY` pins the day.
    ///
    /// An invalid `WP_TODAY` is an error, never ignored: a deploy that pins the
    /// day for a reason must not silently get the real one.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(WorkspaceError) -> WorkplanClock
    {
        if let pinned = environment["WP_TODAY"] {
            guard let date = CalendarDate(pinned) else {
                throw WorkspaceError(
                    "WP_TODAY='\(pinned.terminalSafe)' is not a date; set it to YYYY-MM-DD (e.g. WP_TODAY=2026-05-18) or unset it")
            }
            return .pinned(date)
        }
        let now = Date()
        return WorkplanClock(today: day(of: now, in: TimeZone(identifier: "UTC")!), localToday: day(of: now, in: .current))
    }

    private static func day(of instant: Date, in zone: TimeZone) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        // The Gregorian calendar always gives a real day in 1…9999 for the present.
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? CalendarDate(year: 1970, month: 1, day: 1)!
    }
}
