import Foundation

/// The negative binomial GLR CUSUM for a rise of the intercept (Höhle & Paul 2008, CSDA
/// 52:4357–4368) as R's `surveillance::glrnb` 1.20.3 computes it (`docs/notes/surveillance-algorithms.md`
/// §3): after an unknown change point the mean is μ₀e^κ; the statistic maximises the log
/// likelihood ratio over the change point and κ ≥ 0, an alarm is raised when it reaches the
/// threshold, and the chart restarts after each alarm. It accumulates evidence of a sustained
/// rise that single-period methods miss.
public struct NegativeBinomialGLR: Sendable {
    public struct Point: Sendable, Equatable {
        /// The GLR statistic.
        public var value: Double
        public var alarm: Bool
    }

    /// The NB dispersion α: Var = μ + αμ².
    public var dispersion: Double
    /// The alarm threshold for the statistic (R's `c.ARL`).
    public var threshold = 5.0
    /// Fewest observations after the change point (R's `Mtilde`).
    public var minimumRun = 1

    public init(dispersion: Double, threshold: Double = 5) {
        self.dispersion = dispersion
        self.threshold = threshold
    }

    /// The in-control means R's `glrnb` uses by default (`estimateGLRNbHook`): a negative binomial
    /// GLM with this chart's dispersion and one yearly harmonic, log μ(t) = β₀ + β₁cos(2πt/p) +
    /// β₂sin(2πt/p) with t the 1-based index, fitted on the `training` points and predicted for
    /// `predicted`. Nil when the fit fails (no training data).
    public func inControlMeans(_ counts: [Int], training: Range<Int>, predicted: Range<Int>, frequency: Int) -> [Double]? {
        func row(_ i: Int) -> [Double] {
            let angle = 2 * Double.pi / Double(frequency) * Double(i + 1)
            return [1, cos(angle), sin(angle)]
        }
        let model = LogLinearRegression(family: .negativeBinomial(dispersion: dispersion))
        guard !training.isEmpty, let fit = model.fit(design: training.map(row), response: training.map { Double(counts[$0]) }) else { return nil }
        return predicted.map { exp(fit.predict(row($0)).eta) }
    }

    /// The chart over counts with in-control means `mu0` (same length).
    public func run(_ counts: [Int], mu0: [Double]) -> [Point] {
        var points: [Point] = []
        var start = 0
        for n in counts.indices {
            let value = statistic(counts, mu0: mu0, start: start, at: n)
            let alarm = value >= threshold
            points.append(Point(value: value, alarm: alarm))
            if alarm { start = n + 1 }
        }
        return points
    }

    /// The count at index `n` that would have brought the statistic to the threshold there, the
    /// rest of the data unchanged: the smallest alarming count (nil above 10,000). R reports 1e99
    /// for a zero count outside an alarm, a quirk of its search loop; this is the true smallest count.
    public func casesNeeded(_ counts: [Int], mu0: [Double], at indices: [Int]? = nil) -> [Int: Int?] {
        let points = run(counts, mu0: mu0)
        let wanted = Set(indices ?? Array(counts.indices))
        var result: [Int: Int?] = [:]
        var start = 0
        for n in counts.indices {
            defer { if points[n].alarm { start = n + 1 } }
            guard wanted.contains(n) else { continue }
            var data = counts
            func alarms(_ x: Int) -> Bool {
                data[n] = x
                return statistic(data, mu0: mu0, start: start, at: n) >= threshold
            }
            // One count at a time, as R searches: the statistic is not monotone in the count where the
            // Newton iteration for κ fails (it then counts as κ = 0), so bisection could overshoot.
            var high = counts[n]
            if points[n].alarm {
                while high > 0 && alarms(high - 1) { high -= 1 }
            } else {
                high += 1
                while high <= 10_000 && !alarms(high) { high += 1 }
            }
            result[n] = high <= 10_000 ? high : .some(nil)
        }
        return result
    }

    /// GLR at n for the run that began at `start`: change points visited oldest first, κ found by
    /// Newton–Raphson warm-started from the previous change point's estimate.
    func statistic(_ x: [Int], mu0: [Double], start: Int, at n: Int) -> Double {
        let alpha = dispersion
        let lastChange = n - minimumRun + 1
        guard lastChange >= start else { return 0 }
        var best = 0.0
        var kappaML = 0.5
        for k in start...lastChange {
            var kappaOld = 0.4
            var kappa = kappaML
            var iterations = 0
            while kappa > -18 && abs(kappa - kappaOld) > 1e-6 && iterations < 1000 {
                kappaOld = kappa
                let e = exp(kappaOld)
                var score = 0.0, fisher = 0.0
                for i in k...n {
                    let xi = Double(x[i]), mu = mu0[i]
                    let denominator = 1 + alpha * e * mu
                    score += (xi - e * mu) / denominator
                    fisher += mu * (alpha * xi + 1) / (denominator * denominator)
                }
                kappa = kappaOld + score / (e * fisher)
                iterations += 1
            }
            // C's fmax: a NaN (an overflowing step) becomes 0.
            kappaML = kappa.isNaN ? 0 : Swift.max(0, kappa)
            var likelihood = 0.0
            for i in k...n {
                let xi = Double(x[i]), mu = mu0[i]
                likelihood += kappaML * xi + (xi + 1 / alpha) * log((1 + alpha * mu) / (1 + alpha * mu * exp(kappaML)))
            }
            best = Swift.max(best, likelihood)
        }
        return best
    }
}
