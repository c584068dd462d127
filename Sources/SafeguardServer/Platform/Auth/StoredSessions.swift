import Crypto
import Fluent
import Vapor

/// Phiên đăng nhập: sessions kept in the database so that every app instance knows them, but only
/// by the SHA-256 of their id — a backup or a dump of the database hands over no cookie that
/// works (Fluent's own driver stores the id itself). The server, not the cookie, decides when a
/// session ends (ASVS 5.0 V7.3): after `idle` without a request, and `lifetime` after it began,
/// however busy. The account it belongs to is kept beside it, so that changing a password or
/// deactivating an account ends the account's sessions at once.
struct StoredSessions: AsyncSessionDriver {
    var idle: TimeInterval
    var lifetime: TimeInterval
    /// `last_seen_at` is written at most this often, so that reading a page is not a write each time.
    var touchInterval: TimeInterval = 60

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = SessionID(string: [UInt8].random(count: 32).base64URL)
        let now = request.now
        try await StoredSession(keyHash: Self.hash(id), data: data, userID: Self.user(in: data), createdAt: now, lastSeenAt: now).create(on: request.db)
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard let stored = try await StoredSession.query(on: request.db).filter(\.$keyHash == Self.hash(sessionID)).first() else { return nil }
        let now = request.now
        guard now.timeIntervalSince(stored.lastSeenAt) < idle, now.timeIntervalSince(stored.createdAt) < lifetime else {
            try await stored.delete(on: request.db)
            return nil
        }
        if now.timeIntervalSince(stored.lastSeenAt) >= touchInterval {
            stored.lastSeenAt = now
            try await stored.update(on: request.db)
        }
        return try stored.sessionData()
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        guard let stored = try await StoredSession.query(on: request.db).filter(\.$keyHash == Self.hash(sessionID)).first() else {
            // Ended meanwhile (expired, signed out elsewhere): a new one, never the old id again.
            return try await createSession(data, for: request)
        }
        try stored.setData(data)
        stored.userID = Self.user(in: data)
        stored.lastSeenAt = request.now
        try await stored.update(on: request.db)
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await StoredSession.query(on: request.db).filter(\.$keyHash == Self.hash(sessionID)).delete()
    }

    static func hash(_ id: SessionID) -> String { SHA256.hash(data: Data(id.string.utf8)).hex }

    /// The signed-in account, as Vapor's session authentication records it (`_` + type name + `Session`).
    static func user(in data: SessionData) -> UUID? { data["_UserSession"].flatMap(UUID.init(uuidString:)) }

    /// Ends every session of an account, except `keeping` (the one changing its own password).
    static func end(sessionsOf userID: UUID, keeping: SessionID? = nil, on db: any Database) async throws {
        let query = StoredSession.query(on: db).filter(\.$userID == userID)
        if let keeping { query.filter(\.$keyHash != hash(keeping)) }
        try await query.delete()
    }
}

/// One row of `sessions`.
final class StoredSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "key_hash") var keyHash: String
    /// The session's data as JSON (the CSRF token, the signed-in account).
    @Field(key: "data") var data: String
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}

    init(keyHash: String, data: SessionData, userID: UUID?, createdAt: Date, lastSeenAt: Date) throws {
        self.keyHash = keyHash
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        try setData(data)
    }

    func setData(_ data: SessionData) throws { self.data = String(decoding: try JSONEncoder().encode(data), as: UTF8.self) }
    func sessionData() throws -> SessionData { try JSONDecoder().decode(SessionData.self, from: Data(data.utf8)) }
}
