import Testing
@testable import SafeguardCore

@Suite struct DeadlineTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    let policy = ReportDeadlinePolicy()
    /// Tết Bính Ngọ 2026 (14–22/02) and 30/4–1/5, as in the committed calendar.
    var calendar: HolidayCalendar {
        HolidayCalendar(holidays: Set((14...22).map { d("2026-02-\($0 < 10 ? "0" : "")\($0)") } + [d("2026-04-30"), d("2026-05-01")]))
    }

    @Test func twentyDaysFromReceipt() {
        // Received Monday 2 March → 22 March is a Sunday → Monday 23 March.
        #expect(policy.deadline(for: .init(receivedOn: d("2026-03-02")), calendar: calendar) == d("2026-03-23"))
        // Received Wednesday 4 March → Tuesday 24 March, a working day.
        #expect(policy.deadline(for: .init(receivedOn: d("2026-03-04")), calendar: calendar) == d("2026-03-24"))
    }

    @Test func aLimitEndingInTetMovesPastTheHoliday() {
        // 27 Jan + 20 days = 16 Feb, inside Tết (14–22/02, 22nd a Sunday) → Monday 23 Feb.
        #expect(policy.deadline(for: .init(receivedOn: d("2026-01-27")), calendar: calendar) == d("2026-02-23"))
        // 10 Apr + 20 = 30 Apr (holiday), 1 May (holiday), 2–3 May weekend → Monday 4 May.
        #expect(policy.deadline(for: .init(receivedOn: d("2026-04-10")), calendar: calendar) == d("2026-05-04"))
    }

    @Test func extensionsCountInMonths() {
        // 31 Dec 2025 + 2 months = 28 Feb 2026 (no 31st) → Saturday → Monday 2 March.
        #expect(policy.deadline(for: .init(receivedOn: d("2025-12-31"), extensions: 1), calendar: calendar) == d("2026-03-02"))
        // Received 2 March: extended to 2 May (Saturday) → Monday 4 May; then + 2 months → 4 July (Saturday) → Monday 6 July.
        #expect(policy.deadline(for: .init(receivedOn: d("2026-03-02"), extensions: 1), calendar: calendar) == d("2026-05-04"))
        #expect(policy.deadline(for: .init(receivedOn: d("2026-03-02"), extensions: 2), calendar: calendar) == d("2026-07-06"))
    }

    @Test func afterResumptionAtMostOneMonthRemains() {
        // Resumed 31 January → 28 February (Saturday) → Monday 2 March.
        #expect(policy.deadline(for: .init(receivedOn: d("2025-11-03"), extensions: 1, resumedOn: d("2026-01-31")), calendar: calendar) == d("2026-03-02"))
    }

    @Test func makeUpWorkingSaturdaysCount() {
        var calendar = HolidayCalendar()
        calendar.workingWeekendDays = [d("2026-03-21")]
        // 1 March + 20 = 21 March, a make-up working Saturday.
        #expect(policy.deadline(for: .init(receivedOn: d("2026-03-01")), calendar: calendar) == d("2026-03-21"))
    }

    @Test func lifecycleEnforcesTheOrderOfSteps() throws {
        var report = CrimeReportLifecycle(receivedOn: d("2026-03-02"))
        #expect(throws: CrimeReportLifecycle.TransitionError.notRegistered) { try report.apply(.decide(.prosecute, on: d("2026-03-05"))) }
        #expect(throws: CrimeReportLifecycle.TransitionError.notSuspended) { try report.apply(.resume(on: d("2026-03-05"))) }
        #expect(throws: CrimeReportLifecycle.TransitionError.dateBeforeReceipt) { try report.apply(.register(on: d("2026-03-01"))) }
        try report.apply(.register(on: d("2026-03-02")))
        #expect(throws: CrimeReportLifecycle.TransitionError.alreadyRegistered) { try report.apply(.register(on: d("2026-03-03"))) }
        #expect(report.deadline(policy: policy, calendar: calendar) == d("2026-03-23"))
        try report.apply(.extend(on: d("2026-03-20")))
        #expect(report.deadline(policy: policy, calendar: calendar) == d("2026-05-04"))
        try report.apply(.suspend(on: d("2026-04-01")))
        #expect(report.deadline(policy: policy, calendar: calendar) == nil)
        #expect(throws: CrimeReportLifecycle.TransitionError.notOpen) { try report.apply(.decide(.noProsecution, on: d("2026-04-02"))) }
        #expect(throws: CrimeReportLifecycle.TransitionError.dateBeforePreviousStep) { try report.apply(.resume(on: d("2026-03-30"))) }
        try report.apply(.resume(on: d("2026-06-10")))
        #expect(throws: CrimeReportLifecycle.TransitionError.suspendedBefore) { try report.apply(.suspend(on: d("2026-06-11"))) }
        #expect(report.deadline(policy: policy, calendar: calendar) == d("2026-07-10"))
        #expect(throws: CrimeReportLifecycle.TransitionError.tooManyExtensions) { try report.apply(.extend(on: d("2026-06-11"))) }
        #expect(throws: CrimeReportLifecycle.TransitionError.suspendIsNotADecision) { try report.apply(.decide(.suspend, on: d("2026-06-12"))) }
        try report.apply(.decide(.prosecute, on: d("2026-06-20")))
        #expect(report.state == .decided && report.outcome == .prosecute)
        #expect(throws: CrimeReportLifecycle.TransitionError.notOpen) { try report.apply(.suspend(on: d("2026-06-21"))) }
    }

    @Test func twoExtensionsAtMost() throws {
        var report = CrimeReportLifecycle(receivedOn: d("2026-03-02"))
        try report.apply(.register(on: d("2026-03-02")))
        try report.apply(.extend(on: d("2026-03-10")))
        try report.apply(.extend(on: d("2026-04-30")))
        #expect(throws: CrimeReportLifecycle.TransitionError.tooManyExtensions) { try report.apply(.extend(on: d("2026-05-01"))) }
    }
}
