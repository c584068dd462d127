import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// The task board's reads done by the database, so a city's year of monthly instances (tens of
/// thousands) costs a few index counts and one page of rows: the four-way status is the same rule
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

    /// The rows of one status, as conditions an index on (province_code, completed_on, due_on) serves:
    /// unfinished work is a range of deadlines; finished work compares its two dates.
    private func only(_ status: TaskStatus, _ today: CalendarDate) -> SQLQueryString {
        switch status {
        case .overdue: "completed_on IS NULL AND due_on < \(bind: today.description)"
        case .inProgress: "completed_on IS NULL AND due_on >= \(bind: today.description)"
        case .completedLate: "completed_on IS NOT NULL AND completed_on > due_on"
        case .completedOnTime: "completed_on IS NOT NULL AND completed_on <= due_on"
        }
    }

    /// Assignments per status, and how many unfinished ones fall due within `days`.
    func counts(today: CalendarDate, days: Int) async throws -> (counts: [TaskStatus: Int], dueSoon: Int, total: Int) {
        let sql = db as! any SQLDatabase
        func count(_ where: SQLQueryString) async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS n FROM assignments WHERE \(condition) AND \(`where`)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        var counts: [TaskStatus: Int] = [:]
        for status in TaskStatus.allCases { counts[status] = try await count(only(status, today)) }
        let soon = try await count("completed_on IS NULL AND due_on >= \(bind: today.description) AND due_on <= \(bind: today.adding(days: days).description)")
        return (counts, soon, counts.values.reduce(0, +))
    }

    /// One page of the board, late work first then by deadline (`TaskBoardController.order`); only
    /// `status` when given. Each status is read in deadline order by its own query, so a page costs
    /// an index range, not a sort of the whole city.
    func rows(status wanted: TaskStatus?, counts: [TaskStatus: Int], today: CalendarDate, limit: Int, offset: Int) async throws -> [Row] {
        let sql = db as! any SQLDatabase
        var rows: [Row] = []
        var skip = offset
        for status in TaskBoardController.order where wanted == nil || wanted == status {
            let available = counts[status] ?? 0
            if skip >= available { skip -= available; continue }
            let take = limit - rows.count
            rows += try await sql.raw("""
                SELECT id, unit_code, title, responsible, due_on, completed_on FROM assignments WHERE \(condition) AND \(only(status, today))
                ORDER BY due_on, unit_code, id LIMIT \(unsafeRaw: String(take)) OFFSET \(unsafeRaw: String(skip))
                """).all(decoding: Row.self)
            skip = 0
            if rows.count >= limit { break }
        }
        return rows
    }
}
