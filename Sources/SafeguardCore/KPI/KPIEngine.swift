/// Computes every target of a plan for one unit and period from record histograms.
///
/// The value is for the period itself; the projection is the year-end estimate from the
/// statistical year to date (to the period's end, or to the current month while it is open)
/// carried forward with the prior year's seasonality; the sparkline is the last 12 months.
public struct KPIEngine: Sendable {
    public var cases: CaseHistogram
    public var reports: ReportHistogram
    /// The movement's figures for the period's year (nil: not counted, the targets report no data).
    public var movement: MovementFigures?
    /// The unfinished current month, measured through today, and its baseline through the same day.
    public var sameDays: SameDays?

    /// Tháng chưa kết thúc: the current statistical month as it stands on `today`, and the cases of
    /// each baseline year's same month discovered through the same day, so 20 days are compared
    /// with 20 days, never with a whole month.
    public struct SameDays: Sendable, Equatable {
        public var month: StatisticalMonth
        public var today: CalendarDate
        /// Cases of the baseline month discovered on or before the same day, dated to that month.
        public var baseline: CaseHistogram

        public init(month: StatisticalMonth, today: CalendarDate, baseline: CaseHistogram) {
            self.month = month
            self.today = today
            self.baseline = baseline
        }

        /// The same day a number of years earlier (29 February becomes the 28th).
        public static func day(_ today: CalendarDate, yearsBack: Int) -> CalendarDate { today.adding(months: -12 * yearsBack) }
    }

    public init(cases: CaseHistogram, reports: ReportHistogram, movement: MovementFigures? = nil, sameDays: SameDays? = nil) {
        self.cases = cases
        self.reports = reports
        self.movement = movement
        self.sameDays = sameDays
    }

    /// The baseline years a period's baseline comparisons use, for the same-day query of an unfinished month.
    public static func comparedYears(for period: ReportingPeriod, targets: [Target]) -> Set<Int> {
        Set(targets.compactMap { target in
            target.unit == .percentOfBaseline ? Self.baselineWindow(of: period.months, baselineYear: target.baselineYear ?? period.year - 1).lowerBound.year : nil
        })
    }

    /// The months a period is measured over: all of it once it is over; while it is open, through
    /// its last complete month, so half a month is never set against a whole one. A period that is
    /// only the current month is measured as it stands.
    public static func measuredMonths(of period: ReportingPeriod, currentMonth: StatisticalMonth) -> ClosedRange<StatisticalMonth> {
        let through = period.months.upperBound < currentMonth ? period.months.upperBound
            : max(period.months.lowerBound, min(period.months.upperBound, currentMonth.advanced(by: -1)))
        return period.months.lowerBound...through
    }

    /// The same window of months in the baseline year, or a year earlier for a period in or before
    /// the baseline year (cùng kỳ năm trước).
    public static func baselineWindow(of months: ClosedRange<StatisticalMonth>, baselineYear: Int) -> ClosedRange<StatisticalMonth> {
        let shift = max(1, months.lowerBound.year - baselineYear)
        return StatisticalMonth(year: months.lowerBound.year - shift, month: months.lowerBound.month)
            ... StatisticalMonth(year: months.upperBound.year - shift, month: months.upperBound.month)
    }

    /// The month ranges a period's values are counted over, without projection or series: the
    /// measured months and, for baseline comparisons, their baseline window.
    public static func valueMonths(for period: ReportingPeriod, targets: [Target], currentMonth: StatisticalMonth) -> [ClosedRange<StatisticalMonth>] {
        let measured = measuredMonths(of: period, currentMonth: currentMonth)
        var ranges = [measured]
        for target in targets where target.unit == .percentOfBaseline {
            let window = baselineWindow(of: measured, baselineYear: target.baselineYear ?? period.year - 1)
            if !ranges.contains(window) { ranges.append(window) }
        }
        return ranges
    }

    /// The statistical months of records the engine needs for a period: the baseline year's and this year's.
    public static func monthsNeeded(for period: ReportingPeriod, baselineYears: Set<Int>) -> ClosedRange<StatisticalMonth> {
        let earliest = ([period.year - 1] + baselineYears).min()!
        return StatisticalMonth(year: earliest, month: 1)...period.months.upperBound
    }

