import Testing
@testable import SafeguardCore

@Suite struct KPIEngineTests {
    typealias C = CaseHistogram.Cell
    typealias R = ReportHistogram.Cell
    let ttxh = Target(id: "T1", text: "", metric: .ttxhCases, comparison: .atMost, threshold: 88, unit: .percentOfBaseline, baselineYear: 2025)
    let clearanceSerious = Target(id: "T5", text: "", metric: .clearanceRate, comparison: .greaterThan, threshold: 95, unit: .percent,
                                  severities: [.verySerious, .especiallySerious])
    let intake = Target(id: "T2", text: "", metric: .crimeReportIntakeRate, comparison: .atLeast, threshold: 100, unit: .percent)
    let resolution = Target(id: "T3", text: "", metric: .crimeReportResolutionRate, comparison: .greaterThan, threshold: 90, unit: .percent)
    let q1 = ReportingPeriod("2026-Q1")!

    /// Hand-checked: Q1 2025 had 10 TTXH cases, Q1 2026 has 8 (80%); one economic case does not count.
    var cases: CaseHistogram {
        CaseHistogram([
            C(discoveredMonth: 202501, solvedMonth: 202502, severity: .serious, category: "social-order", count: 6),
            C(discoveredMonth: 202503, solvedMonth: nil, severity: .lessSerious, category: "social-order", count: 4),
            C(discoveredMonth: 202507, solvedMonth: 202508, severity: .serious, category: "social-order", count: 10),
            C(discoveredMonth: 202601, solvedMonth: 202601, severity: .verySerious, category: "social-order", count: 5),
            C(discoveredMonth: 202602, solvedMonth: 202604, severity: .especiallySerious, category: "social-order", count: 2),  // solved after Q1
            C(discoveredMonth: 202603, solvedMonth: nil, severity: .lessSerious, category: "social-order", count: 1),
            C(discoveredMonth: 202603, solvedMonth: 202603, severity: .serious, category: "economic", count: 3),
        ])
    }

    @Test func caseTargetsFromTheHistogram() {
        let engine = KPIEngine(cases: cases, reports: ReportHistogram([]))
        #expect(engine.measurement(ttxh, in: q1.months) == Measurement(numerator: 8, denominator: 10))
        // Very/especially serious in Q1 2026: 7 occurred, 5 solved by 14/03.
        #expect(engine.measurement(clearanceSerious, in: q1.months) == Measurement(numerator: 5, denominator: 7))
        let e = engine.evaluate(ttxh, period: q1, currentMonth: StatisticalMonth(year: 2026, month: 4))
        #expect(e.value == 80 && e.status == .met && e.through == q1.months.upperBound)
        // A closed period has no year end left to estimate.
        #expect(e.projection == nil)
    }

    @Test func anOpenPeriodIsMeasuredThroughItsLastCompleteMonth() {
        let engine = KPIEngine(cases: cases, reports: ReportHistogram([]))
        // In statistical March 2026 the year is measured through February: 7 TTXH cases against 6 in Jan–Feb 2025.
        let e = engine.evaluate(ttxh, period: ReportingPeriod("2026")!, currentMonth: StatisticalMonth(year: 2026, month: 3))
        #expect(e.through == StatisticalMonth(year: 2026, month: 2))
        #expect(e.measurement == Measurement(numerator: 7, denominator: 6))
        #expect(e.status == .notMet)
        // For a baseline comparison the projection is the same ratio: the seasonality cancels out.
        #expect(e.projection == e.value)
    }

    @Test func anOpenPeriodIsAtRiskWhenTheProjectionMisses() {
        // 2025: Q1 10 of 10 solved; the rest of the year 50 of 90. 2026 Q1: 18 of 20 (90%).
        let history = CaseHistogram([
            C(discoveredMonth: 202502, solvedMonth: 202502, severity: .serious, category: "social-order", count: 10),
            C(discoveredMonth: 202506, solvedMonth: 202507, severity: .serious, category: "social-order", count: 50),
            C(discoveredMonth: 202506, solvedMonth: nil, severity: .serious, category: "social-order", count: 40),
            C(discoveredMonth: 202602, solvedMonth: 202602, severity: .serious, category: "social-order", count: 18),
            C(discoveredMonth: 202602, solvedMonth: nil, severity: .serious, category: "social-order", count: 2),
        ])
        let clearance = Target(id: "T4", text: "", metric: .clearanceRate, comparison: .greaterThan, threshold: 80, unit: .percent)
        let e = KPIEngine(cases: history, reports: ReportHistogram([]))
            .evaluate(clearance, period: ReportingPeriod("2026")!, currentMonth: StatisticalMonth(year: 2026, month: 4))
        #expect(e.value == 90)
        // Level 20/10 = 2: solved 18 + 50 × 2 = 118 of 20 + 90 × 2 = 200 → 59%.
        #expect(e.projection == 59)
        #expect(e.status == .atRisk)
    }

