/// Thời hạn giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố.
///
/// Criminal Procedure Code 2015 (amended 2021):
/// - Art. 147(1): a decision within 20 days of receipt;
/// - Art. 147(2): a complex matter may take up to 2 months; the procuracy may extend once more by up to 2 months;
/// - Art. 148–149: a suspension stops the clock; after resumption at most 1 month remains;
/// - Art. 134: day limits end at 24:00 of the last day (the day of receipt is not counted);
///   month limits end on the same date of the month (or its last day); a limit ending on a
///   day off ends on the next working day.
/// The durations are configuration with these defaults.
public struct ReportDeadlinePolicy: Sendable, Equatable {
    public var initialDays = 20
    public var extendedMonths = 2
    public var secondExtensionMonths = 2
    public var afterResumptionMonths = 1
    /// Commune police pass a report to the investigating body within 24 h (48 h for remote and island units; Joint Circular 01/2017/TTLT).
    public var transferHours = 24
    public var remoteTransferHours = 48

    public init() {}
}

/// The events that move a report's legal deadline.
public struct ReportDeadlineInput: Sendable, Equatable {
    public var receivedOn: CalendarDate
    /// Number of extensions granted so far (0, 1 or 2).
    public var extensions: Int
    /// The latest resumption after a suspension, if any.
    public var resumedOn: CalendarDate?

    public init(receivedOn: CalendarDate, extensions: Int = 0, resumedOn: CalendarDate? = nil) {
        self.receivedOn = receivedOn
        self.extensions = extensions
        self.resumedOn = resumedOn
    }
}

extension ReportDeadlinePolicy {
    /// The last day (inclusive, ending 24:00) on which the decision is due.
    public func deadline(for input: ReportDeadlineInput, calendar: HolidayCalendar) -> CalendarDate {
        let raw: CalendarDate
        if let resumed = input.resumedOn {
            raw = resumed.adding(months: afterResumptionMonths)
        } else {
            switch input.extensions {
            case 0: raw = input.receivedOn.adding(days: initialDays)
            case 1: raw = input.receivedOn.adding(months: extendedMonths)
            default:
                // The second extension runs from the end of the first extended limit.
                let first = calendar.nextWorkingDay(onOrAfter: input.receivedOn.adding(months: extendedMonths))
                raw = first.adding(months: secondExtensionMonths)
            }
        }
        return calendar.nextWorkingDay(onOrAfter: raw)
    }
}