    /// The numerator and denominator of a target over some months; nil when Safeguard has no records for its metric.
    public func measurement(_ target: Target, in months: ClosedRange<StatisticalMonth>) -> Measurement? {
        switch target.metric {
        case .ttxhCases:
            let current = cases.counts(in: months, severities: target.severities, category: KPIDefinition.socialOrderCategory).occurred
            guard target.unit == .percentOfBaseline, let baselineYear = target.baselineYear else {
                return Measurement(numerator: current, denominator: 0)
            }
            // Compared with the same window of the baseline year; a period in or before the baseline
            // year is compared with the same window a year earlier (cùng kỳ năm trước).
            let window = Self.baselineWindow(of: months, baselineYear: baselineYear)
            // The unfinished month is set against the same days of its baseline month.
            let baseline = sameDays.flatMap { months == $0.month...$0.month ? $0.baseline : nil } ?? cases
            let before = baseline.counts(in: window, severities: target.severities, category: KPIDefinition.socialOrderCategory).occurred
            return Measurement(numerator: current, denominator: before)
        case .clearanceRate, .crimeReportIntakeRate, .crimeReportResolutionRate:
            guard let definition = target.definition else { return nil }
            let caseCounts = target.metric.isCaseBased ? cases.counts(in: months, severities: target.severities) : CaseCounts(occurred: 0, solved: 0)
            let reportCounts = target.metric.isCaseBased ? ReportCounts() : reports.counts(in: months)
            return definition.measure(reports: reportCounts, cases: caseCounts)
        case .drugMovementLaunchedShare, .drugFreeCommunesShare, .unitsRatedWeak, .communesRegisteredShare, .cyberspaceMovementShare:
            // Yearly figures: the year the period lies in, whatever its months.
            return movement?.measurement(target.metric)
        }
    }

    /// Evaluates a target for a period, with projection when the period lies in the plan year.
    /// `currentMonth` is the statistical month of today, which bounds the year to date.
    /// - Parameter projecting: compute the year-end projection (needs the prior year's months in the histograms).
    public func evaluate(_ target: Target, period: ReportingPeriod, currentMonth: StatisticalMonth, projecting: Bool = true) -> TargetEvaluation {
        let complete = period.months.upperBound < currentMonth
        let months = Self.measuredMonths(of: period, currentMonth: currentMonth)
        let through = months.upperBound
        let measured = measurement(target, in: months)
        var projection: (numerator: ProjectionInput, denominator: ProjectionInput)?
        let firstMonth = StatisticalMonth(year: period.year, month: 1)
        // Only an open period has a year end still to estimate.
        if projecting, measured != nil, KPIDefinition.hasRecords(target.metric), !complete, through >= firstMonth, !(target.unit == .percentOfBaseline && target.baselineYear != period.year - 1) {
            let ytd = firstMonth...through
            let prior = StatisticalMonth(year: period.year - 1, month: 1)...StatisticalMonth(year: period.year - 1, month: through.month)
            let priorYear = StatisticalMonth(year: period.year - 1, month: 1)...StatisticalMonth(year: period.year - 1, month: 12)
            if let now = yearCounts(target, ytd), let before = yearCounts(target, prior), let whole = yearCounts(target, priorYear) {
                projection = (ProjectionInput(yearToDate: now.numerator, priorYearToDate: before.numerator, priorYear: whole.numerator),
                              ProjectionInput(yearToDate: now.denominator, priorYearToDate: before.denominator, priorYear: whole.denominator))
            }
        }
        var evaluation = target.evaluate(measured, projection: projection, periodIsComplete: complete)
        evaluation.through = through
        let unfinished = sameDays.map { months == $0.month...$0.month } ?? false
        evaluation.isUnfinished = unfinished || (months.upperBound == currentMonth && months.lowerBound == months.upperBound)
        evaluation.measuredThrough = unfinished ? sameDays?.today : through.end
        if target.unit == .percentOfBaseline {
            evaluation.comparedYear = Self.baselineWindow(of: months, baselineYear: target.baselineYear ?? period.year - 1).lowerBound.year
        }
        return evaluation
    }

    /// For the year-end projection of a baseline comparison, the denominator is the baseline year
    /// in full (not a projection), so its "year to date" series is the baseline's full year throughout.
    private func yearCounts(_ target: Target, _ months: ClosedRange<StatisticalMonth>) -> Measurement? {
        guard target.unit == .percentOfBaseline, target.metric == .ttxhCases, let baselineYear = target.baselineYear else {
            return measurement(target, in: months)
        }
        let count = cases.counts(in: months, severities: target.severities, category: KPIDefinition.socialOrderCategory).occurred
        let baselineYearCount = cases.counts(
            in: StatisticalMonth(year: baselineYear, month: 1)...StatisticalMonth(year: baselineYear, month: 12),
            severities: target.severities, category: KPIDefinition.socialOrderCategory).occurred
        return Measurement(numerator: count, denominator: baselineYearCount)
    }

    /// The value of a target in each of the `count` statistical months ending with `last` (nil where there is nothing to divide).
    public func monthlyValues(_ target: Target, endingWith last: StatisticalMonth, count: Int = 12) -> [Double?] {
        (0..<count).reversed().map { back in
            let month = last.advanced(by: -back)
            guard KPIDefinition.hasRecords(target.metric), let m = measurement(target, in: month...month) else { return nil }
            return target.value(numerator: Double(m.numerator), denominator: Double(m.denominator))
        }
    }
}
