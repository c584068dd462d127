import Fluent
import SafeguardCore
import Vapor

/// `/models`: the registry of the movement's models (mô hình phong trào) in the user's scope —
/// registering one, reviewing its effectiveness, changing its state, copying it to another unit
/// with the link to its origin — and the targets it answers: the share of communes with an
/// active anti-drug model and with the movement in cyberspace (`ModelCoverage`).
struct ModelController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("models", use: list)
        routes.get("models", "new", use: new)
        routes.post("models", use: create)
        routes.get("models", ":id", use: show)
        routes.post("models", ":id", "reviews", use: review)
        routes.post("models", ":id", "status", use: status)
        routes.post("models", ":id", "replicate", use: replicate)
    }

    func list(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let field = (try req.queryText("field")).flatMap(ModelField.init(rawValue:))
        let all = try await MovementModelRecord.query(in: scope, on: req.db).sort(\.$unitCode).sort(\.$name).all()
        let shown = all.filter { field == nil || $0.field == field }
        let names = try await OrgUnit.names(of: Set(shown.map(\.unitCode)), on: req.db)
        let copies = Dictionary(grouping: all.compactMap { $0.$origin.id }, by: { $0 }).mapValues(\.count)
        // The two targets, over the commune-level units of the scope.
        let communes = try await OrgUnit.query(in: scope, on: req.db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).all().map(\.code)
        let models = all.map { (path: $0.unitPath, field: $0.field, status: $0.status) }
        let coverage: [Choice] = communes.isEmpty ? [] : [ModelField.antiDrug, .cyberspace].map { f in
            let share = ModelCoverage.share(of: f, units: communes, models: models)
            return Choice(value: req.t("models_coverage_\(f.rawValue)"),
                          label: "\(share.covered)/\(share.units)" + (share.share.map { " (\(Formatting.percent($0, req.language)))" } ?? ""))
        }
        let own = try req.user.unit
        return try await req.page("movement/models", ListPage(
            page: PageContext(req, title: req.t("models_title")), scopeName: scope.name, coverage: coverage,
            fields: ModelField.allCases.map { Choice(value: $0.rawValue, label: $0.name, selected: $0 == field) },
            rows: try shown.map { m in
                .init(name: m.name, link: "/models/\(try m.requireID().uuidString)", unit: names[m.unitCode] ?? m.unitCode, field: m.field.name,
                      status: req.t("models_status_\(m.status.rawValue)"), copies: copies[try m.requireID()] ?? 0)
            },
            canAdd: try own.map { try req.allows(.editUnitRecords(unit: $0.code), on: $0) } ?? false))
    }

    private func form(_ req: Request, _ unit: OrgUnit, draft: ModelDraft?, errors: FormErrors) async throws -> View {
        try await req.page("movement/model-form", FormPage(
            page: PageContext(req, title: req.t("models_new")), unitName: unit.name,
            fields: ModelField.allCases.map { Choice(value: $0.rawValue, label: $0.name, selected: $0.rawValue == draft?.field) },
            name: draft?.name ?? "", technology: draft?.technology ?? "", startedOn: draft?.startedOn ?? "", members: draft?.members ?? "",
            results: draft?.results ?? "", errors: errors))
    }

    func new(req: Request) async throws -> View {
        try await form(req, try req.ownUnitForEditing(), draft: nil, errors: .none)
    }

    struct Input: Content {
        var name: String?
        var field: String?
        var technology: String?
        var startedOn: String?
        var members: String?
        var results: String?
    }

    func create(req: Request) async throws -> Response {
        let unit = try req.ownUnitForEditing()
        let input = try req.content.decode(Input.self)
        let draft = ModelDraft(name: input.name, field: input.field, technology: input.technology, startedOn: input.startedOn,
                               members: input.members, results: input.results)
        switch draft.validate(today: req.today) {
        case .failure(let errors):
            return try await form(req, unit, draft: draft, errors: FormErrors(errors, req))
                .encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let valid):
            let model = try await MovementRecords(req: req).createModel(valid, unit: unit)
            return req.redirect(to: "/models/\(try model.requireID().uuidString)")
        }
    }

    /// The model and its unit, after checking the user may read the unit's records.
    private func model(_ req: Request) async throws -> (MovementModelRecord, OrgUnit) {
        guard let id = req.parameters.get("id", as: UUID.self), let model = try await MovementModelRecord.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: model.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        return (model, unit)
    }

    private func page(_ req: Request, _ m: MovementModelRecord, _ unit: OrgUnit, errors: [String] = []) async throws -> View {
        let id = try m.requireID()
        let copies = try await MovementModelRecord.query(on: req.db).filter(\.$origin.$id == id).all()
        let names = try await OrgUnit.names(of: Set(copies.map(\.unitCode)), on: req.db)
        let origin = try await m.$origin.id.asyncMap { try await MovementModelRecord.find($0, on: req.db) } ?? nil
        let reviews = try await MovementModelReview.query(on: req.db).filter(\.$model.$id == id).sort(\.$reviewedOn).all()
        return try await req.page("movement/model", ShowPage(
            page: PageContext(req, title: req.t("models_title")), id: id.uuidString, name: m.name,
            facts: [
                Choice(value: req.t("case_unit"), label: unit.name),
                Choice(value: req.t("models_field"), label: m.field.name),
                Choice(value: req.t("models_technology"), label: m.technology.isEmpty ? "—" : m.technology),
                Choice(value: req.t("models_started_on"), label: Formatting.date(iso: m.startedOn, req.language)),
                Choice(value: req.t("models_members"), label: String(m.members)),
                Choice(value: req.t("models_status"), label: req.t("models_status_\(m.status.rawValue)")),
                Choice(value: req.t("models_results"), label: m.results.isEmpty ? "—" : m.results),
            ],
            origin: try origin.map { Choice(value: "/models/\(try $0.requireID().uuidString)", label: $0.name) },
            copies: try copies.map { Choice(value: "/models/\(try $0.requireID().uuidString)", label: names[$0.unitCode] ?? $0.unitCode) },
            reviews: reviews.map { Choice(value: "\(Formatting.date(iso: $0.reviewedOn, req.language)) · \($0.by) · \(req.t("models_rating_\($0.rating.rawValue)"))", label: $0.note) },
            statuses: ModelStatus.allCases.map { Choice(value: $0.rawValue, label: req.t("models_status_\($0.rawValue)"), selected: $0 == m.status) },
            canAct: try req.allows(.editUnitRecords(unit: unit.code), on: unit), errors: errors))
    }

    func show(req: Request) async throws -> View {
        let (m, unit) = try await model(req)
        return try await page(req, m, unit)
    }

    /// An effectiveness review: a rating and a note, dated today.
    func review(req: Request) async throws -> Response {
        let (m, unit) = try await model(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Form: Content { var rating: String?; var note: String? }
        let form = try req.content.decode(Form.self)
        guard let rating = form.rating.flatMap(MovementModelReview.Rating.init(rawValue:)) else {
            return try await page(req, m, unit, errors: [FieldMessages.message(FieldError("rating", .required), req)]).encodeResponse(status: .unprocessableEntity, for: req)
        }
        _ = try await MovementRecords(req: req).review(m, rating: rating, note: form.note)
        return req.redirect(to: "/models/\(try m.requireID().uuidString)")
    }

    func status(req: Request) async throws -> Response {
        let (m, unit) = try await model(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Form: Content { var status: String? }
        guard let status = try req.content.decode(Form.self).status.flatMap(ModelStatus.init(rawValue:)) else {
            throw Abort(.badRequest, reason: req.t("error.bad-request"))
        }
        try await MovementRecords(req: req).setStatus(m, status)
        return req.redirect(to: "/models/\(try m.requireID().uuidString)")
    }

    /// Nhân rộng: the model copied to another unit (one the user may act for), linked to its origin.
    func replicate(req: Request) async throws -> Response {
        let (m, unit) = try await model(req)
        struct Form: Content { var unit: String? }
        let code = try req.content.decode(Form.self).unit?.trimmed ?? ""
        guard let target = try await OrgUnit.find(code: code, on: req.db) else {
            return try await page(req, m, unit, errors: [FieldMessages.message(FieldError("unit", .unknownUnit(code)), req)])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        try req.authorize(.editUnitRecords(unit: target.code), on: target)
        let copy = try await MovementRecords(req: req).replicate(m, to: target)
        return req.redirect(to: "/models/\(try copy.requireID().uuidString)")
    }
}
