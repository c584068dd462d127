import Fluent
import SQLKit

/// Sessions known by the hash of their id (`StoredSessions`). The sessions of Fluent's driver, kept
/// by their id in clear, are deleted: everyone signs in once more.
struct CreateStoredSessions: AsyncMigration {
    /// Pinned: the name every database records this migration under.
    var name: String { "SafeguardServer.CreateStoredSessions" }

    func prepare(on db: any Database) async throws {
        try await db.schema(StoredSession.schema)
            .id()
            .field("key_hash", .string, .required)
            .field("data", .string, .required)
            .field("user_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "key_hash")
            .create()
        try await db.index(StoredSession.schema, "user_id")
        try await (db as! any SQLDatabase).raw("DELETE FROM _fluent_sessions").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(StoredSession.schema).delete()
    }
}
