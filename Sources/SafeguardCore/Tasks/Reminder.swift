/// Nhắc việc: what a reminder says about unfinished work on a day — it falls due soon, or it is
/// late. Each kind is sent once per assignment, so a daily run never repeats itself.
public enum Reminder: String, Sendable, CaseIterable {
    /// Sắp đến hạn: due within the configured days.
    case dueSoon = "due-soon"
    /// Quá hạn: the deadline has passed.
    case overdue

    /// The reminder due for work with this deadline on `today`, if any.
    public static func due(deadline: CalendarDate, completedOn: CalendarDate?, today: CalendarDate, days: Int) -> Reminder? {
        guard completedOn == nil else { return nil }
        if today > deadline { return .overdue }
        return TaskStatus.isDueSoon(due: deadline, completedOn: nil, today: today, days: days) ? .dueSoon : nil
    }
}
