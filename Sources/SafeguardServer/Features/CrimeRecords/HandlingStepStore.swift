import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Các bước giải quyết: a report's handling steps as stored, one row per step, in order.
///
/// The steps are the record of a report's handling; the state on its `crime_reports` row is derived
/// from them (`CrimeReportLifecycle.replaying`), and the resolution figures are counted from them
/// (`RecordCounts.steps`), each in the statistical month it happened. Each row keeps its report's
/// commune, province and unit path, so the counts and the scope rule read the steps without a join.
/// Steps are only ever appended.
struct HandlingStepStore: Sendable {
    static let schema = "crime_report_steps"
    static let columns = ["report_id", "seq", "kind", "step_on", "step_month", "outcome", "pending_change",
                          "unit_path", "commune_code", "province_code", "actor", "recorded_at"]

    let db: any Database
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The rows of a report's steps, numbered from `firstSeq`, in the order of `columns`.
    static func rows(of steps: ArraySlice<HandlingStep>, firstSeq: Int = 0, report: UUID, path: String, commune: String, province: String,
                     actor: String?, at now: Date?) -> [[BulkValue]] {
        steps.enumerated().map { offset, step in
            [.uuid(report), .int(firstSeq + offset), .text(step.kind.rawValue), .text(step.on.description),
                    .int(StatisticalMonth(containing: step.on).code), .text(step.outcome?.rawValue), .int(step.pendingChange),
                    .text(path), .text(commune), .text(province), .text(actor), now.map(BulkValue.timestamp) ?? .null]
        }
    }

    /// Sets the statistical month of steps stored without one (month 0), by the core's rule
    /// (`StatisticalMonth(containing:)`): one row per distinct day in a mapping table, then one UPDATE.
    static func fillMonths(on sql: any SQLDatabase) async throws {
        let days = try await sql.raw("SELECT DISTINCT step_on FROM \(ident: schema) WHERE step_month = 0").all()
            .compactMap { CalendarDate(iso: try $0.decode(column: "step_on", as: String.self)) }
        guard !days.isEmpty else { return }
        let map = "crime_report_step_months"
        try await sql.raw("CREATE TABLE \(ident: map) (step_on TEXT PRIMARY KEY, month BIGINT NOT NULL)").run()
        for chunk in stride(from: 0, to: days.count, by: 500).map({ days[$0..<min($0 + 500, days.count)] }) {
            var insert = sql.insert(into: map).columns("step_on", "month")
            for day in chunk { insert = insert.values(SQLBind(day.description), SQLBind(StatisticalMonth(containing: day).code)) }
            try await insert.run()
        }
        try await sql.raw("""
            UPDATE \(ident: schema) SET step_month = (SELECT month FROM \(ident: map) m WHERE m.step_on = \(ident: schema).step_on)
            WHERE step_month = 0
            """).run()
        try await sql.raw("DROP TABLE \(ident: map)").run()
    }

    /// One report's steps in order.
    func steps(of report: UUID) async throws -> [HandlingStep] {
        try await history(of: report).map(\.step)
    }

    /// The steps with who recorded them, for the report's page and the API.
    func history(of report: UUID) async throws -> [(step: HandlingStep, actor: String?)] {
        try await sql.raw("""
            SELECT kind, step_on, outcome, pending_change, actor FROM \(ident: Self.schema) WHERE report_id = \(bind: report) ORDER BY seq
            """).all().map { row in
            guard let kind = HandlingStep.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let on = CalendarDate(iso: try row.decode(column: "step_on", as: String.self)) else {
                throw Abort(.internalServerError, reason: "a stored handling step of report \(report) cannot be read")
            }
            let step = HandlingStep(kind: kind, on: on, outcome: try row.decode(column: "outcome", as: String?.self).flatMap(CrimeReportOutcome.init(rawValue:)),
                                    wasPending: try row.decode(column: "pending_change", as: Int.self) != 0 && kind == .transferred)
            return (step, try row.decode(column: "actor", as: String?.self))
        }
    }

    /// Appends the steps a form added (those after the `stored` count) to a report's record, numbered
    /// after the last stored one (a migrated history leaves gaps in the numbers).
    func append(_ life: CrimeReportLifecycle, after stored: Int, to row: CrimeReport, actor: String, at now: Date) async throws {
        let new = life.steps[stored...]
        guard !new.isEmpty else { return }
        let id = try row.requireID()
        let last = try await sql.raw("SELECT MAX(seq) AS last FROM \(ident: Self.schema) WHERE report_id = \(bind: id)").first()?
            .decode(column: "last", as: Int?.self)
        let rows = Self.rows(of: new, firstSeq: (last ?? -1) + 1, report: id, path: row.unitPath, commune: row.communeCode,
                             province: row.provinceCode, actor: actor, at: now)
        try await BulkLoader(db: db).load(table: Self.schema, columns: Self.columns, count: rows.count) { range in Array(rows[range]) }
    }
}
