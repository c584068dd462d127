/// A week of the early-warning series: ISO 8601 weeks, Monday to Sunday, numbered within the
/// ISO year (week 1 holds the year's first Thursday). No official Vietnamese weekly statistical
/// window exists (the monthly one runs 15th–14th); police weekly briefings follow the calendar
/// week, and ISO numbering makes the series line up with R's `surveillance` weekly `sts` objects.
public struct StatisticalWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The day number (days from 1970-01-01) of the week's Monday.
    public let mondayDayNumber: Int

    public init(containing date: CalendarDate) {
        // 1970-01-01 was a Thursday: day number 0 → weekday index 3 (Monday = 0).
        let weekday = ((date.dayNumber % 7) + 7 + 3) % 7
        mondayDayNumber = date.dayNumber - weekday
    }

    public init(mondayDayNumber: Int) { self.mondayDayNumber = mondayDayNumber }

    public var monday: CalendarDate { CalendarDate(dayNumber: mondayDayNumber) }
    public var sunday: CalendarDate { CalendarDate(dayNumber: mondayDayNumber + 6) }

    /// The ISO year and week number (1…53).
    public var isoYear: Int { CalendarDate(dayNumber: mondayDayNumber + 3).year }
    public var number: Int {
        let thursday = CalendarDate(dayNumber: mondayDayNumber + 3)
        let january1 = CalendarDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.dayNumber - january1.dayNumber) / 7 + 1
    }

    public func advanced(by weeks: Int) -> StatisticalWeek { StatisticalWeek(mondayDayNumber: mondayDayNumber + 7 * weeks) }
    public func weeks(until other: StatisticalWeek) -> Int { (other.mondayDayNumber - mondayDayNumber) / 7 }

    /// `2026-W09`.
    public var description: String { "\(isoYear)-W\(number < 10 ? "0" : "")\(number)" }

    public static func < (a: StatisticalWeek, b: StatisticalWeek) -> Bool { a.mondayDayNumber < b.mondayDayNumber }
}
