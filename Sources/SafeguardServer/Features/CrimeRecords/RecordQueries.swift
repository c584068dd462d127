import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// The aggregate queries behind the KPIs: one `GROUP BY` per record kind returns the
/// histograms the core computes every target from. Nothing loads individual rows: for a province
/// or a commune they read the counts tables (`RecordCounts`), for a smaller subtree the records.
struct RecordQueries: Sendable {
    let sql: any SQLDatabase

    init(_ db: any Database) {
        self.sql = db as! any SQLDatabase
    }

    /// Where a query reads: the counts table (a month of 0 means none) or the records table itself.
    private struct Source {
        var table: SQLQueryString
        var count: SQLQueryString
        var counted: Bool

        /// `byDay`: the records themselves, which keep the day (the counts keep only the month).
        init(_ counts: RecordCounts, _ scope: Scope, byDay: Bool = false) {
            counted = scope.isCounted && !byDay
            table = counted ? "\(ident: counts.counts)" : "\(ident: counts.records)"
            count = counted ? "CAST(SUM(n) AS BIGINT)" : "COUNT(*)"
        }

        func month(_ column: String) -> SQLQueryString {
            counted ? "NULLIF(\(ident: column), 0)" : "\(ident: column)"
        }
    }

    /// Case histogram for discoveries in the months, optionally split by commune.
    func cases(_ scope: Scope, months: ClosedRange<StatisticalMonth>) async throws -> CaseHistogram {
        try await casesByCommune(scope, months: months, split: false)[""] ?? CaseHistogram([])
    }

