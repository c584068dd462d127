import Foundation

/// An obligation with a legal time limit in the management of people (domain.md §5).
public enum ManagementClock: String, Sendable, Codable, CaseIterable {
    /// Xác minh nơi cư trú: after the prison's notice of a release, the commune police verify the residence.
    case residenceCheck = "residence-check"
    /// Hết thời hạn quản lý: a drug user under management, or a person under post-rehabilitation management.
    case managementEnd = "management-end"
    /// Thông báo nơi đến: a person under management who moves; the commune police notify the receiving commune.
    case moveNotice = "move-notice"
    /// Trình diện nơi đến: the person presents at the police of the new place.
    case presentAtNewPlace = "present-at-new-place"

    public var localizationKey: String { "clock.\(rawValue)" }
}

/// Thời hạn luật định: how long an obligation has, under which text, from when to when.
///
/// Rules that change on a date are data with an effective date, never a year test in code: from
/// 1/7/2026 Law 120/2025/QH15 replaces Law 73/2021/QH14 and brings the 24-hour move rules.
public struct StatutoryLimit: Sendable, Equatable {
    /// How the limit is counted.
    public enum Span: Sendable, Equatable {
        /// Working days after the day of the event (that day is not counted; weekends, holidays and
        /// their compensatory days are skipped, make-up working days count) — the limit ends at the end of the last one.
        case workingDays(Int)
        /// Hours from the moment of the event.
        case hours(Int)
        /// Calendar months from the start day, ending on the same date of the month (the last day of a shorter month).
        case months(Int)
    }

    public var clock: ManagementClock
    public var span: Span
    /// First day the rule applies to an event (nil: since before any record).
    public var effectiveFrom: CalendarDate?
    /// Last day it applies (nil: still in force).
    public var effectiveUntil: CalendarDate?
    /// The text it comes from.
    public var source: String
    /// The rule was not confirmed against the text (domain.md "verify"): configuration with this default.
    public var needsVerification: Bool
    /// The registers the text governs (nil: every register) — the 24-hour move rules are the drug
    /// law's, for drug users and people after rehabilitation, not for people released from prison.
    public var kinds: Set<ManagedPersonKind>?

    public init(_ clock: ManagementClock, _ span: Span, from: CalendarDate? = nil, until: CalendarDate? = nil, kinds: Set<ManagedPersonKind>? = nil,
                source: String, needsVerification: Bool = false) {
        self.clock = clock
        self.span = span
        self.effectiveFrom = from
        self.effectiveUntil = until
        self.kinds = kinds
        self.source = source
        self.needsVerification = needsVerification
    }

    /// Whether the rule applies to an event on `day` (for a person on register `kind`, when given).
    public func applies(on day: CalendarDate, to kind: ManagedPersonKind? = nil) -> Bool {
        (effectiveFrom.map { day >= $0 } ?? true) && (effectiveUntil.map { day <= $0 } ?? true)
            && (kind.map { kinds?.contains($0) ?? true } ?? true)
    }

    /// When the limit for an event at `instant` ends: the last day (inclusive) and, for an hour limit, the moment.
    public func deadline(after instant: Date, calendar: HolidayCalendar) -> StatutoryDeadline {
        let day = CalendarDate(instant)
        switch span {
        case .workingDays(let n):
            var last = day
            var counted = 0
            // The bound guards a calendar configured with no working day at all.
            for _ in 0..<(n * 7 + 60) where counted < n {
                last = last.adding(days: 1)
                if calendar.isWorkingDay(last) { counted += 1 }
            }
            return StatutoryDeadline(day: last, moment: nil)
        case .hours(let h):
            let moment = instant.addingTimeInterval(Double(h) * 3600)
            return StatutoryDeadline(day: CalendarDate(moment), moment: moment)
        case .months(let m):
            return StatutoryDeadline(day: day.adding(months: m), moment: nil)
        }
    }
}

/// The end of a time limit: the last day, and the moment for limits counted in hours.
public struct StatutoryDeadline: Sendable, Equatable {
    public var day: CalendarDate
    public var moment: Date?

