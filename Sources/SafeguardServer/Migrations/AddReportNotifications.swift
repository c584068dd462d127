import Fluent
import SQLKit

/// Notifications about periodic reports: the assignment becomes optional and a notice names a form
/// and period instead; each report reminder once per unit, form, period and kind. SQLite cannot
/// drop a NOT NULL, so there the table is rebuilt with the same rows.
struct AddReportNotifications: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddReportNotifications" }

    static let kept = "id, assignment_id, unit_code, unit_path, province_code, kind, due_on, created_at, read_at, delivery_claimed_at, delivery_attempts, delivered_at, delivery_error"

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE notifications ALTER COLUMN assignment_id DROP NOT NULL").run()
            for column in ["form_code", "period", "title"] { try await sql.raw("ALTER TABLE notifications ADD COLUMN \(ident: column) TEXT").run() }
        } else {
            try await sql.raw("""
                CREATE TABLE notifications_new ("id" UUID PRIMARY KEY,
                  "assignment_id" UUID REFERENCES "assignments" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                  "unit_code" TEXT NOT NULL, "unit_path" TEXT NOT NULL, "province_code" TEXT NOT NULL, "kind" TEXT NOT NULL,
                  "due_on" TEXT NOT NULL, "created_at" REAL, "read_at" REAL, delivery_claimed_at BIGINT,
                  delivery_attempts BIGINT NOT NULL DEFAULT 0, delivered_at BIGINT, delivery_error TEXT,
                  form_code TEXT, period TEXT, title TEXT,
                  CONSTRAINT "uq:notifications.assignment_id+notifications.kind" UNIQUE ("assignment_id", "kind"))
                """).run()
            try await sql.raw("INSERT INTO notifications_new (\(unsafeRaw: Self.kept)) SELECT \(unsafeRaw: Self.kept) FROM notifications").run()
            try await sql.raw("DROP TABLE notifications").run()
            try await sql.raw("ALTER TABLE notifications_new RENAME TO notifications").run()
            try await db.index(Notification.schema, "unit_path")
            try await db.index(Notification.schema, "province_code", "created_at")
        }
        try await sql.raw("CREATE UNIQUE INDEX uq_notifications_report ON notifications (unit_code, form_code, period, kind)").run()
    }

    func revert(on db: any Database) async throws {}
}
