/// A day of the (proleptic Gregorian) calendar, written `YYYY-MM-DD`.
///
/// The one place wp reads a date: `created`, `updated`, `decided_on`, `done_on`,
/// `WP_TODAY` and the JSON Schema's `format: date` all go through ``init(_:)``,
/// and the date arithmetic gates and reports need lives here.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int

    /// Exactly four, two and two ASCII digits separated by `-`, naming a real day of year
    /// 1 to 9999: `2024-02-29` yes; `2026-02-29`, `2026-5-1`, `+026-05-01`, `2026-06-+1`,
    /// ` 2026-05-01`, `2026-05-01T00:00` and `0000-01-01` no.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var total = 0
            for byte in bytes[range] {
                // Only the ten ASCII digits: no sign, no space, no other script's digits.
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                total = total * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return total
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date of `year`-`month`-`day`, or nil when there is no such day (or the year is not 1…9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Self.length(ofMonth: month, inYear: year) else { return nil }
        dayNumber = Self.dayNumber(year: year, month: month, day: day)
    }

    private init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = civil
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// Whole days from `self` to `other`: positive when `other` is later.
    public func days(to other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The date `count` days later (earlier when negative), or nil outside years 1…9999.
    public func adding(days count: Int) -> CalendarDate? {
        let (sum, overflow) = dayNumber.addingReportingOverflow(count)
        guard !overflow, (Self.first.dayNumber...Self.last.dayNumber).contains(sum) else { return nil }
        return CalendarDate(dayNumber: sum)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    /// Encoded as its `YYYY-MM-DD` text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date YYYY-MM-DD")
        }
        self = date
    }

    private static let first = CalendarDate(year: 1, month: 1, day: 1)!
    private static let last = CalendarDate(year: 9999, month: 12, day: 31)!

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func length(ofMonth month: Int, inYear year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil.
    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's civil-from-days.
    private var civil: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
