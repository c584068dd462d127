import Testing
@testable import SafeguardCore

/// The movement's evaluation: levels from points and cut-offs, criteria versioning, the
/// 70%/100% recognition rule, the type-I 3-of-5 rule, and the year-end ranking's traceable parts.
@Suite struct MovementTests {
    static let set = CriteriaSet(subject: .residentialArea, version: 1, criteria: [
        .init(code: "TC1", text: "Đăng ký xây dựng khu dân cư an toàn trong quý I", maxPoints: 3, evidenceRequired: true),
        .init(code: "TC2", text: "Tuyên truyền đến ≥ 90% hộ gia đình", maxPoints: 3),
        .init(code: "TC3", text: "Không để xảy ra tội phạm nghiêm trọng", maxPoints: 4),
    ])

    @Test func levelsFollowTheCutOffs() {
        #expect(Self.set.maximum == 10 && Self.set.problems().isEmpty)
        #expect(Self.set.classify(9) == .excellent && Self.set.classify(8.99) == .good)
        #expect(Self.set.classify(7) == .good && Self.set.classify(5) == .average && Self.set.classify(4.9) == .weak)
        #expect(Classification.weak < .average && Classification.good < .excellent)
        var odd = Self.set
        odd.cutOffs = [.excellent: 0.6, .good: 0.7, .average: 0.5]
        #expect(odd.problems() == ["cutOffs: excellent > good > average, each between 0 and 1"])
        odd.criteria.append(.init(code: "TC1", text: "again", maxPoints: 0))
        #expect(odd.problems().contains("criteria: duplicate code TC1") && odd.problems().contains("criteria.TC1: maxPoints must be above 0 and at most 1000"))
        #expect(CriteriaSet.Subject.of(.residentialGroup) == .residentialArea && CriteriaSet.Subject.of(.school) == .agency && CriteriaSet.Subject.of(.province) == nil)
    }

    @Test func aScoreAboveTheMaximumIsRefusedNamingTheCriterion() throws {
        let high = Assessment(set: Self.set, scores: ["TC1": 3, "TC2": 4, "TC9": 1], evidence: ["TC1": 1])
        guard case .failure(let errors) = high.validate() else { Issue.record("accepted"); return }
        #expect(errors.errors == [FieldError("TC9", .unknownValue("TC9")), FieldError("TC2", .outOfRange("0–3"))])
        // Points on a criterion that needs evidence, without it.
        guard case .failure(let bare) = Assessment(set: Self.set, scores: ["TC1": 2]).validate() else { Issue.record("accepted"); return }
        #expect(bare.errors == [FieldError("TC1", .required)])
        let ok = try Assessment(set: Self.set, scores: ["TC1": 3, "TC2": 3, "TC3": 4], evidence: ["TC1": 2]).validate().get()
        #expect(ok.total == 10 && ok.level == .excellent)
    }

    @Test func reviewersAdjustWithAReason() throws {
        let own = Assessment(set: Self.set, scores: ["TC1": 3, "TC2": 3, "TC3": 4], evidence: ["TC1": 1])
        guard case .failure(let noReason) = own.adjusting(.init(criterion: "TC3", points: 1, reason: " ", by: "xa")) else { return }
        #expect(noReason.errors == [FieldError("reason", .required)])
        guard case .failure(let tooMuch) = own.adjusting(.init(criterion: "TC3", points: 5, reason: "x", by: "xa")) else { return }
        #expect(tooMuch.errors == [FieldError("TC3", .outOfRange("0–4"))])
        let adjusted = try own.adjusting(.init(criterion: "TC3", points: 1, reason: "Xảy ra 1 vụ cố ý gây thương tích", by: "xa")).get()
        #expect(adjusted.scores["TC3"] == 4 && adjusted.finalScores["TC3"] == 1 && adjusted.total == 7 && adjusted.level == .good)
    }

    @Test func criteriaVersionsLeaveOldAssessmentsAlone() {
        let revised = Self.set.revised(criteria: Self.set.criteria + [.init(code: "TC4", text: "Mô hình tự quản", maxPoints: 10)])
        #expect(revised.version == 2 && revised.maximum == 20 && Self.set.version == 1)
        let old = Assessment(set: Self.set, scores: ["TC1": 3, "TC2": 3, "TC3": 3], evidence: ["TC1": 1])
        #expect(old.level == .excellent)  // 9 of version 1's 10 points; the same scores are 9 of 20 on version 2
        #expect(Assessment(set: revised, scores: old.scores, evidence: old.evidence).level == .weak)
    }

