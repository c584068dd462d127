import Testing
@testable import SafeguardCore

/// Periodic reporting: the official windows at year ends and in leap years, reading typed
/// values, validation rules, the modified z-score, the workflow, and completeness with units that
/// opened or closed during the year.
@Suite struct ReportingTests {
    static let form = ReportForm(
        code: "commune_monthly", version: 1, title: "Báo cáo tháng", periodType: .month, unitKinds: [.ward, .commune], deadlineDays: 5,
        elements: [
            DataElement(code: "sessions", name: "Số buổi tuyên truyền", type: .count, required: true),
            DataElement(code: "participants", name: "Số người tham dự", type: .count),
            DataElement(code: "share", name: "Tỷ lệ hộ ký cam kết", type: .percentage),
            DataElement(code: "villages", name: "Số thôn, tổ dân phố", type: .count),
            DataElement(code: "drug_free", name: "Số thôn, tổ dân phố không ma túy", type: .count),
            DataElement(code: "forum", name: "Tổ chức diễn đàn", type: .yesNo),
            DataElement(code: "held_on", name: "Ngày tổ chức", type: .date),
            DataElement(code: "level", name: "Mức độ", type: .option, options: ["Tốt", "Khá"]),
            DataElement(code: "mediation", name: "Vụ hòa giải", type: .count,
                        categories: [CategoryOption(code: "land", name: "Đất đai"), CategoryOption(code: "family", name: "Hôn nhân, gia đình")]),
            DataElement(code: "note", name: "Ghi chú", type: .text),
        ],
        rules: [
            ValidationRule(code: "R1", left: "drug_free", comparison: .atMost, right: "villages", importance: .blocking,
                           message: "Số thôn không ma túy không vượt quá số thôn"),
            ValidationRule(code: "R2", left: "participants", comparison: .atLeast, right: "sessions * 10", importance: .warning,
                           message: "Bình quân dưới 10 người một buổi"),
            ValidationRule(code: "R3", left: "villages", comparison: .equal, right: "records.villages", importance: .warning,
                           message: "Số thôn khác danh mục"),
            ValidationRule(code: "R4", left: "mediation", comparison: .atMost, right: "100", importance: .blocking, message: "Quá nhiều"),
        ])

