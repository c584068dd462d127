import Fluent
import SafeguardCore
import Vapor

/// `/events`: the activities of the user's scope in a year (Ngày hội 19/8, propaganda sessions,
/// trainings, livestreams, the police's listening forum), how many of each and how many took part;
/// a unit records one with its evidence files (checked by content, sent back only as attachments).
/// The monthly report shows the month's count beside the figure the unit reports.
struct OutreachController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("events", use: list)
        routes.get("events", "new", use: new)
        routes.on(.POST, "events", body: .collect(maxSize: TaskController.maximumBody), use: create).collecting(TaskController.maximumBody)
        routes.get("events", ":id", use: show)
        routes.get("events", "evidence", ":id", use: download)
    }

    func list(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let year = try req.year()
        let months = ReportingPeriod(year: year, kind: .year).months
        let events = try await OutreachEventRecord.query(in: scope, on: req.db)
            .filter(\.$heldMonth >= months.lowerBound.code).filter(\.$heldMonth <= months.upperBound.code).sort(\.$heldOn, .descending).all()
        let names = try await OrgUnit.names(of: Set(events.map(\.unitCode)), on: req.db)
        let totals = OutreachKind.allCases.compactMap { kind -> Choice? in
            let these = events.filter { $0.kind == kind }
            return these.isEmpty ? nil : Choice(value: kind.name, label: "\(these.count) · \(these.map(\.participants).reduce(0, +)) \(req.t("events_people"))")
        }
        let own = try req.user.unit
        return try await req.page("movement/events", ListPage(
            page: PageContext(req, title: req.t("events_title")), scopeName: scope.name, year: year, totals: totals,
            rows: try events.prefix(300).map { e in
                .init(title: e.title, link: "/events/\(try e.requireID().uuidString)", unit: names[e.unitCode] ?? e.unitCode, kind: e.kind.name,
                      heldOn: Formatting.date(iso: e.heldOn, req.language), participants: e.participants)
            },
            canAdd: try own.map { try req.allows(.editUnitRecords(unit: $0.code), on: $0) } ?? false))
    }

    private func form(_ req: Request, _ unit: OrgUnit, _ input: Input?, errors: FormErrors) async throws -> View {
        try await req.page("movement/event-form", FormPage(
            page: PageContext(req, title: req.t("events_new")), unitName: unit.name,
            kinds: OutreachKind.allCases.map { Choice(value: $0.rawValue, label: $0.name, selected: $0.rawValue == input?.kind) },
            title: input?.title ?? "", heldOn: input?.heldOn ?? "", participants: input?.participants ?? "", errors: errors))
    }

    func new(req: Request) async throws -> View {
        try await form(req, try req.ownUnitForEditing(), nil, errors: .none)
    }

    struct Input: Content {
        var title: String?
        var kind: String?
        var heldOn: String?
        var participants: String?
        var files: [File]?
    }

    /// The activity and its files in one transaction; a refused file refuses it all.
    func create(req: Request) async throws -> Response {
        let unit = try req.ownUnitForEditing()
        let input = try req.content.decode(Input.self)
        let draft = OutreachDraft(title: input.title, kind: input.kind, heldOn: input.heldOn, participants: input.participants)
        switch try await MovementRecords(req: req).recordEvent(draft, uploads: input.files ?? [], unit: unit) {
        case .failure(let problems): return try await form(req, unit, input, errors: FormErrors(problems.problems)).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let event): return req.redirect(to: "/events/\(try event.requireID().uuidString)")
        }
    }

    func show(req: Request) async throws -> View {
        guard let id = req.parameters.get("id", as: UUID.self), let e = try await OutreachEventRecord.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: e.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        // The file list without the files' bytes.
        let files = try await OutreachEvidence.query(on: req.db).filter(\.$event.$id == id).field(\.$id).field(\.$name).field(\.$size).all()
        return try await req.page("movement/event", ShowPage(
            page: PageContext(req, title: req.t("events_title")), title: e.title,
            facts: [
                Choice(value: req.t("case_unit"), label: unit.name), Choice(value: req.t("events_kind"), label: e.kind.name),
                Choice(value: req.t("events_held_on"), label: Formatting.date(iso: e.heldOn, req.language)),
                Choice(value: req.t("events_participants"), label: String(e.participants)),
            ],
            files: try files.map { Choice(value: "/events/evidence/\(try $0.requireID().uuidString)", label: "\($0.name) (\(Formatting.bytes($0.size, req.language)))") }))
    }

    func download(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self), let file = try await OutreachEvidence.query(on: req.db).filter(\.$id == id).with(\.$event).first(),
              let unit = try await OrgUnit.find(code: file.event.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        try await req.audit("download", "outreach-evidence", key: id.uuidString)
        return Response.attachment(try await req.fieldCipher.open(file.bytes, for: .outreachEvidence, on: req.db), type: file.contentType, name: file.name)
    }
}
