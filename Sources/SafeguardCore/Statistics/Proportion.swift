import Foundation

/// A share with its counts and a 95% Wilson score interval (Wilson 1927): it stays inside [0, 1]
/// and is honest for the small counts a commune has, where the normal approximation is not.
public struct Proportion: Sendable, Equatable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// nil when nothing was counted: a share of nobody is not zero.
    public var value: Double? { denominator > 0 ? Double(numerator) / Double(denominator) : nil }

    /// The 95% Wilson score interval, nil when nothing was counted.
    public var interval: ClosedRange<Double>? {
        guard denominator > 0 else { return nil }
        let z = 1.959963984540054, n = Double(denominator), p = Double(numerator) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * ((p * (1 - p) / n + z * z / (4 * n * n))).squareRoot()
        return max(0, centre - half)...min(1, centre + half)
    }
}
