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
}
