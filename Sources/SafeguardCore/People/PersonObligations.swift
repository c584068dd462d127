import Foundation

/// Nghĩa vụ có thời hạn: one statutory clock running for one person — when it started, the rule
/// and its source, its deadline, when it was met, and the four-way status tasks have.
public struct PersonObligation: Sendable, Equatable {
    public var clock: ManagementClock
    public var startedAt: Date
    public var deadline: StatutoryDeadline
    public var doneAt: Date?
    public var status: TaskStatus
    public var source: String
    public var needsVerification: Bool
}

/// The clocks a person's events start, under the law in force on the day each one started.
///
/// - A prison's notice (`noticeReceived`) starts the residence check, met by the first residence
///   check or intake at or after it.
/// - The end of management (`endsOn`, given or by law) is met by a `managementEnded` event; a
///   record still open past it is overdue, so it is closed or the measure's extension recorded.
/// - A move reported (`moveReported`) starts, from 1/7/2026 and for the registers the drug law
///   governs, the 24-hour notice to the receiving commune — met when the move is recorded in
///   Safeguard, which notifies that commune at once — and the 24 hours the person has to present
///   there, met by a `presented` event. Before that day, or on another register, no text in the
///   configuration sets these limits, so no clock runs.
public enum PersonObligations {
    public static func of(kind: ManagedPersonKind, startedOn: CalendarDate, endsOn: CalendarDate?, endSource: String?, events: [PersonEvent],
                          limits: StatutoryLimits, calendar: HolidayCalendar, now: Date) -> [PersonObligation] {
        let events = events.sorted { $0.at < $1.at }
        var found: [PersonObligation] = []
        func add(_ clock: ManagementClock, from start: Date, doneAt: Date?, doneBy: Set<PersonEventKind> = []) {
            guard let rule = limits.limit(clock, on: CalendarDate(start), for: kind) else { return }
            let done = doneAt ?? events.first { doneBy.contains($0.kind) && $0.at >= start }?.at
            let deadline = rule.deadline(after: start, calendar: calendar)
            found.append(PersonObligation(clock: clock, startedAt: start, deadline: deadline, doneAt: done,
                                          status: deadline.status(doneAt: done, now: now), source: rule.source,
                                          needsVerification: rule.needsVerification))
        }
        for event in events {
            switch event.kind {
            case .noticeReceived:
                add(.residenceCheck, from: event.at, doneAt: nil, doneBy: [.residenceChecked, .intake])
            case .moveReported:
                add(.moveNotice, from: event.at, doneAt: event.recordedAt)
                add(.presentAtNewPlace, from: event.at, doneAt: nil, doneBy: [.presented])
            default:
                break
            }
        }
        if let endsOn {
            let ended = events.last { $0.kind == .managementEnded }?.at
            let deadline = StatutoryDeadline(day: endsOn, moment: nil)
            // An end given by the decision has no statutory source; one set by law carries the law's.
            let byLaw = endSource != nil ? kind.endClock.flatMap { limits.limit($0, on: startedOn, for: kind) } : nil
            found.append(PersonObligation(clock: .managementEnd, startedAt: startedOn.startInVietnam, deadline: deadline, doneAt: ended,
                                          status: deadline.status(doneAt: ended, now: now),
                                          source: endSource ?? "", needsVerification: byLaw?.needsVerification ?? false))
        }
        return found
    }
}
