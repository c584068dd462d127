import Fluent
import SQLKit
import Vapor

/// Re-seals every sealed column's values that are not under their purpose's current data key —
/// values still in clear (written before encryption) and values under a retired key — in batches,
/// one transaction each, walking each table by primary key. A run stopped half-way loses nothing
/// (every value is either re-sealed or still opens with its old key) and the next run continues
/// where it matters: values already under the current key are passed over.
struct FieldResealer {
    let db: any Database
    let cipher: FieldCipher
    var batchSize = 500

    struct Progress: Sendable {
        var column: FieldCipher.Column
        var scanned: Int
        var resealed: Int
    }

    /// Walks every column; `progress` is told after each batch.
    @discardableResult
    func run(columns: [FieldCipher.Column] = FieldCipher.Column.all, progress: (Progress) -> Void = { _ in }) async throws -> [Progress] {
        var totals: [Progress] = []
        for column in columns {
            var done = Progress(column: column, scanned: 0, resealed: 0)
            var after: String?
            while true {
                let (count, resealed, last) = try await batch(column, after: after)
                done.scanned += count
                done.resealed += resealed
                progress(done)
                guard count == (column.isBinary ? min(batchSize, Self.fileBatchSize) : batchSize), let last else { break }
                after = last
            }
            totals.append(done)
        }
        return totals
    }

    /// One batch of a column after the key `after`: (rows read, rows re-sealed, the last key).
    /// Rows per batch of a file column: files run to 20 MB, so a few at a time.
    static let fileBatchSize = 4

    private func batch(_ column: FieldCipher.Column, after: String?) async throws -> (Int, Int, String?) {
        let limit = column.isBinary ? min(batchSize, Self.fileBatchSize) : batchSize
        let sql = db as! any SQLDatabase
        var query = sql.select().column(SQLIdentifier(column.key)).column(SQLIdentifier(column.name)).from(column.table)
            .where(SQLIdentifier(column.name), .isNot, SQLLiteral.null)
        if let after { query = query.where(SQLIdentifier(column.key), .greaterThan, SQLBind(try Self.key(after))) }
        let rows = try await query.orderBy(SQLIdentifier(column.key)).limit(limit).all()
        let current = try await cipher.currentKeyID(for: column.purpose, on: db)
        var stale: [(id: UUID, stored: Stored)] = []
        for row in rows {
            let id = try row.decode(column: column.key, as: UUID.self)
            let stored: Stored = column.isBinary ? .binary(try row.decode(column: column.name, as: Data.self))
                : .text(try row.decode(column: column.name, as: String.self))
            if current == nil || stored.keyID != current { stale.append((id, stored)) }
        }
        let last = try rows.last.map { try $0.decode(column: column.key, as: UUID.self).uuidString }
        // A database with nothing to seal gets no data key yet.
        guard !stale.isEmpty else { return (rows.count, 0, last) }
        let sealer = try await cipher.sealer(for: column.purpose, on: db)
        let cipher = cipher
        try await db.writeTransaction { [stale] db in
            let sql = db as! any SQLDatabase
            for (id, stored) in stale {
                let resealed: SQLBind
                switch stored {
                case .binary(let data):
                    let plain: Data = try await cipher.open(data, for: column, on: db)
                    resealed = SQLBind(try sealer.seal(plain, for: column))
                case .text(let text):
                    let plain: String = try await cipher.open(text, for: column, on: db)
                    resealed = SQLBind(try sealer.seal(plain, for: column))
                }
                // Only if nobody changed the value meanwhile (a change seals it under the current key anyway).
                try await sql.update(column.table).set(SQLIdentifier(column.name), to: resealed)
                    .where(SQLIdentifier(column.key), .equal, SQLBind(id)).where(SQLIdentifier(column.name), .equal, stored.bind).run()
            }
        }
        return (rows.count, stale.count, last)
    }

    private enum Stored: Sendable {
        case text(String)
        case binary(Data)

        var keyID: UUID? {
            switch self {
            case .text(let text): FieldCipher.keyID(of: text)
            case .binary(let data): FieldCipher.keyID(of: data)
            }
        }

        var bind: SQLBind {
            switch self {
            case .text(let text): SQLBind(text)
            case .binary(let data): SQLBind(data)
            }
        }
    }

    private static func key(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Abort(.internalServerError) }
        return id
    }
}

/// Seals, once, what databases made before field encryption hold in clear.
struct SealStoredValues: AsyncMigration {
    var name: String { "SafeguardServer.SealStoredValues" }
    let cipher: @Sendable () -> FieldCipher

    func prepare(on db: any Database) async throws {
        try await cipher().ensureKeys(on: db)
        try await FieldResealer(db: db, cipher: cipher()).run()
    }

    func revert(on db: any Database) async throws {}
}
