import Foundation
import Testing
@testable import SafeguardCore

/// Reference values printed by R 4.2.2 (`qnorm`, `qnbinom`, `pnbinom`, `glm`), see each test.
@Suite struct StatisticsTests {
    static func close(_ a: Double, _ b: Double, _ relative: Double = 1e-12) -> Bool {
        abs(a - b) <= relative * max(1, abs(b))
    }

    @Test func normalQuantilesMatchR() {
        // qnorm(c(0.001, 0.02425, 0.3, 0.5, 0.9, 0.999, 1e-10))
        let expected = [-3.0902323061678132, -1.9729610513118845, -0.52440051270804067, 0, 1.2815515655446008, 3.0902323061678132, -6.3613409024040557]
        for (p, x) in zip([0.001, 0.02425, 0.3, 0.5, 0.9, 0.999, 1e-10], expected) {
            #expect(Self.close(Normal.quantile(p), x, 1e-14), "qnorm(\(p))")
            #expect(Self.close(Normal.cdf(x), p, 1e-12) || p < 1e-9, "pnorm(\(x))")
        }
    }

    @Test func negativeBinomialMatchesR() {
        let nb = NegativeBinomial(mean: 7.3, size: 2.5)
        // qnbinom(c(0.95, 0.99, 0.5), size = 2.5, mu = 7.3); qnbinom(0.95, size = 1e6, mu = 3.2)
        #expect(nb.quantile(0.95) == 18 && nb.quantile(0.99) == 24 && nb.quantile(0.5) == 6)
        #expect(NegativeBinomial(mean: 3.2, size: 1e6).quantile(0.95) == 6)
        // pnbinom(c(0, 5, 12), size = 2.5, mu = 7.3)
        for (x, p) in zip([0, 5, 12], [0.032868874445290082, 0.44276722462951923, 0.84805242984705542]) {
            #expect(Self.close(nb.cdf(x), p, 1e-12))
        }
    }

    /// glm(y ~ 1 + t + season, family = quasipoisson(link = "log"), weights = w) and
    /// predict(m, newdata = (t = 16, season = "a"), se.fit = TRUE).
    @Test func weightedQuasiLogLinearRegressionMatchesRsGLM() throws {
        let y: [Double] = [3, 5, 2, 8, 6, 9, 4, 12, 7, 10, 15, 9, 11, 14, 13]
        let w: [Double] = [1, 1, 1, 0.5, 1, 1, 1, 1, 0.2, 1, 1, 1, 1, 1, 1]
        let design = (1...15).map { (t: Int) -> [Double] in
            let b: Double = t % 3 == 2 ? 1 : 0
            let c: Double = t % 3 == 0 ? 1 : 0
            return [1, Double(t), b, c]
        }
        let fit = try #require(LogLinearRegression().fit(design: design, response: y, weights: w))
        let expected = [1.199807918640636295, 0.093175796780266218, 0.319739107232651643, -0.026262299406922943]
        for (c, e) in zip(fit.coefficients, expected) { #expect(Self.close(c!, e, 1e-9)) }
        #expect(Self.close(fit.dispersion, 0.6687974811745897, 1e-9))
        let (eta, unscaled) = fit.predict([1, 16, 0, 0])
        #expect(Self.close(eta, 2.6906206671248958, 1e-9))
        #expect(Self.close(unscaled * fit.dispersion, 0.037476172263553278, 1e-8))
        #expect(fit.converged && fit.residualDegreesOfFreedom == 11)
    }

    @Test func anAliasedColumnIsDroppedAsRReportsNA() throws {
        // The third column is twice the second: R gives it NA and fits the rest.
        let design = (1...8).map { (t: Int) -> [Double] in [1, Double(t), 2 * Double(t)] }
        let y: [Double] = [1, 2, 2, 4, 5, 5, 7, 9]
        let fit = try #require(LogLinearRegression().fit(design: design, response: y))
        #expect(fit.keptColumns == [0, 1] && fit.coefficients[2] == nil)
        let simple = try #require(LogLinearRegression().fit(design: design.map { Array($0.prefix(2)) }, response: y))
        #expect(Self.close(fit.coefficients[1]!, simple.coefficients[1]!, 1e-12))
    }
}
