import Foundation

/// A log-linear model for counts — Poisson, or negative binomial with a known dispersion — fitted by
/// iteratively reweighted least squares as R's `glm(family = poisson)` / `quasipoisson` /
/// `MASS::negative.binomial(theta)` fits it (McCullagh & Nelder 1989, §2.5): start from μ = y + 0.1
/// (Poisson) or y + [y = 0]/6 (negative binomial), solve each weighted least-squares step, stop
/// when the deviance changes by less than 1e-8 relative. Columns that are linear combinations of
/// earlier ones (a seasonal level with no observations) are dropped, as R reports them `NA`.
///
/// Each step solves the normal equations of the column-equilibrated design by Cholesky
/// (`WeightedLeastSquares`) rather than R's Householder QR: the designs here (intercept, trend,
/// a one-hot seasonal factor) have a condition number of a few units once their columns are scaled,
/// so squaring it costs nothing measurable — the agreement tests hold R's bounds to 1e-6 — while a
/// step costs O(np²) multiply-adds without the QR's reflections, which is what makes thousands of
/// unit series a second's work.
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

        /// The unit deviance of one observation with mean μ = exp(η), given y·log y (0 for y = 0):
        /// log μ is η, so the Poisson deviance needs no logarithm per iteration.
        func deviance(_ y: Double, _ mu: Double, eta: Double, yLogY: Double) -> Double {
            switch self {
            case .poisson:
                return 2 * (yLogY - y * eta - (y - mu))
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
            // Design rows are mostly zeros (one seasonal level each): skip them, allocate nothing.
            var variance = 0.0
            for a in keptColumns.indices {
                let xa = row[keptColumns[a]]
                guard xa != 0 else { continue }
                var s = 0.0
                for b in keptColumns.indices {
                    let xb = row[keptColumns[b]]
                    if xb != 0 { s += unscaledCovariance[a][b] * xb }
                }
                variance += xa * s
            }
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
        fit(design: design, response: response, weights: weights, prepared: nil)
    }

    /// The same, reusing the sparse, scaled form of a design already fitted with the same rows of
    /// positive weight (a refit with new weights).
    func fit(design: [[Double]], response: [Double], weights: [Double]?, prepared: WeightedLeastSquares.Design?) -> Fit? {
        let n = response.count
        guard n > 0, design.count == n else { return nil }
        let p = design[0].count
        let prior = weights ?? Array(repeating: 1, count: n)
        let used = (0..<n).filter { prior[$0] > 0 }
        guard !used.isEmpty else { return nil }
        var mu = response.map(family.start)
        var eta = mu.map { log($0) }
        let yLogY = response.map { $0 > 0 ? $0 * log($0) : 0 }
        func totalDeviance() -> Double {
            var total = 0.0
            for i in used { total += prior[i] * family.deviance(response[i], mu[i], eta: eta[i], yLogY: yLogY[i]) }
            return total
        }
        var deviance = totalDeviance()
        var solution: WeightedLeastSquares?
        var workingWeights = prior
        var iterations = 0
        var converged = false
        let system = prepared ?? WeightedLeastSquares.Design(design, prior: prior)
        var target = [Double](repeating: 0, count: n)
        while iterations < maximumIterations {
            iterations += 1
            // Working response and weights for the log link: z = η + (y − μ)/μ, w = prior · μ²/V(μ).
            for i in used {
                workingWeights[i] = prior[i] * mu[i] * mu[i] / family.variance(mu[i])
                target[i] = eta[i] + (response[i] - mu[i]) / mu[i]
            }
            guard let step = WeightedLeastSquares(system, weights: workingWeights, target: target) else { return nil }
            solution = step
            for i in 0..<n {
                eta[i] = step.linearPredictor(row: i)
                mu[i] = exp(eta[i])
            }
            let newDeviance = totalDeviance()
            if abs(newDeviance - deviance) / (abs(newDeviance) + 0.1) < tolerance {
                deviance = newDeviance
                converged = true
                break
            }
            deviance = newDeviance
        }
        guard let solution else { return nil }
        var coefficients = [Double?](repeating: nil, count: p)
        for (k, j) in solution.kept.enumerated() { coefficients[j] = solution.coefficient(k) }
        // As R's summary.glm: the covariance and the Pearson statistic use the working weights of the
        // last iteration (computed from the μ before its update) and the working residuals at the final μ.
        var pearson = 0.0
        for i in used { pearson += workingWeights[i] * (response[i] - mu[i]) * (response[i] - mu[i]) / (mu[i] * mu[i]) }
        return Fit(coefficients: coefficients, fitted: mu, unscaledCovariance: solution.inverse(), keptColumns: solution.kept,
                   deviance: deviance, pearsonChiSquare: pearson, residualDegreesOfFreedom: used.count - solution.kept.count,
                   iterations: iterations, converged: converged, workingWeights: workingWeights.enumerated().map { prior[$0.offset] > 0 ? $0.element : 0 })
    }

}