    @Test func deadlinesAcceptLateSubmissionsOnlyAsLate() {
        #expect(Assessment.deadline(for: .residentialArea, year: 2026) == CalendarDate(iso: "2026-11-19"))
        #expect(Assessment.deadline(for: .commune, year: 2026) == CalendarDate(iso: "2026-11-29"))
        #expect(!Assessment.isLate(submittedOn: CalendarDate(iso: "2026-11-19")!, subject: .residentialArea, year: 2026))
        #expect(Assessment.isLate(submittedOn: CalendarDate(iso: "2026-11-20")!, subject: .residentialArea, year: 2026))
        #expect(Assessment.isLate(submittedOn: CalendarDate(iso: "2026-11-30")!, subject: .agency, year: 2026))
    }

    @Test func aCommuneNeedsAllRegisteredAndSeventyPercentRecognised() {
        let ok = SafetyRecognition.commune(.init(members: 10, registered: 10, recognised: 7))
        #expect(ok.recognised && ok.reasons.isEmpty)
        let short = SafetyRecognition.commune(.init(members: 10, registered: 10, recognised: 4))
        #expect(!short.recognised && short.reasons == ["thiếu 3 khu dân cư, đơn vị được công nhận (cần ít nhất 7/10, 70%)"])
        let unregistered = SafetyRecognition.commune(.init(members: 12, registered: 11, recognised: 9, incidents: ["vụ giết người"]))
        #expect(unregistered.reasons == ["thiếu 1 khu dân cư, đơn vị đăng ký xây dựng (cần 100%)", "xảy ra vụ giết người"])
        // 70% of 11 is 7.7: eight are needed.
        #expect(!SafetyRecognition.commune(.init(members: 11, registered: 11, recognised: 7)).recognised)
        #expect(SafetyRecognition.commune(.init(members: 11, registered: 11, recognised: 8)).recognised)
        #expect(SafetyRecognition.residentialArea(unmet: ["TC2"]).reasons == ["chưa đạt tiêu chí: TC2"])
        #expect(SafetyRecognition.residentialArea(unmet: []).recognised)
    }

    @Test func aTypeIKeyAreaNeedsThreeOfTheFiveConditions() {
        let two = DrugKeyArea.isTypeI(.init(population: 20_000, users: 100, venues: 2, offenders: 10))
        #expect(!two.typeI && two.conditions.filter(\.holds).count == 2)
        #expect(two.conditions[0].text == "người sử dụng trái phép chất ma túy ≥ 0,5% dân số (100 người, 0,5%)")
        let three = DrugKeyArea.isTypeI(.init(population: 20_000, users: 100, venues: 2, offenders: 20))
        #expect(three.typeI && three.conditions.map(\.holds) == [true, true, true, false, false])
        let plants = DrugKeyArea.isTypeI(.init(population: 5_000, users: 0, venues: 3, offenders: 0, drugPlants: 0, drugPlantArea: 800, onTraffickingRoute: true))
        #expect(plants.typeI)
        #expect(!DrugKeyArea.isTypeI(.init(population: 0, users: 5, venues: 0, offenders: 5)).typeI)
    }

    @Test func theRankingKeepsEveryPartOfEveryScore() {
        let rows = EmulationRanking.rank([
            .init(unit: "B", classification: .good, targetsMet: 0.8, tasksOnTime: 1, reportsOnTime: 1),
            .init(unit: "A", classification: .excellent, targetsMet: 0.5, tasksOnTime: 0.5, reportsOnTime: nil),
            .init(unit: "C", classification: .good, targetsMet: 0.8, tasksOnTime: 1, reportsOnTime: 1),
        ])
        #expect(rows.map(\.unit) == ["B", "C", "A"] && rows.map(\.rank) == [1, 1, 3])
        // B: 0.4·2/3 + 0.3·0.8 + 0.2·1 + 0.1·1 = 0.8067 → 80.7.
        #expect(rows[0].score == 80.7 && rows[0].parts.map(\.points) == [26.7, 24, 20, 10])
        #expect(rows[2].parts.last?.value == nil && rows[2].parts.last?.points == 0)
        let tasksOnly = EmulationRanking.rank([.init(unit: "A", classification: nil, targetsMet: nil, tasksOnTime: 0.5, reportsOnTime: nil)],
                                               weights: .init(classification: 0, targets: 0, tasks: 2, reports: 0))
        #expect(tasksOnly[0].score == 50 && tasksOnly[0].parts[2].weight == 1)
    }
}

