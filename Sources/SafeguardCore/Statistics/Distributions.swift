import Foundation

/// The standard normal distribution.
public enum Normal {
    /// Φ(x), via the complementary error function (accurate in both tails).
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37:477–484, 1988), accurate
    /// to about 1e-16 — the algorithm R's `qnorm` uses, so thresholds agree with R's to the last digits.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0 && p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608
            let den = ((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value = ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734
            value /= ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1
        } else {
            r -= 5
            value = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772
            value /= ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1
        }
        return q < 0 ? -value : value
    }
}

/// The negative binomial distribution by its mean μ and size k (variance μ + μ²/k), the
/// parametrisation of R's `dnbinom(x, size, mu)`; as k → ∞ it becomes the Poisson distribution.
public struct NegativeBinomial: Sendable {
    public var mean: Double
    public var size: Double

    public init(mean: Double, size: Double) {
        self.mean = mean
        self.size = size
    }

    /// P(X = x).
    public func probability(_ x: Int) -> Double {
        guard x >= 0 else { return 0 }
        if mean == 0 { return x == 0 ? 1 : 0 }
        if !size.isFinite { return Poisson(mean: mean).probability(x) }
        let n = Double(x)
        let logP = lgamma(n + size) - lgamma(size) - lgamma(n + 1) + size * log(size / (size + mean)) + n * log(mean / (size + mean))
        return exp(logP)
    }

    /// P(X ≤ x), by summing the probabilities (the counts here are small).
    public func cdf(_ x: Int) -> Double {
        guard x >= 0 else { return 0 }
        var total = 0.0
        for k in 0...x { total += probability(k) }
        return min(1, total)
    }

    /// The smallest x with P(X ≤ x) ≥ p. Like R's `qnbinom`, p is first raised by a relative
    /// 64 ε so a cumulative sum that lands a rounding error below p does not move the quantile up.
    public func quantile(_ p: Double) -> Int {
        guard p > 0 else { return 0 }
        guard p < 1 else { return .max }
        let target = p * (1 - 64 * Double.ulpOfOne)
        var total = 0.0
        var x = 0
        while true {
            total += probability(x)
            if total >= target { return x }
            x += 1
            if x > 10_000_000 { return x }
        }
    }
}

/// The Poisson distribution.
public struct Poisson: Sendable {
    public var mean: Double

    public init(mean: Double) { self.mean = mean }

    public func probability(_ x: Int) -> Double {
        guard x >= 0 else { return 0 }
        if mean == 0 { return x == 0 ? 1 : 0 }
        let n = Double(x)
        return exp(n * log(mean) - mean - lgamma(n + 1))
    }

    public func cdf(_ x: Int) -> Double {
        guard x >= 0 else { return 0 }
        var total = 0.0
        for k in 0...x { total += probability(k) }
        return min(1, total)
    }
}
