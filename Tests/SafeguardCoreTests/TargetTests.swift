import Testing
@testable import SafeguardCore

@Suite struct TargetTests {
    @Test func comparisonsAreStrictWhereThePlanSaysAbove() {
        let clearance = Target(id: "T4", text: "trên 80%", metric: .clearanceRate, comparison: .greaterThan, threshold: 80, unit: .percent)
        #expect(!clearance.isMet(by: 80))
        #expect(clearance.isMet(by: 80.01))
        let ttxh = Target(id: "T1", text: "ít nhất 12%", metric: .ttxhCases, comparison: .atMost, threshold: 88, unit: .percentOfBaseline, baselineYear: 2025)
        #expect(ttxh.isMet(by: 88))
        #expect(!ttxh.isMet(by: 88.5))
        let weak = Target(id: "T8", text: "không có đơn vị Yếu", metric: .unitsRatedWeak, comparison: .equal, threshold: 0, unit: .count)
        #expect(weak.isMet(by: 0) && !weak.isMet(by: 1))
    }

    @Test func everyMetricAllowsAtLeastOneUnit() {
        for metric in TargetMetric.allCases { #expect(!metric.allowedUnits.isEmpty) }
        #expect(TargetMetric.ttxhCases.allowedUnits.contains(.percentOfBaseline))
        #expect(!TargetMetric.clearanceRate.allowedUnits.contains(.count))
    }

    @Test func calendarDates() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2100-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(year: 2026, month: 2, day: 5)!.vietnamese == "05/02/2026")
        #expect(CalendarDate(iso: "2026-02-05")!.description == "2026-02-05")
        #expect(CalendarDate(iso: "2026-01-31")! < CalendarDate(iso: "2026-02-01")!)
    }
}
