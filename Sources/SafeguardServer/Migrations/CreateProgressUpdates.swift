import Fluent
import SQLKit

/// Progress reports and their evidence files; and whether an assignment needs evidence to be completed.
struct CreateProgressUpdates: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateProgressUpdates" }

    func prepare(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("ALTER TABLE assignments ADD COLUMN requires_evidence BOOLEAN NOT NULL DEFAULT TRUE").run()
        try await db.schema(ProgressUpdate.schema)
            .id()
            .field("assignment_id", .uuid, .required, .references(Assignment.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("text", .string, .required)
            .field("percent", .int, .required)
            .field("completes", .bool, .required)
            .create()
        try await db.index(ProgressUpdate.schema, "assignment_id")
        try await db.schema(EvidenceFile.schema)
            .id()
            .field("update_id", .uuid, .required, .references(ProgressUpdate.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .create()
        try await db.index(EvidenceFile.schema, "update_id")
        try await db.schema(EvidenceContent.schema)
            .field("id", .uuid, .identifier(auto: false), .references(EvidenceFile.schema, "id", onDelete: .cascade))
            .field("bytes", .data, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(EvidenceContent.schema).delete()
        try await db.schema(EvidenceFile.schema).delete()
        try await db.schema(ProgressUpdate.schema).delete()
        try await (db as! any SQLDatabase).raw("ALTER TABLE assignments DROP COLUMN requires_evidence").run()
    }
}
