import Foundation

/// Today's date as `YYYY-MM-DD`, the one place wp asks the clock.
///
/// `WP_TODAY=YYYY-MM-DD` in `environment` pins it, so tests and reproducible
/// reports never depend on the day they run.
public enum Today {
    /// In UTC: for evidence age in gates, the same answer on every CI runner.
    public static func utc(environment: [String: String] = [:]) -> String {
        pinned(environment) ?? format(Date(), in: TimeZone(identifier: "UTC")!)
    }

    /// In the local time zone: for the dates wp writes (`updated:`, `decided_on:`).
    public static func local(environment: [String: String] = [:]) -> String {
        pinned(environment) ?? format(Date(), in: .current)
    }

    /// ``local(environment:)`` as a ``CalendarDate``: the day edits write.
    public static func localDate(environment: [String: String] = [:]) -> CalendarDate {
        // `local` gives `WP_TODAY` only when it parses, else the clock's day, which parses while the
        // clock is in years 1 to 9999; the epoch stands in for a clock beyond them rather than a trap.
        CalendarDate(local(environment: environment)) ?? CalendarDate(year: 1970, month: 1, day: 1)!
    }

    private static func pinned(_ environment: [String: String]) -> String? {
        environment["WP_TODAY"].flatMap { CalendarDate($0) != nil ? $0 : nil }
    }

    private static func format(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
