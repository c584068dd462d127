import Foundation

/// The improved Farrington method (Noufaily et al. 2013, Stat Med 32:1206–1222; Farrington et al.
/// 1996, JRSS A 159:547–563) as R's `surveillance::farringtonFlexible` 1.20.3 computes it, so its
/// alarms can be checked against R's on simulated series (`Tests/Fixtures/surveillance`). The
/// specification, with R's quirks that change numbers, is `docs/notes/surveillance-algorithms.md` §1.
///
/// For each period: a quasi-Poisson log-linear model on the same time of year in the past `b`
/// years (window ±`w`, the rest of each year split into `noPeriods − 1` seasonal blocks), with a
/// linear trend kept only when significant, past outbreaks down-weighted by their Anscombe
/// residuals, and the most recent periods left out; the upper bound is a negative binomial quantile.
public struct FarringtonFlexible: Sendable {
    public enum ThresholdMethod: String, Sendable, Codable {
        /// Plug in the predicted mean.
        case nbPlugin
        /// Plug in the upper confidence limit of the predicted mean ("mu-an").
        case muan
        /// Farrington et al. (1996): a normal approximation on a power-transformed scale, with the
        /// prediction's variance added to the Poisson-type variance φμ (the delta method).
        case delta
    }

    /// The transform of the `delta` threshold (R's `powertrans`); the 2/3 power makes a Poisson
    /// count nearly symmetric (Farrington et al. 1996).
    public enum PowerTransform: String, Sendable, Codable {
        case twoThirds = "2/3"
        case oneHalf = "1/2"
        case none
    }

    public struct Control: Sendable, Equatable {
        public var yearsBack = 5
        public var windowHalfWidth = 3
        public var reweight = true
        public var weightsThreshold = 2.58
        public var trend = true
        public var trendThreshold = 0.05
        public var seasonalLevels = 10
        public var pastPeriodsNotIncluded = 26
        public var alpha = 0.05
        /// (cases, periods): an alarm needs at least this many cases in the last periods, the current one included.
        public var minimumRecentCases = 5
        public var recentPeriods = 4
        public var thresholdMethod = ThresholdMethod.nbPlugin
        public var powerTransform = PowerTransform.twoThirds

        public init() {}

        /// Noufaily et al.'s settings for weekly data.
        public static var weekly: Control { Control() }

        /// The monthly analogue: window ±2 months, 4 seasonal levels, the last 6 months left out.
        public static var monthly: Control {
            var control = Control()
            control.windowHalfWidth = 2
            control.seasonalLevels = 4
            control.pastPeriodsNotIncluded = 6
            return control
        }
    }

    /// What the method says about one period.
    public struct Result: Sendable, Equatable {
        /// The alarm threshold (a count); nil when too few recent cases make any alarm meaningless.
        public var upperbound: Double?
        public var alarm: Bool
        /// exp(η̂₀), the predicted count; nil with the upper bound.
        public var expected: Double?
        public var score: Double
        public var pValue: Double?
        /// The mean plugged into the threshold distribution.
        public var thresholdMean: Double
        public var dispersion: Double
        public var trendKept: Bool
        public var trendCoefficient: Double?
        public var eta: Double
        public var standardErrorOfEta: Double
        public var baselineSize: Int
    }

    public var control: Control

    public init(control: Control) { self.control = control }

