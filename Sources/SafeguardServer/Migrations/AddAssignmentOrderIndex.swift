import Fluent
import SQLKit

/// The board's pages in their full order (deadline, then unit, then id) straight from the index:
/// with 4,000 instances sharing each monthly deadline, an index that stopped at the deadline made
/// PostgreSQL sort a whole month's rows for every page of 50 (6.8 ms of a request; now a range read).
struct AddAssignmentOrderIndex: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddAssignmentOrderIndex" }

    static let replaced = ["idx_assignments_province_code_completed_on_due_on", "idx_assignments_unit_path_completed_on_due_on"]

    func prepare(on db: any Database) async throws {
        try await db.index(Assignment.schema, "province_code", "completed_on", "due_on", "unit_code", "id")
        try await db.index(Assignment.schema, "unit_path", "completed_on", "due_on", "unit_code", "id")
        for name in Self.replaced { try await (db as! any SQLDatabase).raw("DROP INDEX IF EXISTS \(ident: name)").run() }
    }

    func revert(on db: any Database) async throws {
        try await AddAssignmentStatusIndex().prepare(on: db)
        for columns in ["province_code", "unit_path"] {
            try await (db as! any SQLDatabase).raw("DROP INDEX IF EXISTS \(ident: "idx_assignments_\(columns)_completed_on_due_on_unit_code_id")").run()
        }
    }
}
