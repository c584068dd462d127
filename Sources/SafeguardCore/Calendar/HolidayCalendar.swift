/// Lịch ngày nghỉ: which days are not working days, for counting legal time limits.
///
/// Saturdays and Sundays are days off; public holidays and their compensatory days come from
/// configuration (`Resources/Data/calendar/holidays-vn.yaml`), as do make-up working days
/// (ngày làm bù) that fall on a weekend.
public struct HolidayCalendar: Sendable {
    public var holidays: Set<CalendarDate>
    public var workingWeekendDays: Set<CalendarDate>

    public init(holidays: Set<CalendarDate> = [], workingWeekendDays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.workingWeekendDays = workingWeekendDays
    }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if holidays.contains(date) { return false }
        return !date.isWeekend || workingWeekendDays.contains(date)
    }

    /// The date itself when it is a working day, else the next working day
    /// (Art. 134: a limit ending on a day off ends on the next working day).
    public func nextWorkingDay(onOrAfter date: CalendarDate) -> CalendarDate {
        var d = date
        // A year holds far fewer than 60 consecutive days off; the bound guards bad configuration.
        for _ in 0..<60 where !isWorkingDay(d) { d = d.adding(days: 1) }
        return d
    }
}
