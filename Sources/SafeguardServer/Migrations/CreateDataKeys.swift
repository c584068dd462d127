import Fluent

/// The field encryption's data keys (`DataKey`, `FieldCipher`).
struct CreateDataKeys: AsyncMigration {
    /// Pinned: the name every database records this migration under.
    var name: String { "SafeguardServer.CreateDataKeys" }

    func prepare(on db: any Database) async throws {
        try await db.schema(DataKey.schema)
            .id()
            .field("purpose", .string, .required)
            .field("wrapped", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DataKey.schema).delete()
    }
}

/// API tokens that end by themselves (`safeguard token issue NAME --days N`).
struct AddTokenExpiry: AsyncMigration {
    var name: String { "SafeguardServer.AddTokenExpiry" }

    func prepare(on db: any Database) async throws {
        try await db.schema(APIToken.schema).field("expires_at", .datetime).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(APIToken.schema).deleteField("expires_at").update()
    }
}

/// Two-factor sign-in: each account's TOTP secret (sealed, `FieldCipher.Column.secondFactor`),
/// when it was confirmed, the last time step used (a code is good once), and the recovery codes,
/// kept as hashes.
struct AddSecondFactor: AsyncMigration {
    var name: String { "SafeguardServer.AddSecondFactor" }

    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .field("totp_secret", .string)
            .update()
        try await db.schema(User.schema)
            .field("totp_confirmed_at", .datetime)
            .update()
        try await db.schema(User.schema)
            .field("totp_last_step", .int64)
            .update()
        try await db.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await db.index(RecoveryCode.schema, "user_id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(RecoveryCode.schema).delete()
        try await db.schema(User.schema).deleteField("totp_last_step").update()
        try await db.schema(User.schema).deleteField("totp_confirmed_at").update()
        try await db.schema(User.schema).deleteField("totp_secret").update()
    }
}
