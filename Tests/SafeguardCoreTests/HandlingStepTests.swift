import Testing
@testable import SafeguardCore

/// Handling as events: each step counts in the period it happened, and a closed period's figures
/// never change because of a later step.
@Suite struct HandlingStepTests {
    let report = KPIEngineTests.report
    let resolution = Target(id: "T3", text: "", metric: .crimeReportResolutionRate, comparison: .greaterThan, threshold: 90, unit: .percent)
    let intake = Target(id: "T2", text: "", metric: .crimeReportIntakeRate, comparison: .atLeast, threshold: 100, unit: .percent)
    let y2025 = ReportingPeriod("2025")!
    let y2026 = ReportingPeriod("2026")!
    let december2026 = StatisticalMonth(year: 2026, month: 12)

    func t3(_ reports: [CrimeReportLifecycle], _ period: ReportingPeriod) -> Measurement? {
        KPIEngine(cases: CaseHistogram([]), reports: ReportHistogram(reports: reports)).measurement(resolution, in: period.months)
    }

    func t2(_ reports: [CrimeReportLifecycle], _ period: ReportingPeriod) -> Measurement? {
        KPIEngine(cases: CaseHistogram([]), reports: ReportHistogram(reports: reports)).measurement(intake, in: period.months)
    }

    @Test func aLaterResumptionLeavesTheClosedYearIdentical() {
        // Received 01/09/2025 and suspended 01/10/2025: T3(2025) = 1/1.
        let suspended = report("2025-09-01", ("register", "2025-09-01"), ("suspend", "2025-10-01"))
        #expect(t3([suspended], y2025) == Measurement(numerator: 1, denominator: 1))
        // Resumed 01/02/2026: 2025 is unchanged; the report returns to 2026's pool.
        let resumed = report("2025-09-01", ("register", "2025-09-01"), ("suspend", "2025-10-01"), ("resume", "2026-02-01"))
        #expect(t3([resumed], y2025) == Measurement(numerator: 1, denominator: 1))
        #expect(t3([resumed], y2026) == Measurement(numerator: 0, denominator: 1))
        // Decided later in 2026: 2026 counts it resolved, 2025 still the same.
        let decided = report("2025-09-01", ("register", "2025-09-01"), ("suspend", "2025-10-01"), ("resume", "2026-02-01"), ("decide", "2026-03-01"))
        #expect(t3([decided], y2026) == Measurement(numerator: 1, denominator: 1))
        #expect(t3([decided], y2025) == Measurement(numerator: 1, denominator: 1))
    }

