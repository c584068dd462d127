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
    /// Only the assignments of these plan tasks (a section, a group, a lead agency's tasks), when set.
    var tasks: TaskSelection? = nil

    /// Plan tasks chosen on the board (`PlanTaskFilter`): the plan and its task codes.
    struct TaskSelection: Sendable {
        var planKey: String
        var codes: [String]
    }

    /// One unit's assignments per status: the leader's "who is late" table.
    struct UnitCounts: Decodable, Sendable {
        var unit_code: String
        var overdue: Int
        var open: Int
        var late: Int
        var ontime: Int

        var total: Int { overdue + open + late + ontime }
    }

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
        Scope(scope).condition()
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

    /// What the counts are summed over: `assignment_counts` (a row per unit, deadline and completion
    /// day, kept by triggers), or for chosen tasks the assignments themselves in the same shape, where
    /// an unfinished assignment's completion day is ''.
    private var counted: SQLQueryString {
        guard let tasks else { return "assignment_counts" }
        return """
            (SELECT unit_code, unit_path, province_code, due_on, COALESCE(completed_on, '') AS completed_on, 1 AS n FROM assignments
             WHERE plan_key = \(bind: tasks.planKey) AND task_code IN (\(binds: tasks.codes.isEmpty ? [""] : tasks.codes))) AS chosen
            """
    }

    /// The sums per status (and due soon) over `counted`. PostgreSQL sums a BIGINT as NUMERIC: cast back.
    private func sums(_ today: CalendarDate, soon: CalendarDate) -> SQLQueryString {
        let t = today.description, s = soon.description
        return """
            CAST(COALESCE(SUM(CASE WHEN completed_on = '' AND due_on < \(bind: t) THEN n ELSE 0 END), 0) AS BIGINT) AS overdue,
            CAST(COALESCE(SUM(CASE WHEN completed_on = '' AND due_on >= \(bind: t) THEN n ELSE 0 END), 0) AS BIGINT) AS open,
            CAST(COALESCE(SUM(CASE WHEN completed_on <> '' AND completed_on > due_on THEN n ELSE 0 END), 0) AS BIGINT) AS late,
            CAST(COALESCE(SUM(CASE WHEN completed_on <> '' AND completed_on <= due_on THEN n ELSE 0 END), 0) AS BIGINT) AS ontime,
            CAST(COALESCE(SUM(CASE WHEN completed_on = '' AND due_on >= \(bind: t) AND due_on <= \(bind: s) THEN n ELSE 0 END), 0) AS BIGINT) AS soon
            """
    }

    /// Assignments per status, and how many unfinished ones fall due within `days`.
    func counts(today: CalendarDate, days: Int) async throws -> (counts: [TaskStatus: Int], dueSoon: Int, total: Int) {
        let row = try await (db as! any SQLDatabase).raw("""
            SELECT \(sums(today, soon: today.adding(days: days))) FROM \(counted) WHERE \(condition)
            """).first()
        func value(_ column: String) throws -> Int { try row?.decode(column: column, as: Int.self) ?? 0 }
        let counts: [TaskStatus: Int] = [.overdue: try value("overdue"), .inProgress: try value("open"),
                                         .completedLate: try value("late"), .completedOnTime: try value("ontime")]
        return (counts, try value("soon"), counts.values.reduce(0, +))
    }

    /// Each unit's counts per status, the units with most late work first (ai đang chậm): late
    /// now, then finished late, then by code.
    func countsPerUnit(today: CalendarDate) async throws -> [UnitCounts] {
        try await (db as! any SQLDatabase).raw("""
            SELECT unit_code, \(sums(today, soon: today)) FROM \(counted) WHERE \(condition)
            GROUP BY unit_code ORDER BY overdue DESC, late DESC, unit_code
            """).all(decoding: UnitCounts.self)
    }

    /// The task condition on `assignments` itself.
    private var chosen: SQLQueryString {
        guard let tasks else { return "" }
        return "AND plan_key = \(bind: tasks.planKey) AND task_code IN (\(binds: tasks.codes.isEmpty ? [""] : tasks.codes))"
    }

    /// One page of the board, late work first then by deadline (`TaskBoardController.order`); only
    /// `status` when given. Each status is read in deadline order by its own query, so a page costs
    /// an index range, not a sort of the whole city. Unfinished work also orders by its (null)
    /// completion day: the same order, but PostgreSQL then sees that the index on (province,
    /// completed_on, due_on, unit, id) gives it as is, where `IS NULL` alone does not tell it so.
    /// `titleLength` reads only the beginning of each title (a board shows that much; the exports want all).
    func rows(status wanted: TaskStatus?, counts: [TaskStatus: Int], today: CalendarDate, limit: Int, offset: Int,
              titleLength: Int? = nil) async throws -> [Row] {
        let title: SQLQueryString = titleLength.map { "SUBSTR(title, 1, \(literal: $0)) AS title" } ?? "title"
        let sql = db as! any SQLDatabase
        var rows: [Row] = []
        var skip = offset
        for status in TaskBoardController.order where wanted == nil || wanted == status {
            let available = counts[status] ?? 0
            if skip >= available { skip -= available; continue }
            let take = limit - rows.count
            rows += try await sql.raw("""
                SELECT id, unit_code, \(title), responsible, due_on, completed_on, progress FROM assignments WHERE \(condition) AND \(only(status, today)) \(chosen)
                ORDER BY \(unsafeRaw: status.isDone ? "" : "completed_on, ")due_on, unit_code, id LIMIT \(unsafeRaw: String(take)) OFFSET \(unsafeRaw: String(skip))
                """).all(decoding: Row.self)
            skip = 0
            if rows.count >= limit { break }
        }
        return rows
    }
}
