import Fluent
import Foundation

/// Mã khôi phục: a one-use code that stands in for the authenticator app when the phone is lost;
/// only its SHA-256 is stored (the codes are random, 50 bits each, so a fast hash suffices where a
/// password would need bcrypt).
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(userID: UUID, codeHash: String) {
        self.$user.id = userID
        self.codeHash = codeHash
    }
}
