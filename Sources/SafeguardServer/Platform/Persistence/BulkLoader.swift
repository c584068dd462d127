import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SafeguardCore

/// A value in a bulk load.
enum BulkValue: Sendable {
    case text(String)
    case int(Int)
    case double(Double)
    case uuid(UUID)
    case timestamp(Date)
    case null

    static func text(_ value: String?) -> BulkValue { value.map(BulkValue.text) ?? .null }
    static func int(_ value: Int?) -> BulkValue { value.map(BulkValue.int) ?? .null }
    static func double(_ value: Double?) -> BulkValue { value.map(BulkValue.double) ?? .null }
}

/// Loads many rows into one table the fastest way each engine offers: PostgreSQL's
/// `COPY … FROM STDIN` (text format) streamed in megabyte chunks; on SQLite, prepared multi-row
/// `INSERT`s in the caller's transaction. Run it inside a transaction:
/// a failure anywhere leaves nothing behind.
///
/// Rows are produced a chunk at a time (`rows(range)`), so a million-row import never holds them
/// all as values at once.
struct BulkLoader {
    let db: any Database

    /// Rows per chunk handed to `rows`; also rows per INSERT statement on SQLite (its limit is 32,766 parameters).
    static let chunk = 1_000

    func load(table: String, columns: [String], count: Int, rows: @escaping @Sendable (Range<Int>) throws -> [[BulkValue]],
              progress: (@Sendable (Int) -> Void)? = nil) async throws {
        guard count > 0 else { return }
        if let postgres = db as? any PostgresDatabase {
            try await copy(postgres, table: table, columns: columns, count: count, rows: rows, progress: progress)
        } else if let sqlite = db as? any SQLiteDatabase {
            try await insert(sqlite, table: table, columns: columns, count: count, rows: rows, progress: progress)
        } else {
            preconditionFailure("Safeguard runs on PostgreSQL or SQLite")
        }
    }

    private static func chunks(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: chunk).map { $0..<min($0 + chunk, count) }
    }

    private static func report(_ progress: (@Sendable (Int) -> Void)?, _ range: Range<Int>, _ count: Int) {
        if let progress, range.upperBound % 10_000 < chunk || range.upperBound == count { progress(range.upperBound) }
    }

    private func copy(_ postgres: any PostgresDatabase, table: String, columns: [String], count: Int,
                      rows: @escaping @Sendable (Range<Int>) throws -> [[BulkValue]], progress: (@Sendable (Int) -> Void)?) async throws {
        let logger = db.logger
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    var buffer = ByteBuffer()
                    for range in Self.chunks(count) {
                        for row in try rows(range) { PostgresCopyText.append(row, to: &buffer) }
                        if buffer.readableBytes >= 1 << 20 || range.upperBound == count {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                        Self.report(progress, range, count)
                    }
                }
            }
        }.get()
    }

    /// Multi-row INSERTs with the values bound as SQLite stores them for Fluent (UUIDs as text,
    /// dates as seconds since 1970), skipping the generic encoder.
    private func insert(_ sqlite: any SQLiteDatabase, table: String, columns: [String], count: Int,
                        rows: @escaping @Sendable (Range<Int>) throws -> [[BulkValue]], progress: (@Sendable (Int) -> Void)?) async throws {
        let head = "INSERT INTO \"\(table)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        // A chunk may give more rows than its range (a record's several steps); each statement stays
        // under SQLite's limit of 32,766 bound parameters.
        let rowsPerStatement = max(1, 32_000 / columns.count)
        for range in Self.chunks(count) {
            let produced = try rows(range)
            for start in stride(from: 0, to: produced.count, by: rowsPerStatement) {
                let part = produced[start..<min(start + rowsPerStatement, produced.count)]
                var binds: [SQLiteData] = []
                binds.reserveCapacity(part.count * columns.count)
                for row in part {
                    for value in row {
                        switch value {
                        case .text(let v): binds.append(.text(v))
                        case .int(let v): binds.append(.integer(v))
                        case .double(let v): binds.append(.float(v))
                        case .uuid(let v): binds.append(.text(v.uuidString))
                        case .timestamp(let v): binds.append(.float(v.timeIntervalSince1970))
                        case .null: binds.append(.null)
                        }
                    }
                }
                _ = try await sqlite.query(head + Array(repeating: tuple, count: part.count).joined(separator: ","), binds)
            }
            Self.report(progress, range, count)
        }
    }
}

/// PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes for the
/// characters that would end a field or a row.
enum PostgresCopyText {
    static func append(_ row: [BulkValue], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .text(let text): appendEscaped(text, to: &buffer)
            case .int(let number): buffer.writeString(String(number))
            case .double(let number): buffer.writeString("\(number)")
            case .uuid(let id): buffer.writeString(id.uuidString)
            case .timestamp(let date): buffer.writeString(timestamp(date))
            case .null: buffer.writeStaticString("\\N")
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                buffer.writeBytes(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                case 0..<0x20: buffer.writeString(String(format: "\\x%02x", byte))
                default: buffer.writeInteger(byte)
                }
            }
        }
    }

    /// `2026-03-14 17:00:00.000+00`, the form `timestamptz` reads regardless of the session's DateStyle.
    static func timestamp(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded())
        let (days, inDay) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, ms) = inDay < 0 ? (days - 1, inDay + 86_400_000) : (days, inDay)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = ms % 1000
        return "\(CalendarDate(dayNumber: day)) \(two(ms / 3_600_000)):\(two(ms / 60_000 % 60)):\(two(ms / 1000 % 60))."
            + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + "\(fraction)+00"
    }
}
