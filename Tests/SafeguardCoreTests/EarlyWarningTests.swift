import Testing
@testable import SafeguardCore

@Suite struct EarlyWarningTests {
    @Test func isoWeeksAcrossYearEnds() {
        func week(_ iso: String) -> StatisticalWeek { StatisticalWeek(containing: CalendarDate(iso: iso)!) }
        #expect(week("2026-01-01").description == "2026-W01" && week("2026-01-01").monday.description == "2025-12-29")
        #expect(week("2021-01-03").description == "2020-W53")  // a Sunday in the 53rd week of 2020
        #expect(week("2024-12-30").description == "2025-W01")
        #expect(week("2026-11-29").description == "2026-W48" && week("2026-11-29").sunday.description == "2026-11-29")
        #expect(week("2026-03-02").weeks(until: week("2026-03-16")) == 2)
        #expect(week("2026-03-08").advanced(by: -1) == week("2026-02-24"))
    }

    @Test func alertsFollowTheirWorkflow() throws {
        var flow = AlertWorkflow()
        #expect(throws: AlertWorkflow.TransitionError.notAllowed(from: .new, step: "close")) { try flow.apply(.close) }
        #expect(throws: AlertWorkflow.TransitionError.self) { try flow.apply(.assess(.falseAlarm)) }
        try flow.apply(.acknowledge)
        try flow.apply(.assess(.dataArtefact))
        try flow.apply(.assess(.realIncrease))  // a second look changes the verdict
        #expect(flow.state == .assessed && flow.assessment == .realIncrease)
        try flow.apply(.close)
        #expect(throws: AlertWorkflow.TransitionError.self) { try flow.apply(.acknowledge) }
        #expect(AlertPrecision(assessed: 4, real: 3).value == 0.75 && AlertPrecision(assessed: 0, real: 0).value == nil)
    }

    /// No verdict on a unit with less than three years of its own records; zeros before its
    /// first record are "not recorded", not a baseline.
    @Test func aShortHistoryIsNotJudged() {
        // Five years of a steady ~4 cases a month, then a jump to 30.
        let steady = (0..<59).map { 3 + $0 % 3 } + [30]
        let whole = CountSeries(frequency: 12, counts: steady)
        let judged = SeriesDetector.detect(whole)
        #expect(judged?.alarm == true && judged?.method == "farrington-flexible" && judged?.parameters.hasPrefix("b=4") == true)
        // The same counts when records only began two and a half years ago.
        let recent = CountSeries(frequency: 12, counts: steady, historyStart: 30)
        #expect(SeriesDetector.yearsOfHistory(periodsBefore: 59 - 30, frequency: 12) == 2)
        #expect(!SeriesDetector.canJudge(recent, at: 59) && SeriesDetector.detect(recent) == nil)
        // Exactly three years of history (36 months + the ±2-month window) is enough, with b = 3.
        let three = CountSeries(frequency: 12, counts: steady, historyStart: 59 - 38)
        #expect(SeriesDetector.canJudge(three, at: 59) && SeriesDetector.detect(three)?.parameters.hasPrefix("b=3") == true)
        #expect(!SeriesDetector.canJudge(CountSeries(frequency: 12, counts: steady, historyStart: 59 - 37), at: 59))
        // Weekly: 3 years = 156 weeks + the ±3-week window.
        #expect(SeriesDetector.yearsOfHistory(periodsBefore: 159, frequency: 52) == 3 && SeriesDetector.yearsOfHistory(periodsBefore: 158, frequency: 52) == 2)
    }
}

@Suite struct DetectionQualityTests {
    /// Ten judged weeks (3…12) with two outbreaks, one detected late and one missed; an outbreak
    /// starting before the judged weeks counts in the weeks but not as an outbreak.
    @Test func measuresFollowBedubourgAndLeStrat() {
        //              0    1    2    3      4      5      6      7    8      9    10     11   12
        let outbreak = [1,   1,   0,   1,     0,     2,     2,     2,   0,     0,   3,     3,   0]
        let alarms: [Bool?] = [true, nil, nil, false, true, false, false, true, nil, true, false, false, true]
        var quality = DetectionQuality()
        quality.add(alarms: alarms, outbreak: outbreak, judged: 3...12)
        #expect(quality.periods == 10 && quality.outbreakPeriods == 6)
        #expect(quality.falseAlarms == 3 && quality.trueAlarms == 1)    // weeks 4, 9, 12; week 7
        #expect(quality.outbreaks == 2 && quality.detected == 1 && quality.meanDelay == 2)  // outbreak 2: 5 → 7
        #expect(quality.falsePositiveRate == 0.75 && quality.specificity == 0.25)
        #expect(quality.sensitivity == 1.0 / 6 && quality.probabilityOfDetection == 0.5)
        let twice = quality + quality
        #expect(twice.falsePositiveRate == 0.75 && twice.outbreaks == 4 && twice.meanDelay == 2)
    }
}