    /// Each step, and the figures of the months before, in and after it.
    @Test func eachStepMovesThePeriodItHappensIn() {
        let m = { (text: String) in ReportingPeriod(text)! }
        // Receipt: T2's denominator in its month, nothing in T3.
        let received = report("2026-03-02")
        #expect(t2([received], m("2026-M03")) == Measurement(numerator: 0, denominator: 1))
        #expect(t3([received], m("2026-M03")) == Measurement(numerator: 0, denominator: 0))
        // Registration: T2's numerator when in the same period as the receipt, T3's denominator in its month.
        let registered = report("2026-03-02", ("register", "2026-04-01"))
        #expect(t2([registered], m("2026-M03")) == Measurement(numerator: 0, denominator: 1))
        #expect(t2([registered], m("2026-Q1")) == Measurement(numerator: 0, denominator: 1))
        #expect(t2([registered], m("2026-Q2")) == Measurement(numerator: 0, denominator: 0))
        #expect(t2([registered], m("2026")) == Measurement(numerator: 1, denominator: 1))
        #expect(t3([registered], m("2026-M04")) == Measurement(numerator: 0, denominator: 1))
        #expect(t3([registered], m("2026-M05")) == Measurement(numerator: 0, denominator: 1))  // pending at the start
        // Extension: no figure moves.
        let extended = report("2026-03-02", ("register", "2026-04-01"), ("extend", "2026-05-01"))
        for month in ["2026-M04", "2026-M05"] { #expect(t3([extended], m(month)) == t3([registered], m(month))) }
        // Suspension: resolved in its month; the report leaves the pool after it.
        let suspended = report("2026-03-02", ("register", "2026-04-01"), ("suspend", "2026-05-04"))
        #expect(t3([suspended], m("2026-M05")) == Measurement(numerator: 1, denominator: 1))
        #expect(t3([suspended], m("2026-M06")) == Measurement(numerator: 0, denominator: 0))
        // Resumption: back in the pool of its month, with nothing taken from the month of the suspension.
        let resumed = report("2026-03-02", ("register", "2026-04-01"), ("suspend", "2026-05-04"), ("resume", "2026-07-01"))
        #expect(t3([resumed], m("2026-M05")) == Measurement(numerator: 1, denominator: 1))
        #expect(t3([resumed], m("2026-M06")) == Measurement(numerator: 0, denominator: 0))
        #expect(t3([resumed], m("2026-M07")) == Measurement(numerator: 0, denominator: 1))
        #expect(t3([resumed], m("2026-M08")) == Measurement(numerator: 0, denominator: 1))
        // Decision: resolved in its month.
        let decided = report("2026-03-02", ("register", "2026-04-01"), ("decide", "2026-06-01"))
        #expect(t3([decided], m("2026-M06")) == Measurement(numerator: 1, denominator: 1))
        #expect(t3([decided], m("2026-M07")) == Measurement(numerator: 0, denominator: 0))
        // Transfer while pending: taken out of the denominator of its month, and not resolved.
        let transferred = report("2026-03-02", ("register", "2026-04-01"), ("transfer", "2026-06-01"))
        #expect(t3([transferred], m("2026-M06")) == Measurement(numerator: 0, denominator: 0))
        #expect(t3([transferred], m("2026-M04")) == Measurement(numerator: 0, denominator: 1))
        #expect(t3([transferred, decided], m("2026-Q2")) == Measurement(numerator: 1, denominator: 1))
        // Transfer before registration: never in the pool; T2 still counts the receipt.
        let passedOn = report("2026-03-02", ("transfer", "2026-03-03"))
        #expect(t3([passedOn], m("2026-M03")) == Measurement(numerator: 0, denominator: 0))
        #expect(t2([passedOn], m("2026-M03")) == Measurement(numerator: 0, denominator: 1))
    }

    @Test func theStateIsDerivedFromTheStepsAndReplays() throws {
        let life = report("2026-03-02", ("register", "2026-03-03"), ("extend", "2026-03-20"), ("suspend", "2026-04-01"), ("resume", "2026-05-01"), ("decide", "2026-05-20"))
        #expect(life.steps.map(\.kind) == [.received, .registered, .extended, .suspended, .resumed, .decided])
        #expect(life.steps.map(\.pendingChange) == [0, 1, 0, -1, 1, -1])
        #expect(life.steps.last?.outcome == .noProsecution)
        let again = try CrimeReportLifecycle.replaying(life.steps)
        #expect(again == life)
        #expect(throws: CrimeReportLifecycle.TransitionError.malformedHistory) { try CrimeReportLifecycle.replaying(Array(life.steps.dropFirst())) }
        #expect(throws: CrimeReportLifecycle.TransitionError.malformedHistory) { try CrimeReportLifecycle.replaying([]) }
    }

    @Test func aTransferEndsTheHandling() throws {
        var life = report("2026-03-02", ("register", "2026-03-03"), ("transfer", "2026-03-10"))
        #expect(life.state == .transferred)
        #expect(life.transferredOn == CalendarDate(iso: "2026-03-10"))
        #expect(life.resolvedMonth == nil)
        #expect(life.steps.last?.wasPending == true)
        #expect(throws: CrimeReportLifecycle.TransitionError.notOpen) { try life.apply(.decide(.prosecute, on: CalendarDate(iso: "2026-03-11")!)) }
        var suspended = report("2026-03-02", ("register", "2026-03-03"), ("suspend", "2026-03-10"))
        #expect(throws: CrimeReportLifecycle.TransitionError.notOpen) { try suspended.apply(.transfer(on: CalendarDate(iso: "2026-03-11")!)) }
        #expect(report("2026-03-02", ("transfer", "2026-03-02")).steps.last?.wasPending == false)
    }

    @Test func anImportedRowMayBeATransfer() throws {
        let row = ReportDraft(code: "TB-1", kind: "information", receivedOn: "2026-03-02", unit: "11311", source: "Báo chí", category: "social-order",
                              registeredOn: "2026-03-02", transferredOn: "2026-03-05")
        let valid = try row.validate(categories: ["social-order"], today: CalendarDate(iso: "2026-12-04")!).get()
        #expect(valid.lifecycle.state == .transferred && valid.lifecycle.steps.last?.wasPending == true)
        var both = row
        (both.decidedOn, both.outcome) = ("2026-03-04", "prosecute")
        guard case .failure(let errors) = both.validate(categories: ["social-order"], today: CalendarDate(iso: "2026-12-04")!) else {
            Issue.record("a decided report cannot also be transferred"); return
        }
        #expect(errors.errors == [FieldError("transferred_on", .transition(.notOpen))])
        #expect(ReportDraft(row: ["transferred_on": "2026-03-05"]).transferredOn == "2026-03-05")
    }

    @Test func aProvinceChoosesItsOwnDefinition() {
        let counts = ReportCounts(received: 10, receivedAndRegistered: 8, pendingAtStart: 4, registered: 8, resumed: 1, transferred: 1, decided: 9, suspended: 1)
        let none = CaseCounts(occurred: 0, solved: 0)
        #expect(RateDefinition.standard(for: .crimeReportResolutionRate)!.measure(reports: counts, cases: none) == Measurement(numerator: 10, denominator: 12))
        // Counting only decisions, over everything received plus the backlog.
        let own = RateDefinition(numerator: [.init(.decided)], denominator: [.init(.pendingAtStart), .init(.received)])
        #expect(own.measure(reports: counts, cases: none) == Measurement(numerator: 9, denominator: 14))
        #expect(own.fits(.crimeReportResolutionRate))
        #expect(!own.fits(.clearanceRate))
        #expect(!own.fits(.ttxhCases))
        #expect(RateDefinition.Part("-transferred") == RateDefinition.Part(.transferred, sign: -1))
        #expect(RateDefinition.Part("transfered") == nil)
        #expect(RateDefinition.Part("-transferred")?.description == "-transferred")
    }
}