    @Test func windowsAtYearEndsAndInLeapYears() throws {
        // January runs from 15 December of the year before; the year from 15/12 to 14/12.
        let january = try #require(ReportingPeriod("2026-M01"))
        #expect(january.start == CalendarDate(iso: "2025-12-15") && january.end == CalendarDate(iso: "2026-01-14"))
        #expect(ReportingPeriod.month(containing: CalendarDate(iso: "2025-12-15")!) == january)
        #expect(ReportingPeriod.month(containing: CalendarDate(iso: "2025-12-14")!).description == "2025-M12")
        #expect(try #require(ReportingPeriod("2026")).start == CalendarDate(iso: "2025-12-15"))
        #expect(try #require(ReportingPeriod("2026-Q1")).end == CalendarDate(iso: "2026-03-14"))
        #expect(try #require(ReportingPeriod("2026-H1")).end == CalendarDate(iso: "2026-06-14"))
        #expect(try #require(ReportingPeriod("2026-9M")).end == CalendarDate(iso: "2026-09-14"))
        // 29 February 2028 falls in March's window (15/02–14/03); 2026's March has no such day.
        let march2028 = try #require(ReportingPeriod("2028-M03"))
        #expect(march2028.contains(CalendarDate(iso: "2028-02-29")!) && march2028.start == CalendarDate(iso: "2028-02-15"))
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(PeriodType.month.periods(in: 2026).count == 12 && PeriodType.quarter.periods(in: 2026).map(\.description) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        // A form opens when its period closes: on 15/01/2026 January is closed, on 14/01 it is not.
        #expect(PeriodType.month.closed(by: CalendarDate(iso: "2026-01-15")!, since: 2026).map(\.description) == ["2026-M01"])
        #expect(PeriodType.month.closed(by: CalendarDate(iso: "2026-01-14")!, since: 2026).isEmpty)
        #expect(Self.form.deadline(for: january) == CalendarDate(iso: "2026-01-19"))
    }

    @Test func typedValuesAreReadOrRefusedByCell() throws {
        let typed = ["sessions": " 12 ", "participants": "1.200", "share": "87,5", "forum": "Có", "held_on": "05/01/2026",
                     "level": "tốt", "mediation.land": "3", "note": "Tổ chức tại nhà văn hóa"]
        // "1.200" is a decimal 1.2 to a machine: a count refuses it rather than guess thousands.
        guard case .failure(let first) = ReportValues.read(typed, form: Self.form, complete: true) else { Issue.record("1.200 accepted"); return }
        #expect(first.errors == [FieldError("participants", .outOfRange("≥ 0, số nguyên"))])
        var fixed = typed
        fixed["participants"] = "1200"
        let values = try ReportValues.read(fixed, form: Self.form, complete: true).get()
        #expect(values.values == ["sessions": "12", "participants": "1200", "share": "87.5", "forum": "true", "held_on": "2026-01-05",
                                  "level": "Tốt", "mediation.land": "3", "note": "Tổ chức tại nhà văn hóa"])
        #expect(values.number("forum") == 1 && values.number("share") == 87.5 && values.number("note") == nil)
        let bad = ["sessions": "", "share": "120", "forum": "có lẽ", "held_on": "31/02/2026", "level": "Trung bình", "mediation.sea": "1", "participants": "-3"]
        guard case .failure(let errors) = ReportValues.read(bad, form: Self.form, complete: true) else { Issue.record("accepted"); return }
        #expect(Set(errors.errors.map(\.field)) == ["mediation.sea", "sessions", "share", "forum", "held_on", "level", "participants"])
        #expect(errors.errors.contains(FieldError("sessions", .required)) && errors.errors.contains(FieldError("share", .outOfRange("0–100"))))
        // A draft may leave required cells blank.
        #expect((try? ReportValues.read(["participants": "5"], form: Self.form, complete: false).get()) != nil)
    }

    @Test func expressionsParseAndEvaluate() throws {
        let e = try Expression.parse("(a + b.c) * 2 - -3 / x")
        #expect(e.names == ["a", "b.c", "x"])
        #expect(e.evaluate { ["a": 1, "b.c": 2, "x": 3][$0] } == 7)
        #expect(e.evaluate { ["a": 1, "b.c": 2][$0] } == nil)  // a blank makes the side blank
        #expect(try Expression.parse("a-b").evaluate { ["a": 5, "b": 2][$0] } == 3)
        #expect(try Expression.parse("10 ÷ 4 × 2").evaluate { _ in nil } == 5)
        #expect(throws: Expression.ParseError.self) { try Expression.parse("a +") }
        #expect(throws: Expression.ParseError.self) { try Expression.parse("(a") }
        #expect(throws: Expression.ParseError.self) { try Expression.parse("a; drop") }
    }

    @Test func rulesBlockWarnAndSkipBlanks() throws {
        let values = try ReportValues.read(["sessions": "4", "participants": "30", "villages": "12", "drug_free": "14",
                                            "mediation.land": "60", "mediation.family": "50"], form: Self.form, complete: true).get()
        let violations = try ValidationRule.check(Self.form, values, records: ["villages": 12])
        #expect(violations.map(\.rule) == ["R1", "R2", "R4"])
        #expect(violations[0].importance == .blocking && violations[0].left == 14 && violations[0].right == 12)
        #expect(violations[1].importance == .warning && violations[1].right == 40)
        #expect(violations[2].left == 110)  // the disaggregated element answers with its options' sum
        // Records disagree: the warning names it; a blank side skips a rule unless blanks count as zero.
        #expect(try ValidationRule.check(Self.form, values, records: ["villages": 13]).map(\.rule) == ["R1", "R2", "R3", "R4"])
        let partial = try ReportValues.read(["drug_free": "3"], form: Self.form, complete: false).get()
        #expect(try ValidationRule.check(Self.form, partial).isEmpty)
        var zero = Self.form.rules[0]
        zero.blanksAsZero = true
        #expect(try zero.check { partial.number($0) }?.right == 0)
    }

    @Test func aFormWithMistakesIsReported() {
        var form = Self.form
        form.elements.append(DataElement(code: "sessions", name: "again", type: .count))
        form.elements.append(DataElement(code: "kind", name: "Loại", type: .option, options: []))
        form.elements.append(DataElement(code: "bad-code", name: "x", type: .count))
        form.rules.append(ValidationRule(code: "R9", left: "ghost", comparison: .atLeast, right: "0", importance: .warning, message: "x"))
        form.rules.append(ValidationRule(code: "R10", left: "sessions +", comparison: .atLeast, right: "0", importance: .warning, message: "x"))
        #expect(Self.form.problems().isEmpty)
        let problems = form.problems()
        #expect(problems.contains("elements: duplicate code sessions"))
        #expect(problems.contains("elements.kind: an option list needs options"))
        #expect(problems.contains { $0.contains("«bad-code»") })
        #expect(problems.contains("rules.R9: unknown value ghost"))
        #expect(problems.contains { $0.hasPrefix("rules.R10: cannot read") })
    }

    /// Scores checked by hand: history 10 12 11 13 12 11 has median 11.5 and MAD 0.5.
    @Test func theModifiedZScoreFlagsWhatIsFarFromTheUnitsHistory() {
        let history: [Double] = [10, 12, 11, 13, 12, 11]
        let high = OutlierCheck.judge(20, history: history)
        #expect(high.median == 11.5 && high.basis == .mad && high.isOutlier)
        #expect(abs(high.score! - 0.6745 * 8.5 / 0.5) < 1e-12)
        #expect(!OutlierCheck.judge(12, history: history).isOutlier)
        // One earlier outlier does not hide the next one (a mean and SD would: 13 → 0.8 SD).
        #expect(OutlierCheck.judge(40, history: history + [200]).isOutlier)
        // Small counts: MAD 0, the mean absolute deviation (3/7) stands in.
        let sparse: [Double] = [0, 0, 0, 0, 0, 1, 2]
        let three = OutlierCheck.judge(3, history: sparse)
        #expect(three.basis == .meanAbsoluteDeviation && abs(three.score! - 3 / (1.253314 * 3 / 7)) < 1e-9 && three.isOutlier)
        #expect(!OutlierCheck.judge(1, history: sparse).isOutlier)
        // No spread at all, or too little history: nothing to judge by.
        #expect(OutlierCheck.judge(9, history: [4, 4, 4, 4, 4, 4]).basis == .noSpread)
        #expect(!OutlierCheck.judge(9, history: [4, 4, 4, 4, 4, 4]).isOutlier)
        #expect(OutlierCheck.judge(90, history: [1, 2, 3]).basis == .tooShort)
    }

    @Test func theWorkflowGoesUpAndComesBackWithAReason() {
        typealias S = SubmissionState
        #expect(S.draft.applying(.submit, by: .reporter) == .success(.submitted))
        #expect(S.submitted.applying(.giveBack, by: .reviewer, reason: "Thiếu số liệu hòa giải") == .success(.returned))
        #expect(S.submitted.applying(.giveBack, by: .reviewer, reason: "  ") == .failure(.reasonRequired))
        #expect(S.returned.applying(.submit, by: .reporter) == .success(.submitted))
        #expect(S.submitted.applying(.approve, by: .reviewer) == .success(.approved))
        #expect(S.approved.applying(.reopen, by: .reviewer, reason: "Sửa số liệu tháng 3") == .success(.draft))
        #expect(S.submitted.applying(.approve, by: .reporter) == .failure(.notYours(.approve)))
        #expect(S.draft.applying(.approve, by: .reviewer) == .failure(.notNow(state: .draft, action: .approve)))
        #expect(S.approved.applying(.submit, by: .reporter) == .failure(.notNow(state: .approved, action: .submit)))
        #expect(S.allCases.filter(\.isEditable) == [.draft, .returned])
    }

    @Test func completenessCountsOnlyUnitsThatExisted() throws {
        let march = try #require(ReportingPeriod("2026-M03")), deadline = Self.form.deadline(for: march)
        let today = CalendarDate(iso: "2026-04-01")!
        let always = Completeness.Lifetime(), openedInJuly = Completeness.Lifetime(opened: CalendarDate(iso: "2026-07-01"))
        let mergedInFebruary = Completeness.Lifetime(closed: CalendarDate(iso: "2026-02-20"))
        let onTime = Completeness.Report(firstSubmittedOn: CalendarDate(iso: "2026-03-18"), state: .approved)
        let late = Completeness.Report(firstSubmittedOn: CalendarDate(iso: "2026-03-25"), state: .submitted)
        let returned = Completeness.Report(firstSubmittedOn: CalendarDate(iso: "2026-03-16"), state: .returned)
        let statuses = [
            Completeness.status(always, period: march, deadline: deadline, report: onTime, today: today),
            Completeness.status(always, period: march, deadline: deadline, report: late, today: today),
            Completeness.status(always, period: march, deadline: deadline, report: returned, today: today),
            Completeness.status(always, period: march, deadline: deadline, report: nil, today: today),
            Completeness.status(openedInJuly, period: march, deadline: deadline, report: nil, today: today),
            Completeness.status(mergedInFebruary, period: march, deadline: deadline, report: nil, today: today),
        ]
        #expect(statuses == [.onTime, .late, .missing, .missing, .notExpected, .notExpected])
        let rate = Completeness.rate(statuses)
        #expect(rate == Completeness.Rate(expected: 4, reported: 2, onTime: 1) && rate.completeness == 0.5 && rate.timeliness == 0.25)
        // Before the deadline an unsent report is open, not missing; a unit opened in July owes July.
        #expect(Completeness.status(always, period: march, deadline: deadline, report: nil, today: CalendarDate(iso: "2026-03-16")!) == .open)
        #expect(openedInJuly.isExpected(for: try #require(ReportingPeriod("2026-M07"))))
        #expect(Completeness.rate([.notExpected]).completeness == nil)
    }
}
