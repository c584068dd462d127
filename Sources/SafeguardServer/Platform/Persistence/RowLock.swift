import Fluent
import SQLKit
import Vapor

extension Database {
    /// Runs `body` in a transaction on a fresh copy of the row, locked until the transaction ends
    /// (`SELECT … FOR UPDATE` on PostgreSQL; SQLite runs one writing transaction at a time). Two
    /// people acting on the same record at once then see each other's change: the second step is
    /// judged against the first one's result instead of silently overwriting it.
    func withLocked<M: Model>(_ row: M, _ body: @escaping @Sendable (M, any Database) async throws -> Void) async throws where M.IDValue == UUID {
        try await writeTransaction { db in
            try await body(try await db.locked(row), db)
        }
    }

    /// A fresh copy of the row, locked until the transaction this database is in ends.
    func locked<M: Model>(_ row: M) async throws -> M where M.IDValue == UUID {
        let id = try row.requireID()
        try await (self as! any SQLDatabase).select().column("id").from(M.schema).where("id", .equal, SQLBind(id)).for(.update).run()
        guard let fresh = try await M.find(id, on: self) else { throw Abort(.notFound) }
        return fresh
    }
}
