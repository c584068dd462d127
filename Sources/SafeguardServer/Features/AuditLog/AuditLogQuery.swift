import Fluent
import SafeguardCore
import Vapor

/// The filters of the audit log's page and exports (`/admin/audit?user=&unit=&entity=&action=&from=&to=`):
/// one query for both, so a file holds exactly what the page listed.
struct AuditLogQuery: Sendable {
    var username: String?
    /// Entries by the accounts of this unit and the units below it.
    var unitCode: String?
    var entity: String?
    var action: String?
    var from: CalendarDate?
    var to: CalendarDate?

    /// The filters a request asks for; 400 naming a parameter that cannot be used.
    init(_ req: Request) throws {
        username = try req.queryText("user")
        unitCode = try req.queryText("unit")
        entity = try req.queryText("entity")
        action = try req.queryText("action")
        from = try req.queryDate("from")
        to = try req.queryDate("to")
    }

    /// The entries that pass, newest first; `nil` when a named user or unit does not exist (nothing passes).
    func entries(on db: any Database) async throws -> QueryBuilder<AuditEntry>? {
        let query = AuditEntry.query(on: db).sort(\.$seq, .descending)
        if let username {
            guard let user = try await User.find(username: username, on: db) else { return nil }
            query.filter(\.$userID == user.id)
        }
        if let unitCode {
            guard let unit = try await OrgUnit.find(code: unitCode, on: db) else { return nil }
            let units = try await Scope(unit).filter(OrgUnit.query(on: db), path: \.$path).all(\.$id)
            let users = try await User.query(on: db).filter(\.$unit.$id ~~ units).all(\.$id)
            query.filter(\.$userID ~~ users.map(Optional.some))
        }
        if let entity { query.filter(\.$entity == entity) }
        if let action { query.filter(\.$action == action) }
        // Days are Việt Nam's (UTC+7): a day starts at 17:00 UTC the day before.
        if let from { query.filter(\.$at >= Self.start(of: from)) }
        if let to { query.filter(\.$at < Self.start(of: to.adding(days: 1))) }
        return query
    }

    static func start(of day: CalendarDate) -> Date { day.startInVietnam }
}
