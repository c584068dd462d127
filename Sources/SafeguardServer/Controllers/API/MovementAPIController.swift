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
        routes.put("criteria-sets", ":subject", use: reviseCriteriaSet)
        routes.get("assessments", use: assessments)
        routes.get("assessments", ":unit", use: assessment)
        routes.post("assessments", ":unit", use: score)
        routes.post("assessments", ":unit", "adjustments", use: adjust)
        routes.post("assessments", ":unit", "decisions", use: decide)
        routes.get("registrations", use: registrations)
        routes.post("registrations", use: register)
        routes.get("recognition", use: recognition)
        routes.post("recognition", ":unit", use: recognise)
        routes.get("emulation", use: emulation)
        routes.get("movement", "figures", use: figures)
        routes.get("models", use: models)
        routes.post("models", use: createModel)
        routes.post("models", ":id", "reviews", use: reviewModel)
        routes.put("models", ":id", "status", use: setModelStatus)
        routes.post("models", ":id", "replicas", use: replicateModel)
        routes.get("drug-free", use: drugFree)
        routes.put("drug-free", ":unit", use: saveDrugArea)
        routes.get("events", use: events)
        routes.on(.POST, "events", body: .collect(maxSize: TaskController.maximumBody), use: createEvent).collecting(TaskController.maximumBody)
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

    struct Revised: Content {
        var subject: CriteriaSet.Subject
        var version: Int
        /// False when the set equals the newest version (nothing stored).
        var created: Bool
    }

    /// A revised set (JSON, the shape `GET` returns) stored as the next version once it has no problem.
    func reviseCriteriaSet(req: Request) async throws -> Revised {
        try req.authorize(.approveMovement)
        guard let subject = req.parameters.get("subject").flatMap(CriteriaSet.Subject.init(rawValue:)) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let set = try req.content.decode(CriteriaSet.self)
        var problems = set.problems()
        if set.subject != subject { problems.append(req.t("report_forms_error_code").replacingOccurrences(of: "{code}", with: subject.rawValue)) }
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: "; ")) }
        switch try await CriteriaCatalog(db: req.db).revise(set, by: try req.user.username) {
        case .created(let version):
            try await req.audit("revise", "criteria-set", key: subject.rawValue, detail: "version \(version) (api)", on: req.db)
            return Revised(subject: subject, version: version, created: true)
        case .unchanged(let version):
            return Revised(subject: subject, version: version, created: false)
        }
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
        try await req.audit("adjust", "assessment", key: "\(unit.code)/\(year)", detail: "\(input.criterion) → \(Formatting.number(input.points, .en)): \(input.reason)", on: req.db)
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
        guard let step = AssessmentStep(rawValue: input.step), UnitAssessments.decisions.contains(step) else {
            throw Abort(.badRequest, reason: req.t("error.bad-request"))
        }
        try req.authorize(step == .approve || step == .reopen ? .approveMovement : .reviewAssessment(unit: unit.code), on: unit)
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
        return try await RegistrationRecord.query(in: scope, on: req.db).filter(\.$year == req.year).sort(\.$unitCode).all()
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

    struct MemberRecognitionDTO: Content {
        var unit: String
        var year: Int
        var met: [String]
        var recognised: Bool
        /// The items not met, "code: text".
        var missing: [String]
    }

    /// The commune records which of its checklist's items a residential area or unit met.
    func recognise(req: Request) async throws -> MemberRecognitionDTO {
        guard let code = req.parameters.get("unit"), let unit = try await OrgUnit.find(code: code, on: req.db), unit.kind.isGrassroots,
              let checklist = try RecognitionController.checklist(for: unit.kind, req.application) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
        try req.authorize(.reviewAssessment(unit: unit.code), on: unit)
        struct Input: Content { var year: Int?; var met: [String] }
        let input = try req.content.decode(Input.self)
        let record = try await MovementRecords(req: req).recordRecognition(of: unit, year: input.year ?? req.year, met: input.met, checklist: checklist)
        return MemberRecognitionDTO(unit: unit.code, year: record.year, met: record.metCodes.sorted(), recognised: record.recognised,
                                    missing: checklist.missing(record.metCodes).map { "\($0.code): \($0.text)" })
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
        return try await MovementModelRecord.query(in: scope, on: req.db).sort(\.$unitCode).sort(\.$name).limit(5000).all().map {
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
        return try await DrugAreaRecord.query(in: scope, on: req.db).filter(\.$year == req.year).sort(\.$unitCode).all().map { r in
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
        return try await OutreachEventRecord.query(in: scope, on: req.db)
            .filter(\.$heldMonth >= months.lowerBound.code).filter(\.$heldMonth <= months.upperBound.code).sort(\.$heldOn, .descending).limit(5000).all()
            .map { .init(id: try $0.requireID(), unit: $0.unitCode, kind: $0.kind, title: $0.title, heldOn: $0.heldOn, participants: $0.participants) }
    }

    // MARK: Writes to the registries (the same checks and records as the pages, `MovementRecords`)

    /// The unit named in a body (one the caller may act for), else the caller's own.
    private func actingUnit(_ req: Request, _ code: String?) async throws -> OrgUnit {
        guard let code else { return try req.ownUnitForEditing() }
        guard let unit = try await OrgUnit.find(code: code, on: req.db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    private func refusal(_ errors: FieldErrors, _ req: Request) -> Abort {
        Abort(.unprocessableEntity, reason: errors.errors.map { FieldMessages.message($0, req) }.joined(separator: "; "))
    }

    private func model(_ req: Request) async throws -> (MovementModelRecord, OrgUnit) {
        guard let id = req.parameters.get("id", as: UUID.self), let model = try await MovementModelRecord.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: model.unitCode, on: req.db) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        return (model, unit)
    }

    private static func dto(_ m: MovementModelRecord) throws -> ModelDTO {
        .init(id: try m.requireID(), unit: m.unitCode, name: m.name, field: m.field, status: m.status, startedOn: m.startedOn, members: m.members, origin: m.$origin.id)
    }

    struct NewModel: Content {
        var unit: String?
        var name: String
        var field: String
        var technology: [String]?
        var startedOn: String
        var members: Int?
        var results: String?
    }

    func createModel(req: Request) async throws -> Response {
        let input = try req.content.decode(NewModel.self)
        let unit = try await actingUnit(req, input.unit)
        let draft = ModelDraft(name: input.name, field: input.field, technology: input.technology?.joined(separator: ", "), startedOn: input.startedOn,
                               members: input.members.map(String.init), results: input.results)
        switch draft.validate(today: CalendarDate(Date())) {
        case .failure(let errors): throw refusal(errors, req)
        case .success(let valid):
            return try await Self.dto(try await MovementRecords(req: req).createModel(valid, unit: unit)).encodeResponse(status: .created, for: req)
        }
    }

    func reviewModel(req: Request) async throws -> Response {
        let (m, _) = try await model(req)
        struct Input: Content { var rating: String; var note: String? }
        let input = try req.content.decode(Input.self)
        guard let rating = MovementModelReview.Rating(rawValue: input.rating) else { throw refusal(FieldErrors([FieldError("rating", .unknownValue(input.rating))]), req) }
        _ = try await MovementRecords(req: req).review(m, rating: rating, note: input.note)
        return Response(status: .created)
    }

    func setModelStatus(req: Request) async throws -> ModelDTO {
        let (m, _) = try await model(req)
        struct Input: Content { var status: String }
        let input = try req.content.decode(Input.self)
        guard let status = ModelStatus(rawValue: input.status) else { throw refusal(FieldErrors([FieldError("status", .unknownValue(input.status))]), req) }
        try await MovementRecords(req: req).setStatus(m, status)
        return try Self.dto(m)
    }

    func replicateModel(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self), let m = try await MovementModelRecord.find(id, on: req.db),
              let origin = try await OrgUnit.find(code: m.unitCode, on: req.db) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: origin.code), on: origin)
        struct Input: Content { var unit: String }
        let target = try await actingUnit(req, try req.content.decode(Input.self).unit)
        return try await Self.dto(try await MovementRecords(req: req).replicate(m, to: target)).encodeResponse(status: .created, for: req)
    }

    struct DrugAreaInput: Content {
        var year: Int?
        var population: Int?
        var users: Int?
        var venues: Int?
        var offenders: Int?
        var drugPlants: Int?
        var drugPlantArea: Double?
        var onRoute: Bool?
        var met: [String]?
        var decisionNumber: String?
        var decisionDate: String?
    }

    /// A commune's figures, checklist and decision for the year (replacing what it had).
    func saveDrugArea(req: Request) async throws -> DrugAreaDTO {
        guard let code = req.parameters.get("unit"), let unit = try await OrgUnit.find(code: code, on: req.db), unit.kind.isLocality else {
            throw Abort(.notFound, reason: req.t("error.unit-not-found"))
        }
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let input = try req.content.decode(DrugAreaInput.self)
        let year = input.year ?? req.year
        let draft = DrugAreaDraft(
            population: input.population.map(String.init), users: input.users.map(String.init), venues: input.venues.map(String.init),
            offenders: input.offenders.map(String.init), drugPlants: input.drugPlants.map(String.init), drugPlantArea: input.drugPlantArea.map { String($0) },
            onRoute: input.onRoute ?? false, met: input.met ?? [], decisionNumber: input.decisionNumber, decisionDate: input.decisionDate)
        let checklist = try DefinitionFiles.checklist(at: req.application.settings.resource(DrugFreeController.checklistFile))
        switch draft.validate(checklist: checklist, today: CalendarDate(Date())) {
        case .failure(let errors): throw refusal(errors, req)
        case .success(let valid):
            try await MovementRecords(req: req).saveDrugArea(valid, unit: unit, year: year)
            let (typeI, conditions) = DrugKeyArea.isTypeI(valid.figures)
            return DrugAreaDTO(unit: unit.code, year: year, keyAreaTypeI: typeI, conditions: conditions.filter(\.holds).map(\.text),
                               checklistMet: valid.met.sorted(), decisionNumber: valid.decision?.number, decisionDate: valid.decision?.date.description)
        }
    }

    /// An activity as JSON, or as a multipart form with its evidence files (`files[]`).
    func createEvent(req: Request) async throws -> Response {
        struct Input: Content {
            var unit: String?
            var title: String?
            var kind: String?
            var heldOn: String?
            var participants: String?
            var files: [File]?
        }
        struct JSONInput: Content {
            var unit: String?
            var title: String?
            var kind: String?
            var heldOn: String?
            var participants: Int?
        }
        let input: Input
        if req.headers.contentType == .json {
            let json = try req.content.decode(JSONInput.self)
            input = Input(unit: json.unit, title: json.title, kind: json.kind, heldOn: json.heldOn, participants: json.participants.map(String.init), files: nil)
        } else {
            input = try req.content.decode(Input.self)
        }
        let unit = try await actingUnit(req, input.unit)
        let draft = OutreachDraft(title: input.title, kind: input.kind, heldOn: input.heldOn, participants: input.participants)
        switch try await MovementRecords(req: req).recordEvent(draft, uploads: input.files ?? [], unit: unit) {
        case .failure(let problems): throw Abort(.unprocessableEntity, reason: problems.messages.joined(separator: "; "))
        case .success(let e):
            return try await EventDTO(id: try e.requireID(), unit: e.unitCode, kind: e.kind, title: e.title, heldOn: e.heldOn, participants: e.participants)
                .encodeResponse(status: .created, for: req)
        }
    }
}

extension CriteriaSet: Content {}