    /// The four-way status of the obligation (as tasks have): done in time or late, still in time, overdue.
    /// A limit in hours is judged to the second; one in days, by Việt Nam's date.
    public func status(doneAt: Date?, now: Date) -> TaskStatus {
        if let moment {
            if let doneAt { return doneAt <= moment ? .completedOnTime : .completedLate }
            return now <= moment ? .inProgress : .overdue
        }
        return TaskStatus.classify(due: day, completedOn: doneAt.map { CalendarDate($0) }, today: CalendarDate(now))
    }
}

/// The limits in force, by clock and date; the standard set is the documented default the standing
/// office can replace (each "verify" rule is marked).
public struct StatutoryLimits: Sendable, Equatable {
    public var limits: [StatutoryLimit]

    public init(_ limits: [StatutoryLimit]) { self.limits = limits }

    /// The rule for an event of `clock` on `day` (for a person on register `kind`, when given), or
    /// nil when no text sets a limit then.
    public func limit(_ clock: ManagementClock, on day: CalendarDate, for kind: ManagedPersonKind? = nil) -> StatutoryLimit? {
        limits.first { $0.clock == clock && $0.applies(on: day, to: kind) }
    }

    /// Two rules of one clock in force on the same day make the answer depend on their order: refused.
    public var overlaps: [(StatutoryLimit, StatutoryLimit)] {
        var found: [(StatutoryLimit, StatutoryLimit)] = []
        for (i, a) in limits.enumerated() {
            for b in limits[(i + 1)...] where a.clock == b.clock && (a.kinds == nil || b.kinds == nil || !a.kinds!.isDisjoint(with: b.kinds!)) {
                let startA = a.effectiveFrom?.dayNumber ?? .min, endA = a.effectiveUntil?.dayNumber ?? .max
                let startB = b.effectiveFrom?.dayNumber ?? .min, endB = b.effectiveUntil?.dayNumber ?? .max
                if startA <= endB && startB <= endA { found.append((a, b)) }
            }
        }
        return found
    }

    static let newDrugLaw = CalendarDate(year: 2026, month: 7, day: 1)!
    /// The registers the drug law governs.
    static let drugLaw: Set<ManagedPersonKind> = [.drugUser, .postRehabilitation]

    /// The defaults, with their sources (domain.md §5).
    public static let standard = StatutoryLimits([
        StatutoryLimit(.residenceCheck, .workingDays(3),
                       source: "Thông tư 10/2024/TT-BCA (tiếp nhận, quản lý người chấp hành xong án phạt tù): xác minh nơi cư trú trong 3 ngày làm việc kể từ khi nhận thông báo của trại giam"),
        StatutoryLimit(.managementEnd, .months(12), until: newDrugLaw.adding(days: -1),
                       source: "Luật Phòng, chống ma túy 2021 (73/2021/QH14); Nghị định 105/2021, 116/2021: quản lý người sử dụng trái phép, quản lý sau cai nghiện 1 năm",
                       needsVerification: true),
        StatutoryLimit(.managementEnd, .months(12), from: newDrugLaw,
                       source: "Luật Phòng, chống ma túy 2025 (120/2025/QH15), hiệu lực 01/7/2026: thời hạn quản lý giữ mặc định 1 năm",
                       needsVerification: true),
        StatutoryLimit(.moveNotice, .hours(24), from: newDrugLaw, kinds: drugLaw,
                       source: "Luật Phòng, chống ma túy 2025 (120/2025/QH15), hiệu lực 01/7/2026: Công an cấp xã thông báo cho nơi đến trong 24 giờ"),
        StatutoryLimit(.presentAtNewPlace, .hours(24), from: newDrugLaw, kinds: drugLaw,
                       source: "Luật Phòng, chống ma túy 2025 (120/2025/QH15), hiệu lực 01/7/2026: trình diện Công an nơi đến trong 24 giờ"),
    ])
}