    @Test func nothingToMeasureIsNotMissingData() {
        let clearance = Target(id: "T4", text: "", metric: .clearanceRate, comparison: .greaterThan, threshold: 80, unit: .percent)
        #expect(clearance.evaluate(Measurement(numerator: 0, denominator: 0), periodIsComplete: true).status == .empty)
        #expect(ttxh.evaluate(Measurement(numerator: 3, denominator: 0), periodIsComplete: true).status == .notMet)
        #expect(ttxh.evaluate(Measurement(numerator: 0, denominator: 0), periodIsComplete: true).status == .empty)
        // Shortfall: 8 of 20 solved needs 8 more to reach 80%.
        #expect(clearance.evaluate(Measurement(numerator: 8, denominator: 20), periodIsComplete: true).shortfall == 8)
        #expect(ttxh.evaluate(Measurement(numerator: 100, denominator: 100), periodIsComplete: true).shortfall == 12)
    }

    /// Reports built from their handling steps: `steps` are (action, yyyy-mm-dd) after the receipt.
    static func report(_ received: String, _ steps: (String, String)...) -> CrimeReportLifecycle {
        var life = CrimeReportLifecycle(receivedOn: CalendarDate(iso: received)!)
        for (action, day) in steps {
            let on = CalendarDate(iso: day)!
            switch action {
            case "register": try! life.apply(.register(on: on))
            case "extend": try! life.apply(.extend(on: on))
            case "suspend": try! life.apply(.suspend(on: on))
            case "resume": try! life.apply(.resume(on: on))
            case "transfer": try! life.apply(.transfer(on: on))
            default: try! life.apply(.decide(.noProsecution, on: on))
            }
        }
        return life
    }

    @Test func reportTargetsCountTheBacklog() {
        let r = Self.report
        let reports = ReportHistogram(reports:
            Array(repeating: r("2025-10-20", ("register", "2025-10-20")), count: 2)                            // backlog, still open
            + Array(repeating: r("2025-12-01", ("register", "2025-12-01"), ("decide", "2026-02-10")), count: 3) // backlog, resolved in Q1
            + Array(repeating: r("2025-10-01", ("register", "2025-10-01"), ("decide", "2025-10-20")), count: 9) // resolved before
            + Array(repeating: r("2026-01-05", ("register", "2026-01-05"), ("decide", "2026-02-03")), count: 10)
            + [r("2026-03-02"),                                                                                 // received, not registered
               r("2026-03-05", ("register", "2026-04-05"), ("decide", "2026-04-06"))])                        // registered after Q1
        let counts = reports.counts(in: q1.months)
        #expect(counts == ReportCounts(received: 12, receivedAndRegistered: 10, pendingAtStart: 5, registered: 10, decided: 13))
        let engine = KPIEngine(cases: CaseHistogram([]), reports: reports)
        // The procuracy's definition: 13 resolved of 5 pending at the start and 10 registered in Q1.
        #expect(engine.evaluate(resolution, period: q1, currentMonth: StatisticalMonth(year: 2026, month: 11)).value == 13.0 / 15.0 * 100)
        #expect(engine.evaluate(intake, period: q1, currentMonth: StatisticalMonth(year: 2026, month: 11)).status == .notMet)
    }

    @Test func projectedRatesStayWithinBounds() {
        // Solved cases rose faster than occurrences this year; the rate projection must not exceed 100%.
        let clearance = Target(id: "T4", text: "", metric: .clearanceRate, comparison: .greaterThan, threshold: 80, unit: .percent)
        let e = clearance.evaluate(Measurement(numerator: 9, denominator: 10),
                                   projection: (numerator: ProjectionInput(yearToDate: 9, priorYearToDate: 2, priorYear: 80),
                                                denominator: ProjectionInput(yearToDate: 10, priorYearToDate: 10, priorYear: 100)),
                                   periodIsComplete: false)
        // 9 + 78 × 1 = 87 of 10 + 90 = 100 → 87%.
        #expect(e.projection == 87)
    }

    @Test func monthlySeriesAndNeededMonths() {
        let engine = KPIEngine(cases: cases, reports: ReportHistogram([]))
        let series = engine.monthlyValues(clearanceSerious, endingWith: StatisticalMonth(year: 2026, month: 3), count: 3)
        #expect(series == [100, 0, nil])
        #expect(KPIEngine.monthsNeeded(for: q1, baselineYears: [2025]) == StatisticalMonth(year: 2025, month: 1)...StatisticalMonth(year: 2026, month: 3))
    }
}
