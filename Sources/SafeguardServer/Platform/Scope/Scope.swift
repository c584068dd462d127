import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Phạm vi dữ liệu: the one rule for which rows belong to a unit's view — every list, count,
/// figure, export and SQL query asks it, as a Fluent filter (`filter`, `Model.query(in:on:)`) or
/// as an SQL fragment (`condition`, `recordCondition`).
///
/// A province is everything carrying its code: the city's departments and bodies hang under the
/// provincial committee, not under the province's own unit, so a path prefix would leave them out
/// of the city's lists and figures. Any other unit is its subtree by path. Whether a user may look
/// at a unit at all is `AccessPolicy`'s decision (`Request.scope(unit:)` asks it); this type only
/// says what a unit's view contains.
struct Scope: Sendable, Equatable {
    enum Extent: Sendable, Equatable {
        /// Every row with this province code.
        case province(code: String)
        /// A commune-level unit (phường, xã, đặc khu) and everything below it. Record tables and
        /// their counts carry `commune_code`, which their indexes serve.
        case commune(code: String, path: String)
        /// Any other unit and everything below it, by path prefix.
        case subtree(path: String)
    }

    let unitCode: String
    /// The unit's own path, for the tables that record only a path (`CaseReclassification`).
    let path: String
    let extent: Extent

    init(_ unit: OrgUnit) {
        (unitCode, path) = (unit.code, unit.path)
        if unit.kind == .province {
            extent = .province(code: unit.provinceCode)
        } else if unit.kind.isLocality {
            extent = .commune(code: unit.code, path: unit.path)
        } else {
            extent = .subtree(path: unit.path)
        }
    }

    /// A whole province by its code (`OrgUnit.provinceCode`).
    static func province(_ code: String) -> Scope { Scope(unitCode: code, path: "/\(code)/", extent: .province(code: code)) }

    /// A commune-level unit's view, read from the commune code (what the counts tables keep).
    static func commune(_ code: String, path: String) -> Scope { Scope(unitCode: code, path: path, extent: .commune(code: code, path: path)) }

    /// A unit's subtree by path prefix only (what a commune's view must equal, the counts tests check).
    static func subtree(path: String) -> Scope { Scope(unitCode: "", path: path, extent: .subtree(path: path)) }

    private init(unitCode: String, path: String, extent: Extent) {
        (self.unitCode, self.path, self.extent) = (unitCode, path, extent)
    }

    /// The WHERE fragment on a table that carries the row's unit path and province code
    /// (`unit_path`/`province_code` by default; `org_units` calls them `path`/`province_code`),
    /// optionally qualified by a table alias.
    func condition(path pathColumn: String = "unit_path", province provinceColumn: String = "province_code", table alias: String? = nil) -> SQLQueryString {
        let qualifier = alias.map { $0 + "." } ?? ""
        switch extent {
        case .province(let code): return "\(unsafeRaw: qualifier + provinceColumn) = \(bind: code)"
        case .commune(_, let prefix), .subtree(let prefix): return "\(unsafeRaw: qualifier + pathColumn) LIKE \(bind: prefix + "%")"
        }
    }

    /// The WHERE fragment on a crime record table or its counts (which carry `commune_code`).
    var recordCondition: SQLQueryString {
        switch extent {
        case .province(let code): "province_code = \(bind: code)"
        case .commune(let code, _): "commune_code = \(bind: code)"
        case .subtree(let path): "unit_path LIKE \(bind: path + "%")"
        }
    }

    /// Whether the counts tables can answer for this scope (they keep the commune, not the unit).
    var isCounted: Bool {
        if case .subtree = extent { return false }
        return true
    }

    /// Whether a row of `path` in `province` is in the scope (for a row already loaded).
    func contains(path: String, province: String) -> Bool {
        switch extent {
        case .province(let code): province == code
        case .commune(_, let prefix), .subtree(let prefix): path.hasPrefix(prefix)
        }
    }

    /// The Fluent filter for a table that records only the unit's path (`CaseReclassification`).
    func filter<Row: Model>(_ query: QueryBuilder<Row>, path field: KeyPath<Row, FieldProperty<Row, String>>) -> QueryBuilder<Row> {
        query.filter(field =~ path)
    }

    /// The Fluent filter for a query on a model that records its unit.
    func filter<Row: UnitScoped>(_ query: QueryBuilder<Row>) -> QueryBuilder<Row> {
        switch extent {
        case .province(let code): query.filter(Row.provinceField == code)
        case .commune(_, let path), .subtree(let path): query.filter(Row.unitPathField =~ path)
        }
    }
}

/// A row that belongs to a unit: it records the unit's path and province, so `Scope` can list it.
protocol UnitScoped: Model {
    static var unitPathField: KeyPath<Self, FieldProperty<Self, String>> { get }
    static var provinceField: KeyPath<Self, FieldProperty<Self, String>> { get }
}

