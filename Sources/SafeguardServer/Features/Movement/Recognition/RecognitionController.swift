import Fluent
import SafeguardCore
import Vapor

/// `/registrations`: units register in the first quarter to build "An toàn về an ninh, trật tự" and
/// to strive to be exemplary (later registrations are kept, marked late); the share of communes
/// registered is the plan's target. `/recognition`: at year end, each residential area's five
/// criteria (Circular 124/2021 as amended; `Resources/Data/movement/safety-checklist.yaml`,
/// placeholders) and each agency's, enterprise's or school's (`safety-checklist-agency.yaml`)
/// decided by its commune, and each commune's verdict computed — 100% registered, ≥ 70%
/// recognised, no listed incident — with what it lacks in words.
struct RecognitionController: RouteCollection {
    /// A case as a link to its record page, its severity in the reader's language.
    static func link(_ c: CriminalCase, _ req: Request) -> Choice {
        Choice(value: "/records/cases/\(c.code.pathSegment)", label: "\(c.code) — \(req.t(c.severity.localizationKey))")
    }

    static let checklistFiles: [CriteriaSet.Subject: String] = [
        .residentialArea: "Data/movement/safety-checklist.yaml", .agency: "Data/movement/safety-checklist-agency.yaml",
    ]

    /// The checklist a member of a commune (residential area, agency, enterprise, school) is recognised on.
    static func checklist(for kind: OrgUnitKind, _ app: Application) throws -> RecognitionChecklist? {
        try CriteriaSet.Subject.of(kind).flatMap { checklistFiles[$0] }.map { try DefinitionFiles.checklist(at: app.settings.resource($0)) }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("registrations", use: registrations)
        routes.post("registrations", use: register)
        routes.get("recognition", use: communes)
        routes.get("recognition", ":unit", use: memberPage)
        routes.post("recognition", ":unit", use: decide)
    }

    // MARK: - Registrations

