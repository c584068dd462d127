import Testing
@testable import SafeguardCore

@Suite struct PlanValidatorTests {
    let validator = PlanValidator(directory: Fixtures.directory)

    private func issues(_ doc: PlanDocument) -> [PlanIssue] {
        guard case .failure(let failure) = validator.validate(doc) else { return [] }
        return failure.issues
    }

    @Test func validPlanResolvesEveryAgency() throws {
        let plan = try validator.validate(Fixtures.plan()).get()
        #expect(plan.date == CalendarDate(year: 2026, month: 2, day: 5))
        #expect(plan.targets.map(\.id) == ["T1", "T5"])
        #expect(plan.targets[1].severities == [.verySerious, .especiallySerious])
        #expect(plan.tasks.map(\.id) == ["II.1.1", "II.1.2", "II.2.a.1", "II.2.a.1.1"])
        // "các sở, ngành, địa phương" = both departments and both localities of province 31 — not Hà Nội's ward.
        #expect(plan.tasks[0].lead.map(\.code) == ["11311", "11312", "31-CATP", "31-STP"])
        #expect(plan.tasks[1].lead.map(\.code) == ["31-CATP"])
        // The lead unit is not listed again as coordinating.
        #expect(plan.tasks[1].coordinating.map(\.code) == ["11311", "11312", "31-STP"])
        #expect(plan.tasks[2].groupID == "II.2.a")
        #expect(plan.tasks[3].parentID == "II.2.a.1")
        #expect(plan.tasks[3].lead.map(\.code) == ["31-LDLD", "31-MTTQ"])
        #expect(plan.duties[0].responsible.map(\.code) == ["31-CATP", "31-STP"])
    }

    @Test func unknownAgencyIsReportedWithItsPath() {
        var doc = Fixtures.plan()
        doc.sections[1].groups![0].tasks[0].items![0].lead = ["31-XYZ"]
        #expect(issues(doc) == [PlanIssue(path: "sections[1].groups[0].tasks[0].items[0].lead[0]", reason: .unknownAgency("31-XYZ"))])
    }

    @Test func agencyOfAnotherProvinceIsRejected() {
        var doc = Fixtures.plan()
        doc.sections[0].tasks[1].coordinating = ["00004"]
        #expect(issues(doc) == [PlanIssue(path: "sections[0].tasks[1].coordinating[0]", reason: .agencyOutsideProvince(code: "00004", province: "31"))])
    }

    @Test func unknownMetricAndBadDateAreBothReported() {
        var doc = Fixtures.plan()
        doc.targets[0].metric = "happiness"
        doc.plan.date = "2026-02-30"
        let found = issues(doc)
        #expect(found.contains(PlanIssue(path: "targets[0].metric", reason: .unknownMetric("happiness"))))
        #expect(found.contains(PlanIssue(path: "plan.date", reason: .malformedDate("2026-02-30"))))
        #expect(found.first { $0.path == "targets[0].metric" }?.message.contains("ttxh-cases") == true)
    }

    @Test(arguments: ["05/02/2026", "2026-2-5", "2026-13-01", "", "2025-02-29"])
    func malformedDates(_ text: String) {
        var doc = Fixtures.plan()
        doc.plan.date = text
        #expect(issues(doc) == [PlanIssue(path: "plan.date", reason: .malformedDate(text))])
    }

    @Test func taskWithoutLeadIsRejected() {
        var doc = Fixtures.plan()
        doc.sections[0].tasks[0].lead = []
        #expect(issues(doc) == [PlanIssue(path: "sections[0].tasks[0].lead", reason: .noLeadAgency)])
    }

    @Test func duplicateIDsAreRejected() {
        var doc = Fixtures.plan()
        doc.sections[0].tasks[1].id = "II.1.1"
        #expect(issues(doc) == [PlanIssue(path: "sections[0].tasks[1].id", reason: .duplicateID("II.1.1"))])
    }

    @Test func targetDefinitionRules() {
        var doc = Fixtures.plan()
        doc.targets[0].baseline = nil
        doc.targets[1].unit = "count"
        doc.targets[1].filter = .init(severities: ["minor"])
        doc.targets[1].comparison = "≥"
        let found = Set(issues(doc).map(\.path))
        #expect(found == ["targets[0].baseline", "targets[1].unit", "targets[1].filter.severities[0]", "targets[1].comparison"])
    }

    @Test func aRateDefinitionIsDataCheckedAgainstItsMetric() throws {
        var doc = Fixtures.plan()
        doc.targets[1].definition = .init(numerator: ["cases-solved"], denominator: ["cases-occurred", "-cases-solved"], source: " Thống kê ")
        let target = try #require(try PlanValidator(directory: Fixtures.directory).validate(doc).get().targets.first { $0.id == "T5" })
        #expect(target.definition == RateDefinition(numerator: [.init(.casesSolved)], denominator: [.init(.casesOccurred), .init(.casesSolved, sign: -1)], source: "Thống kê"))
        // Without one, the standard definition applies.
        doc.targets[1].definition = nil
        #expect(try PlanValidator(directory: Fixtures.directory).validate(doc).get().targets.first { $0.id == "T5" }?.definition == RateDefinition.standard(for: .clearanceRate))
        doc.targets[1].definition = .init(numerator: ["solved"], denominator: ["cases-occurred"], source: nil)
        #expect(issues(doc) == [PlanIssue(path: "targets[1].definition.numerator[0]", reason: .unknownTerm("solved"))])
        doc.targets[1].definition = .init(numerator: ["decided"], denominator: ["cases-occurred"], source: nil)
        #expect(issues(doc) == [PlanIssue(path: "targets[1].definition", reason: .definitionNotAllowed(metric: "clearance-rate"))])
        doc.targets[1].definition = .init(numerator: ["cases-solved"], denominator: [], source: nil)
        #expect(issues(doc) == [PlanIssue(path: "targets[1].definition", reason: .definitionNotAllowed(metric: "clearance-rate"))])
        doc.targets[0].definition = .init(numerator: ["cases-occurred"], denominator: ["cases-occurred"], source: nil)
        doc.targets[1].definition = nil
        #expect(issues(doc) == [PlanIssue(path: "targets[0].definition", reason: .definitionNotAllowed(metric: "ttxh-cases"))])
    }

    @Test func severityFilterOnlyOnCaseMetrics() {
        var doc = Fixtures.plan()
        doc.targets[1].metric = "drug-free-communes-share"
        #expect(issues(doc) == [PlanIssue(path: "targets[1].filter", reason: .filterNotAllowed(metric: "drug-free-communes-share"))])
    }

    @Test func baselineMustPrecedePlanYear() {
        var doc = Fixtures.plan()
        doc.targets[0].baseline = .init(year: 2026)
        #expect(issues(doc) == [PlanIssue(path: "targets[0].baseline.year", reason: .baselineNotBefore(baseline: 2026, plan: 2026))])
    }

    @Test func percentThresholdAbove100IsRejected() {
        var doc = Fixtures.plan()
        doc.targets[1].threshold = 120
        #expect(issues(doc) == [PlanIssue(path: "targets[1].threshold", reason: .invalidThreshold(120))])
    }

    @Test func canonicalDataIgnoresNothingButFormatting() throws {
        let a = try Fixtures.plan().canonicalData()
        var changed = Fixtures.plan()
        #expect(try changed.canonicalData() == a)
        changed.targets[0].threshold = 87
        #expect(try changed.canonicalData() != a)
    }
}
