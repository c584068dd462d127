/// A plan whose every reference has been checked and resolved: what the importer stores.
public struct ValidatedPlan: Sendable {
    public var document: PlanDocument
    public var date: CalendarDate
    public var targets: [Target]
    /// Section II tasks in document order, items after their task.
    public var tasks: [ResolvedTask]
    public var duties: [ResolvedDuty]
}

/// A section II task (or one of its numbered items) with agencies resolved to units.
public struct ResolvedTask: Sendable, Equatable {
    public var id: String
    /// The section II group (`II.2`) and sub-group (`II.2.a`) the task belongs to.
    public var sectionID: String
    public var groupID: String?
    /// For numbered items: the task they belong to.
    public var parentID: String?
    public var text: String
    public var agencies: String
    public var lead: [UnitSummary]
    public var coordinating: [UnitSummary]
    /// The references as written, kept so the plan can be shown and re-exported faithfully.
    public var leadReferences: [String]
    public var coordinatingReferences: [String]
    public var footnotes: [String]
}

/// A section III duty with the units that bear it.
public struct ResolvedDuty: Sendable, Equatable {
    public var id: String
    public var text: String
    public var responsible: [UnitSummary]
}

/// A day in the civil calendar without time or zone: plan dates, deadlines, statistical windows.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The years a date typed or sent from outside may have: a record, a plan or a deadline of
    /// Safeguard's is never before 1900 or after 2100, and `0007-12-10` is a typing error.
    public static let supportedYears = 1900...2100

    /// Parses `yyyy-mm-dd` strictly: ASCII digits only, a year in `supportedYears`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), Self.supportedYears.contains(y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// ISO form `2026-02-05`.
    public var description: String {
        let y = String(year)
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(Self.pad(month))-\(Self.pad(day))"
    }

    /// Vietnamese numeric form with leading zeros, `05/02/2026`.
    public var vietnamese: String { "\(Self.pad(day))/\(Self.pad(month))/\(year)" }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
