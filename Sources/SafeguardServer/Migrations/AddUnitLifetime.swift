import Fluent
import SQLKit

/// When a unit opened and closed (`OrgUnit.openedOn`, `closedOn`).
struct AddUnitLifetime: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddUnitLifetime" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in ["opened_on", "closed_on"] { try await sql.raw("ALTER TABLE org_units ADD COLUMN \(ident: column) TEXT").run() }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in ["closed_on", "opened_on"] { try await sql.raw("ALTER TABLE org_units DROP COLUMN \(ident: column)").run() }
    }
}