/// The evaluation's steps, registrations in the first quarter, and the movement's targets in the KPI engine.
@Suite struct MovementWorkflowTests {
    @Test func eachStepIsOpenOnlyFromItsStates() {
        #expect(AssessmentStep.save.next(from: .draft) == .draft && AssessmentStep.save.next(from: .returned) == .returned)
        #expect(AssessmentStep.save.next(from: .submitted) == nil && AssessmentStep.submit.next(from: .approved) == nil)
        #expect(AssessmentStep.submit.next(from: .returned) == .submitted)
        #expect(AssessmentStep.adjust.next(from: .reviewed) == .reviewed && AssessmentStep.adjust.next(from: .draft) == nil)
        #expect(AssessmentStep.review.next(from: .submitted) == .reviewed && AssessmentStep.review.next(from: .reviewed) == nil)
        #expect(AssessmentStep.approve.next(from: .submitted) == .approved && AssessmentStep.approve.next(from: .reviewed) == .approved)
        #expect(AssessmentStep.approve.next(from: .approved) == nil && AssessmentStep.return.next(from: .approved) == nil)
        #expect(AssessmentStep.return.next(from: .reviewed) == .returned)
        #expect(AssessmentStep.reopen.next(from: .approved) == .reviewed && AssessmentStep.reopen.next(from: .submitted) == nil)
        #expect(AssessmentState.allCases.filter(\.isOpenToTheUnit) == [.draft, .returned])
    }

    @Test func scoresAreReadAsTypedAndBadOnesNamed() throws {
        #expect(try Assessment.parseScores(["K1": "7,5", "K2": " 3 "]).get() == ["K1": 7.5, "K2": 3])
        guard case .failure(let e) = Assessment.parseScores(["K1": "bảy", "K2": "1"]) else { Issue.record("accepted"); return }
        #expect(e.errors == [FieldError("K1", .malformedNumber("bảy"))])
    }

    @Test func registrationsAreDueInTheFirstQuarter() {
        let today = CalendarDate(iso: "2026-11-30")!
        #expect(MovementRegistration.deadline(year: 2026) == CalendarDate(iso: "2026-03-31"))
        #expect(!MovementRegistration.isLate(registeredOn: CalendarDate(iso: "2026-03-31")!, year: 2026))
        #expect(MovementRegistration.isLate(registeredOn: CalendarDate(iso: "2026-04-01")!, year: 2026))
        guard case .failure(let e) = MovementRegistration.validate(year: 2025, safety: false, exemplary: false, today: today) else { Issue.record("accepted"); return }
        #expect(e.errors == [FieldError("year", .outOfRange("2026–2027")), FieldError("registration", .required)])
        #expect((try? MovementRegistration.validate(year: 2027, safety: true, exemplary: false, today: today).get()) != nil)
    }

    static func target(_ metric: TargetMetric, _ comparison: Comparison, _ threshold: Double, _ unit: ThresholdUnit) -> Target {
        Target(id: metric.rawValue, text: "", metric: metric, comparison: comparison, threshold: threshold, unit: unit)
    }

    @Test func theMovementsTargetsAreYearlyFiguresFromItsData() {
        let figures = MovementFigures(communes: 10, communesWithAntiDrugModel: 10, communesDrugFree: 4, communesRegistered: 9, cyberspaceUnits: 12,
                                      unitsInCyberspace: 12, unitsAssessed: 40, unitsRatedWeak: 1)
        let engine = KPIEngine(cases: CaseHistogram([]), reports: ReportHistogram([]), movement: figures)
        let year = ReportingPeriod(year: 2026, kind: .year)
        let now = StatisticalMonth(year: 2026, month: 11)
        let drugFree = engine.evaluate(Self.target(.drugFreeCommunesShare, .atLeast, 50, .percent), period: year, currentMonth: now)
        #expect(drugFree.value == 40 && drugFree.status == .notMet && drugFree.projection == nil)
        #expect(engine.evaluate(Self.target(.drugMovementLaunchedShare, .atLeast, 100, .percent), period: year, currentMonth: now).status == .met)
        #expect(engine.evaluate(Self.target(.communesRegisteredShare, .atLeast, 100, .percent), period: year, currentMonth: now).value == 90)
        let weak = engine.evaluate(Self.target(.unitsRatedWeak, .equal, 0, .count), period: year, currentMonth: now)
        #expect(weak.value == 1 && weak.status == .notMet)
        // Not monthly: no sparkline values.
        #expect(engine.monthlyValues(Self.target(.cyberspaceMovementShare, .atLeast, 100, .percent), endingWith: now).allSatisfy { $0 == nil })
        // None rated yet: nothing to measure; without the movement's data: no data.
        let none = KPIEngine(cases: CaseHistogram([]), reports: ReportHistogram([]), movement: MovementFigures(communes: 10))
        #expect(none.evaluate(Self.target(.unitsRatedWeak, .equal, 0, .count), period: year, currentMonth: now).status == .empty)
        #expect(KPIEngine(cases: CaseHistogram([]), reports: ReportHistogram([])).evaluate(Self.target(.unitsRatedWeak, .equal, 0, .count), period: year, currentMonth: now).status == .noData)
    }
}

