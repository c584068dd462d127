/// The CDC's Early Aberration Reporting System statistics C1, C2 and C3 (Hutwagner et al. 2003;
/// Fricker et al. 2008) as R's `surveillance::earsC` 1.20.3 computes them
/// (`docs/notes/surveillance-algorithms.md` §2): a moving baseline of the last `baseline` periods
/// (C1), or of the periods before a two-period guard band (C2), and C3 accumulating C2's excess.
/// Meant for short series with no seasonal history, where Farrington has nothing to stand on.
public struct EARS: Sendable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case c1 = "C1", c2 = "C2", c3 = "C3"
    }

    public struct Result: Sendable, Equatable {
        /// NaN where R's arithmetic gives NaN (a constant baseline in C3's history).
        public var upperbound: Double
        /// nil where the bound is NaN (R reports NA).
        public var alarm: Bool?
        /// The mean of the baseline the bound rests on (C2's baseline for C3): the expected count.
        public var baselineMean: Double
    }

    public var method: Method
    public var baseline = 7
    public var minimumSigma = 0.0
    /// One-sided level; R's defaults are 0.001 for C1 and C2 and 0.025 for C3.
    public var alpha: Double

    public init(method: Method, baseline: Int = 7, alpha: Double? = nil) {
        self.method = method
        self.baseline = baseline
        self.alpha = alpha ?? (method == .c3 ? 0.025 : 0.001)
    }

    /// Periods needed before the first evaluable one.
    public var history: Int {
        switch method {
        case .c1: baseline
        case .c2: baseline + 2
        case .c3: baseline + 4
        }
    }

    public func evaluate(_ counts: [Int], at t: Int) -> Result? {
        guard t >= history, t < counts.count else { return nil }
        let z = Normal.quantile(1 - alpha)
        let y = Double(counts[t])
        let upperbound: Double
        let (mean, sigma) = moments(counts, at: t, lag: method == .c1 ? 1 : 3)
        switch method {
        case .c1, .c2:
            upperbound = mean + z * sigma
        case .c3:
            func excess(_ u: Int) -> Double {
                let (mean, sigma) = moments(counts, at: u, lag: 3)
                return Self.nanPropagatingMax(0, (Double(counts[u]) - mean) / sigma - 1)
            }
            let past = excess(t - 2) + excess(t - 1)
            // R adds the observed count, not the baseline mean (notes §2, "Quirk").
            upperbound = Self.nanPropagatingMax(0, y + sigma * (z - past))
        }
        return Result(upperbound: upperbound, alarm: upperbound.isNaN ? nil : y > upperbound, baselineMean: mean)
    }

    /// Mean and sample standard deviation (floored at `minimumSigma`) of the baseline ending `lag` periods before `t`.
    private func moments(_ counts: [Int], at t: Int, lag: Int) -> (mean: Double, sigma: Double) {
        let values = ((t - lag - baseline + 1)...(t - lag)).map { Double(counts[$0]) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, max(variance.squareRoot(), minimumSigma))
    }

    /// R's `pmax`: NaN in, NaN out (Swift's `max` would quietly return the other value).
    static func nanPropagatingMax(_ a: Double, _ b: Double) -> Double {
        a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    }
}