    private func registrationsPage(_ req: Request, year: Int, errors: [String] = []) async throws -> View {
        let scope = try await req.listScope()
        let units = try await MovementQueries(req.db).evaluatedUnits(in: scope, year: year)
        let records = Dictionary(try await RegistrationRecord.query(in: scope, on: req.db).filter(\.$year == year).all()
            .map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let figures = try await MovementQueries(req.db).figures(scope: scope, year: year)
        let share = MovementFigures.share(figures.communesRegistered, of: figures.communes, req.language)
        let pager = try PageLinks(req, total: units.count)
        return try await req.page("movement/registrations", RegistrationsPage(
            page: PageContext(req, title: req.t("registrations_title")), scopeName: scope.name, year: year,
            deadline: Formatting.date(MovementRegistration.deadline(year: year), req.language), share: share,
            rows: try pager.slice(units).map { unit in
                let r = records[unit.code]
                return .init(code: unit.code, unit: unit.name, kind: req.t(unit.kind.localizationKey), safety: r?.safety ?? false,
                             exemplary: r?.exemplary ?? false, registeredOn: Formatting.date(iso: r?.registeredOn, req.language), late: r?.late ?? false,
                             canRegister: try req.allows(.editUnitRecords(unit: unit.code), on: unit))
            },
            pager: pager, errors: errors))
    }

    func registrations(req: Request) async throws -> View {
        try await registrationsPage(req, year: try req.year())
    }

    /// Registers (or changes the registration of) a unit the user may act for; the first day is kept.
    func register(req: Request) async throws -> Response {
        struct Input: Content { var unit: String?; var year: Int?; var safety: String?; var exemplary: String? }
        let input = try req.content.decode(Input.self)
        let unit = try await req.evaluatedUnit(input.unit)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let year = try req.year(input.year)
        if case .failure(let errors) = try await MovementRecords(req: req).register(unit, year: year, safety: input.safety == "on", exemplary: input.exemplary == "on") {
            return try await registrationsPage(req, year: year, errors: errors.errors.map { FieldMessages.message($0, req) })
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "/registrations?year=\(year)")
    }

    // MARK: - Recognition

    /// Each commune of the scope with its members (residential areas and units below it), how many
    /// registered and were recognised, the incidents its areas reported, and the verdict.
    func communes(req: Request) async throws -> View {
        let scope = try await req.listScope()
        let year = try req.year()
        let app = req.application
        let rows = try await MovementQueries(req.db).recognition(in: scope, year: year) { try Self.checklist(for: $0, app) }.map { standing in
            CommunesPage.Row(unit: standing.commune.name, members: "\(standing.members.count)", recognised: standing.verdict.recognised,
                             reasons: standing.verdict.reasons,
                             areas: standing.members.map { m in
                                 Choice(value: "/recognition/\(m.code)?year=\(year)", label: m.name, selected: standing.recognised.contains(m.code))
                             },
                             cases: standing.cases.map { Self.link($0, req) })
        }
        return try await req.page("movement/recognition", CommunesPage(
            page: PageContext(req, title: req.t("recognition_title")), scopeName: scope.name, year: year,
            placeholder: try Self.checklistFiles.values.contains { try DefinitionFiles.checklist(at: app.settings.resource($0)).placeholder }, rows: rows))
    }

    func memberPage(req: Request) async throws -> View {
        let (unit, list) = try await req.recognitionMember()
        let year = try req.year()
        let record = try await SafetyRecognitionRecord.query(on: req.db).filter(\.$unitCode == unit.code).filter(\.$year == year).first()
        let cases = try await MovementQueries(req.db).listedCases(in: unit, year: year, severities: list.recordSeverities)
        // What the records answer overrides a stored tick (a case entered after the decision).
        let met = list.met(ticked: record?.metCodes ?? [], casesOnRecord: cases.map(\.severity))
        let verdict = SafetyRecognition.residentialArea(unmet: list.missing(met).map { "\($0.code): \($0.text)" })
        return try await req.page("movement/recognition-area", AreaPage(
            page: PageContext(req, title: req.t("recognition_title")), unitCode: unit.code, unitName: unit.name, year: year,
            items: list.items.map { item in
                let listed = cases.filter { item.records?.severities.contains($0.severity) ?? false }
                return .init(code: item.code, text: item.text, met: met.contains(item.code), answeredByRecords: item.records != nil, cases: listed.map { Self.link($0, req) })
            }, placeholder: list.placeholder,
            decided: record != nil, recognised: (record?.recognised ?? false) && verdict.recognised, reasons: record == nil ? [] : verdict.reasons,
            canDecide: try req.allows(.reviewAssessment(unit: unit.code), on: unit)))
    }

    /// The commune (the level above) records which criteria the member met; recognised only with all.
    func decide(req: Request) async throws -> Response {
        let (unit, list) = try await req.recognitionMember()
        try req.authorize(.reviewAssessment(unit: unit.code), on: unit)
        struct Input: Content { var year: Int?; var met: [String]? }
        let input = try req.content.decode(Input.self)
        let year = try req.year(input.year)
        _ = try await MovementRecords(req: req).recordRecognition(of: unit, year: year, met: input.met ?? [], checklist: list)
        return req.redirect(to: "/recognition/\(unit.code)?year=\(year)")
    }
}

extension MovementFigures {
    /// "3/10 (30%)", or "0/0".
    static func share(_ part: Int, of whole: Int, _ language: Language) -> String {
        "\(part)/\(whole)" + (whole > 0 ? " (\(Formatting.percent(Double(part) / Double(whole), language)))" : "")
    }
}

extension Request {
    /// The residential area, agency, enterprise or school of `:unit` and the checklist it is
    /// recognised on, when the user may read it; 404 otherwise.
    func recognitionMember() async throws -> (OrgUnit, RecognitionChecklist) {
        guard let code = parameters.get("unit"), let unit = try await OrgUnit.find(code: code, on: db), unit.kind.isGrassroots,
              let list = try RecognitionController.checklist(for: unit.kind, application) else { throw Abort(.notFound, reason: t("error.unit-not-found")) }
        try authorize(.readUnitRecords(unit: unit.code), on: unit)
        return (unit, list)
    }
}
