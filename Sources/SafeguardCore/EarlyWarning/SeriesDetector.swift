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

/// Chooses the method a series can support and runs it on one point (by default the last), using
/// only the periods up to it: Farrington flexible
/// when at least three years of history exist (b = up to 5 years; Noufaily et al.'s weekly
/// settings, or their monthly analogue), else EARS C2 on the periods before (a short history has
/// no seasonal baseline to compare with).
public enum SeriesDetector {
    public static func detect(_ series: CountSeries, at point: Int? = nil) -> Detection? {
        let counts = series.counts
        guard let k = point ?? counts.indices.last, counts.indices.contains(k) else { return nil }
        var control: FarringtonFlexible.Control = series.frequency == 52 ? .weekly : .monthly
        let unit = series.frequency == 52 ? "week" : "month"
        let years = (k - control.windowHalfWidth) / series.frequency
        if years >= 3 {
            control.yearsBack = min(5, years)
            // A weekly series a few days short of b calendar years falls back to one year fewer.
            let result = FarringtonFlexible(control: control).evaluate(series, at: k) ?? {
                control.yearsBack -= 1
                return control.yearsBack >= 3 ? FarringtonFlexible(control: control).evaluate(series, at: k) : nil
            }()
            if let result {
                return Detection(
                    method: "farrington-flexible",
                    parameters: "b=\(control.yearsBack), w=\(control.windowHalfWidth), noPeriods=\(control.seasonalLevels), pastWeeksNotIncluded=\(control.pastPeriodsNotIncluded), alpha=\(control.alpha), thresholdMethod=nbPlugin, limit54=(5,4)",
                    baseline: "years=\(control.yearsBack);window=\(control.windowHalfWidth);excluded=\(control.pastPeriodsNotIncluded);size=\(result.baselineSize);period=\(unit)",
                    observed: counts[k], expected: exp(result.eta), upperbound: result.upperbound, score: result.score,
                    pValue: result.pValue, alarm: result.alarm)
            }
        }
        let ears = EARS(method: .c2)
        guard let result = ears.evaluate(counts, at: k) else { return nil }
        return Detection(
            method: "ears-c2", parameters: "baseline=7, lag=2, alpha=\(ears.alpha)", baseline: "recent=7;lag=2;period=\(unit)",
            observed: counts[k], expected: result.baselineMean, upperbound: result.upperbound.isNaN ? nil : result.upperbound,
            score: nil, pValue: nil, alarm: result.alarm ?? false)
    }
}
