import Fluent
import SQLKit

/// Assignments from plan tasks: which plan and task, the unit's part and the recurrence.
struct AddPlanAssignments: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddPlanAssignments" }

    static let columns = ["plan_key", "task_code", "part", "recurrence"]

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in Self.columns { try await sql.raw("ALTER TABLE assignments ADD COLUMN \(ident: column) TEXT").run() }
        try await db.index(Assignment.schema, "plan_key", "task_code")
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in Self.columns.reversed() { try await sql.raw("ALTER TABLE assignments DROP COLUMN \(ident: column)").run() }
    }
}
