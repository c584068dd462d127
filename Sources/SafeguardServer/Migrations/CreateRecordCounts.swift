import Fluent

/// The per-commune monthly counts behind the dashboard, with the triggers that keep them exact.
struct CreateRecordCounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for table in RecordCounts.all { try await table.create(on: db) }
    }

    func revert(on db: any Database) async throws {
        for table in RecordCounts.all { try await table.drop(on: db) }
    }
}
