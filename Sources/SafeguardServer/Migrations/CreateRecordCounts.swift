import Fluent

/// The per-commune monthly counts behind the dashboard, with the triggers that keep them exact.
struct CreateRecordCounts: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateRecordCounts" }

    func prepare(on db: any Database) async throws {
        for table in RecordCounts.all { try await table.create(on: db) }
    }

    func revert(on db: any Database) async throws {
        for table in RecordCounts.all { try await table.drop(on: db) }
    }
}
