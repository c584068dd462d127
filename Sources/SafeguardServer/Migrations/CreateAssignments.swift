import Fluent

/// Phân công nhiệm vụ (`Assignment`).
struct CreateAssignments: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateAssignments" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Assignment.schema)
            .id()
            .field("source", .string, .required)
            .field("alert_id", .uuid, .references(Alert.schema, "id", onDelete: .setNull))
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("title", .string, .required)
            .field("responsible", .string, .required)
            .field("due_on", .string, .required)
            .field("expected_result", .string, .required)
            .field("completed_on", .string)
            .field("progress", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await db.index(Assignment.schema, "alert_id")
        try await db.index(Assignment.schema, "unit_path")
        try await db.index(Assignment.schema, "province_code", "due_on")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Assignment.schema).delete()
    }
}
