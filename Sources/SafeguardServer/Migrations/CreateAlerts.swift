import Fluent

/// Early-warning alerts, their review log, and the claims of scheduled detector runs.
struct CreateAlerts: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateAlerts" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Alert.schema)
            .id()
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("watch_id", .string, .required)
            .field("frequency", .string, .required)
            .field("period", .int, .required)
            .field("period_start", .int)
            .field("method", .string, .required)
            .field("parameters", .string, .required)
            .field("baseline", .string, .required)
            .field("observed", .int, .required)
            .field("expected", .double)
            .field("upperbound", .double)
            .field("score", .double)
            .field("p_value", .double)
            .field("state", .string, .required)
            .field("assessment", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // One alert per series, period and method: a second run of the detector finds it.
            .unique(on: "unit_code", "watch_id", "frequency", "period", "method")
            .create()
        try await db.index(Alert.schema, "province_code", "period")
        try await db.index(Alert.schema, "unit_path")
        try await db.schema(AlertReview.schema)
            .id()
            .field("alert_id", .uuid, .required, .references(Alert.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("step", .string, .required)
            .field("assessment", .string)
            .field("note", .string)
            .create()
        try await db.index(AlertReview.schema, "alert_id")
        try await db.schema(DetectorRun.schema)
            .id()
            .field("province_code", .string, .required)
            .field("frequency", .string, .required)
            .field("period", .int, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("alerts", .int)
            .unique(on: "province_code", "frequency", "period")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DetectorRun.schema).delete()
        try await db.schema(AlertReview.schema).delete()
        try await db.schema(Alert.schema).delete()
    }
}