    /// The result at index `k`, or nil when the series is too short or the model does not converge.
    public func evaluate(_ series: CountSeries, at k: Int) -> Result? {
        guard let references = referencePoints(series, at: k) else { return nil }
        let w = control.windowHalfWidth
        let first = references.last! - w
        let lastUsed = k - control.pastPeriodsNotIncluded - 1
        guard first >= 0, lastUsed >= first else { return nil }
        let labels = blockLabels(references: references, k: k)
        let baseline = (first...lastUsed).filter { labels[$0] != nil }
        guard !baseline.isEmpty else { return nil }
        let y = baseline.map { Double(series.counts[$0]) }
        let time: (Int) -> Double
        if let dates = series.dates, dates.count > 1 {
            let step = Double(dates[1].dayNumber - dates[0].dayNumber)
            let origin = dates[baseline[0]].dayNumber
            time = { Double(dates[$0].dayNumber - origin) / step }
        } else {
            time = { Double($0 + 1) }
        }
        let levels = Array(Set(baseline.map { labels[$0]! })).sorted()
        func row(_ t: Int, label: Int, trend: Bool) -> [Double] {
            var x: [Double] = [1]
            if trend { x.append(time(t)) }
            for level in levels.dropFirst() { x.append(label == level ? 1 : 0) }
            return x
        }
        let p = control.seasonalLevels

        var useTrend = control.trend
        var model: Model?
        if useTrend {
            switch fitModel(baseline.map { row($0, label: labels[$0]!, trend: true) }, y) {
            case .failed: return nil
            case .notConverged: useTrend = false
            case .fitted(let fitted):
                let prediction = fitted.fit.predict(row(k, label: p, trend: true))
                let kept = fitted.trendPValue.map { $0 < control.trendThreshold } ?? false
                    && control.yearsBack >= 3 && exp(prediction.eta) <= y.max()!
                if kept { model = fitted } else { useTrend = false }
            }
        }
        if model == nil {
            guard case .fitted(let fitted) = fitModel(baseline.map { row($0, label: labels[$0]!, trend: false) }, y) else { return nil }
            model = fitted
        }
        guard let model else { return nil }
        let x0 = row(k, label: p, trend: useTrend)
        let prediction = model.fit.predict(x0)
        let eta = prediction.eta
        let se = (model.inferenceDispersion * prediction.unscaledVariance).squareRoot()
        let z = Normal.quantile(1 - control.alpha)
        let observed = series.counts[k]
        var bound: Double?
        var pValue: Double?
        let mean: Double
        let score: Double
        switch control.thresholdMethod {
        case .nbPlugin, .muan:
            mean = control.thresholdMethod == .nbPlugin ? exp(eta) : exp(eta + z * se)
            if mean.isFinite {
                let distribution = Self.countDistribution(mean: mean, dispersion: model.dispersion)
                bound = Double(distribution.quantile(1 - control.alpha))
                pValue = observed > 0 ? 1 - distribution.cdf(observed - 1) : 1
            }
            // R subtracts the log-scale prediction here (notes §1.7, "Quirk").
            score = bound.map { (Double(observed) - eta) / ($0 - eta) } ?? .nan
        case .delta:
            mean = exp(eta)
            let seMean = mean * se
            let tau = model.dispersion + seMean * seMean / mean
            let y = Double(observed)
            let (sigma, power): (Double, Double) = switch control.powerTransform {
            case .twoThirds: ((4.0 / 9 * pow(mean, 1.0 / 3) * tau).squareRoot(), 2.0 / 3)
            case .oneHalf: ((tau / 4).squareRoot(), 0.5)
            case .none: ((mean * tau).squareRoot(), 1)
            }
            bound = pow(pow(mean, power) + z * sigma, 1 / power)
            pValue = 1 - Normal.cdf((pow(y, power) - pow(mean, power)) / sigma)
            score = (y - mean) / (bound! - mean)
        }
        let recent = series.counts[max(0, k - control.recentPeriods + 1)...k].reduce(0, +)
        let enough = recent >= control.minimumRecentCases
        return Result(
            upperbound: enough ? bound : nil,
            alarm: enough && score > 1 && observed != 0,
            expected: enough && bound != nil ? exp(eta) : nil,
            score: score, pValue: pValue, thresholdMean: mean, dispersion: model.dispersion,
            trendKept: useTrend, trendCoefficient: useTrend ? model.fit.coefficients[1] : nil,
            eta: eta, standardErrorOfEta: se, baselineSize: baseline.count)
    }

    /// NB with mean m and variance φm (size m/(φ−1)); Poisson when φ = 1.
    static func countDistribution(mean: Double, dispersion: Double) -> NegativeBinomial {
        NegativeBinomial(mean: mean, size: dispersion > 1 ? mean / (dispersion - 1) : .infinity)
    }

    // MARK: - Reference points and blocks

    /// r₀ = k and the same time of year 1…b years back: by index for monthly series; for weekly
    /// series the date a calendar year earlier moved to the nearest day of the same weekday.
    func referencePoints(_ series: CountSeries, at k: Int) -> [Int]? {
        guard k >= 0, k < series.counts.count else { return nil }
        guard let dates = series.dates else {
            let points = (0...control.yearsBack).map { k - $0 * series.frequency }
            return points.last! >= 0 ? points : nil
        }
        // The index of a day among the (increasing) dates, by bisection.
        func index(_ day: Int) -> Int? {
            var low = 0, high = dates.count - 1
            while low <= high {
                let middle = (low + high) / 2, value = dates[middle].dayNumber
                if value == day { return middle }
                if value < day { low = middle + 1 } else { high = middle - 1 }
            }
            return nil
        }
        let d = dates[k]
        func weekday(_ n: Int) -> Int { ((n + 4) % 7 + 7) % 7 }  // Sunday = 0; 1970-01-01 was a Thursday
        var points = [k]
        for back in 1...control.yearsBack {
            // The same month and day `back` years earlier; 29 February becomes 1 March.
            let shifted = CalendarDate(year: d.year - back, month: d.month, day: d.day)
                ?? CalendarDate(year: d.year - back, month: 3, day: 1)!
            var target = shifted.dayNumber
            if series.frequency == 52 {
                let a = target - (weekday(target) - weekday(d.dayNumber))
                let b = a > target ? a - 7 : a + 7
                target = abs(a - target) <= abs(b - target) ? a : b
            }
            guard let i = index(target) else { return nil }
            points.append(i)
        }
        return points
    }

