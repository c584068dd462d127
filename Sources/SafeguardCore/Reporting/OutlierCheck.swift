/// Giá trị bất thường: a reported value far from the unit's own history, by the modified z-score of
/// Iglewicz & Hoaglin (1993): M = 0.6745 (x − median) / MAD, flagged when |M| > 3.5. Median and MAD
/// are robust: one earlier outlier does not hide the next, which a mean and standard deviation
/// would. Small counts often have MAD = 0 (most months the same); then the mean absolute deviation
/// stands in, M = (x − median) / (1.253314 · MeanAD), as IBM's documentation of the score does;
/// when every earlier value is the same there is no spread to judge by, and nothing is flagged.
public struct OutlierCheck: Sendable, Equatable {
    /// |M| above this is flagged (Iglewicz & Hoaglin's recommendation).
    public static let threshold = 3.5
    /// Fewer earlier values than this are not judged.
    public static let minimumHistory = 6

    public enum Basis: String, Sendable, Equatable {
        case mad, meanAbsoluteDeviation = "mean-ad", noSpread = "no-spread", tooShort = "too-short"
    }

    public var value: Double
    public var median: Double
    public var score: Double?
    public var basis: Basis

    public var isOutlier: Bool { score.map { abs($0) > Self.threshold } ?? false }

    /// Judges `value` against `history` (the unit's earlier values of the same cell).
    public static func judge(_ value: Double, history: [Double]) -> OutlierCheck {
        guard history.count >= minimumHistory else {
            return OutlierCheck(value: value, median: history.isEmpty ? value : median(of: history), score: nil, basis: .tooShort)
        }
        let m = median(of: history)
        let deviations = history.map { abs($0 - m) }
        let mad = median(of: deviations)
        if mad > 0 { return OutlierCheck(value: value, median: m, score: 0.6745 * (value - m) / mad, basis: .mad) }
        let meanAD = deviations.reduce(0, +) / Double(deviations.count)
        if meanAD > 0 { return OutlierCheck(value: value, median: m, score: (value - m) / (1.253314 * meanAD), basis: .meanAbsoluteDeviation) }
        return OutlierCheck(value: value, median: m, score: nil, basis: .noSpread)
    }

    public static func median(of values: [Double]) -> Double {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
    }
}
