import Foundation

/// A log-linear model for counts — Poisson, or negative binomial with a known dispersion — fitted by
/// iteratively reweighted least squares as R's `glm(family = poisson)` / `quasipoisson` /
/// `MASS::negative.binomial(theta)` fits it (McCullagh & Nelder 1989, §2.5): start from μ = y + 0.1
/// (Poisson) or y + [y = 0]/6 (negative binomial), solve each weighted least-squares step by
/// Householder QR (not the normal equations, which square the condition number of a design with a
/// time trend), stop when the deviance changes by less than 1e-8 relative. Columns that are linear
/// combinations of earlier ones (a seasonal level with no observations) are dropped, as R reports them `NA`.
public struct LogLinearRegression: Sendable {
    /// The count distribution: its variance function gives the working weights and the deviance.
    public enum Family: Sendable, Equatable {
        case poisson
        /// Var = μ + αμ² (R's `negative.binomial(theta = 1/α)`).
        case negativeBinomial(dispersion: Double)

        func variance(_ mu: Double) -> Double {
            switch self {
            case .poisson: mu
            case .negativeBinomial(let alpha): mu + alpha * mu * mu
            }
        }

        func start(_ y: Double) -> Double {
            switch self {
            case .poisson: y + 0.1
            case .negativeBinomial: y + (y == 0 ? 1.0 / 6 : 0)
            }
        }

        /// The unit deviance of one observation.
        func deviance(_ y: Double, _ mu: Double) -> Double {
            switch self {
            case .poisson:
                return 2 * ((y > 0 ? y * log(y / mu) : 0) - (y - mu))
            case .negativeBinomial(let alpha):
                let theta = 1 / alpha
                return 2 * ((y > 0 ? y * log(y / mu) : 0) - (y + theta) * log((y + theta) / (mu + theta)))
            }
        }
    }

    public struct Fit: Sendable, Equatable {
        /// One per design column; nil for a dropped (aliased) column.
        public var coefficients: [Double?]
        public var fitted: [Double]
        /// (XᵀWX)⁻¹ over the kept columns, in their order: multiply by the dispersion for the covariance.
        public var unscaledCovariance: [[Double]]
        public var keptColumns: [Int]
        public var deviance: Double
        /// Σ wᵢ ((yᵢ − μᵢ)/μᵢ)² with the last working weights wᵢ: the numerator of the quasi-Poisson dispersion.
        public var pearsonChiSquare: Double
        /// Observations with positive weight minus kept columns.
        public var residualDegreesOfFreedom: Int
        public var iterations: Int
        public var converged: Bool
        /// The working weights of the last least-squares step (prior weight × μ of the iterate before
        /// the final one); 0 for observations left out. R keeps these too, so hat values and
        /// standard errors agree with R's to the last digits.
        public var workingWeights: [Double]

        /// The diagonal of the hat matrix W^½X(XᵀWX)⁻¹XᵀW^½ for a design row of weight w.
        public func leverage(_ row: [Double], workingWeight: Double) -> Double {
            workingWeight * predict(row).unscaledVariance
        }

        /// The quasi-Poisson dispersion estimate φ = Pearson χ² / residual df (R's `summary.glm`).
        public var dispersion: Double {
            residualDegreesOfFreedom > 0 ? pearsonChiSquare / Double(residualDegreesOfFreedom) : .nan
        }

        /// The linear predictor xᵀβ for a new row, and its variance xᵀ(XᵀWX)⁻¹x before scaling by φ.
        public func predict(_ row: [Double]) -> (eta: Double, unscaledVariance: Double) {
            var eta = 0.0
            for (j, c) in coefficients.enumerated() { if let c { eta += c * row[j] } }
            let x = keptColumns.map { row[$0] }
            var variance = 0.0
            for a in x.indices { for b in x.indices { variance += x[a] * unscaledCovariance[a][b] * x[b] } }
            return (eta, variance)
        }
    }

    public var family: Family
    public var maximumIterations = 25
    public var tolerance = 1e-8

    public init(family: Family = .poisson) {
        self.family = family
    }

