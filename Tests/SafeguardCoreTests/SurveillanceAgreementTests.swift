import Foundation
import Testing
@testable import SafeguardCore

/// Safeguard's detectors against R's `surveillance` 1.20.3 on the simulated series of
/// `Tests/Fixtures/surveillance` (made by `scripts/r/surveillance-fixtures.R`). The criteria:
/// alarms identical except where the observed count and the bound are within 1e-9; upper bounds
/// within 1e-6 relative on at least 99% of points. Every disagreement is printed with its reason.
@Suite struct SurveillanceAgreementTests {
    struct SeriesFixture: Decodable {
        var id: String
        var frequency: Int
        var epochAsDate: Bool
        var firstDate: String?
        var dateStepDays: Int?
        var observed: [Int]

        var series: CountSeries {
            guard epochAsDate, let firstDate, let start = CalendarDate(iso: firstDate) else {
                return CountSeries(frequency: frequency, counts: observed)
            }
            let step = dateStepDays ?? 7
            return CountSeries(frequency: frequency, counts: observed,
                               dates: observed.indices.map { CalendarDate(dayNumber: start.dayNumber + step * $0) })
        }
    }

    struct MethodFixture: Decodable {
        struct Control: Decodable {
            var alpha: Double?
        }

        var id: String
        var range: [Int]
        var upperbound: [Double?]
        var alarm: [Bool?]
        var trend: [Int?]?
        var phi: [Double?]?
        var mu0: [Double?]?
        var control: Control?
    }

    /// The committed fixtures, or another set (e.g. a quick regeneration) named by SAFEGUARD_SURVEILLANCE_FIXTURES.
    static let folder = ProcessInfo.processInfo.environment["SAFEGUARD_SURVEILLANCE_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/surveillance").standardizedFileURL

    /// The issue asks for at least 500 series; a quick regenerated set may be smaller.
    static let minimumSeries = ProcessInfo.processInfo.environment["SAFEGUARD_SURVEILLANCE_FIXTURES"] == nil ? 500 : 1

    static func load<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static let series: [String: SeriesFixture] = {
        let all = (try? load("series.json", as: [SeriesFixture].self)) ?? []
        return Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    }()

    /// Tallies agreement of one method and prints every disagreement.
    struct Tally: CustomStringConvertible {
        var method: String
        var points = 0
        var boundsWithin = 0
        var alarmMismatches = 0
        var explained = 0
        var notes: [String] = []

        mutating func compare(_ id: String, index: Int, observed: Int, ours: (bound: Double?, alarm: Bool?), theirs: (bound: Double?, alarm: Bool?),
                              explain: ((Double?, Double?) -> String?)? = nil) {
            points += 1
            let boundsAgree: Bool
            switch (ours.bound, theirs.bound) {
            case (nil, nil): boundsAgree = true
            case (let a?, let b?): boundsAgree = (a.isNaN && b.isNaN) || abs(a - b) <= 1e-6 * max(1, abs(b))
            default: boundsAgree = false
            }
            if boundsAgree { boundsWithin += 1 }
            let nearBound = ours.bound.map { abs(Double(observed) - $0) <= 1e-9 } ?? false
            let alarmsAgree = ours.alarm == theirs.alarm || nearBound
            if !alarmsAgree { alarmMismatches += 1 }
            if !boundsAgree || !alarmsAgree {
                let reason = explain?(ours.bound, theirs.bound)
                if reason != nil { explained += 1 }
                notes.append("\(method) \(id)[\(index + 1)] y=\(observed): Safeguard \(ours.bound.map { "\($0)" } ?? "—")/\(ours.alarm.map { "\($0)" } ?? "—"), R \(theirs.bound.map { "\($0)" } ?? "—")/\(theirs.alarm.map { "\($0)" } ?? "—")" + (reason.map { " — \($0)" } ?? ""))
            }
        }

        var share: Double { points > 0 ? Double(boundsWithin) / Double(points) : 0 }
        var description: String {
            "\(method): \(points) points, bounds within 1e-6 on \(boundsWithin) (\(String(format: "%.3f", 100 * share))%), \(alarmMismatches) alarm differences, \(explained) explained"
        }

        /// Prints every disagreement: unexplained ones in full, explained ones grouped under their reason.
        func report() {
            print(description)
            for note in notes where !note.contains(" — ") { print("  " + note) }
            var byReason: [String: [String]] = [:]
            for note in notes where note.contains(" — ") {
                let parts = note.components(separatedBy: " — ")
                byReason[parts[1], default: []].append(String(parts[0].split(separator: " ")[1]))
            }
            for (reason, points) in byReason.sorted(by: { $0.key < $1.key }) {
                print("  \(points.count) points — \(reason): " + points.joined(separator: " "))
            }
        }
    }

