import Fluent

/// Units' activities and their evidence.
struct CreateOutreachEvents: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateOutreachEvents" }

    func prepare(on db: any Database) async throws {
        try await db.schema(OutreachEventRecord.schema)
            .id()
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("held_on", .string, .required)
            .field("held_month", .int, .required)
            .field("participants", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.index(OutreachEventRecord.schema, "unit_path", "held_month")
        try await db.schema(OutreachEvidence.schema)
            .id()
            .field("event_id", .uuid, .required, .references(OutreachEventRecord.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("bytes", .data, .required)
            .create()
        try await db.index(OutreachEvidence.schema, "event_id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OutreachEvidence.schema).delete()
        try await db.schema(OutreachEventRecord.schema).delete()
    }
}
