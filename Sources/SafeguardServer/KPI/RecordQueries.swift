import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Which records a figure counts: a whole province (including its city bodies), a commune-level
/// unit with everything below it, or any other unit's subtree.
enum RecordScope: Sendable {
    case province(String)
    case commune(String)
    case subtree(path: String)

    init(_ unit: OrgUnit) {
        if unit.kind == .province {
            self = .province(unit.code)
        } else if unit.kind.isLocality {
            self = .commune(unit.code)
        } else {
            self = .subtree(path: unit.path)
        }
    }

    /// The WHERE fragment for this scope on a record table (and, except for a subtree, on a counts table).
    var condition: SQLQueryString {
        switch self {
        case .province(let code): "province_code = \(bind: code)"
        case .commune(let code): "commune_code = \(bind: code)"
        case .subtree(let path): "unit_path LIKE \(bind: path + "%")"
        }
    }

    /// Whether the counts tables can answer for this scope (they keep the commune, not the unit).
    var isCounted: Bool {
        if case .subtree = self { return false }
        return true
    }
}

/// The aggregate queries behind the KPIs: one `GROUP BY` per record kind returns the
/// histograms the core computes every target from. Nothing loads individual rows: for a province
/// or a commune they read the counts tables (`RecordCounts`), for a smaller subtree the records.
struct RecordQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) {
        self.sql = db as! any SQLDatabase
    }

    /// Where a query reads: the counts table (a month of 0 means none) or the records table itself.
    private struct Source {
        var table: SQLQueryString
        var count: SQLQueryString
        var counted: Bool

        init(_ counts: RecordCounts, _ scope: RecordScope) {
            counted = scope.isCounted
            table = counted ? "\(ident: counts.counts)" : "\(ident: counts.records)"
            count = counted ? "CAST(SUM(n) AS BIGINT)" : "COUNT(*)"
        }

        func month(_ column: String) -> SQLQueryString {
            counted ? "NULLIF(\(ident: column), 0)" : "\(ident: column)"
        }

        func isNone(_ column: String) -> SQLQueryString {
            counted ? "\(ident: column) = 0" : "\(ident: column) IS NULL"
        }
    }

    /// Case histogram for discoveries in the months, optionally split by commune.
    func cases(_ scope: RecordScope, months: ClosedRange<StatisticalMonth>) async throws -> CaseHistogram {
        try await casesByCommune(scope, months: months, split: false)[""] ?? CaseHistogram([])
    }

    func casesByCommune(_ scope: RecordScope, months: ClosedRange<StatisticalMonth>, split: Bool = true) async throws -> [String: CaseHistogram] {
        let source = Source(.cases, scope)
        // PostgreSQL refuses a constant in GROUP BY, so the commune column is grouped only when split.
        let commune: SQLQueryString = split ? "commune_code" : "''"
        let groupCommune: SQLQueryString = split ? "commune_code, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, discovered_month, \(source.month("solved_month")) AS solved_month, severity, category, \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.condition) AND discovered_month BETWEEN \(bind: months.lowerBound.code) AND \(bind: months.upperBound.code)
            GROUP BY \(groupCommune)discovered_month, solved_month, severity, category
            """).all()
        var result: [String: [CaseHistogram.Cell]] = [:]
        for row in rows {
            let cell = CaseHistogram.Cell(
                discoveredMonth: try row.decode(column: "discovered_month", as: Int.self),
                solvedMonth: try row.decode(column: "solved_month", as: Int?.self),
                severity: CrimeSeverity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .lessSerious,
                category: try row.decode(column: "category", as: String.self),
                count: try row.decode(column: "n", as: Int.self))
            result[try row.decode(column: "commune", as: String.self), default: []].append(cell)
        }
        return result.mapValues(CaseHistogram.init)
    }

    /// Report histogram of everything that matters to the months: received in them, or received
    /// earlier and still unresolved at their start (the backlog).
    func reports(_ scope: RecordScope, months: ClosedRange<StatisticalMonth>) async throws -> ReportHistogram {
        try await reportsByCommune(scope, months: months, split: false)[""] ?? ReportHistogram([])
    }

    func reportsByCommune(_ scope: RecordScope, months: ClosedRange<StatisticalMonth>, split: Bool = true) async throws -> [String: ReportHistogram] {
        let source = Source(.reports, scope)
        let commune: SQLQueryString = split ? "commune_code" : "''"
        let groupCommune: SQLQueryString = split ? "commune_code, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, received_month, \(source.month("registered_month")) AS registered_month,
              \(source.month("resolved_month")) AS resolved_month, \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.condition) AND received_month <= \(bind: months.upperBound.code)
              AND (\(source.isNone("resolved_month")) OR resolved_month >= \(bind: months.lowerBound.code))
            GROUP BY \(groupCommune)received_month, registered_month, resolved_month
            """).all()
        var result: [String: [ReportHistogram.Cell]] = [:]
        for row in rows {
            let cell = ReportHistogram.Cell(
                receivedMonth: try row.decode(column: "received_month", as: Int.self),
                registeredMonth: try row.decode(column: "registered_month", as: Int?.self),
                resolvedMonth: try row.decode(column: "resolved_month", as: Int?.self),
                count: try row.decode(column: "n", as: Int.self))
            result[try row.decode(column: "commune", as: String.self), default: []].append(cell)
        }
        return result.mapValues(ReportHistogram.init)
    }
}
