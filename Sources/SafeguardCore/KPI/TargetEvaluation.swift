/// Kết quả đánh giá chỉ tiêu: a target measured for one unit and period.
public struct TargetEvaluation: Sendable, Equatable {
    public var target: Target
    /// What the value is computed from; nil when no source of data exists yet.
    public var measurement: Measurement?
    /// Percent for rates and baseline comparisons, a count for count targets; nil without data.
    public var value: Double?
    /// Expected value at year end (nil without data or history).
    public var projection: Double?
    public var status: TargetStatus
    /// The last statistical month the value covers (an open period stops at its last complete month).
    public var through: StatisticalMonth? = nil
    /// The last day the value counts: the end of `through`, or today in the unfinished current month.
    public var measuredThrough: CalendarDate? = nil
    /// The period is the current statistical month, not yet over (tháng chưa kết thúc).
    public var isUnfinished = false
    /// For a baseline comparison, the year actually compared with (cùng kỳ năm …).
    public var comparedYear: Int? = nil

    /// How far the figure is from the threshold, in records: cases still to solve or reports
    /// still to resolve for a rate, cases above the allowed level for a baseline comparison.
    /// Ranking units by it puts large shortfalls before small units with one unlucky case.
    public var shortfall: Double {
        guard let m = measurement else { return 0 }
        let n = Double(m.numerator), d = Double(m.denominator), t = target.threshold
        switch target.unit {
        case .percent: return max(0, t / 100 * d - n)
        case .percentOfBaseline: return max(0, n - t / 100 * d)
        case .count: return abs(n - t)
        }
    }
}

/// A numerator over a denominator, both counted from records (for count targets the denominator is unused).
public struct Measurement: Sendable, Equatable {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }
}

/// Trạng thái chỉ tiêu.
public enum TargetStatus: String, Sendable, Codable, CaseIterable {
    /// Đạt.
    case met
    /// Chưa đạt.
    case notMet = "not-met"
    /// Có nguy cơ không đạt: met so far, but the year-end projection misses.
    case atRisk = "at-risk"
    /// Chưa có nguồn số liệu: Safeguard does not hold the records this target needs yet.
    case noData = "no-data"
    /// Không phát sinh: there are records, but nothing to measure (no case occurred, no report to resolve).
    case empty

    public var localizationKey: String { "kpi.status.\(rawValue)" }
}

/// The year-to-date and prior-year counts a projection needs, for one quantity.
public struct ProjectionInput: Sendable, Equatable {
    /// This year from the start of the statistical year to the end of the period (or today).
    public var yearToDate: Int
    /// The prior year over the same window.
    public var priorYearToDate: Int
    /// The prior year in full.
    public var priorYear: Int

    public init(yearToDate: Int, priorYearToDate: Int, priorYear: Int) {
        self.yearToDate = yearToDate
        self.priorYearToDate = priorYearToDate
        self.priorYear = priorYear
    }

    /// Year-end estimate: what is counted so far plus the rest of last year's year, scaled by
    /// this year's level against last year's to date — the prior year's seasonality carried
    /// forward at this year's trend. Without a prior year-to-date count the rest of the year
    /// is taken as last year's.
    public var yearEnd: Double { yearEnd(level: level) }

    /// This year's level against last year's to date (1 without a prior count).
    public var level: Double { priorYearToDate > 0 ? Double(yearToDate) / Double(priorYearToDate) : 1 }

    /// Year-end estimate with the rest of last year scaled by `level`.
    public func yearEnd(level: Double) -> Double {
        Double(yearToDate) + Double(max(0, priorYear - priorYearToDate)) * level
    }
}

extension Target {
    /// Evaluates the target from a measurement.
    ///
    /// - Parameters:
    ///   - measurement: counts for the period; nil when Safeguard has no source for this metric.
    ///   - projection: year-end projections of numerator and denominator, when history exists.
    ///   - periodIsComplete: whether the period has ended; an open period can be "at risk".
    public func evaluate(_ measurement: Measurement?, projection: (numerator: ProjectionInput, denominator: ProjectionInput)? = nil,
                         periodIsComplete: Bool) -> TargetEvaluation {
        guard let measurement else {
            return TargetEvaluation(target: self, measurement: nil, value: nil, projection: nil, status: .noData)
        }
        // A count among units rated (Yếu) means nothing before any unit is rated.
        if metric == .unitsRatedWeak && measurement.denominator == 0 {
            return TargetEvaluation(target: self, measurement: measurement, value: nil, projection: nil, status: .empty)
        }
        let value = self.value(numerator: Double(measurement.numerator), denominator: Double(measurement.denominator))
        // A rate's numerator (solved, resolved) follows its denominator's level, so the projected rate
        // blends this year's rate so far with last year's rate over the rest of the year and stays within 0–100%.
        let projected = projection.flatMap { p in
            self.value(numerator: p.numerator.yearEnd(level: unit == .percent ? p.denominator.level : p.numerator.level),
                       denominator: p.denominator.yearEnd)
        }
        let status: TargetStatus
        switch value {
        case nil:
            // A rise from nothing in the baseline year is still a rise.
            status = unit == .percentOfBaseline && measurement.numerator > measurement.denominator ? .notMet : .empty
        case let v? where !isMet(by: v): status = .notMet
        default:
            if !periodIsComplete, let projected, !isMet(by: projected) { status = .atRisk } else { status = .met }
        }
        return TargetEvaluation(target: self, measurement: measurement, value: value, projection: projected, status: status)
    }

    /// The value in the target's unit; nil for a rate with nothing to divide by.
    public func value(numerator: Double, denominator: Double) -> Double? {
        switch unit {
        case .count: return numerator
        case .percent, .percentOfBaseline: return denominator > 0 ? numerator / denominator * 100 : nil
        }
    }
}