    @Test(arguments: [FarringtonFlexible.ThresholdMethod.nbPlugin, .muan])
    func farringtonFlexibleAgreesWithR(method: FarringtonFlexible.ThresholdMethod) throws {
        let fixtures = try Self.load("farrington-\(method.rawValue).json", as: [MethodFixture].self)
        #expect(fixtures.count >= Self.minimumSeries)
        var tally = Tally(method: "farringtonFlexible/\(method.rawValue)")
        var trendDifferences = 0
        for fixture in fixtures {
            let data = try #require(Self.series[fixture.id])
            var control: FarringtonFlexible.Control = data.frequency == 52 ? .weekly : .monthly
            control.thresholdMethod = method
            let detector = FarringtonFlexible(control: control)
            for (offset, k) in ((fixture.range[0] - 1)...(fixture.range[1] - 1)).enumerated() {
                let ours = detector.evaluate(data.series, at: k)
                tally.compare(fixture.id, index: k, observed: data.observed[k],
                              ours: (ours?.upperbound, ours.map { $0.alarm }), theirs: (fixture.upperbound[offset], fixture.alarm[offset]))
                if let trend = fixture.trend?[offset], let ours, (trend == 1) != ours.trendKept { trendDifferences += 1 }
            }
        }
        tally.report()
        print("  trend decisions differing: \(trendDifferences)")
        #expect(tally.share >= 0.99)
        #expect(tally.alarmMismatches == tally.explained)
    }

    @Test(arguments: EARS.Method.allCases)
    func earsAgreesWithR(method: EARS.Method) throws {
        let fixtures = try Self.load("ears-\(method.rawValue).json", as: [MethodFixture].self)
        #expect(fixtures.count >= Self.minimumSeries)
        var tally = Tally(method: "earsC/\(method.rawValue)")
        for fixture in fixtures {
            let data = try #require(Self.series[fixture.id])
            let detector = EARS(method: method, alpha: fixture.control?.alpha)
            for (offset, t) in ((fixture.range[0] - 1)...(fixture.range[1] - 1)).enumerated() {
                let ours = detector.evaluate(data.observed, at: t)
                // R writes NaN bounds as null; Safeguard keeps NaN.
                let bound = ours.map { $0.upperbound.isNaN ? nil : $0.upperbound }
                tally.compare(fixture.id, index: t, observed: data.observed[t], ours: (bound ?? nil, ours?.alarm), theirs: (fixture.upperbound[offset], fixture.alarm[offset]))
            }
        }
        tally.report()
        #expect(tally.share >= 0.99)
        #expect(tally.alarmMismatches == 0)
    }

    @Test func negativeBinomialGLRAgreesWithR() throws {
        let values = try Self.load("glrnb-value.json", as: [MethodFixture].self)
        let cases = try Self.load("glrnb-cases.json", as: [MethodFixture].self)
        #expect(values.count >= Self.minimumSeries && cases.count == values.count)
        let dispersions = try Self.load("glrnb-value.json", as: [GLRFixture].self)
        var statistic = Tally(method: "glrnb/value")
        var needed = Tally(method: "glrnb/cases")
        for ((value, count), setup) in zip(zip(values, cases), dispersions) {
            let data = try #require(Self.series[value.id])
            let range = (value.range[0] - 1)...(value.range[1] - 1)
            let counts = Array(data.observed[range])
            let mu0 = try #require(value.mu0).map { $0 ?? 0 }
            let chart = NegativeBinomialGLR(dispersion: setup.control.alpha, threshold: setup.control.cARL)
            let points = chart.run(counts, mu0: mu0)
            // The brute-force "cases needed" is checked on every fourth point (and every alarm) to keep the test quick.
            let checked = counts.indices.filter { $0 % 4 == 0 || points[$0].alarm }
            let ours = chart.casesNeeded(counts, mu0: mu0, at: checked)
            for (offset, point) in points.enumerated() {
                let y = counts[offset]
                statistic.compare(value.id, index: range.lowerBound + offset, observed: y,
                                  ours: (point.value, point.alarm), theirs: (value.upperbound[offset], value.alarm[offset]))
                guard let cases = ours[offset] else { continue }
                needed.compare(count.id, index: range.lowerBound + offset, observed: y,
                               ours: (cases.map(Double.init), point.alarm), theirs: (count.upperbound[offset], count.alarm[offset])) { _, r in
                    // R's search loop never runs for a zero count outside an alarm and reports 1e99.
                    y == 0 && r == 1e99 ? "R's 1e99 for a zero count (search-loop quirk); Safeguard gives the true smallest alarming count" : nil
                }
            }
        }
        statistic.report()
        needed.report()
        #expect(statistic.share >= 0.99 && statistic.alarmMismatches == 0)
        // Every bound agrees except R's 1e99 placeholders, and no alarm differs.
        #expect(needed.points - needed.boundsWithin == needed.explained && needed.alarmMismatches == 0)
    }

    struct GLRFixture: Decodable {
        struct Control: Decodable {
            var alpha: Double
            var cARL: Double

            enum CodingKeys: String, CodingKey {
                case alpha
                case cARL = "c.ARL"
            }
        }

        var control: Control
    }
}
