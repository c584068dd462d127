import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Which records a figure counts: a whole province (including its city bodies), or a unit's subtree.
enum RecordScope: Sendable {
    case province(String)
    case subtree(path: String)

    init(_ unit: OrgUnit) {
        self = unit.kind == .province ? .province(unit.code) : .subtree(path: unit.path)
    }

    /// The WHERE fragment for this scope on a record table.
    var condition: SQLQueryString {
        switch self {
        case .province(let code): "province_code = \(bind: code)"
        case .subtree(let path): "unit_path LIKE \(bind: path + "%")"
        }
    }
}

/// The aggregate queries behind the KPIs: one `GROUP BY` per record table returns the
/// histograms the core computes every target from. Nothing loads individual rows.
struct RecordQueries {
    let sql: any SQLDatabase

    init(_ db: any Database) {
        self.sql = db as! any SQLDatabase
    }

    /// Case histogram for discoveries in the months, optionally split by commune.
    func cases(_ scope: RecordScope, months: ClosedRange<StatisticalMonth>) async throws -> CaseHistogram {
        try await casesByCommune(scope, months: months, split: false)[""] ?? CaseHistogram([])
    }

    func casesByCommune(_ scope: RecordScope, months: ClosedRange<StatisticalMonth>, split: Bool = true) async throws -> [String: CaseHistogram] {
        // PostgreSQL refuses a constant in GROUP BY, so the commune column is grouped only when split.
        let commune: SQLQueryString = split ? "commune_code" : "''"
        let groupCommune: SQLQueryString = split ? "commune_code, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, discovered_month, solved_month, severity, category, COUNT(*) AS n
            FROM criminal_cases
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
        let commune: SQLQueryString = split ? "commune_code" : "''"
        let groupCommune: SQLQueryString = split ? "commune_code, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, received_month, registered_month, resolved_month, COUNT(*) AS n
            FROM crime_reports
            WHERE \(scope.condition) AND received_month <= \(bind: months.upperBound.code)
              AND (resolved_month IS NULL OR resolved_month >= \(bind: months.lowerBound.code))
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
