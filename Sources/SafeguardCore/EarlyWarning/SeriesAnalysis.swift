import Foundation

/// What the analyst's tool (`safeguard detect`) runs: one method over a whole series with the
/// settings of R's `surveillance` functions, reporting every period the method can judge, so its
/// output can be compared with R's line by line.
public struct SeriesAnalysis: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case farringtonFlexible = "farrington-flexible"
        case earsC1 = "ears-c1", earsC2 = "ears-c2", earsC3 = "ears-c3"
        case glrnb
    }

    /// What `glrnb` reports as its bound (R's `ret`).
    public enum GLRReturn: String, Sendable {
        /// The count that would have raised an alarm.
        case cases
        /// The GLR statistic itself.
        case value
    }

    /// One judged period. `period` is 1-based, as R indexes.
    public struct Row: Sendable, Equatable, Codable {
        public var period: Int
        public var date: String?
        public var observed: Int
        public var expected: Double?
        public var upperbound: Double?
        public var alarm: Bool?
    }

    public var method: Method
    /// Farrington flexible's settings; `rDefaults` gives R's.
    public var farrington = FarringtonFlexible.Control.rDefaults
    public var earsBaseline = 7
    /// nil: R's default per method (0.001 for C1 and C2, 0.025 for C3).
    public var earsAlpha: Double?
    /// The NB dispersion α of `glrnb` (Var = μ + αμ²). R estimates it with `glm.nb` when not given; this
    /// tool needs it given.
    public var glrDispersion: Double?
    public var glrThreshold = 5.0
    public var glrReturn = GLRReturn.cases
    /// The periods to judge (0-based); nil: all that can be (for `glrnb`, the last year, the rest being
    /// the training data of its in-control mean).
    public var range: ClosedRange<Int>?

    public init(method: Method) { self.method = method }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case needsDispersion
        case rangeOutside(count: Int)
        case noTraining

        public var description: String {
            switch self {
            case .needsDispersion: "glrnb needs --alpha, the negative binomial dispersion (Var = mu + alpha*mu^2)"
            case .rangeOutside(let count): "the range lies outside the series (\(count) periods)"
            case .noTraining: "glrnb needs periods before the range to fit its in-control mean"
            }
        }
    }

    public func run(_ series: CountSeries) throws -> [Row] {
        let counts = series.counts
        guard !counts.isEmpty else { return [] }
        if let range, range.lowerBound < 0 || range.upperBound >= counts.count { throw Failure.rangeOutside(count: counts.count) }
        func row(_ k: Int, expected: Double?, upperbound: Double?, alarm: Bool?) -> Row {
            Row(period: k + 1, date: series.dates?[k].description, observed: counts[k], expected: expected,
                upperbound: upperbound.flatMap { $0.isNaN ? nil : $0 }, alarm: alarm)
        }
        let all = range ?? 0...(counts.count - 1)
        switch method {
        case .farringtonFlexible:
            let detector = FarringtonFlexible(control: farrington)
            // Only weekly series are judged on the calendar (R's epochAsDate); a monthly one by index.
            var judged = series
            if series.frequency != 52 { judged.dates = nil }
            return all.compactMap { k in
                detector.evaluate(judged, at: k).map { row(k, expected: $0.expected, upperbound: $0.upperbound, alarm: $0.alarm) }
            }
        case .earsC1, .earsC2, .earsC3:
            let ears = EARS(method: method == .earsC1 ? .c1 : method == .earsC2 ? .c2 : .c3, baseline: earsBaseline, alpha: earsAlpha)
            return all.compactMap { k in
                ears.evaluate(counts, at: k).map { row(k, expected: $0.baselineMean, upperbound: $0.upperbound, alarm: $0.alarm) }
            }
        case .glrnb:
            guard let dispersion = glrDispersion else { throw Failure.needsDispersion }
            let judged = range ?? max(0, counts.count - series.frequency)...(counts.count - 1)
            let chart = NegativeBinomialGLR(dispersion: dispersion, threshold: glrThreshold)
            guard judged.lowerBound > 0,
                  let mu0 = chart.inControlMeans(counts, training: 0..<judged.lowerBound, predicted: judged.lowerBound..<(judged.upperBound + 1),
                                                 frequency: series.frequency)
            else { throw Failure.noTraining }
            let monitored = Array(counts[judged])
            let points = chart.run(monitored, mu0: mu0)
            let needed = glrReturn == .cases ? chart.casesNeeded(monitored, mu0: mu0) : [:]
            return points.enumerated().map { i, point in
                let bound = glrReturn == .value ? point.value : needed[i].flatMap { $0.map(Double.init) }
                return row(judged.lowerBound + i, expected: mu0[i], upperbound: bound, alarm: point.alarm)
            }
        }
    }
}

extension FarringtonFlexible.Control {
    /// R's `farringtonFlexible` defaults: b = 5, w = 3, one seasonal level, the last w periods left
    /// out, the `delta` threshold on the 2/3-power scale, α = 0.05.
    public static var rDefaults: Self {
        var control = Self()
        control.seasonalLevels = 1
        control.pastPeriodsNotIncluded = control.windowHalfWidth
        control.thresholdMethod = .delta
        return control
    }
}

extension CountSeries {
    /// A bad line of a count file.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Reads one count per line, or `date,count` (ISO dates, one period apart), with an optional
    /// header line; blank lines are skipped. Weekly series with dates are judged on the calendar,
    /// as R does for an `sts` with `epochAsDate = TRUE`.
    public static func parse(_ text: String, frequency: Int) throws -> CountSeries {
        var counts: [Int] = []
        var dates: [CalendarDate] = []
        var dated: Bool?
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw).trimmed
            guard !line.isEmpty else { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
            let number = index + 1
            guard let count = Int(fields.last!) else {
                if counts.isEmpty && dated == nil { dated = fields.count > 1; continue }  // a header
                throw ParseError(line: number, reason: "'\(fields.last!)' is not a whole number")
            }
            guard count >= 0 else { throw ParseError(line: number, reason: "a count cannot be negative") }
            guard fields.count <= 2 else { throw ParseError(line: number, reason: "expected 'count' or 'date,count'") }
            if dated == nil { dated = fields.count == 2 }
            guard dated == (fields.count == 2) else { throw ParseError(line: number, reason: "every line needs the same columns") }
            if fields.count == 2 {
                guard let date = CalendarDate(iso: fields[0]) else { throw ParseError(line: number, reason: "'\(fields[0])' is not a date yyyy-mm-dd") }
                if let previous = dates.last, date <= previous { throw ParseError(line: number, reason: "dates must increase") }
                dates.append(date)
            }
            counts.append(count)
        }
        return CountSeries(frequency: frequency, counts: counts, dates: dates.isEmpty ? nil : dates)
    }
}
