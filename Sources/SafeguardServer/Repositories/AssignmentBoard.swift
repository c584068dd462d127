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
        var progress: Int
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

    /// Assignments per status, and how many unfinished ones fall due within `days`: one pass over
    /// `assignment_counts` (a row per unit, deadline and completion day, kept by triggers), where an
    /// unfinished assignment's completion day is ''. (PostgreSQL sums a BIGINT as NUMERIC: cast back.)
    func counts(today: CalendarDate, days: Int) async throws -> (counts: [TaskStatus: Int], dueSoon: Int, total: Int) {
        let t = today.description, soon = today.adding(days: days).description
        let row = try await (db as! any SQLDatabase).raw("""
            SELECT
              CAST(COALESCE(SUM(CASE WHEN completed_on = '' AND due_on < \(bind: t) THEN n ELSE 0 END), 0) AS BIGINT) AS overdue,
              CAST(COALESCE(SUM(CASE WHEN completed_on = '' AND due_on >= \(bind: t) THEN n ELSE 0 END), 0) AS BIGINT) AS open,
              CAST(COALESCE(SUM(CASE WHEN completed_on <> '' AND completed_on > due_on THEN n ELSE 0 END), 0) AS BIGINT) AS late,
              CAST(COALESCE(SUM(CASE WHEN completed_on <> '' AND completed_on <= due_on THEN n ELSE 0 END), 0) AS BIGINT) AS ontime,
              CAST(COALESCE(SUM(CASE WHEN completed_on = '' AND due_on >= \(bind: t) AND due_on <= \(bind: soon) THEN n ELSE 0 END), 0) AS BIGINT) AS soon
            FROM assignment_counts WHERE \(condition)
            """).first()
        func value(_ column: String) throws -> Int { try row?.decode(column: column, as: Int.self) ?? 0 }
        let counts: [TaskStatus: Int] = [.overdue: try value("overdue"), .inProgress: try value("open"),
                                         .completedLate: try value("late"), .completedOnTime: try value("ontime")]
        return (counts, try value("soon"), counts.values.reduce(0, +))
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
                SELECT id, unit_code, title, responsible, due_on, completed_on, progress FROM assignments WHERE \(condition) AND \(only(status, today))
                ORDER BY due_on, unit_code, id LIMIT \(unsafeRaw: String(take)) OFFSET \(unsafeRaw: String(skip))
                """).all(decoding: Row.self)
            skip = 0
            if rows.count >= limit { break }
        }
        return rows
    }
}
