import Fluent
import SQLKit

/// Handling as events (issue 17): every report's steps in `crime_report_steps`, built from what each
/// report row held (receipt, registration, extensions, suspension, resumption, decision), the
/// counts of steps by commune and month, the transfer of a report to another agency, and each
/// rate target's definition.
///
/// The rows held no dates for extensions; a migrated extension is dated on the registration day
/// (as the file import has always recorded them). Extensions change no figure.
struct AddHandlingSteps: AsyncMigration {
    var name: String { "SafeguardServer.AddHandlingSteps" }

    func prepare(on db: any Database) async throws {
        try await db.schema(CrimeReport.schema).field("transferred_on", .string).update()
        try await db.schema(HandlingStepStore.schema)
            .field("report_id", .uuid, .required, .references(CrimeReport.schema, "id", onDelete: .cascade))
            .field("seq", .int, .required)
            .field("kind", .string, .required)
            .field("step_on", .string, .required)
            .field("step_month", .int, .required)
            .field("outcome", .string)
            .field("pending_change", .int, .required)
            .field("unit_path", .string, .required)
            .field("commune_code", .string, .required)
            .field("province_code", .string, .required)
            .field("actor", .string)
            .field("recorded_at", .datetime)
            .unique(on: "report_id", "seq")
            .create()
        try await db.index(HandlingStepStore.schema, "step_month", "unit_path")
        try await Self.stepsFromRows(on: db as! any SQLDatabase)
        try await RecordCounts.steps.create(on: db)
        try await db.schema(PlanTarget.schema).field("numerator", .string).update()
        try await db.schema(PlanTarget.schema).field("denominator", .string).update()
        try await db.schema(PlanTarget.schema).field("definition_source", .string).update()
    }

    /// Writes every report's steps from what its row holds (each step once: run again, it adds nothing).
    static func stepsFromRows(on sql: any SQLDatabase) async throws {
        // Fixed positions keep the order of a migrated history; steps added later take the next numbers.
        let steps: [(seq: Int, kind: String, on: String, outcome: String, change: Int, condition: String)] = [
            (0, "received", "received_on", "NULL", 0, "1 = 1"),
            (1, "registered", "registered_on", "NULL", 1, "registered_on IS NOT NULL"),
            (2, "extended", "registered_on", "NULL", 0, "extensions >= 1"),
            (3, "extended", "registered_on", "NULL", 0, "extensions >= 2"),
            (4, "suspended", "suspended_on", "NULL", -1, "suspended_on IS NOT NULL AND (state = 'suspended' OR resumed_on IS NOT NULL)"),
            (5, "resumed", "resumed_on", "NULL", 1, "resumed_on IS NOT NULL"),
            (6, "decided", "decided_on", "outcome", -1, "decided_on IS NOT NULL AND state = 'decided'"),
        ]
        for step in steps {
            // Who recorded a migrated step, and when, was never kept: actor and recorded_at stay NULL.
            let insert: String = """
                INSERT INTO \(HandlingStepStore.schema) (report_id, seq, kind, step_on, step_month, outcome, pending_change,
                  unit_path, commune_code, province_code, actor, recorded_at)
                SELECT id, \(step.seq), '\(step.kind)', \(step.on), 0, \(step.outcome), \(step.change),
                  unit_path, commune_code, province_code, NULL, NULL
                FROM \(CrimeReport.schema) WHERE \(step.condition)
                  AND id NOT IN (SELECT report_id FROM \(HandlingStepStore.schema) WHERE seq = \(step.seq))
                """
            try await sql.raw(SQLQueryString(insert)).run()
        }
        try await HandlingStepStore.fillMonths(on: sql)
    }

    func revert(on db: any Database) async throws {
        try await RecordCounts.steps.drop(on: db)
        try await db.schema(HandlingStepStore.schema).delete()
        // Plain SQL: Fluent's SQLite schema builder does not drop columns (SQLite does, since 3.35).
        let sql = db as! any SQLDatabase
        for (table, column) in [(CrimeReport.schema, "transferred_on"), (PlanTarget.schema, "definition_source"),
                                (PlanTarget.schema, "denominator"), (PlanTarget.schema, "numerator")] {
            try await sql.raw("ALTER TABLE \(ident: table) DROP COLUMN \(ident: column)").run()
        }
    }
}
