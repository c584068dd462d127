import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// The task board's reads done by the database, so a city's year of monthly instances (tens of
/// thousands) costs one grouped count and one page of rows: the four-way status is the same rule
/// as `TaskStatus.classify`, written in SQL over the ISO dates (which order as text).
struct AssignmentBoard {
    let db: any Database
    let scope: OrgUnit

    struct Row: Decodable {
        var id: UUID
        var unit_code: String
        var title: String
        var responsible: String
        var due_on: String
        var completed_on: String?
    }

    private var condition: SQLQueryString {
        scope.kind == .province ? "province_code = \(bind: scope.provinceCode)" : "unit_path LIKE \(bind: scope.path + "%")"
    }

    /// `TaskStatus.classify` in SQL, for `today`.
    private func status(_ today: CalendarDate) -> SQLQueryString {
        """
        CASE WHEN completed_on IS NULL AND due_on < \(bind: today.description) THEN 'overdue' \
        WHEN completed_on IS NULL THEN 'in-progress' \
        WHEN completed_on <= due_on THEN 'completed-on-time' ELSE 'completed-late' END
        """
    }

    /// Late work first, then work in time, then done late, then done on time.
    private func rank(_ today: CalendarDate) -> SQLQueryString {
        """
        CASE WHEN completed_on IS NULL AND due_on < \(bind: today.description) THEN 0 \
        WHEN completed_on IS NULL THEN 1 WHEN completed_on <= due_on THEN 3 ELSE 2 END
        """
    }

    /// Assignments per status, and how many unfinished ones fall due within `days`.
    func counts(today: CalendarDate, days: Int) async throws -> (counts: [TaskStatus: Int], dueSoon: Int, total: Int) {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("SELECT \(status(today)) AS s, COUNT(*) AS n FROM assignments WHERE \(condition) GROUP BY 1").all()
        var counts: [TaskStatus: Int] = [:]
        for row in rows {
            if let status = TaskStatus(rawValue: try row.decode(column: "s", as: String.self)) { counts[status] = try row.decode(column: "n", as: Int.self) }
        }
        let soon = try await sql.raw("""
            SELECT COUNT(*) AS n FROM assignments WHERE \(condition) AND completed_on IS NULL
            AND due_on >= \(bind: today.description) AND due_on <= \(bind: today.adding(days: days).description)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        return (counts, soon, counts.values.reduce(0, +))
    }

    /// One page of the board, late work first then by deadline; only `status` when given.
    func rows(status wanted: TaskStatus?, today: CalendarDate, limit: Int, offset: Int) async throws -> [Row] {
        let filter: SQLQueryString = wanted.map { " AND \(status(today)) = \(bind: $0.rawValue)" } ?? ""
        return try await (db as! any SQLDatabase).raw("""
            SELECT id, unit_code, title, responsible, due_on, completed_on FROM assignments WHERE \(condition)\(filter)
            ORDER BY \(rank(today)), due_on, unit_code, id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))
            """).all(decoding: Row.self)
    }
}