    /// With `discoveredThrough`, only cases discovered on or before that day (the same days of a
    /// baseline month as the unfinished current month has had).
    func casesByCommune(_ scope: Scope, months: ClosedRange<StatisticalMonth>, split: Bool = true,
                        discoveredThrough: CalendarDate? = nil) async throws -> [String: CaseHistogram] {
        let source = Source(.cases, scope, byDay: discoveredThrough != nil)
        let day: SQLQueryString = discoveredThrough.map { " AND discovered_on <= \(bind: $0.description)" } ?? ""
        // PostgreSQL refuses a constant in GROUP BY, so the commune column is grouped only when split.
        let commune: SQLQueryString = split ? "commune_code" : "''"
        let groupCommune: SQLQueryString = split ? "commune_code, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, discovered_month, \(source.month("solved_month")) AS solved_month, severity, category, \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.recordCondition) AND discovered_month BETWEEN \(bind: months.lowerBound.code) AND \(bind: months.upperBound.code)\(day)
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

    /// Every commune's cases for exactly these months, rolled up in the database: one cell per commune,
    /// severity, category and "solved by the last month", dated to the range's bounds. Evaluations
    /// over this range come out as from the full histogram, from a few thousand rows instead of one
    /// per commune-month-combination (decoding rows, not querying, is what costs in the drill-down).
    func caseTotalsByCommune(_ scope: Scope, months: ClosedRange<StatisticalMonth>, discoveredThrough: CalendarDate? = nil) async throws -> [String: CaseHistogram] {
        let source = Source(.cases, scope, byDay: discoveredThrough != nil)
        let day: SQLQueryString = discoveredThrough.map { " AND discovered_on <= \(bind: $0.description)" } ?? ""
        let first = months.lowerBound.code, last = months.upperBound.code
        let rows = try await sql.raw("""
            SELECT commune_code AS commune, CASE WHEN solved_month BETWEEN 1 AND \(bind: last) THEN 1 ELSE 0 END AS solved,
              severity, category, \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.recordCondition) AND discovered_month BETWEEN \(bind: first) AND \(bind: last)\(day)
            GROUP BY 1, 2, 3, 4
            """).all()
        var result: [String: [CaseHistogram.Cell]] = [:]
        for row in rows {
            let cell = CaseHistogram.Cell(
                discoveredMonth: first,
                solvedMonth: try row.decode(column: "solved", as: Int.self) == 1 ? last : nil,
                severity: CrimeSeverity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .lessSerious,
                category: try row.decode(column: "category", as: String.self),
                count: try row.decode(column: "n", as: Int.self))
            result[try row.decode(column: "commune", as: String.self), default: []].append(cell)
        }
        return result.mapValues(CaseHistogram.init)
    }

    /// Every commune's reports for exactly these months, rolled up the same way: receipts in the range
    /// (registered by its end or not), and handling steps before the range (the pending pool at its
    /// start) and in it.
    func reportTotalsByCommune(_ scope: Scope, months: ClosedRange<StatisticalMonth>) async throws -> [String: ReportHistogram] {
        let source = Source(.reports, scope)
        let first = months.lowerBound.code, last = months.upperBound.code
        let rows = try await sql.raw("""
            SELECT commune_code AS commune, CASE WHEN registered_month BETWEEN 1 AND \(bind: last) THEN 1 ELSE 0 END AS registered,
              \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.recordCondition) AND received_month BETWEEN \(bind: first) AND \(bind: last)
            GROUP BY 1, 2
            """).all()
        var cells: [String: [ReportHistogram.Cell]] = [:]
        for row in rows {
            let cell = ReportHistogram.Cell(
                receivedMonth: first, registeredMonth: try row.decode(column: "registered", as: Int.self) == 1 ? last : nil,
                count: try row.decode(column: "n", as: Int.self))
            cells[try row.decode(column: "commune", as: String.self), default: []].append(cell)
        }
        let before = months.lowerBound.advanced(by: -1).code
        let steps = try await steps(scope, through: last, split: true,
                                    month: "CASE WHEN step_month < \(bind: first) THEN \(bind: before) ELSE \(bind: first) END")
        return Self.histograms(cells, steps)
    }

    /// Report histogram of everything that matters to the months: receipts in them, and every
    /// handling step up to their end (those before give the pending pool at their start).
    func reports(_ scope: Scope, months: ClosedRange<StatisticalMonth>) async throws -> ReportHistogram {
        try await reportsByCommune(scope, months: months, split: false)[""] ?? ReportHistogram([])
    }

    func reportsByCommune(_ scope: Scope, months: ClosedRange<StatisticalMonth>, split: Bool = true) async throws -> [String: ReportHistogram] {
        let source = Source(.reports, scope)
        let commune: SQLQueryString = split ? "commune_code" : "''"
        let groupCommune: SQLQueryString = split ? "commune_code, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, received_month, \(source.month("registered_month")) AS registered_month, \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.recordCondition) AND received_month BETWEEN \(bind: months.lowerBound.code) AND \(bind: months.upperBound.code)
            GROUP BY \(groupCommune)received_month, registered_month
            """).all()
        var cells: [String: [ReportHistogram.Cell]] = [:]
        for row in rows {
            let cell = ReportHistogram.Cell(
                receivedMonth: try row.decode(column: "received_month", as: Int.self),
                registeredMonth: try row.decode(column: "registered_month", as: Int?.self),
                count: try row.decode(column: "n", as: Int.self))
            cells[try row.decode(column: "commune", as: String.self), default: []].append(cell)
        }
        let steps = try await steps(scope, through: months.upperBound.code, split: split, month: "step_month")
        return Self.histograms(cells, steps)
    }

    /// Handling steps through a month by (commune,) month as `month` groups it, kind and effect on the pool.
    private func steps(_ scope: Scope, through last: Int, split: Bool, month: SQLQueryString) async throws -> [String: [ReportHistogram.StepCell]] {
        let source = Source(.steps, scope)
        let commune: SQLQueryString = split ? "commune_code" : "''"
        // By position: the month may be an expression with parameters, which PostgreSQL would not match textually.
        let groupCommune: SQLQueryString = split ? "1, " : ""
        let rows = try await sql.raw("""
            SELECT \(commune) AS commune, \(month) AS month, kind, pending_change, \(source.count) AS n
            FROM \(source.table)
            WHERE \(scope.recordCondition) AND step_month <= \(bind: last) AND kind <> 'received' AND kind <> 'extended'
            GROUP BY \(groupCommune)2, 3, 4
            """).all()
        var result: [String: [ReportHistogram.StepCell]] = [:]
        for row in rows {
            guard let kind = HandlingStep.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            let cell = ReportHistogram.StepCell(
                month: try row.decode(column: "month", as: Int.self), kind: kind,
                pendingChange: try row.decode(column: "pending_change", as: Int.self), count: try row.decode(column: "n", as: Int.self))
            result[try row.decode(column: "commune", as: String.self), default: []].append(cell)
        }
        return result
    }

    private static func histograms(_ cells: [String: [ReportHistogram.Cell]], _ steps: [String: [ReportHistogram.StepCell]]) -> [String: ReportHistogram] {
        Dictionary(uniqueKeysWithValues: Set(cells.keys).union(steps.keys).map { ($0, ReportHistogram(cells[$0] ?? [], steps: steps[$0] ?? [])) })
    }
}
