import Testing
@testable import SafeguardCore

/// The analyst's tool (`safeguard detect`): its input format and its whole-series runs.
@Suite struct SeriesAnalysisTests {
    @Test func readsCountsOrDatedCountsAndNamesTheBadLine() throws {
        let plain = try CountSeries.parse("3\n\n4\r\n 5 \n", frequency: 12)
        #expect(plain.counts == [3, 4, 5] && plain.dates == nil)
        let dated = try CountSeries.parse("date,count\n2026-01-05,2\n2026-01-12,0\n", frequency: 52)
        #expect(dated.counts == [2, 0] && dated.dates?.map(\.description) == ["2026-01-05", "2026-01-12"])
        #expect(throws: CountSeries.ParseError(line: 3, reason: "'x' is not a whole number")) { try CountSeries.parse("count\n1\nx\n", frequency: 12) }
        #expect(throws: CountSeries.ParseError(line: 2, reason: "a count cannot be negative")) { try CountSeries.parse("1\n-1\n", frequency: 12) }
        #expect(throws: CountSeries.ParseError(line: 3, reason: "dates must increase")) {
            try CountSeries.parse("2026-01-12,1\n2026-01-19,1\n2026-01-05,1\n", frequency: 52)
        }
        #expect(throws: CountSeries.ParseError(line: 2, reason: "every line needs the same columns")) { try CountSeries.parse("1\n2026-01-05,1\n", frequency: 52) }
    }

    /// Over the fixtures' evaluated range, the tool gives R's bounds and alarms for each method.
    @Test func wholeSeriesRunsGiveRsResults() throws {
        let id = "w-020"
        let data = try #require(SurveillanceAgreementTests.series[id])
        func fixture(_ name: String) throws -> SurveillanceAgreementTests.MethodFixture {
            try #require(try SurveillanceAgreementTests.load(name, as: [SurveillanceAgreementTests.MethodFixture].self).first { $0.id == id })
        }
        func check(_ analysis: SeriesAnalysis, _ expected: SurveillanceAgreementTests.MethodFixture) throws {
            var analysis = analysis
            analysis.range = (expected.range[0] - 1)...(expected.range[1] - 1)
            let rows = try analysis.run(data.series)
            for (offset, bound) in expected.upperbound.enumerated() {
                let period = expected.range[0] + offset
                let row = rows.first { $0.period == period }
                if let bound, bound < 1e99 {
                    #expect(row.map { abs($0.upperbound! - bound) <= 1e-6 * max(1, bound) } == true, "\(analysis.method) \(period)")
                    #expect(row?.alarm == expected.alarm[offset], "\(analysis.method) \(period)")
                }
            }
        }
        var farrington = SeriesAnalysis(method: .farringtonFlexible)
        farrington.farrington = .weekly
        try check(farrington, try fixture("farrington-nbPlugin.json"))
        try check(SeriesAnalysis(method: .earsC2), try fixture("ears-C2.json"))
        var glr = SeriesAnalysis(method: .glrnb)
        let position = try #require(try SurveillanceAgreementTests.load("glrnb-value.json", as: [SurveillanceAgreementTests.MethodFixture].self).firstIndex { $0.id == id })
        glr.glrDispersion = try SurveillanceAgreementTests.load("glrnb-value.json", as: [SurveillanceAgreementTests.GLRFixture].self)[position].control.alpha
        glr.glrReturn = .value
        try check(glr, try fixture("glrnb-value.json"))
        // glrnb without a dispersion says what it needs.
        #expect(throws: SeriesAnalysis.Failure.needsDispersion) { try SeriesAnalysis(method: .glrnb).run(data.series) }
        // R's farringtonFlexible defaults.
        let r = FarringtonFlexible.Control.rDefaults
        #expect(r.yearsBack == 5 && r.windowHalfWidth == 3 && r.seasonalLevels == 1 && r.pastPeriodsNotIncluded == 3 && r.thresholdMethod == .delta && r.alpha == 0.05)
    }
}
