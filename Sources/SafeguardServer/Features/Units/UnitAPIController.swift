import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/units`: the organisation directory and unit edits.
struct UnitAPIController: RouteCollection {
    struct UnitDTO: Content {
        var code: String
        var name: String
        var kind: OrgUnitKind
        var parent: String?
        var address: String?
        var phone: String?
        var headName: String?

        init(_ unit: OrgUnit) {
            code = unit.code
            name = unit.name
            kind = unit.kind
            parent = unit.parentCode
            address = unit.address
            phone = unit.phone
            headName = unit.headName
        }
    }

    struct UnitList: Content {
        var total: Int
        var page: Int
        var perPage: Int
        var units: [UnitDTO]
    }

    func boot(routes: any RoutesBuilder) throws {
        let units = routes.grouped("units")
        units.get(use: index)
        units.get(":code", use: show)
        units.patch(":code", use: update)
        units.post(":code", "children", use: addChild)
    }

    /// `?parent=31` lists a unit's children; `q` searches names with or without diacritics; `kind` filters.
    func index(req: Request) async throws -> UnitList {
        let kind = try req.queryText("kind").map { text in
            guard let kind = OrgUnitKind(rawValue: text) else { throw InvalidParameter("kind", .unknownValue(text), on: req) }
            return kind
        }
        let page = try req.pageNumber()
        let perPage = try req.perPage(standard: 500, maximum: 1000)
        let parent = try req.queryText("parent")
        if let parent, try await OrgUnit.find(code: parent, on: req.db) == nil {
            throw Abort(.notFound, reason: req.t("error.unit-not-found"))
        }
        let result = try await UnitSearch(query: try req.queryText("q"), kind: kind, parentCode: parent)
            .run(on: req.db, page: page, perPage: perPage)
        return UnitList(total: result.total, page: page, perPage: perPage, units: result.units.map(UnitDTO.init))
    }

    func show(req: Request) async throws -> UnitDTO {
        UnitDTO(try await req.unitParameter())
    }

    func update(req: Request) async throws -> UnitDTO {
        let unit = try await req.unitParameter()
        try await UnitEditing(request: req).update(unit, with: try req.content.decode(UnitEditing.Changes.self))
        return UnitDTO(unit)
    }

    func addChild(req: Request) async throws -> Response {
        let parent = try await req.unitParameter()
        let child = try await UnitEditing(request: req).addChild(to: parent, try req.content.decode(UnitEditing.NewChild.self))
        return try await UnitDTO(child).encodeResponse(status: .created, for: req)
    }
}
