/// A count series an early-warning method reads: counts per week (frequency 52, each point dated by
/// its Monday) or per statistical month (frequency 12, indexed only).
public struct CountSeries: Sendable, Equatable {
    public var frequency: Int
    public var counts: [Int]
    /// The date of each point for a weekly series; nil for an index-based series.
    public var dates: [CalendarDate]?
    /// The index where the unit's records begin. Zeros before it mean "not recorded", not "no
    /// crime", so a detector must not take them as a baseline.
    public var historyStart: Int

    public init(frequency: Int, counts: [Int], dates: [CalendarDate]? = nil, historyStart: Int = 0) {
        self.frequency = frequency
        self.counts = counts
        self.dates = dates
        self.historyStart = historyStart
    }

    /// A weekly series starting with the week that contains `start`.
    public static func weekly(from start: StatisticalWeek, counts: [Int]) -> CountSeries {
        CountSeries(frequency: 52, counts: counts, dates: counts.indices.map { start.advanced(by: $0).monday })
    }
}
