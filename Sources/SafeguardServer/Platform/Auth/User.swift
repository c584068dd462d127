import Fluent
import SafeguardCore
import Vapor

/// Tài khoản người dùng.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    @OptionalParent(key: "unit_id") var unit: OrgUnit?
    @Field(key: "is_active") var isActive: Bool
    /// Where reminders about the unit's work are e-mailed, when SMTP is configured.
    @OptionalField(key: "email") var email: String?
    /// Set for one-time passwords (demo accounts, resets): the user is asked to choose a new one.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The TOTP secret (RFC 6238), sealed (`FieldCipher.Column.secondFactor`); set when enrolment
    /// starts, in force once `totpConfirmedAt` is set by a first good code.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "totp_confirmed_at") var totpConfirmedAt: Date?
    /// The last time step a code was accepted for: a code is good once (RFC 6238 §5.2).
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?

    init() {}

    init(username: String, displayName: String, passwordHash: String, role: Role, unitID: UUID?, mustChangePassword: Bool) {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role
        self.$unit.id = unitID
        self.isActive = true
        self.mustChangePassword = mustChangePassword
    }

    static func find(username: String, on db: any Database) async throws -> User? {
        try await query(on: db).filter(\.$username == username.lowercased()).with(\.$unit).first()
    }
}

extension User: ModelSessionAuthenticatable {}

/// Mã truy cập API: a revocable bearer token; only its SHA-256 is stored.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, shown to tell tokens apart without revealing them.
    @Field(key: "prefix") var prefix: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// When the token stops working by itself; nil: until revoked.
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}

    init(userID: UUID, tokenHash: String, prefix: String) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.prefix = prefix
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }
}

/// A login attempt, kept to throttle password guessing across all app instances.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "ip") var ip: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date

    init() {}

    init(username: String, ip: String, succeeded: Bool, at date: Date) {
        self.username = username
        self.ip = ip
        self.succeeded = succeeded
        self.attemptedAt = date
    }
}

extension Digest {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

extension MessageAuthenticationCode {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
