import Fluent

/// In-app reminders and the daily claims of the reminder run.
struct CreateNotifications: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateNotifications" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Notification.schema)
            .id()
            .field("assignment_id", .uuid, .required, .references(Assignment.schema, "id", onDelete: .cascade))
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("kind", .string, .required)
            .field("due_on", .string, .required)
            .field("created_at", .datetime)
            .field("read_at", .datetime)
            // Once per assignment and kind, however many runs or instances.
            .unique(on: "assignment_id", "kind")
            .create()
        try await db.index(Notification.schema, "unit_path")
        try await db.index(Notification.schema, "province_code", "created_at")
        try await db.schema(ReminderRun.schema)
            .id()
            .field("day", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("created", .int)
            .unique(on: "day")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ReminderRun.schema).delete()
        try await db.schema(Notification.schema).delete()
    }
}
