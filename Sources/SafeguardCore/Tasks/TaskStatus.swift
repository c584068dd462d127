/// Tình trạng thực hiện nhiệm vụ: the four-way classification the government's task tracking uses
/// (Quyết định 42/2014/QĐ-TTg; domain.md), plus "sắp đến hạn" as a flag on work still in time.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    /// Hoàn thành đúng hạn.
    case completedOnTime = "completed-on-time"
    /// Hoàn thành quá hạn.
    case completedLate = "completed-late"
    /// Đang thực hiện trong hạn (also: no deadline yet).
    case inProgress = "in-progress"
    /// Chưa hoàn thành quá hạn.
    case overdue

    /// The status of work due on `due` (inclusive: finishing on the due day is on time) and finished
    /// on `completedOn`, as it stands on `today` — a civil date in Việt Nam (`CalendarDate(_:)`
    /// reads an instant at UTC+7), so a task due 30/11 is still in time at 23:59 Hà Nội time.
    public static func classify(due: CalendarDate?, completedOn: CalendarDate?, today: CalendarDate) -> TaskStatus {
        if let completedOn {
            guard let due else { return .completedOnTime }
            return completedOn <= due ? .completedOnTime : .completedLate
        }
        guard let due else { return .inProgress }
        return today <= due ? .inProgress : .overdue
    }

    /// Sắp đến hạn: unfinished, not yet late, and due within `days` days of `today`.
    public static func isDueSoon(due: CalendarDate?, completedOn: CalendarDate?, today: CalendarDate, days: Int) -> Bool {
        guard completedOn == nil, let due, today <= due else { return false }
        return today.days(until: due) <= days
    }

    public var isDone: Bool { self == .completedOnTime || self == .completedLate }
}