/// A commune's drug figures as typed: bad numbers named, only the checklist's items count, a
/// decision only with every item met.
@Suite struct DrugAreaDraftTests {
    static let list = RecognitionChecklist(items: [.init(code: "D1", text: "a"), .init(code: "D2", text: "b")])
    static let today = CalendarDate(iso: "2026-11-30")!

    @Test func badFiguresAreNamed() {
        let draft = DrugAreaDraft(population: "20.000", users: "-1", venues: "", offenders: "3", drugPlants: nil, drugPlantArea: "nhiều",
                                  onRoute: false, met: [], decisionNumber: nil, decisionDate: nil)
        guard case .failure(let e) = draft.validate(checklist: Self.list, today: Self.today, decidedAbove: true) else { Issue.record("accepted"); return }
        #expect(e.errors == [FieldError("population", .malformedNumber("20.000")), FieldError("users", .outOfRange("-1")),
                             FieldError("drug_plant_area", .malformedNumber("nhiều"))])
    }

    @Test func aDecisionNeedsEveryItem() throws {
        var draft = DrugAreaDraft(population: "20000", users: "10", venues: "0", offenders: "2", drugPlants: "0", drugPlantArea: "12,5",
                                  onRoute: true, met: ["D1", "D9"], decisionNumber: "5/QĐ", decisionDate: "2026-11-01")
        guard case .failure(let e) = draft.validate(checklist: Self.list, today: Self.today, decidedAbove: true) else { Issue.record("accepted"); return }
        #expect(e.errors == [FieldError("checklist", .notMet("D2: b"))])
        draft.met = ["D1", "D2", "D9"]
        let valid = try draft.validate(checklist: Self.list, today: Self.today, decidedAbove: true).get()
        #expect(valid.met == ["D1", "D2"] && valid.figures.drugPlantArea == 12.5 && valid.figures.onTraffickingRoute)
        #expect(valid.decision == DrugAreaDraft.Decision(number: "5/QĐ", date: CalendarDate(iso: "2026-11-01")!))
        #expect(!DrugKeyArea.isTypeI(valid.figures).typeI)
    }

    /// A commune does not recognise itself, and a type-I key area (by its own figures) cannot be
    /// recognised drug-free at all; both named on the decision.
    @Test func aRecognitionIsTheLevelAbovesAndNeverOfATypeIArea() throws {
        let clean = DrugAreaDraft(population: "20000", users: "10", venues: "0", offenders: "2", drugPlants: "0", drugPlantArea: "0",
                                  onRoute: false, met: ["D1", "D2"], decisionNumber: "5/QĐ", decisionDate: "2026-11-01")
        guard case .failure(let own) = clean.validate(checklist: Self.list, today: Self.today, decidedAbove: false) else { Issue.record("accepted"); return }
        #expect(own.errors == [FieldError("decision_number", .decidedAbove)])
        var typeI = clean
        (typeI.users, typeI.venues, typeI.offenders) = ("100", "2", "25")
        guard case .failure(let area) = typeI.validate(checklist: Self.list, today: Self.today, decidedAbove: true) else { Issue.record("accepted"); return }
        #expect(area.errors == [FieldError("decision_number", .keyAreaTypeI)])
        // Figures alone, without a decision, are the commune's to save whatever they show.
        var figures = typeI
        (figures.decisionNumber, figures.decisionDate) = (nil, nil)
        #expect((try? figures.validate(checklist: Self.list, today: Self.today, decidedAbove: false).get()) != nil)
    }
}
