import Fluent
import SQLKit
import SafeguardCore
import Vapor

/// Đơn vị: a body or place in the organisation tree (city, commune, department, village…).
final class OrgUnit: Model, @unchecked Sendable {
    static let schema = "org_units"

    @ID(key: .id) var id: UUID?
    /// Official statistics code for administrative units (5 digits for communes), Safeguard's own otherwise.
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    /// `VietnameseFolding.fold(name)`: search with or without diacritics.
    @Field(key: "search_name") var searchName: String
    @Field(key: "kind") var kind: OrgUnitKind
    @OptionalParent(key: "parent_id") var parent: OrgUnit?
    /// Codes from the root to this unit, `/31/11311/`: subtree and ancestry checks without recursion.
    @Field(key: "path") var path: String
    /// Statistics code of the unit's province (its own code for a province).
    @Field(key: "province_code") var provinceCode: String
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "head_name") var headName: String?
    /// When the unit came into being or ceased (a merger, a new ward), yyyy-mm-dd: reports are
    /// expected only for periods it existed through (`Completeness.Lifetime`).
    @OptionalField(key: "opened_on") var openedOn: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// A unit below `parent`; a root (province, provincial committee) names its province instead.
    init(code: String, name: String, kind: OrgUnitKind, parent: OrgUnit?, provinceCode: String? = nil) throws {
        self.code = code
        self.name = name
        self.searchName = VietnameseFolding.fold(name)
        self.kind = kind
        self.$parent.id = try parent?.requireID()
        self.path = (parent?.path ?? "/") + code + "/"
        self.provinceCode = parent?.provinceCode ?? provinceCode ?? code
    }

    /// When the unit existed (`Completeness.Lifetime`): what it owes reports and assessments for.
    var lifetime: Completeness.Lifetime {
        Completeness.Lifetime(opened: openedOn.flatMap(CalendarDate.init(iso:)), closed: closedOn.flatMap(CalendarDate.init(iso:)))
    }

    /// Codes of this unit and its ancestors, root first.
    var pathCodes: [String] { path.split(separator: "/").map(String.init) }

    var parentCode: String? { pathCodes.dropLast().last }

    var summary: UnitSummary { UnitSummary(code: code, name: name, kind: kind, parentCode: parentCode, provinceCode: provinceCode) }

    /// Whether a code is usable in paths and URLs: digits, upper-case ASCII letters, `-` and `.`.
    /// Upper case only, because subtree filters match path prefixes with LIKE, which ignores case
    /// on SQLite but not on PostgreSQL; with one case both engines select the same units.
    static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 40
            && code.allSatisfy { $0.isASCII && (($0.isLetter && $0.isUppercase) || $0.isNumber || $0 == "-" || $0 == ".") }
    }
}

extension OrgUnit {
    static func find(code: String, on db: any Database) async throws -> OrgUnit? {
        try await query(on: db).filter(\.$code == code).first()
    }

    /// Names by code, for lists that store unit codes (two columns, not whole models: a board page asks on every request).
    static func names(of codes: some Collection<String>, on db: any Database) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).raw("SELECT code, name FROM org_units WHERE code IN (\(binds: Array(codes)))").all(decoding: UnitName.self)
        return Dictionary(rows.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The whole unit directory, for resolving plan agencies.
    static func directory(on db: any Database) async throws -> UnitDirectory {
        UnitDirectory(try await query(on: db).all().map(\.summary))
    }
}

extension Request {
    /// The unit named by the route's `:code`, or 404 in the user's language.
    func unitParameter() async throws -> OrgUnit {
        guard let unit = try await OrgUnit.find(code: try parameters.require("code"), on: db) else {
            throw Abort(.notFound, reason: t("error.unit-not-found"))
        }
        return unit
    }
}

extension UnitDirectory {
    /// A directory holding just one unit's ancestry: enough for access checks on that unit.
    init(ancestryOf unit: OrgUnit) {
        let codes = unit.pathCodes
        self.init(codes.enumerated().map { i, code in
            UnitSummary(code: code, name: code, kind: i == codes.count - 1 ? unit.kind : .province,
                        parentCode: i == 0 ? nil : codes[i - 1], provinceCode: unit.provinceCode)
        })
    }
}

/// A unit's code and name, read without the rest of the row.
private struct UnitName: Decodable {
    var code: String
    var name: String
}
