import Fluent

/// Periodic reporting: form versions, units' reports, their values and workflow events.
struct CreateReports: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateReports" }

    func prepare(on db: any Database) async throws {
        try await db.schema(ReportFormRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("definition", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "code", "version")
            .create()
        try await db.schema(ReportSubmission.schema)
            .id()
            .field("form_code", .string, .required)
            .field("form_version", .int, .required)
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("period", .string, .required)
            .field("state", .string, .required)
            .field("first_submitted_on", .string)
            .field("return_reason", .string)
            .field("decided_by", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "form_code", "unit_code", "period")
            .create()
        try await db.index(ReportSubmission.schema, "form_code", "province_code", "period")
        try await db.schema(ReportValueRecord.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(ReportSubmission.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("value", .string, .required)
            .unique(on: "submission_id", "key")
            .create()
        try await db.schema(ReportEvent.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(ReportSubmission.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("reason", .string)
            .create()
        try await db.index(ReportEvent.schema, "submission_id")
    }

    func revert(on db: any Database) async throws {
        for schema in [ReportEvent.schema, ReportValueRecord.schema, ReportSubmission.schema, ReportFormRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