    /// Label of every index 0…k the baseline may use (nil for the others): `noPeriods` for the
    /// current and reference windows, 1…noPeriods−1 for the blocks of each gap between windows, in
    /// time order (the first blocks take the remainder). The oldest window must start at 0 or later.
    func blockLabels(references r: [Int], k: Int) -> [Int?] {
        let w = control.windowHalfWidth, p = control.seasonalLevels
        var labels = [Int?](repeating: nil, count: k + 1)
        for t in (k - w)...k { labels[t] = p }
        for i in 1..<r.count {
            for t in (r[i] - w)...(r[i] + w) { labels[t] = p }
            guard p > 1 else { continue }
            let start = r[i] + w + 1, end = r[i - 1] - w - 1
            let gap = end - start + 1
            guard gap > 0 else { continue }
            let base = gap / (p - 1), extra = gap % (p - 1)
            var t = start
            for block in 1...(p - 1) {
                for _ in 0..<(base + (block <= extra ? 1 : 0)) { labels[t] = block; t += 1 }
            }
        }
        return labels
    }

    // MARK: - The model

    struct Model {
        var fit: LogLinearRegression.Fit
        /// φ = max(1, Pearson χ²/(n−p)) of the reweighted fit: the threshold's dispersion.
        var dispersion: Double
        /// Σ ωᵢ((yᵢ−μᵢ)/μᵢ)²/(n−p), unfloored: what R's summary and predict use after the package
        /// replaces the model's weights by the prior weights ω.
        var inferenceDispersion: Double
        var trendPValue: Double?
    }

    enum Fitting {
        case fitted(Model)
        case notConverged
        case failed
    }

    /// Initial fit, dispersion, Anscombe residuals, weights, refit (notes §1.4).
    func fitModel(_ design: [[Double]], _ y: [Double]) -> Fitting {
        let regression = LogLinearRegression()
        let prepared = WeightedLeastSquares.Design(design, prior: [Double](repeating: 1, count: y.count))
        guard let initial = regression.fit(design: design, response: y, weights: nil, prepared: prepared) else { return .failed }
        guard initial.converged else { return .notConverged }
        let n = y.count
        let df = Double(initial.residualDegreesOfFreedom)
        var omega = [Double](repeating: 1, count: n)
        var fit = initial
        if control.reweight {
            let phi1 = max(1, initial.pearsonChiSquare / df)
            var inverseSquares = 0.0, small = 0
            var residuals = [Double](repeating: 0, count: n)
            for t in 0..<n {
                let mu = initial.fitted[t]
                let h = initial.leverage(design[t], workingWeight: initial.workingWeights[t])
                // y^(2/3) μ^(−1/6) by cube and square roots, several times cheaper than pow.
                let yTwoThirds = cbrt(y[t] * y[t]), muMinusSixth = 1 / cbrt(mu.squareRoot())
                residuals[t] = 1.5 * (yTwoThirds * muMinusSixth - mu.squareRoot()) / (phi1 * (1 - h)).squareRoot()
                if residuals[t] > control.weightsThreshold { inverseSquares += 1 / (residuals[t] * residuals[t]) } else { small += 1 }
            }
            let gamma = Double(n) / (inverseSquares + Double(small))
            for t in 0..<n {
                omega[t] = residuals[t] > control.weightsThreshold ? gamma / (residuals[t] * residuals[t]) : gamma
            }
            // ω > 0 everywhere, so the refit uses the same rows and the same prepared design.
            guard let refit = regression.fit(design: design, response: y, weights: omega, prepared: prepared) else { return .failed }
            fit = refit
        }
        let refitDF = Double(fit.residualDegreesOfFreedom)
        var inference = 0.0
        for t in 0..<n {
            let r = (y[t] - fit.fitted[t]) / fit.fitted[t]
            inference += omega[t] * r * r
        }
        inference /= refitDF
        var trendPValue: Double?
        if design[0].count > 1, fit.coefficients[1] != nil, let position = fit.keptColumns.firstIndex(of: 1) {
            let t = fit.coefficients[1]! / (inference * fit.unscaledCovariance[position][position]).squareRoot()
            trendPValue = StudentT.twoSidedPValue(t, degreesOfFreedom: refitDF)
        }
        return .fitted(Model(fit: fit, dispersion: max(1, fit.pearsonChiSquare / refitDF), inferenceDispersion: inference, trendPValue: trendPValue))
    }
}
