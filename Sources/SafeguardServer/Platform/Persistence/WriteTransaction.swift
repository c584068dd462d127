import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

extension Database {
    /// Runs `body` in a transaction meant to write, so that many people writing at once get their
    /// answers rather than 500s:
    ///
    /// - on SQLite it begins `IMMEDIATE`, taking the write lock before its first read. A deferred
    ///   transaction that reads, then writes, fails with "database is locked" when another writer
    ///   got there in between (SQLite cannot wait then: waiting would deadlock); taking the lock
    ///   first makes writers queue instead, so a check-then-insert sees the other's row.
    /// - on PostgreSQL a deadlock (40P01) or a serialisation failure (40001) rolls back one of the
    ///   transactions; it is run again, a few times at most, after a short random pause.
    /// - a unique key taken meanwhile by another transaction's insert (two people creating the same
    ///   registration at once) is run again too: its check now finds the other's row and takes the
    ///   path for an existing one. Where there is no such path the last attempt's error is a 409.
    ///
    /// Inside a transaction already it simply runs `body` (the outer one decides).
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        var attempt = 1
        while true {
            do {
                if (self as? any SQLDatabase)?.dialect.name == "sqlite" {
                    return try await withConnection { connection in
                        let sql = connection as! any SQLDatabase
                        try await sql.raw("BEGIN IMMEDIATE TRANSACTION").run()
                        do {
                            let result = try await body(ImmediateSQLiteTransaction(inner: connection, sql: sql, lite: connection as! any SQLiteDatabase))
                            try await sql.raw("COMMIT TRANSACTION").run()
                            return result
                        } catch {
                            try? await sql.raw("ROLLBACK TRANSACTION").run()
                            throw error
                        }
                    }
                }
                return try await transaction(body)
            } catch where attempt < WriteConflict.attempts && (WriteConflict.isTransient(error) || WriteConflict.isDuplicate(error)) {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64.random(in: 5_000_000...(25_000_000 * UInt64(attempt))))
            }
        }
    }
}

/// Failures of a transaction that say nothing about the request, only about its timing.
enum WriteConflict {
    static let attempts = 5

    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            return state == "40P01" || state == "40001"
        }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache: return true
            default: return false
            }
        }
        return false
    }

    /// A unique key taken by someone else's insert (two people creating the same thing at once):
    /// answered as 409 Conflict, not 500.
    static func isDuplicate(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return true
            case .constraint: return error.message.contains("UNIQUE constraint failed")
            default: return false
            }
        }
        return false
    }
}

/// A connection inside `BEGIN IMMEDIATE`: Fluent's own nested `transaction` calls run in it, as
/// they do in a transaction Fluent began itself.
private struct ImmediateSQLiteTransaction: Database, SQLDatabase, SQLiteDatabase {
    let inner: any Database
    let sql: any SQLDatabase
    let lite: any SQLiteDatabase

    var context: DatabaseContext { inner.context }
    var inTransaction: Bool { true }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        inner.execute(query: query, onOutput: onOutput)
    }
    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { inner.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { inner.execute(enum: `enum`) }
    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(self) }
    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(self) }

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        lite.query(query, binds, logger: logger, onRow)
    }
    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        lite.withConnection(closure)
    }
}
