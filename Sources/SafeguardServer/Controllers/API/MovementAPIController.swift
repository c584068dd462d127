import Fluent
import SafeguardCore
import Vapor

/// The movement in the JSON API: criteria sets, assessments (read, score, adjust, decide — the
/// same steps and checks as the pages, `UnitAssessments`), registrations, the communes' safety
/// recognition, the emulation ranking, the movement's target figures, and the lists of models,
/// drug-free communes and activities. Years default to this one; lists cover the caller's scope
/// or `?unit=`.
struct MovementAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("criteria-sets", use: criteriaSets)
        routes.get("criteria-sets", ":subject", use: criteriaSet)
        routes.get("assessments", use: assessments)
        routes.get("assessments", ":unit", use: assessment)
        routes.post("assessments", ":unit", use: score)
        routes.post("assessments", ":unit", "adjustments", use: adjust)
        routes.post("assessments", ":unit", "decisions", use: decide)
        routes.get("registrations", use: registrations)
        routes.post("registrations", use: register)
        routes.get("recognition", use: recognition)
        routes.get("emulation", use: emulation)
        routes.get("movement", "figures", use: figures)
        routes.get("models", use: models)
        routes.get("drug-free", use: drugFree)
        routes.get("events", use: events)
    }

    private func scope(_ req: Request) async throws -> OrgUnit {
        try await req.scope(unit: try? req.query.get(String.self, at: "unit"))
    }

    // MARK: Criteria sets

    func criteriaSets(req: Request) async throws -> [CriteriaSet] {
        try await CriteriaCatalog(db: req.db).current()
    }

    func criteriaSet(req: Request) async throws -> CriteriaSet {
        guard let subject = req.parameters.get("subject").flatMap(CriteriaSet.Subject.init(rawValue:)),
              let set = try await CriteriaCatalog(db: req.db).set(subject, version: try? req.query.get(Int.self, at: "version"))
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        return set
    }

    // MARK: Assessments

    struct AssessmentSummary: Content {
        var unit: String
        var name: String
        var year: Int
        /// nil: not started.
        var state: AssessmentState?
        var total: Double?
        var level: Classification?
        var late: Bool
        var submittedOn: String?
        var criteriaVersion: Int?
    }

    func assessments(req: Request) async throws -> [AssessmentSummary] {
        let scope = try await scope(req)
        let year = req.year
        let records = try await MovementQueries(req.db).assessments(in: scope, year: year)
        return try await MovementQueries(req.db).evaluatedUnits(in: scope, year: year).map { unit in
            let r = records[unit.code]
            return AssessmentSummary(unit: unit.code, name: unit.name, year: year, state: r?.state, total: r?.total, level: r?.level, late: r?.late ?? false,
                                     submittedOn: r?.submittedOn, criteriaVersion: r?.criteriaVersion)
        }
    }

    struct AssessmentDetail: Content {
        struct Criterion: Content {
            var code: String
            var text: String
            var maxPoints: Double
            var evidenceRequired: Bool
            var points: Double?
            var finalPoints: Double?
            var evidenceFiles: Int
        }

        struct Adjustment: Content {
            var criterion: String
            var points: Double
            var reason: String
            var by: String
        }

        var summary: AssessmentSummary
        var criteria: [Criterion]
        var adjustments: [Adjustment]
        var maximum: Double
        var returnReason: String?
    }

    private func unit(_ req: Request) async throws -> OrgUnit {
        guard let code = req.parameters.get("unit"), let unit = try await OrgUnit.find(code: code, on: req.db),
              CriteriaSet.Subject.of(unit.kind) != nil else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    private func detail(_ req: Request, _ unit: OrgUnit, year: Int) async throws -> AssessmentDetail {
        let store = UnitAssessments(db: req.db)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let a = try await store.assessment(record)
        let final = a.finalScores
        return AssessmentDetail(
            summary: .init(unit: unit.code, name: unit.name, year: year, state: record.state, total: a.total, level: a.level, late: record.late,
                           submittedOn: record.submittedOn, criteriaVersion: record.criteriaVersion),
            criteria: a.criteriaSet.criteria.map { c in
                .init(code: c.code, text: c.text, maxPoints: c.maxPoints, evidenceRequired: c.evidenceRequired, points: a.scores[c.code],
                      finalPoints: final[c.code], evidenceFiles: a.evidence[c.code] ?? 0)
            },
            adjustments: a.adjustments.map { .init(criterion: $0.criterion, points: $0.points, reason: $0.reason, by: $0.by) },
            maximum: a.criteriaSet.maximum, returnReason: record.state == .returned ? record.returnReason : nil)
    }

    func assessment(req: Request) async throws -> AssessmentDetail {
        try await detail(req, try await unit(req), year: req.year)
    }

    /// A refusal as 422 with every problem in the user's language.
    private func unprocessable(_ refusal: UnitAssessments.Refusal, _ set: CriteriaSet?, _ req: Request) -> Abort {
        let messages = set.map { AssessmentController.messages(refusal, $0, req) } ?? [req.t("assessment_not_evaluated")]
        return Abort(.unprocessableEntity, reason: messages.joined(separator: "; "))
    }

    struct ScoreInput: Content {
        var year: Int?
        var scores: [String: Double]
        var notes: [String: String]?
        var submit: Bool?
    }

    /// The unit's scores (JSON; evidence files are attached on the page), optionally submitted.
    func score(req: Request) async throws -> AssessmentDetail {
        let unit = try await unit(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let input = try req.content.decode(ScoreInput.self)
        let year = input.year ?? req.year
        let store = UnitAssessments(db: req.db)
        do {
            try await store.save(unit: unit, year: year, scores: input.scores, notes: input.notes ?? [:], files: [], submit: input.submit ?? false,
                                 today: CalendarDate(Date()), by: try req.user.username)
        } catch let refusal as UnitAssessments.Refusal {
            throw unprocessable(refusal, try await store.criteriaSet(for: unit, year: year), req)
        }
        try await req.audit(input.submit == true ? "submit" : "save", "assessment", key: "\(unit.code)/\(year)", detail: "api", on: req.db)
        return try await detail(req, unit, year: year)
    }

    struct AdjustInput: Content {
        var year: Int?
        var criterion: String
        var points: Double
        var reason: String
    }

    func adjust(req: Request) async throws -> AssessmentDetail {
        let unit = try await unit(req)
        try req.authorize(.reviewAssessment(unit: unit.code), on: unit)
        let input = try req.content.decode(AdjustInput.self)
        let year = input.year ?? req.year
        let store = UnitAssessments(db: req.db)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        do {
            try await store.adjust(record, .init(criterion: input.criterion, points: input.points, reason: input.reason, by: try req.user.username))
        } catch let refusal as UnitAssessments.Refusal {
            throw unprocessable(refusal, try await store.assessment(record).criteriaSet, req)
        }
        try await req.audit("adjust", "assessment", key: "\(unit.code)/\(year)", detail: "\(input.criterion) → \(input.points): \(input.reason)", on: req.db)
        return try await detail(req, unit, year: year)
    }

    struct DecideInput: Content {
        var year: Int?
        /// review, approve or return.
        var step: String
        var reason: String?
    }

    func decide(req: Request) async throws -> AssessmentDetail {
        let unit = try await unit(req)
        let input = try req.content.decode(DecideInput.self)
        let year = input.year ?? req.year
        guard let step = AssessmentStep(rawValue: input.step), [.review, .approve, .return].contains(step) else {
            throw Abort(.badRequest, reason: req.t("error.bad-request"))
        }
        try req.authorize(step == .approve ? .approveMovement : .reviewAssessment(unit: unit.code), on: unit)
        let store = UnitAssessments(db: req.db)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        do {
            try await store.decide(record, step, reason: input.reason, by: try req.user.username)
        } catch let refusal as UnitAssessments.Refusal {
            throw unprocessable(refusal, try await store.assessment(record).criteriaSet, req)
        }
        try await req.audit(step.rawValue, "assessment", key: "\(unit.code)/\(year)", detail: input.reason, on: req.db)
        if step == .return { req.application.deliverNoticesSoon() }
        return try await detail(req, unit, year: year)
    }

    // MARK: Registrations and recognition

    struct RegistrationDTO: Content {
        var unit: String
        var year: Int
        var safety: Bool
        var exemplary: Bool
        var registeredOn: String
        var late: Bool
    }

    func registrations(req: Request) async throws -> [RegistrationDTO] {
        let scope = try await scope(req)
        return try await RegistrationRecord.query(on: req.db).filter(\.$unitPath =~ scope.path).filter(\.$year == req.year).sort(\.$unitCode).all()
            .map { .init(unit: $0.unitCode, year: $0.year, safety: $0.safety, exemplary: $0.exemplary, registeredOn: $0.registeredOn, late: $0.late) }
    }

    struct RegisterInput: Content {
        var unit: String
        var year: Int?
        var safety: Bool
        var exemplary: Bool
    }

    func register(req: Request) async throws -> Response {
        let input = try req.content.decode(RegisterInput.self)
        guard let unit = try await OrgUnit.find(code: input.unit, on: req.db), CriteriaSet.Subject.of(unit.kind) != nil else {
            throw Abort(.notFound, reason: req.t("error.unit-not-found"))
        }
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let year = input.year ?? req.year
        let today = CalendarDate(Date())
        if case .failure(let errors) = MovementRegistration.validate(year: year, safety: input.safety, exemplary: input.exemplary, today: today) {
            throw Abort(.unprocessableEntity, reason: errors.errors.map { FieldMessages.message($0, req) }.joined(separator: "; "))
        }
        try await MovementQueries(req.db).register(unit, year: year, safety: input.safety, exemplary: input.exemplary, today: today,
                                                   by: try req.user.username)
        try await req.audit("register", "movement-registration", key: "\(unit.code)/\(year)", detail: "safety=\(input.safety) exemplary=\(input.exemplary)", on: req.db)
        return Response(status: .noContent)
    }

    struct CommuneRecognitionDTO: Content {
        var unit: String
        var name: String
        var members: Int
        var recognisedMembers: [String]
        var recognised: Bool
        var reasons: [String]
    }

    func recognition(req: Request) async throws -> [CommuneRecognitionDTO] {
        let app = req.application
        return try await MovementQueries(req.db).recognition(in: try await scope(req), year: req.year) { try RecognitionController.checklist(for: $0, app) }.map {
            .init(unit: $0.commune.code, name: $0.commune.name, members: $0.members.count, recognisedMembers: $0.recognised.sorted(),
                  recognised: $0.verdict.recognised, reasons: $0.verdict.reasons)
        }
    }

    // MARK: Emulation and figures

    struct EmulationRowDTO: Content {
        struct Part: Content {
            var name: String
            var value: Double?
            var weight: Double
            var points: Double
        }

        var rank: Int
        var unit: String
        var name: String
        var score: Double
        var parts: [Part]
    }

    func emulation(req: Request) async throws -> [EmulationRowDTO] {
        let province = try await req.recordScope()
        guard province.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        return try await EmulationStanding(db: req.db).rank(province: province, year: req.year, weights: EmulationRanking.Weights()).map { e in
            .init(rank: e.row.rank, unit: e.unit.code, name: e.unit.name, score: e.row.score,
                  parts: e.row.parts.map { .init(name: $0.name, value: $0.value, weight: $0.weight, points: $0.points) })
        }
    }

    struct FiguresDTO: Content {
        var unit: String
        var year: Int
        var communes: Int
        var communesWithAntiDrugModel: Int
        var communesDrugFree: Int
        var communesRegistered: Int
        var cyberspaceUnits: Int
        var unitsInCyberspace: Int
        var unitsAssessed: Int
        var unitsRatedWeak: Int
    }

    func figures(req: Request) async throws -> FiguresDTO {
        let scope = try await scope(req)
        let f = try await MovementQueries(req.db).figures(scope: scope, year: req.year)
        return FiguresDTO(unit: scope.code, year: req.year, communes: f.communes, communesWithAntiDrugModel: f.communesWithAntiDrugModel,
                          communesDrugFree: f.communesDrugFree, communesRegistered: f.communesRegistered, cyberspaceUnits: f.cyberspaceUnits,
                          unitsInCyberspace: f.unitsInCyberspace, unitsAssessed: f.unitsAssessed, unitsRatedWeak: f.unitsRatedWeak)
    }

    // MARK: Models, drug-free communes, activities

    struct ModelDTO: Content {
        var id: UUID
        var unit: String
        var name: String
        var field: ModelField
        var status: ModelStatus
        var startedOn: String
        var members: Int
        var origin: UUID?
    }

    func models(req: Request) async throws -> [ModelDTO] {
        let scope = try await scope(req)
        return try await MovementModelRecord.query(on: req.db).filter(\.$unitPath =~ scope.path).sort(\.$unitCode).sort(\.$name).limit(5000).all().map {
            .init(id: try $0.requireID(), unit: $0.unitCode, name: $0.name, field: $0.field, status: $0.status, startedOn: $0.startedOn, members: $0.members,
                  origin: $0.$origin.id)
        }
    }

    struct DrugAreaDTO: Content {
        var unit: String
        var year: Int
        var keyAreaTypeI: Bool
        var conditions: [String]
        var checklistMet: [String]
        var decisionNumber: String?
        var decisionDate: String?
    }

    func drugFree(req: Request) async throws -> [DrugAreaDTO] {
        let scope = try await scope(req)
        return try await DrugAreaRecord.query(on: req.db).filter(\.$unitPath =~ scope.path).filter(\.$year == req.year).sort(\.$unitCode).all().map { r in
            let (typeI, conditions) = DrugKeyArea.isTypeI(r.figures)
            return .init(unit: r.unitCode, year: r.year, keyAreaTypeI: typeI, conditions: conditions.filter(\.holds).map(\.text),
                         checklistMet: r.metCodes.sorted(), decisionNumber: r.decisionNumber, decisionDate: r.decisionDate)
        }
    }

    struct EventDTO: Content {
        var id: UUID
        var unit: String
        var kind: OutreachKind
        var title: String
        var heldOn: String
        var participants: Int
    }

    func events(req: Request) async throws -> [EventDTO] {
        let scope = try await scope(req)
        let months = ReportingPeriod(year: req.year, kind: .year).months
        return try await OutreachEventRecord.query(on: req.db).filter(\.$unitPath =~ scope.path)
            .filter(\.$heldMonth >= months.lowerBound.code).filter(\.$heldMonth <= months.upperBound.code).sort(\.$heldOn, .descending).limit(5000).all()
            .map { .init(id: try $0.requireID(), unit: $0.unitCode, kind: $0.kind, title: $0.title, heldOn: $0.heldOn, participants: $0.participants) }
    }
}

extension CriteriaSet: Content {}
