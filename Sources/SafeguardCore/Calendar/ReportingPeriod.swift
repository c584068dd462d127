/// Kỳ báo cáo thống kê: a statistical reporting window.
///
/// Police statistics and Decree 09/2019/NĐ-CP count a month from the 15th of the previous month
/// to the 14th ("tháng 5/2023 (từ 15/4/2023 đến 14/5/2023)"); a quarter from the 15th of the
/// month before it to the 14th of its last month; the first half 15/12–14/6; nine months
/// 15/12–14/9; the year 15/12–14/12. Every window is a run of statistical months, which is how
/// records are bucketed (`StatisticalMonth`).
public struct ReportingPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case month(Int)
        case quarter(Int)
        case half(Int)
        case nineMonths
        case year
    }

    public var year: Int
    public var kind: Kind

    public init(year: Int, kind: Kind) {
        self.year = year
        self.kind = kind
    }

    /// Parses `2026-M03`, `2026-Q1`, `2026-H1`, `2026-H2`, `2026-9M`, `2026`.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", maxSplits: 1).map(String.init)
        guard let first = parts.first, first.count == 4, let y = Int(first), (2000...2100).contains(y) else { return nil }
        year = y
        guard parts.count == 2 else {
            kind = .year
            return
        }
        let code = parts[1]
        if code == "9M" { kind = .nineMonths; return }
        guard code.count >= 2, let n = Int(code.dropFirst()) else { return nil }
        switch code.first {
        case "M" where (1...12).contains(n) && code.count == 3: kind = .month(n)
        case "Q" where (1...4).contains(n) && code.count == 2: kind = .quarter(n)
        case "H" where (1...2).contains(n) && code.count == 2: kind = .half(n)
        default: return nil
        }
    }

    /// The monthly period a day falls in: on or after the 15th it belongs to the next month.
    public static func month(containing date: CalendarDate) -> ReportingPeriod {
        let month = StatisticalMonth(containing: date)
        return ReportingPeriod(year: month.year, kind: .month(month.month))
    }

    /// The statistical months the period spans, first and last.
    public var months: ClosedRange<StatisticalMonth> {
        let (first, last): (Int, Int) = switch kind {
        case .month(let m): (m, m)
        case .quarter(let q): (q * 3 - 2, q * 3)
        case .half(let h): (h * 6 - 5, h * 6)
        case .nineMonths: (1, 9)
        case .year: (1, 12)
        }
        return StatisticalMonth(year: year, month: first)...StatisticalMonth(year: year, month: last)
    }

    public var start: CalendarDate { months.lowerBound.start }
    public var end: CalendarDate { months.upperBound.end }

    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }

    /// Cùng kỳ: the same window `years` earlier.
    public func sameWindow(yearsEarlier years: Int = 1) -> ReportingPeriod {
        ReportingPeriod(year: year - years, kind: kind)
    }

    public var description: String {
        switch kind {
        case .month(let m): "\(year)-M\(m < 10 ? "0" : "")\(m)"
        case .quarter(let q): "\(year)-Q\(q)"
        case .half(let h): "\(year)-H\(h)"
        case .nineMonths: "\(year)-9M"
        case .year: "\(year)"
        }
    }
}

/// A statistical month, 15th of the previous month to the 14th, stored as `yyyymm` on records.
public struct StatisticalMonth: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(containing date: CalendarDate) {
        let shifted = date.day >= 15 ? date.adding(months: 1) : date
        self.init(year: shifted.year, month: shifted.month)
    }

    /// `yyyymm`, the bucket column on records.
    public var code: Int { year * 100 + month }

    public init?(code: Int) {
        let m = code % 100
        guard (1...12).contains(m) else { return nil }
        self.init(year: code / 100, month: m)
    }

    public var start: CalendarDate { CalendarDate(year: year, month: month, day: 15)!.adding(months: -1) }
    public var end: CalendarDate { CalendarDate(year: year, month: month, day: 14)! }

    public static func < (a: StatisticalMonth, b: StatisticalMonth) -> Bool { a.code < b.code }

    public func advanced(by n: Int) -> StatisticalMonth {
        let index = year * 12 + month - 1 + n
        return StatisticalMonth(year: index / 12, month: index % 12 + 1)
    }

    public func distance(to other: StatisticalMonth) -> Int {
        (other.year * 12 + other.month) - (year * 12 + month)
    }

    public var description: String { "\(year)-M\(month < 10 ? "0" : "")\(month)" }
}
