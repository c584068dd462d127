import Fluent
import Vapor

/// An uploaded file waiting for the user to confirm its import after the preview. Kept in the
/// database (not on one server's disk) so any app instance can finish the import.
final class PendingImport: Model, @unchecked Sendable {
    static let schema = "pending_imports"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "content") var content: Data
    /// From the server's clock (not Fluent's `@Timestamp`), as the expiry it is compared with.
    @OptionalField(key: "created_at") var createdAt: Date?

    init() {}

    init(userID: UUID, kind: String, fileName: String, content: Data, createdAt: Date) {
        self.createdAt = createdAt
        self.userID = userID
        self.kind = kind
        self.fileName = fileName
        self.content = content
    }
}

struct CreatePendingImports: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreatePendingImports" }

    func prepare(on db: any Database) async throws {
        try await db.schema(PendingImport.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PendingImport.schema).delete()
    }
}
