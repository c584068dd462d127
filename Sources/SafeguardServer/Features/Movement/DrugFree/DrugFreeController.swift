import Fluent
import SafeguardCore
import Vapor

/// `/drug-free`: communes' drug situation for the year — the figures a key area of type I is judged
/// on (Decision 28/2025: at least 3 of 5 conditions, each shown with its figure), the drug-free
/// checklist (`Resources/Data/movement/drug-free-checklist.yaml`, placeholders to confirm) and the
/// recognition decision, refused while an item is missing; the city sees the share of communes
/// recognised drug-free, the plan's target.
struct DrugFreeController: RouteCollection {
    static let checklistFile = "Data/movement/drug-free-checklist.yaml"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("drug-free", use: list)
        routes.get("drug-free", ":unit", use: show)
        routes.post("drug-free", ":unit", use: save)
    }

    private func checklist(_ req: Request) throws -> RecognitionChecklist {
        try DefinitionFiles.checklist(at: req.application.settings.resource(Self.checklistFile))
    }

    func list(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let communes = try await OrgUnit.query(in: scope, on: req.db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).sort(\.$code).all()
        let records = Dictionary(try await DrugAreaRecord.query(in: scope, on: req.db).filter(\.$year == (try req.year())).all().map { ($0.unitCode, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let list = try checklist(req)
        let rows = communes.map { unit -> ListPage.Row in
            let r = records[unit.code]
            return .init(unit: unit.name, link: "/drug-free/\(unit.code)",
                         checklist: "\(r.map { list.items.count - list.missing($0.metCodes).count } ?? 0)/\(list.items.count)",
                         typeI: r.map { DrugKeyArea.isTypeI($0.figures).typeI } ?? false, recognised: r?.isRecognised ?? false)
        }
        let recognised = rows.filter(\.recognised).count
        return try await req.page("movement/drug-free", ListPage(
            page: PageContext(req, title: req.t("drugfree_title")), year: try req.year(),
            share: "\(recognised)/\(rows.count)" + (rows.isEmpty ? "" : " (\(Formatting.percent(Double(recognised) / Double(rows.count), req.language)))"),
            rows: rows))
    }

    private func unit(_ req: Request) async throws -> OrgUnit {
        guard let code = req.parameters.get("unit"), let unit = try await OrgUnit.find(code: code, on: req.db), unit.kind.isLocality else {
            throw Abort(.notFound, reason: req.t("error.unit-not-found"))
        }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    private func render(_ req: Request, _ unit: OrgUnit, _ r: DrugAreaRecord?, input: Input? = nil, errors: [String] = []) async throws -> View {
        let list = try checklist(req)
        let figures = r?.figures ?? DrugKeyArea.Figures(population: 0, users: 0, venues: 0, offenders: 0)
        let (typeI, conditions) = DrugKeyArea.isTypeI(figures)
        let met = input.map { Set($0.met ?? []) } ?? r?.metCodes ?? []
        return try await req.page("movement/drug-free-unit", UnitPage(
            page: PageContext(req, title: req.t("drugfree_title")), unitCode: unit.code, unitName: unit.name, year: try req.year(),
            fields: [
                ("population", "drugfree_population", input?.population, String(figures.population)),
                ("users", "drugfree_users", input?.users, String(figures.users)),
                ("venues", "drugfree_venues", input?.venues, String(figures.venues)),
                ("offenders", "drugfree_offenders", input?.offenders, String(figures.offenders)),
                ("drugPlants", "drugfree_plants", input?.drugPlants, String(figures.drugPlants)),
                ("drugPlantArea", "drugfree_plant_area", input?.drugPlantArea, Formatting.number(figures.drugPlantArea, .en)),
            ].map { name, key, typed, stored in UnitPage.Field(name: name, label: req.t(key), value: typed ?? stored) },
            onRoute: input.map { $0.onRoute == "on" } ?? figures.onTraffickingRoute,
            conditions: conditions.map { Choice(value: $0.text, label: req.t($0.holds ? "drugfree_holds" : "drugfree_not_holds"), selected: $0.holds) },
            typeI: typeI,
            items: list.items.map { .init(code: $0.code, text: $0.text, met: met.contains($0.code)) }, placeholder: list.placeholder,
            decisionNumber: input?.decisionNumber ?? r?.decisionNumber ?? "", decisionDate: input?.decisionDate ?? r?.decisionDate ?? "",
            recognised: r?.isRecognised ?? false, canEdit: try req.allows(.editUnitRecords(unit: unit.code), on: unit), errors: errors))
    }

    func show(req: Request) async throws -> View {
        let unit = try await unit(req)
        let record = try await DrugAreaRecord.query(on: req.db).filter(\.$unitCode == unit.code).filter(\.$year == (try req.year())).first()
        return try await render(req, unit, record)
    }

    struct Input: Content {
        var population: String?
        var users: String?
        var venues: String?
        var offenders: String?
        var drugPlants: String?
        var drugPlantArea: String?
        var onRoute: String?
        var met: [String]?
        var decisionNumber: String?
        var decisionDate: String?
    }

    /// Saves the figures and checklist (`DrugAreaDraft`); a decision number and date recognise the
    /// commune drug-free, accepted only when every checklist item is met (the missing ones are named;
    /// nothing is stored).
    func save(req: Request) async throws -> Response {
        let unit = try await unit(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let input = try req.content.decode(Input.self)
        let draft = DrugAreaDraft(population: input.population, users: input.users, venues: input.venues, offenders: input.offenders,
                                  drugPlants: input.drugPlants, drugPlantArea: input.drugPlantArea, onRoute: input.onRoute == "on", met: input.met ?? [],
                                  decisionNumber: input.decisionNumber, decisionDate: input.decisionDate)
        switch draft.validate(checklist: try checklist(req), today: req.today, decidedAbove: try req.decidesDrugFreeRecognition) {
        case .failure(let errors):
            let existing = try await DrugAreaRecord.query(on: req.db).filter(\.$unitCode == unit.code).filter(\.$year == (try req.year())).first()
            return try await render(req, unit, existing, input: input, errors: errors.errors.map { FieldMessages.message($0, req) })
                .encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let valid):
            try await MovementRecords(req: req).saveDrugArea(valid, unit: unit, year: try req.year())
        }
        return req.redirect(to: "/drug-free/\(unit.code)")
    }
}
