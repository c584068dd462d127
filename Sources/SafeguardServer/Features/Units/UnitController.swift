import Fluent
import SafeguardCore
import Vapor

/// Danh bạ và trang đơn vị (HTML), with forms to edit a unit and add sub-units.
struct UnitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("units", use: index)
        routes.get("units", ":code", use: show)
        routes.post("units", ":code", use: update)
        routes.post("units", ":code", "children", use: addChild)
        routes.get("my-unit", use: myUnit)
    }

    func index(req: Request) async throws -> View {
        let q = try req.queryText("q") ?? ""
        let kind = try req.queryText("kind").flatMap(OrgUnitKind.init(rawValue:))
        let pageNumber = try req.pageNumber()
        let perPage = 50
        let result = try await UnitSearch(query: q, kind: kind, parentCode: try req.queryText("parent"))
            .run(on: req.db, page: pageNumber, perPage: perPage)
        func link(_ page: Int) -> String {
            var c = URLComponents()
            c.path = "/units"
            c.queryItems = [URLQueryItem(name: "q", value: q), URLQueryItem(name: "kind", value: kind?.rawValue ?? ""),
                            URLQueryItem(name: "page", value: String(page))]
            return c.string ?? "/units"
        }
        let page = UnitsPage(
            page: PageContext(req, title: req.t("units_title")), query: q,
            kinds: OrgUnitKind.allCases.map { KindOption($0, req, selected: $0 == kind) },
            units: result.units.map { UnitRow($0, req) }, total: result.total, pageNumber: pageNumber,
            previousPage: pageNumber > 1 ? link(pageNumber - 1) : nil,
            nextPage: pageNumber * perPage < result.total ? link(pageNumber + 1) : nil)
        return try await req.page("units/units", page)
    }

    func myUnit(req: Request) async throws -> Response {
        guard let code = try req.user.unit?.code else { return req.redirect(to: "/units") }
        return req.redirect(to: "/units/\(code)")
    }

    func show(req: Request) async throws -> View {
        try await render(req, unit: try await req.unitParameter())
    }

    func update(req: Request) async throws -> Response {
        let unit = try await req.unitParameter()
        do {
            try await UnitEditing(request: req).update(unit, with: try req.content.decode(UnitEditing.Changes.self))
        } catch let abort as any AbortError where abort.status == .unprocessableEntity {
            return try await render(req, unit: unit, error: abort.reason).encodeResponse(status: abort.status, for: req)
        }
        return req.redirect(to: "/units/\(unit.code)")
    }

    func addChild(req: Request) async throws -> Response {
        let parent = try await req.unitParameter()
        do {
            let child = try await UnitEditing(request: req).addChild(to: parent, try req.content.decode(UnitEditing.NewChild.self))
            return req.redirect(to: "/units/\(child.code)")
        } catch let abort as any AbortError where [.unprocessableEntity, .conflict].contains(abort.status) {
            return try await render(req, unit: parent, error: abort.reason).encodeResponse(status: abort.status, for: req)
        }
    }

    private func render(_ req: Request, unit: OrgUnit, error: String? = nil) async throws -> View {
        let policy = AccessPolicy(directory: UnitDirectory(ancestryOf: unit))
        let actor = try req.actor
        let ancestors = try await OrgUnit.query(on: req.db).filter(\.$code ~~ unit.pathCodes.dropLast()).sort(\.$path).all()
        let children = try await OrgUnit.query(on: req.db).filter(\.$parent.$id == unit.requireID()).sort(\.$code).all()
        var leads: [UnitPage.TaskLink] = []
        var coordinates: [UnitPage.TaskLink] = []
        if let key = try await PlanRepository(db: req.db).defaultKey(),
           let content = try await PlanRepository(db: req.db).content(key: key) {
            for task in content.tasks {
                let link = UnitPage.TaskLink(code: task.code, text: task.text)
                if task.involves(unit.code, as: .lead) { leads.append(link) }
                else if task.involves(unit.code, as: .coordinating) { coordinates.append(link) }
            }
        }
        let canEdit = policy.allows(actor, .editUnit(unit: unit.code))
        let page = UnitPage(
            page: PageContext(req, title: unit.name), unit: UnitRow(unit, req), address: unit.address, phone: unit.phone,
            headName: unit.headName, ancestors: ancestors.map { UnitRow($0, req) }, children: children.map { UnitRow($0, req) },
            leads: leads, coordinates: coordinates, canEdit: canEdit,
            canEditName: canEdit && (unit.kind.isGrassroots || actor.role == .standingOffice || actor.role == .systemAdmin),
            canAddChild: policy.allows(actor, .addChildUnit(parent: unit.code)) && !unit.kind.allowedChildKinds.isEmpty,
            childKinds: OrgUnitKind.allCases.filter(unit.kind.allowedChildKinds.contains).map { KindOption($0, req) },
            error: error)
        return try await req.page("units/unit", page)
    }
}
