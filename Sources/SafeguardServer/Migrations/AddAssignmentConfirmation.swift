import Fluent
import SQLKit

/// The lead unit's confirmation of a coordinating unit's part (`PartConfirmation`): when and by whom.
struct AddAssignmentConfirmation: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.AddAssignmentConfirmation" }

    static let columns = ["confirmed_on", "confirmed_by"]

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in Self.columns { try await sql.raw("ALTER TABLE assignments ADD COLUMN \(ident: column) TEXT").run() }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for column in Self.columns.reversed() { try await sql.raw("ALTER TABLE assignments DROP COLUMN \(ident: column)").run() }
    }
}
