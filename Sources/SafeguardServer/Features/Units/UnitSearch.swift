import Fluent
import SafeguardCore
import Vapor

/// Finding units by name (with or without diacritics), kind and parent.
struct UnitSearch {
    var query: String?
    var kind: OrgUnitKind?
    var parentCode: String?

    func run(on db: any Database, page: Int = 1, perPage: Int = 50) async throws -> (units: [OrgUnit], total: Int) {
        var builder = OrgUnit.query(on: db)
        if let raw = query?.trimmed, !raw.isEmpty {
            // Match the folded name, or a code prefix as typed.
            let folded = VietnameseFolding.fold(raw)
            builder = builder.group(.or) { $0.filter(\.$searchName ~~ folded).filter(\.$code =~ raw.uppercased()) }
        }
        if let kind { builder = builder.filter(\.$kind == kind) }
        if let parentCode {
            guard let parent = try await OrgUnit.find(code: parentCode, on: db) else { return ([], 0) }
            builder = builder.filter(\.$parent.$id == (try parent.requireID()))
        }
        let total = try await builder.count()
        let units = try await builder.sort(\.$path).range((page - 1) * perPage ..< page * perPage).all()
        return (units, total)
    }
}
