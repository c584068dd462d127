/// How well a detector did on series with known outbreaks, in the measures of Bédubourg & Le Strat
/// (2017, PLoS ONE 12:e0181227), over the judged periods only:
/// - false positive rate: alarms in periods without outbreak cases ÷ such periods (specificity = 1 − FPR);
/// - sensitivity: alarms in outbreak periods ÷ such periods;
/// - probability of detection: outbreaks (those starting in the judged periods) with at least one
///   alarm during their span ÷ outbreaks;
/// - mean delay: over detected outbreaks, periods from the start to the first alarm.
/// A missing verdict (R's NA) counts as no alarm.
public struct DetectionQuality: Sendable, Equatable {
    public var periods = 0
    public var outbreakPeriods = 0
    public var falseAlarms = 0
    public var trueAlarms = 0
    public var outbreaks = 0
    public var detected = 0
    public var totalDelay = 0

    public init() {}

    /// Adds one series: its verdict and outbreak id (0: none; an outbreak spans the periods
    /// carrying its id) for every period, of which those in `judged` count.
    public mutating func add(alarms: [Bool?], outbreak: [Int], judged: ClosedRange<Int>) {
        var spans: [Int: (start: Int, firstAlarm: Int?)] = [:]
        var startsBefore = Set<Int>()
        for t in outbreak.indices where outbreak[t] > 0 && spans[outbreak[t]] == nil && !startsBefore.contains(outbreak[t]) {
            if t < judged.lowerBound { startsBefore.insert(outbreak[t]) } else if judged.contains(t) { spans[outbreak[t]] = (t, nil) }
        }
        for t in judged where t < outbreak.count {
            let alarm = t < alarms.count && alarms[t] == true
            periods += 1
            if outbreak[t] > 0 {
                outbreakPeriods += 1
                if alarm { trueAlarms += 1 }
                if alarm, let span = spans[outbreak[t]], span.firstAlarm == nil { spans[outbreak[t]]!.firstAlarm = t }
            } else if alarm {
                falseAlarms += 1
            }
        }
        outbreaks += spans.count
        for span in spans.values { if let first = span.firstAlarm { detected += 1; totalDelay += first - span.start } }
    }

    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.periods += b.periods
        sum.outbreakPeriods += b.outbreakPeriods
        sum.falseAlarms += b.falseAlarms
        sum.trueAlarms += b.trueAlarms
        sum.outbreaks += b.outbreaks
        sum.detected += b.detected
        sum.totalDelay += b.totalDelay
        return sum
    }

    private static func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
    public var falsePositiveRate: Double? { Self.ratio(falseAlarms, periods - outbreakPeriods) }
    public var specificity: Double? { falsePositiveRate.map { 1 - $0 } }
    public var sensitivity: Double? { Self.ratio(trueAlarms, outbreakPeriods) }
    public var probabilityOfDetection: Double? { Self.ratio(detected, outbreaks) }
    public var meanDelay: Double? { Self.ratio(totalDelay, detected) }
}
