import Fluent
import SQLKit

/// `criminal_cases.discovered_week`: the day number (days from 1970-01-01) of the Monday of the
/// week a case was discovered, so weekly early-warning series are one `GROUP BY` like monthly ones.
struct AddDiscoveredWeek: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddDiscoveredWeek" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("ALTER TABLE criminal_cases ADD COLUMN discovered_week BIGINT").run()
        // Day number of the date, then back to its Monday (1970-01-01 was a Thursday).
        let day: SQLQueryString = sql.dialect.name == "postgresql"
            ? "(CAST(discovered_on AS DATE) - DATE '1970-01-01')"
            : "CAST(julianday(discovered_on) - 2440587.5 AS INTEGER)"
        try await sql.raw("UPDATE criminal_cases SET discovered_week = \(day) - ((\(day) + 3) % 7)").run()
        try await db.index(CriminalCase.schema, "province_code", "discovered_week")
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("ALTER TABLE criminal_cases DROP COLUMN discovered_week").run()
    }
}