/// One weighted least-squares solve, min Σ wᵢ(zᵢ − xᵢᵀβ)², by the normal equations of the design
/// with its columns scaled to unit length, factored by Cholesky in column order. A column whose
/// part orthogonal to the earlier kept columns has less than 1e-7 of its length (in the weighted
/// norm) is left out — R's `qr` tolerance, applied to the same quantity.
struct WeightedLeastSquares {
    /// The design, built once per fit: its non-zero entries row by row (most of a row is zero —
    /// one seasonal level each), scaled column by column. Row i's entries are
    /// `columns[starts[i]..<starts[i + 1]]`, with `values` alike.
    struct Design {
        let p: Int
        let n: Int
        var starts: [Int]
        var columns: [Int]
        var values: [Double]
        var scales: [Double]

        /// Scales come from the rows of positive prior weight (those that enter the fit).
        init(_ design: [[Double]], prior: [Double]) {
            p = design.first?.count ?? 0
            n = design.count
            var squares = [Double](repeating: 0, count: p)
            for i in 0..<n where prior[i] > 0 { for j in 0..<p { squares[j] += design[i][j] * design[i][j] } }
            scales = squares.map { $0.squareRoot() }
            starts = [0]
            columns = []
            values = []
            columns.reserveCapacity(3 * n)
            values.reserveCapacity(3 * n)
            for row in design {
                for j in 0..<p where row[j] != 0 && scales[j] > 0 {
                    columns.append(j)
                    values.append(row[j] / scales[j])
                }
                starts.append(columns.count)
            }
        }
    }

    let design: Design
    /// The design columns kept, in order.
    let kept: [Int]
    /// The solution on the scaled design, one per design column (0 for a dropped one).
    private let scaledBeta: [Double]
    /// The Cholesky factor over the kept columns, m × m row by row (lower triangle).
    private let factor: [Double]

    init?(_ design: Design, weights: [Double], target: [Double]) {
        let p = design.p
        // A = XᵀWX (upper triangle) and b = XᵀWz, over the rows of positive weight.
        var a = [Double](repeating: 0, count: p * p)
        var b = [Double](repeating: 0, count: p)
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                design.starts.withUnsafeBufferPointer { starts in
                    design.columns.withUnsafeBufferPointer { columns in
                        design.values.withUnsafeBufferPointer { values in
                            for i in 0..<design.n where weights[i] > 0 {
                                let w = weights[i], wz = w * target[i]
                                let end = starts[i + 1]
                                for e in starts[i]..<end {
                                    let j = columns[e], wx = w * values[e]
                                    b[j] += values[e] * wz
                                    // Columns ascend within a row, so (j, k) with k ≥ j fills the upper triangle.
                                    for f in e..<end { a[j * p + columns[f]] += wx * values[f] }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Cholesky A = LLᵀ over the kept columns, in order.
        var kept: [Int] = []
        kept.reserveCapacity(p)
        var l = [Double](repeating: 0, count: p * p)   // row m of L at l[m * p ..< m * p + m + 1]
        for j in 0..<p {
            let original = a[j * p + j]
            guard original > 0 else { continue }
            let m = kept.count
            var d = original
            for (q, c) in kept.enumerated() {
                var s = a[c * p + j]
                for r in 0..<q { s -= l[m * p + r] * l[q * p + r] }
                let value = s / l[q * p + q]
                l[m * p + q] = value
                d -= value * value
            }
            guard d > 1e-14 * original else {
                for q in 0..<m { l[m * p + q] = 0 }
                continue
            }
            l[m * p + m] = d.squareRoot()
            kept.append(j)
        }
        guard !kept.isEmpty else { return nil }
        let m = kept.count
        // Solve L y = b, then Lᵀ β = y.
        var y = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var s = b[kept[i]]
            for q in 0..<i { s -= l[i * p + q] * y[q] }
            y[i] = s / l[i * p + i]
        }
        var beta = [Double](repeating: 0, count: p)
        for i in stride(from: m - 1, through: 0, by: -1) {
            var s = y[i]
            for q in (i + 1)..<max(i + 1, m) { s -= l[q * p + i] * beta[kept[q]] }
            beta[kept[i]] = s / l[i * p + i]
        }
        self.design = design
        self.kept = kept
        scaledBeta = beta
        factor = l
    }

    /// xᵢᵀβ for design row i.
    func linearPredictor(row i: Int) -> Double {
        var e = 0.0
        for k in design.starts[i]..<design.starts[i + 1] { e += design.values[k] * scaledBeta[design.columns[k]] }
        return e
    }

    /// The coefficient of the k-th kept column, on the design's own scale.
    func coefficient(_ k: Int) -> Double { scaledBeta[kept[k]] / design.scales[kept[k]] }

    /// (XᵀWX)⁻¹ over the kept columns, on the design's own scale: L⁻ᵀL⁻¹, scaled back.
    func inverse() -> [[Double]] {
        let m = kept.count, p = design.p
        var inverseL = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for c in 0..<m {
            for i in c..<m {
                var s = i == c ? 1.0 : 0.0
                for q in c..<i { s -= factor[i * p + q] * inverseL[q][c] }
                inverseL[i][c] = s / factor[i * p + i]
            }
        }
        var inverse = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for r in 0..<m {
            for c in r..<m {
                var s = 0.0
                for q in c..<m { s += inverseL[q][r] * inverseL[q][c] }
                let value = s / (design.scales[kept[r]] * design.scales[kept[c]])
                inverse[r][c] = value
                inverse[c][r] = value
            }
        }
        return inverse
    }
}
