import Fluent

/// The registry of the movement's models and their effectiveness reviews.
struct CreateMovementModels: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateMovementModels" }

    func prepare(on db: any Database) async throws {
        try await db.schema(MovementModelRecord.schema)
            .id()
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("name", .string, .required)
            .field("field", .string, .required)
            .field("technology", .string, .required)
            .field("started_on", .string, .required)
            .field("status", .string, .required)
            .field("members", .int, .required)
            .field("results", .string, .required)
            .field("origin_id", .uuid, .references(MovementModelRecord.schema, "id", onDelete: .setNull))
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await db.index(MovementModelRecord.schema, "province_code", "field")
        try await db.index(MovementModelRecord.schema, "unit_path")
        try await db.schema(MovementModelReview.schema)
            .id()
            .field("model_id", .uuid, .required, .references(MovementModelRecord.schema, "id", onDelete: .cascade))
            .field("reviewed_on", .string, .required)
            .field("rating", .string, .required)
            .field("note", .string, .required)
            .field("by", .string, .required)
            .create()
        try await db.index(MovementModelReview.schema, "model_id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(MovementModelReview.schema).delete()
        try await db.schema(MovementModelRecord.schema).delete()
    }
}
