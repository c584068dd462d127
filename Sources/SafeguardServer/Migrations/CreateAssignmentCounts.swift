import Fluent

/// `assignment_counts`, kept by triggers like the KPI counts tables (`RecordCounts.assignments`).
struct CreateAssignmentCounts: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateAssignmentCounts" }

    func prepare(on db: any Database) async throws {
        try await RecordCounts.assignments.create(on: db)
    }

    func revert(on db: any Database) async throws {
        try await RecordCounts.assignments.drop(on: db)
    }
}
