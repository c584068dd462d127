import Fluent
import SafeguardCore
import Vapor

/// The movement's registries in the JSON API — models (list, register, review, state, replicate),
/// communes' drug figures and drug-free decisions, activities (JSON, or multipart with evidence) —
/// written the same way as from the pages (`MovementRecords`).
struct MovementRegistryAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
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
        let scope = try await req.listScope()
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
        let scope = try await req.listScope()
        return try await DrugAreaRecord.query(in: scope, on: req.db).filter(\.$year == (try req.year())).sort(\.$unitCode).all().map { r in
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
        let scope = try await req.listScope()
        let months = ReportingPeriod(year: try req.year(), kind: .year).months
        return try await OutreachEventRecord.query(in: scope, on: req.db)
            .filter(\.$heldMonth >= months.lowerBound.code).filter(\.$heldMonth <= months.upperBound.code).sort(\.$heldOn, .descending).limit(5000).all()
            .map { .init(id: try $0.requireID(), unit: $0.unitCode, kind: $0.kind, title: $0.title, heldOn: $0.heldOn, participants: $0.participants) }
    }

    // MARK: Writes

    /// The unit named in a body (one the caller may act for), else the caller's own.
    private func actingUnit(_ req: Request, _ code: String?) async throws -> OrgUnit {
        guard let code else { return try req.ownUnitForEditing() }
        guard let unit = try await OrgUnit.find(code: code, on: req.db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    private func refusal(_ errors: FieldErrors, _ req: Request) -> FieldRefusal {
        FieldRefusal(errors, req)
    }

    private func model(_ req: Request) async throws -> (MovementModelRecord, OrgUnit) {
        guard let id = req.parameters.get("id", as: UUID.self), let model = try await MovementModelRecord.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: model.unitCode, on: req.db) else { throw Abort(.notFound, reason: req.t("error.record-not-found")) }
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
        switch draft.validate(today: req.today) {
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
              let origin = try await OrgUnit.find(code: m.unitCode, on: req.db) else { throw Abort(.notFound, reason: req.t("error.record-not-found")) }
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
        let year = try req.year(input.year)
        let draft = DrugAreaDraft(
            population: input.population.map(String.init), users: input.users.map(String.init), venues: input.venues.map(String.init),
            offenders: input.offenders.map(String.init), drugPlants: input.drugPlants.map(String.init), drugPlantArea: input.drugPlantArea.map { String($0) },
            onRoute: input.onRoute ?? false, met: input.met ?? [], decisionNumber: input.decisionNumber, decisionDate: input.decisionDate)
        let checklist = try DefinitionFiles.checklist(at: req.application.settings.resource(DrugFreeController.checklistFile))
        switch draft.validate(checklist: checklist, today: req.today, decidedAbove: try req.decidesDrugFreeRecognition) {
        case .failure(let errors): throw refusal(errors, req)
        case .success(let valid):
            try await MovementRecords(req: req).saveDrugArea(valid, unit: unit, year: year)
            let (typeI, conditions) = DrugKeyArea.isTypeI(valid.figures)
            let stored = try await DrugAreaRecord.query(on: req.db).filter(\.$unitCode == unit.code).filter(\.$year == year).first()
            return DrugAreaDTO(unit: unit.code, year: year, keyAreaTypeI: typeI, conditions: conditions.filter(\.holds).map(\.text),
                               checklistMet: valid.met.sorted(), decisionNumber: stored?.decisionNumber, decisionDate: stored?.decisionDate)
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
        case .failure(let refusal): throw refusal
        case .success(let e):
            return try await EventDTO(id: try e.requireID(), unit: e.unitCode, kind: e.kind, title: e.title, heldOn: e.heldOn, participants: e.participants)
                .encodeResponse(status: .created, for: req)
        }
    }
}