extension UnitScoped {
    /// The rows in `unit`'s view (`Scope`).
    static func query(in unit: OrgUnit, on db: any Database) -> QueryBuilder<Self> {
        Scope(unit).filter(query(on: db))
    }
}

extension Request {
    /// The unit a list is for: `code` (from `?unit=`) when the user may read its records, else the
    /// user's own (`defaultScope`).
    func scope(unit code: String?) async throws -> OrgUnit {
        guard let code else { return try await defaultScope() }
        guard let unit = try await OrgUnit.find(code: code, on: db) else { throw Abort(.notFound, reason: t("error.unit-not-found")) }
        try authorize(.readUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    /// The unit a list is for, from `?unit=` (`scope(unit:)`).
    func listScope() async throws -> OrgUnit {
        try await scope(unit: try queryText("unit"))
    }

    /// The unit whose records a user works with by default: an officer's own unit, else the
    /// province of the current plan (none loaded: 404). Throws 403 when the user may not read its records.
    func defaultScope() async throws -> OrgUnit {
        let user = try self.user
        var unit = [.communeOfficer, .departmentOfficer].contains(user.role) ? user.unit : nil
        if unit == nil, let province = try await PlanRepository(db: db).defaultProvince() {
            unit = try await OrgUnit.find(code: province, on: db)
        }
        guard let unit else { throw Abort(.notFound, reason: t("error.unit-not-found")) }
        try authorize(.readUnitRecords(unit: unit.code), on: unit)
        return unit
    }
}

extension OrgUnit: UnitScoped {
    static var unitPathField: KeyPath<OrgUnit, FieldProperty<OrgUnit, String>> { \.$path }
    static var provinceField: KeyPath<OrgUnit, FieldProperty<OrgUnit, String>> { \.$provinceCode }
}

extension Assignment: UnitScoped {
    static var unitPathField: KeyPath<Assignment, FieldProperty<Assignment, String>> { \.$unitPath }
    static var provinceField: KeyPath<Assignment, FieldProperty<Assignment, String>> { \.$provinceCode }
}

extension Alert: UnitScoped {
    static var unitPathField: KeyPath<Alert, FieldProperty<Alert, String>> { \.$unitPath }
    static var provinceField: KeyPath<Alert, FieldProperty<Alert, String>> { \.$provinceCode }
}

extension Notification: UnitScoped {
    static var unitPathField: KeyPath<Notification, FieldProperty<Notification, String>> { \.$unitPath }
    static var provinceField: KeyPath<Notification, FieldProperty<Notification, String>> { \.$provinceCode }
}

extension AssessmentRecord: UnitScoped {
    static var unitPathField: KeyPath<AssessmentRecord, FieldProperty<AssessmentRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<AssessmentRecord, FieldProperty<AssessmentRecord, String>> { \.$provinceCode }
}

extension RegistrationRecord: UnitScoped {
    static var unitPathField: KeyPath<RegistrationRecord, FieldProperty<RegistrationRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<RegistrationRecord, FieldProperty<RegistrationRecord, String>> { \.$provinceCode }
}

extension SafetyRecognitionRecord: UnitScoped {
    static var unitPathField: KeyPath<SafetyRecognitionRecord, FieldProperty<SafetyRecognitionRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<SafetyRecognitionRecord, FieldProperty<SafetyRecognitionRecord, String>> { \.$provinceCode }
}

extension MovementModelRecord: UnitScoped {
    static var unitPathField: KeyPath<MovementModelRecord, FieldProperty<MovementModelRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<MovementModelRecord, FieldProperty<MovementModelRecord, String>> { \.$provinceCode }
}

extension DrugAreaRecord: UnitScoped {
    static var unitPathField: KeyPath<DrugAreaRecord, FieldProperty<DrugAreaRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<DrugAreaRecord, FieldProperty<DrugAreaRecord, String>> { \.$provinceCode }
}

extension OutreachEventRecord: UnitScoped {
    static var unitPathField: KeyPath<OutreachEventRecord, FieldProperty<OutreachEventRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<OutreachEventRecord, FieldProperty<OutreachEventRecord, String>> { \.$provinceCode }
}

extension CriminalCase: UnitScoped {
    static var unitPathField: KeyPath<CriminalCase, FieldProperty<CriminalCase, String>> { \.$unitPath }
    static var provinceField: KeyPath<CriminalCase, FieldProperty<CriminalCase, String>> { \.$provinceCode }
}

extension CrimeReport: UnitScoped {
    static var unitPathField: KeyPath<CrimeReport, FieldProperty<CrimeReport, String>> { \.$unitPath }
    static var provinceField: KeyPath<CrimeReport, FieldProperty<CrimeReport, String>> { \.$provinceCode }
}
