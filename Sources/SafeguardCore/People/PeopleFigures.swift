import Foundation

/// What the figures need of one person: no name, no number — the register, the managing commune,
/// the dates and the events.
public struct PersonFacts: Sendable, Equatable {
    public var commune: String
    public var kind: ManagedPersonKind
    public var startedOn: CalendarDate
    public var closedOn: CalendarDate?
    public var events: [PersonEvent]
    public var overdueClocks: Int

    public init(commune: String, kind: ManagedPersonKind, startedOn: CalendarDate, closedOn: CalendarDate?, events: [PersonEvent], overdueClocks: Int = 0) {
        self.commune = commune
        self.kind = kind
        self.startedOn = startedOn
        self.closedOn = closedOn
        self.events = events
        self.overdueClocks = overdueClocks
    }

    /// Under management on `day`: started on or before it and not closed by then.
    public func isManaged(on day: CalendarDate) -> Bool {
        startedOn <= day && (closedOn.map { $0 > day } ?? true)
    }
}

/// Số liệu người được quản lý: the registers' figures, with their definitions, and never a score
/// for a person (docs/features/people.md says why).
///
/// - **Under management**: per managing commune and register, the people started on or before the
///   day and not closed by it (a person who moved counts in the commune that manages them now).
/// - **Re-offending within 12 months of release**: of the people on the released-from-prison
///   register whose release (the start of management) fell in the 12 months ending 12 months before
///   the day — so every one of them has had a full year — the share with a re-offending event no
///   later than 12 months after release. A cohort still inside its year would understate the rate.
/// - **With support**: of the people under management on the day, the share with at least one
///   support event on or before it.
/// - **Overdue clocks**: statutory clocks not met and past their deadline, for people still managed.
public struct PeopleFigures: Sendable, Equatable {
    public var asOf: CalendarDate
    public var managed: [String: [ManagedPersonKind: Int]]
    public var releaseCohort: ClosedRange<CalendarDate>
    public var reoffending: Proportion
    public var supported: Proportion
    public var overdueClocks: Int

    public var totalManaged: Int { managed.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    public func managed(_ kind: ManagedPersonKind) -> Int { managed.values.reduce(0) { $0 + ($1[kind] ?? 0) } }

    public init(_ people: [PersonFacts], asOf day: CalendarDate) {
        asOf = day
        var managed: [String: [ManagedPersonKind: Int]] = [:]
        var supported = 0, total = 0, overdue = 0
        for person in people where person.isManaged(on: day) {
            managed[person.commune, default: [:]][person.kind, default: 0] += 1
            total += 1
            if person.events.contains(where: { $0.kind == .support && CalendarDate($0.at) <= day }) { supported += 1 }
            overdue += person.overdueClocks
        }
        self.managed = managed
        self.supported = Proportion(supported, of: total)
        overdueClocks = overdue
        let cohort = day.adding(months: -24).adding(days: 1)...day.adding(months: -12)
        releaseCohort = cohort
        let released = people.filter { $0.kind == .releasedFromPrison && cohort.contains($0.startedOn) }
        let again = released.filter { person in
            let yearEnd = person.startedOn.adding(months: 12)
            return person.events.contains { $0.kind == .reoffending && CalendarDate($0.at) <= yearEnd && CalendarDate($0.at) >= person.startedOn }
        }
        reoffending = Proportion(again.count, of: released.count)
    }
}