    /// Fits y ~ X with prior weights (default 1). Returns nil without observations of positive weight.
    public func fit(design: [[Double]], response: [Double], weights: [Double]? = nil) -> Fit? {
        let n = response.count
        guard n > 0, design.count == n else { return nil }
        let p = design[0].count
        let prior = weights ?? Array(repeating: 1, count: n)
        let used = (0..<n).filter { prior[$0] > 0 }
        guard !used.isEmpty else { return nil }
        var mu = response.map(family.start)
        var eta = mu.map { log($0) }
        var deviance = totalDeviance(response, mu, prior)
        var coefficients = [Double?](repeating: nil, count: p)
        var decomposition: QR?
        var workingWeights = prior
        var iterations = 0
        var converged = false
        while iterations < maximumIterations {
            iterations += 1
            // Working response and weights for the log link: z = η + (y − μ)/μ, w = prior · μ²/V(μ).
            var rows: [[Double]] = []
            var target: [Double] = []
            for i in used {
                workingWeights[i] = prior[i] * mu[i] * mu[i] / family.variance(mu[i])
                let w = workingWeights[i].squareRoot()
                rows.append(design[i].map { $0 * w })
                target.append((eta[i] + (response[i] - mu[i]) / mu[i]) * w)
            }
            let qr = QR(rows, columns: p)
            let beta = qr.solve(target)
            decomposition = qr
            for j in 0..<p { coefficients[j] = nil }
            for (k, j) in qr.kept.enumerated() { coefficients[j] = beta[k] }
            for i in 0..<n {
                var e = 0.0
                for (k, j) in qr.kept.enumerated() { e += design[i][j] * beta[k] }
                eta[i] = e
                mu[i] = exp(e)
            }
            let newDeviance = totalDeviance(response, mu, prior)
            if abs(newDeviance - deviance) / (abs(newDeviance) + 0.1) < tolerance {
                deviance = newDeviance
                converged = true
                break
            }
            deviance = newDeviance
        }
        guard let qr = decomposition else { return nil }
        // As R's summary.glm: the covariance and the Pearson statistic use the working weights of the
        // last iteration (computed from the μ before its update) and the working residuals at the final μ.
        var pearson = 0.0
        for i in used { pearson += workingWeights[i] * (response[i] - mu[i]) * (response[i] - mu[i]) / (mu[i] * mu[i]) }
        return Fit(coefficients: coefficients, fitted: mu, unscaledCovariance: qr.inverseOfRtR(), keptColumns: qr.kept,
                   deviance: deviance, pearsonChiSquare: pearson, residualDegreesOfFreedom: used.count - qr.kept.count,
                   iterations: iterations, converged: converged, workingWeights: workingWeights.enumerated().map { prior[$0.offset] > 0 ? $0.element : 0 })
    }

    func totalDeviance(_ y: [Double], _ mu: [Double], _ w: [Double]) -> Double {
        var total = 0.0
        for i in y.indices where w[i] > 0 { total += w[i] * family.deviance(y[i], mu[i]) }
        return total
    }
}

/// Householder QR of a tall matrix for least squares; a column whose remaining norm falls below
/// 1e-7 of its original norm is treated as dependent and left out (R's `qr` tolerance).
struct QR {
    /// Upper-triangular factor over the kept columns (k × k).
    private(set) var r: [[Double]] = []
    /// The Householder vectors, one per kept column.
    private var reflections: [[Double]] = []
    /// The design columns kept, in order.
    private(set) var kept: [Int] = []
    private let rows: Int

    init(_ a: [[Double]], columns p: Int) {
        rows = a.count
        // Work column-wise.
        var cols = (0..<p).map { j in a.map { $0[j] } }
        var rRows: [[Double]] = []
        for j in 0..<p {
            var v = cols[j]
            let original = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            // Apply the earlier reflections to this column.
            for (k, h) in reflections.enumerated() { Self.reflect(&v, h, from: k) }
            let k = reflections.count
            guard k < rows else { continue }
            let tailNorm = v[k...].reduce(0) { $0 + $1 * $1 }.squareRoot()
            if original == 0 || tailNorm < 1e-7 * original { continue }
            let alpha = v[k] > 0 ? -tailNorm : tailNorm
            var h = [Double](repeating: 0, count: rows)
            h[k] = v[k] - alpha
            for i in (k + 1)..<rows { h[i] = v[i] }
            let hNorm = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in k..<rows { h[i] /= hNorm }
            Self.reflect(&v, h, from: k)
            reflections.append(h)
            kept.append(j)
            // Column j of R: the first k+1 entries of the reflected column.
            rRows.append(Array(v[0...k]))
            cols[j] = v
        }
        // rRows[c] holds column c's entries 0...c; transpose into an upper-triangular matrix.
        let m = kept.count
        r = (0..<m).map { i in (0..<m).map { c in i <= c ? rRows[c][i] : 0 } }
    }

    private static func reflect(_ v: inout [Double], _ h: [Double], from k: Int) {
        var dot = 0.0
        for i in k..<v.count { dot += h[i] * v[i] }
        for i in k..<v.count { v[i] -= 2 * dot * h[i] }
    }

    /// The least-squares coefficients of the kept columns.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for (k, h) in reflections.enumerated() { Self.reflect(&y, h, from: k) }
        let m = kept.count
        var x = [Double](repeating: 0, count: m)
        for i in stride(from: m - 1, through: 0, by: -1) {
            var s = y[i]
            for c in (i + 1)..<max(i + 1, m) { s -= r[i][c] * x[c] }
            x[i] = s / r[i][i]
        }
        return x
    }

    /// (RᵀR)⁻¹ = R⁻¹R⁻ᵀ.
    func inverseOfRtR() -> [[Double]] {
        let m = kept.count
        var inv = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for c in 0..<m {
            // Solve R x = e_c.
            for i in stride(from: m - 1, through: 0, by: -1) {
                var s = i == c ? 1.0 : 0.0
                for k in (i + 1)..<max(i + 1, m) { s -= r[i][k] * inv[k][c] }
                inv[i][c] = s / r[i][i]
            }
        }
        var result = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for a in 0..<m { for b in 0..<m { var s = 0.0; for k in 0..<m { s += inv[a][k] * inv[b][k] }; result[a][b] = s } }
        return result
    }
}
