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

    /// The `delta` threshold with the 2/3 power transform (Farrington et al. 1996), which the fixture
    /// files do not cover: four monthly series and R's bounds printed by `farringtonFlexible(x, control =
    /// list(range = 73:96, b = 5, w = 2, noPeriods = 4, pastWeeksNotIncluded = 6, alpha = 0.05,
    /// thresholdMethod = "delta", powertrans = "2/3", …))` (made and printed by `scripts/r/farrington-delta.R`).
    static let deltaCases: [(counts: [Int], bounds: [Double], alarms: [Bool])] = [
        ([1,3,15,11,9,6,1,2,1,5,2,8,7,5,24,2,3,5,3,2,4,4,6,1,1,3,7,2,11,4,6,0,6,4,11,4,10,7,11,9,5,4,2,4,2,1,0,0,5,7,5,8,7,2,5,7,3,3,2,4,0,10,4,12,4,3,0,1,1,2,0,9,6,11,13,14,2,2,10,7,1,2,9,5,5,10,8,3,5,12,2,1,3,4,6,2],
         [11.2135399601003485,12.1811502996377357,12.5740891951226459,12.7408107395783805,11.8342529550040574,10.7345566250146582,9.3638558822217934,7.8931199675780466,8.3883203189239346,8.4189421096692456,9.1290336767269551,10.7516303231119714,12.7370890506602770,14.4730564263793635,14.6202110851455096,14.7196932481615459,13.6061099154312650,12.5501910133582744,9.8627790835068154,8.5191103826424825,9.0686094800187806,9.2069814158778804,9.2800500523618172,11.8737289911144632],
         [false,false,true,true,false,false,true,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false]),
        ([6,22,6,6,14,2,12,5,16,8,11,18,12,14,13,13,24,12,3,3,20,4,2,6,27,4,18,27,14,7,8,9,10,7,9,14,13,14,9,6,25,5,20,15,15,17,10,19,5,10,24,9,4,4,8,8,4,10,21,15,10,63,42,39,10,22,6,24,15,23,23,9,8,8,38,17,31,12,18,11,21,23,14,2,10,22,27,20,31,26,39,31,5,21,5,4],
         [37.661123789028260,40.745746451319718,43.119477851460928,41.872411282186349,41.881571444435011,43.189392604926432,34.316021885441273,38.187967907552583,34.616459704800128,37.608479733265227,35.770342451244360,35.643629256359269,44.244407136931208,45.438352623863622,44.668710061487403,45.791441308459667,44.667213503736384,39.203635579225249,35.295465267908689,36.003959075443269,37.991970790814221,38.509880874857721,34.947389155745192,35.212707605861077],
         [false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,true,false,false,false,false,false]),
        ([30,7,7,28,9,16,9,38,6,21,7,24,17,27,12,8,35,13,80,28,33,40,14,32,15,37,16,10,8,7,16,8,29,15,41,9,17,16,24,28,20,8,22,19,32,43,12,20,26,2,27,35,12,31,34,25,16,8,10,6,17,38,34,8,22,21,8,50,37,8,12,12,9,13,34,34,17,32,27,30,24,15,17,18,8,52,12,54,11,34,12,17,21,39,22,19],
         [40.170113300467563,40.830713595499162,42.185868500709212,41.314473903704602,40.793146811097586,42.206013888170823,43.788128828308885,46.212823946659178,43.288093514025434,45.107352328743801,42.325536734593442,39.941423536485111,44.980931589627865,46.727031672144008,48.326901371878449,47.765313915458137,49.515440883763240,48.112765448268341,48.896510587505773,46.956964743756934,42.971842443082309,42.964703404233283,41.018278331145957,38.966229558354719],
         [false,false,false,false,false,false,false,false,false,false,false,false,false,true,false,true,false,false,false,false,false,false,false,false]),
        ([13,3,14,15,8,9,8,5,15,5,6,14,18,8,12,13,16,6,3,1,2,2,2,13,6,17,17,32,18,2,7,3,5,3,9,19,10,14,36,1,22,10,14,2,5,5,14,12,29,36,81,7,6,6,6,8,2,6,12,11,31,24,28,49,14,4,8,0,7,6,11,3,11,17,33,32,18,19,9,5,2,5,7,13,17,50,13,36,30,25,17,5,8,4,10,18],
         [49.879454625075581,51.659645404489609,50.075780348509440,48.502349073744185,42.071321185024601,26.925125211495306,23.631372511907177,17.450721465067790,19.180122543675534,21.357107986878511,28.631250183569286,34.915674630965412,46.081755466896936,47.242474578646338,46.876183110274170,43.524551958747374,38.677197997983221,27.543756007453446,20.306814161745294,18.225952009273804,20.460636152425902,20.904012087298550,28.528128234315428,40.886862608618564],
         [false,false,false,false,false,false,false,false,false,false,false,false,false,true,false,false,false,false,false,false,false,false,false,false]),
    ]

    @Test func farringtonDeltaThresholdAgreesWithR() {
        var control = FarringtonFlexible.Control.monthly
        control.thresholdMethod = .delta
        control.powerTransform = .twoThirds
        let detector = FarringtonFlexible(control: control)
        for (counts, bounds, alarms) in Self.deltaCases {
            for (offset, k) in (72...95).enumerated() {
                let result = detector.evaluate(CountSeries(frequency: 12, counts: counts), at: k)
                #expect(result.map { abs($0.upperbound! - bounds[offset]) <= 1e-6 * bounds[offset] } == true, "k=\(k)")
                #expect(result?.alarm == alarms[offset], "k=\(k)")
            }
        }
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

    /// R's default in-control means (NB GLM with one harmonic on the training points), which the
    /// product and `safeguard detect` compute themselves.
    @Test func glrInControlMeansAgreeWithR() throws {
        let fixtures = try Self.load("glrnb-value.json", as: [MethodFixture].self)
        let dispersions = try Self.load("glrnb-value.json", as: [GLRFixture].self)
        var worst = 0.0
        for (fixture, setup) in zip(fixtures, dispersions) {
            let data = try #require(Self.series[fixture.id])
            let chart = NegativeBinomialGLR(dispersion: setup.control.alpha)
            let first = fixture.range[0] - 1
            let ours = try #require(chart.inControlMeans(data.observed, training: 0..<first, predicted: first..<fixture.range[1], frequency: data.frequency))
            for (mine, theirs) in zip(ours, try #require(fixture.mu0)) {
                let r = try #require(theirs)
                worst = max(worst, abs(mine - r) / r)
            }
        }
        print("glrnb mu0: largest relative difference from R \(worst) over \(fixtures.count) series")
        #expect(worst <= 1e-6)
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
