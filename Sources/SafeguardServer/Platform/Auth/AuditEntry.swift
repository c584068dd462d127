import Fluent
import Vapor

/// Nhật ký: who changed — or, for sensitive data, read — what, and when. Entries are only ever
/// added, through `append(on:)`, which links each to the one before (`AuditChain`).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    /// Kept as text so the entry survives the account's deletion.
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @OptionalField(key: "entity_key") var entityKey: String?
    @OptionalField(key: "detail") var detail: String?
    @OptionalField(key: "ip") var ip: String?
    /// The entry's place in the hash chain (1, 2, 3…); unique, so two entries cannot share a place.
    @OptionalField(key: "seq") var seq: Int?
    /// The previous entry's `hash` (`AuditChain.genesis` for the first).
    @OptionalField(key: "prev_hash") var previousHash: String?
    /// SHA-256 of this entry's content and `previousHash` (`AuditChain.content`), in hex.
    @OptionalField(key: "hash") var hash: String?

    init() {}

    init(at: Date, userID: UUID?, actor: String, action: String, entity: String, entityKey: String?, detail: String?, ip: String?) {
        self.at = at
        self.userID = userID
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityKey = entityKey
        self.detail = detail
        self.ip = ip
    }
}
