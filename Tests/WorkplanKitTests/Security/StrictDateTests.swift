import Foundation
import Testing
@testable import WorkplanKit

/// Issue 10, item 21: `done_on: "2026-06-+1"` read as a date (`Int("+1")`). One strict
/// parser, ``CalendarDate``, reads every date; the date arithmetic lives with it.
@Suite("Strict dates (CalendarDate)")
struct StrictDateTests {
    /// Days from `start` to `end`, nil when either is not a date (what `GateEvaluator.days(from:to:)` was).
    static func days(from start: String, to end: String) -> Int? {
        guard let first = CalendarDate(start), let last = CalendarDate(end) else { return nil }
        return first.days(to: last)
    }

    // Moved from GateTests when the date helpers left GateEvaluator; the expectations are unchanged.
    @Test("dates: today is YYYY-MM-DD; days between calendar dates, nil for non-dates")
    func dates() {
        let today = try! WorkplanClock.current(environment: [:]).today.description
        #expect(Self.days(from: today, to: today) == 0)
        #expect(Self.days(from: "2026-05-01", to: "2026-05-20") == 19)
        #expect(Self.days(from: "2024-02-28", to: "2024-03-01") == 2)
        #expect(Self.days(from: "2025-02-28", to: "2025-03-01") == 1)
        #expect(Self.days(from: "2025-12-31", to: "2026-01-01") == 1)
        #expect(Self.days(from: "1970-01-01", to: "2000-01-01") == 10_957)
        #expect(Self.days(from: "2026-05-20", to: "2026-05-01") == -19)
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-5-1", "20260501", "", "2026-05-01T00:00"] {
            #expect(Self.days(from: bad, to: "2026-05-20") == nil, "\(bad)")
        }
    }

    @Test("done_on 2026-06-+1 and other lenient spellings are not dates: four, two and two ASCII digits only",
          arguments: ["2026-06-+1", "2026-+6-01", "+026-06-01", "-026-06-01", "2026-06- 1", " 2026-06-01", "2026-06-01 ",
                      "2026-06-1 ", "2026-0６-01", "２０２６-06-01", "0000-01-01", "2026/06/01", "2026-06-01\n", "2026-06-001"])
    func signedDayIsNotADate(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("real days only: leap years by the Gregorian rule, month lengths")
    func calendarValidity() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2000-02-29") != nil)
        #expect(CalendarDate("1900-02-29") == nil)
        #expect(CalendarDate("2026-04-31") == nil)
        #expect(CalendarDate("2026-12-31") != nil)
        #expect(CalendarDate("0001-01-01") != nil)
        #expect(CalendarDate("9999-12-31") != nil)
    }

    @Test("the text round-trips; fields, order and adding days agree with the day count")
    func arithmetic() throws {
        for text in ["0001-01-01", "1969-12-31", "1970-01-01", "2024-02-29", "2026-06-01", "9999-12-31"] {
            let date = try #require(CalendarDate(text))
            #expect(date.description == text)
            #expect(CalendarDate(year: date.year, month: date.month, day: date.day) == date)
        }
        let start = try #require(CalendarDate("2024-02-28"))
        #expect(start.adding(days: 2) == CalendarDate("2024-03-01"))
        #expect(start.adding(days: -59) == CalendarDate("2023-12-31"))
        #expect(try #require(start.adding(days: 400)).days(to: start) == -400)
        #expect(start < CalendarDate("2024-02-29")!)
        #expect(CalendarDate("9999-12-31")!.adding(days: 1) == nil)
        #expect(CalendarDate("0001-01-01")!.adding(days: -1) == nil)
        #expect(start.adding(days: .max) == nil)
        #expect(CalendarDate("1970-01-01")!.dayNumber == 0)
    }

    @Test("Codable as its YYYY-MM-DD text; a non-date does not decode")
    func codable() throws {
        let date = try #require(CalendarDate("2026-05-01"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-05-01\"]")
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2026-06-+1\"]".utf8)) }
    }

    @Test("WP_TODAY=2026-06-+1 pins nothing: only a real date pins the clock, anything else is an error")
    func pinnedTodayMustBeADate() throws {
        #expect(try WorkplanClock.current(environment: ["WP_TODAY": "2026-06-01"]).today.description == "2026-06-01")
        #expect(try WorkplanClock.current(environment: ["WP_TODAY": "2026-06-01"]).localToday.description == "2026-06-01")
        #expect(throws: WorkspaceError.self) { try WorkplanClock.current(environment: ["WP_TODAY": "2026-06-+1"]) }
    }
}
