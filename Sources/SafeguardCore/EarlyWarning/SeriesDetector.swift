import Foundation

/// One detector run's verdict on one series at its latest period: what an alert stores.
public struct Detection: Sendable, Equatable {
    public var method: String
    /// The method's settings, for the alert's record ("b=3, w=2, …").
    public var parameters: String
    /// Which past periods the expectation rests on, as `key=value` pairs separated by `;` for the
    /// pages to put into words: `years`, `window`, `excluded`, `size`, `period` (Farrington) or
    /// `recent`, `lag`, `period` (EARS).
    public var baseline: String
    public var observed: Int
    public var expected: Double?
    public var upperbound: Double?
    public var score: Double?
    public var pValue: Double?
    public var alarm: Bool

    public init(method: String, parameters: String, baseline: String, observed: Int, expected: Double?, upperbound: Double?,
                score: Double?, pValue: Double?, alarm: Bool) {
        self.method = method
        self.parameters = parameters
        self.baseline = baseline
        self.observed = observed
        self.expected = expected
        self.upperbound = upperbound
        self.score = score
        self.pValue = pValue
        self.alarm = alarm
    }
}

/// The product's detector: Farrington flexible (Noufaily et al. 2013; Noufaily's weekly settings or
/// their monthly analogue) on one point (by default the last), using only the periods up to it,
/// with b = as many whole years of the unit's own history as exist, up to 5, at level `alpha`.
///
/// A unit with fewer than `minimumYears` of history is not judged at all: a shorter baseline has no
/// season to compare with, and the benchmark's quality table (bench/README.md) shows the methods
/// that need no history (EARS) raise several times more false alarms. Those stay available to
/// analysts through `safeguard detect`.
public enum SeriesDetector {
    /// Years of records a unit needs before its counts are judged ("chưa đủ 3 năm số liệu").
    public static let minimumYears = 3

    /// The test's level. A province judges some 900 series a period (114 units × 4 watches × month
    /// and week), so R's default 0.05 would raise dozens of false alerts each time; at 0.01 the
    /// benchmark measured a false positive rate of 0.95% (bench/README.md).
    public static let alpha = 0.01

    /// Whole years a Farrington baseline can reach back when `periodsBefore` periods of history
    /// precede the judged one: its reference window (±w) must lie inside the history.
    public static func yearsOfHistory(periodsBefore: Int, frequency: Int) -> Int {
        let window = frequency == 52 ? FarringtonFlexible.Control.weekly.windowHalfWidth : FarringtonFlexible.Control.monthly.windowHalfWidth
        return max(0, periodsBefore - window) / frequency
    }

    /// Whether point `k` can be judged: the unit has at least `minimumYears` of history before it.
    public static func canJudge(_ series: CountSeries, at k: Int) -> Bool {
        yearsOfHistory(periodsBefore: k - series.historyStart, frequency: series.frequency) >= minimumYears
    }

    public static func detect(_ series: CountSeries, at point: Int? = nil) -> Detection? {
        let counts = series.counts
        guard let k = point ?? counts.indices.last, counts.indices.contains(k), canJudge(series, at: k) else { return nil }
        var control: FarringtonFlexible.Control = series.frequency == 52 ? .weekly : .monthly
        let unit = series.frequency == 52 ? "week" : "month"
        control.yearsBack = min(5, yearsOfHistory(periodsBefore: k - series.historyStart, frequency: series.frequency))
        control.alpha = alpha
        // A weekly series a few days short of b calendar years falls back to one year fewer.
        let evaluated = FarringtonFlexible(control: control).evaluate(series, at: k) ?? {
            control.yearsBack -= 1
            return control.yearsBack >= minimumYears ? FarringtonFlexible(control: control).evaluate(series, at: k) : nil
        }()
        guard let result = evaluated else { return nil }
        return Detection(
            method: "farrington-flexible",
            parameters: "b=\(control.yearsBack), w=\(control.windowHalfWidth), noPeriods=\(control.seasonalLevels), pastWeeksNotIncluded=\(control.pastPeriodsNotIncluded), alpha=\(control.alpha), thresholdMethod=nbPlugin, limit54=(5,4)",
            baseline: "years=\(control.yearsBack);window=\(control.windowHalfWidth);excluded=\(control.pastPeriodsNotIncluded);size=\(result.baselineSize);period=\(unit)",
            observed: counts[k], expected: exp(result.eta), upperbound: result.upperbound, score: result.score,
            pValue: result.pValue, alarm: result.alarm)
    }
}
