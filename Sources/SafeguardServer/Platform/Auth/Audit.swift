import Crypto
import Fluent
import SQLKit
import Vapor

// Adding to the audit log: `req.audit`, `AuditEntry.append(on:)` and the hash chain they extend.

extension Request {
    /// Records who did what to which entity in the audit log, on the given database: the caller's
    /// transaction when there is one, so the entry and the change it records commit together.
    func audit(_ action: String, _ entity: String, key: String?, detail: String? = nil, on db: (any Database)? = nil) async throws {
        let user = auth.get(User.self)
        try await AuditEntry(
            at: self.now, userID: user?.id, actor: user?.username ?? "anonymous", action: action, entity: entity,
            entityKey: key, detail: detail, ip: clientAddress
        ).append(on: db ?? self.db)
    }
}

/// Chuỗi băm của nhật ký: each audit entry carries the SHA-256 of its own content and of the entry
/// before it, so an entry changed or removed after it was written no longer fits its neighbours
/// (`AuditVerifier`). The chain alone cannot tell a deleted *tail*, nor a log rewritten from some
/// point on by someone who recomputes every hash; the signed anchors (`AuditAnchor`) do.
enum AuditChain {
    /// The previous hash of the first entry.
    static let genesis = String(repeating: "0", count: 64)

    /// The bytes an entry's hash is taken over: a version tag, then every field, each written with
    /// its length (or `~` when absent) so that no two different entries share a content — moving a
    /// character from `detail` to `entity_key` changes it. The time counts in whole milliseconds,
    /// what both engines store exactly.
    static func content(of entry: AuditEntry, seq: Int, previousHash: String) -> [UInt8] {
        let fields: [String?] = [
            "audit/v1", String(seq), String(milliseconds(entry.at)), entry.userID?.uuidString.lowercased(), entry.actor,
            entry.action, entry.entity, entry.entityKey, entry.detail, entry.ip, previousHash,
        ]
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else { bytes.append(contentsOf: "~;".utf8); continue }
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: "\(utf8.count):".utf8)
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: ";"))
        }
        return bytes
    }

    static func hash(of entry: AuditEntry, seq: Int, previousHash: String) -> String {
        SHA256.hash(data: content(of: entry, seq: seq, previousHash: previousHash)).hex
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Makes the appenders of all app instances take their turn: PostgreSQL holds an advisory lock
    /// until the transaction ends; SQLite's write transactions are serial already (`writeTransaction`
    /// begins IMMEDIATE, and a transaction that has written holds the write lock). The unique index
    /// on `seq` is the last guard: two entries can never share a place.
    fileprivate static func takeTurn(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: lockKey))").run()
    }

    /// An arbitrary constant naming the audit chain's advisory lock ("799" and "audit").
    private static let lockKey: Int64 = 799_0001

    /// The last entry in the chain, if any.
    static func head(on db: any Database) async throws -> AuditEntry? {
        try await AuditEntry.query(on: db).filter(\.$seq != nil).sort(\.$seq, .descending).first()
    }
}

extension AuditEntry {
    /// Adds this entry at the end of the chain, in the caller's transaction when there is one (so
    /// the entry and the change it records commit together), else in a write transaction of its own.
    func append(on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await AuditChain.takeTurn(on: db)
            let head = try await AuditChain.head(on: db)
            let seq = (head?.seq ?? 0) + 1
            let previous = head?.hash ?? AuditChain.genesis
            self.at = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(self.at)) / 1000)
            self.seq = seq
            self.previousHash = previous
            self.hash = AuditChain.hash(of: self, seq: seq, previousHash: previous)
            try await self.create(on: db)
        }
    }
}
