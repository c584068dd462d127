import Testing
@testable import SafeguardCore

@Suite struct KPITests {
    let ttxh = Target(id: "T1", text: "ít nhất 12%", metric: .ttxhCases, comparison: .atMost, threshold: 88, unit: .percentOfBaseline, baselineYear: 2025)
    let clearance = Target(id: "T4", text: "trên 80%", metric: .clearanceRate, comparison: .greaterThan, threshold: 80, unit: .percent)
    let resolution = Target(id: "T3", text: "trên 90%", metric: .crimeReportResolutionRate, comparison: .greaterThan, threshold: 90, unit: .percent)
    let weak = Target(id: "T8", text: "không có Yếu", metric: .unitsRatedWeak, comparison: .equal, threshold: 0, unit: .count)

    @Test func severityClassesFollowArticle9() {
        #expect(CrimeSeverity(maximum: .nonCustodial) == .lessSerious)
        #expect(CrimeSeverity(maximum: .months(36)) == .lessSerious)
        #expect(CrimeSeverity(maximum: .years(3)) == .lessSerious)
        #expect(CrimeSeverity(maximum: .years(7)) == .serious)
        #expect(CrimeSeverity(maximum: .months(85)) == .verySerious)
        #expect(CrimeSeverity(maximum: .years(15)) == .verySerious)
        #expect(CrimeSeverity(maximum: .years(20)) == .especiallySerious)
        #expect(CrimeSeverity(maximum: .life) == .especiallySerious)
        #expect(CrimeSeverity(maximum: .death) == .especiallySerious)
        let code = PenalCode(articles: [.init(number: 173, title: "Tội trộm cắp tài sản", clauses: [1: .years(3), 2: .years(7), 3: .years(15), 4: .years(20)], category: "social-order")])
        #expect((try? code.severity(article: 173, clause: 3)) == .verySerious)
        #expect(throws: PenalCode.LookupError.unknownClause(article: 173, clause: 5)) { try code.severity(article: 173, clause: 5) }
        #expect(throws: PenalCode.LookupError.unknownArticle(999)) { try code.severity(article: 999, clause: 1) }
    }

    @Test func clearanceIsSolvedOverOccurred() {
        // The worked example: 2,437 solved of 2,829 occurred = 86.14%.
        let e = clearance.evaluate(CaseCounts(occurred: 2829, solved: 2437).clearance, periodIsComplete: true)
        #expect(abs(e.value! - 86.1435) < 0.001)
        #expect(e.status == .met)
        #expect(clearance.evaluate(CaseCounts(occurred: 10, solved: 8).clearance, periodIsComplete: true).status == .notMet)  // exactly 80 is not "trên 80%"
    }

    @Test func resolutionCountsTheBacklog() {
        // The 2020 national figures: 120,791 received, 122,722 resolved; with a backlog of 20,530 the rate is 86.84%.
        let counts = ReportCounts(received: 120_791, receivedAndRegistered: 120_791, pendingAtStart: 20_530, registered: 120_791, decided: 122_722)
        let none = CaseCounts(occurred: 0, solved: 0)
        let e = resolution.evaluate(resolution.definition!.measure(reports: counts, cases: none), periodIsComplete: true)
        #expect(abs(e.value! - 86.84) < 0.01)
        #expect(e.status == .notMet)
        #expect(RateDefinition.standard(for: .crimeReportIntakeRate)!.measure(reports: counts, cases: none) == Measurement(numerator: 120_791, denominator: 120_791))
    }

    @Test func ttxhIsComparedWithTheSamePeriodOfTheBaselineYear() {
        #expect(ttxh.evaluate(Measurement(numerator: 88, denominator: 100), periodIsComplete: true).status == .met)
        #expect(ttxh.evaluate(Measurement(numerator: 89, denominator: 100), periodIsComplete: true).status == .notMet)
        #expect(ttxh.evaluate(Measurement(numerator: 5, denominator: 0), periodIsComplete: true).status == .notMet)
    }

    @Test func projectionCarriesLastYearsSeasonalityAtThisYearsLevel() {
        // Last year 40 by this point, 100 in all; this year 30 so far → 30 + 60 × 0.75 = 75.
        #expect(ProjectionInput(yearToDate: 30, priorYearToDate: 40, priorYear: 100).yearEnd == 75)
        #expect(ProjectionInput(yearToDate: 30, priorYearToDate: 0, priorYear: 50).yearEnd == 80)
        // Clearance so far 85% (85/100) but last year the rest of the year was solved poorly.
        let e = clearance.evaluate(
            Measurement(numerator: 85, denominator: 100),
            projection: (numerator: ProjectionInput(yearToDate: 85, priorYearToDate: 85, priorYear: 130),
                         denominator: ProjectionInput(yearToDate: 100, priorYearToDate: 100, priorYear: 200)),
            periodIsComplete: false)
        #expect(e.projection == 65)
        #expect(e.status == .atRisk)
        let closed = clearance.evaluate(e.measurement, projection: nil, periodIsComplete: true)
        #expect(closed.status == .met)
    }

    @Test func metricsWithoutRecordsReportNoData() {
        let e = weak.evaluate(nil, periodIsComplete: true)
        #expect(e.status == .noData && e.value == nil && e.measurement == nil)
        #expect(!KPIDefinition.hasRecords(.unitsRatedWeak))
        #expect(KPIDefinition.hasRecords(.clearanceRate))
    }
}
