import Fluent
import SQLKit

/// Notifications sent out by e-mail and webhook (`NotificationDelivery`): the users' addresses, and
/// on each notification its delivery state — claimed when (seconds since 1970, so the claim is a
/// plain integer comparison on both databases), attempts, delivered when, the last error.
struct AddNotificationDelivery: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddNotificationDelivery" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("ALTER TABLE users ADD COLUMN email TEXT").run()
        try await sql.raw("ALTER TABLE notifications ADD COLUMN delivery_claimed_at BIGINT").run()
        try await sql.raw("ALTER TABLE notifications ADD COLUMN delivery_attempts BIGINT NOT NULL DEFAULT 0").run()
        try await sql.raw("ALTER TABLE notifications ADD COLUMN delivered_at BIGINT").run()
        try await sql.raw("ALTER TABLE notifications ADD COLUMN delivery_error TEXT").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in ["delivery_error", "delivered_at", "delivery_attempts", "delivery_claimed_at"] {
            try await sql.raw("ALTER TABLE notifications DROP COLUMN \(ident: column)").run()
        }
        try await sql.raw("ALTER TABLE users DROP COLUMN email").run()
    }
}
