import Fluent
import Foundation
import SQLKit

/// The audit log's hash chain (`AuditChain`): every entry's place, the previous entry's hash and
/// its own. The entries already written are chained in the order they were written (time, then id),
/// so a database that had a log before gets one chain from its first entry on.
struct AddAuditChain: AsyncMigration {
    /// Pinned: the name every database records this migration under.
    var name: String { "SafeguardServer.AddAuditChain" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("ALTER TABLE audit_log ADD COLUMN seq BIGINT").run()
        try await sql.raw("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT").run()
        try await sql.raw("ALTER TABLE audit_log ADD COLUMN hash TEXT").run()
        try await sql.raw("CREATE UNIQUE INDEX IF NOT EXISTS idx_audit_log_seq ON audit_log (seq)").run()
        var previous = AuditChain.genesis
        var seq = 0
        for entry in try await AuditEntry.query(on: db).sort(\.$at).sort(\.$id).all() {
            seq += 1
            entry.at = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(entry.at)) / 1000)
            entry.seq = seq
            entry.previousHash = previous
            entry.hash = AuditChain.hash(of: entry, seq: seq, previousHash: previous)
            previous = entry.hash!
            try await entry.update(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX IF EXISTS idx_audit_log_seq").run()
        for column in ["hash", "prev_hash", "seq"] { try await sql.raw("ALTER TABLE audit_log DROP COLUMN \(ident: column)").run() }
    }
}
