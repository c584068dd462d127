import Fluent

/// The board's counts and pages read unfinished work as deadline ranges and finished work by its
/// dates, per province: one index serves them all.
struct AddAssignmentStatusIndex: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddAssignmentStatusIndex" }

    func prepare(on db: any Database) async throws {
        try await db.index(Assignment.schema, "province_code", "completed_on", "due_on")
        try await db.index(Assignment.schema, "unit_path", "completed_on", "due_on")
    }

    func revert(on db: any Database) async throws {}
}
