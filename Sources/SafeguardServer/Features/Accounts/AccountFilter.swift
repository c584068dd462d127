import Fluent
import SQLKit
import SafeguardCore
import Vapor

/// Which accounts a list shows — `/admin/users` and `GET /api/v1/users` read the same query the
/// same way: a role, a unit (its accounts and those of the units below), active or not, no
/// sign-in for some days (dormant accounts, the first to close), a search on username or name.
struct AccountFilter {
    var role: Role?
    var unitCode: String?
    var active: Bool?
    /// Accounts without a successful sign-in in this many days (never signed in included).
    var idleDays: Int?
    var search: String?

    init(_ req: Request) throws {
        role = try req.queryText("role").map { text in
            guard let role = Role(rawValue: text) else { throw InvalidParameter("role", .unknownValue(text), on: req) }
            return role
        }
        unitCode = try req.queryText("unit")
        active = try req.queryText("active").map { text in
            guard text == "1" || text == "0" else { throw InvalidParameter("active", .unknownValue(text), on: req) }
            return text == "1"
        }
        idleDays = try req.queryNumber("idle_days", in: 1...3650)
        search = try req.queryText("q")?.lowercased()
    }

    /// The accounts, by username, with their units and last sign-ins.
    func accounts(for req: Request) async throws -> (users: [User], lastSignIn: [String: Date]) {
        let db = req.db
        let query = User.query(on: db).with(\.$unit).sort(\.$username)
        if let role { query.filter(\.$role == role) }
        if let active { query.filter(\.$isActive == active) }
        if let unitCode {
            guard let unit = try await OrgUnit.find(code: unitCode, on: db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
            let units = try await Scope(unit).filter(OrgUnit.query(on: db), path: \.$path).all(\.$id)
            query.filter(\.$unit.$id ~~ units.map(Optional.some))
        }
        var users = try await query.all()
        if let search { users = users.filter { $0.username.contains(search) || $0.displayName.lowercased().contains(search) } }
        let lastSignIn = try await Self.lastSignIns(of: users.map(\.username), on: db)
        if let idleDays {
            let since = req.now.addingTimeInterval(-Double(idleDays) * 86_400)
            users = users.filter { (lastSignIn[$0.username] ?? .distantPast) < since }
        }
        return (users, lastSignIn)
    }

    /// The last successful sign-in of each account: one row per account from the database (every
    /// sign-in is kept unless `SAFEGUARD_RETENTION` says otherwise, so not every attempt is read).
    static func lastSignIns(of usernames: [String], on db: any Database) async throws -> [String: Date] {
        guard !usernames.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select()
            .column("username").column(SQLFunction("max", args: SQLIdentifier("attempted_at")), as: "last")
            .from(LoginAttempt.schema)
            .where("username", .in, usernames).where("succeeded", .equal, true)
            .groupBy("username").all()
        return try rows.reduce(into: [:]) { latest, row in
            latest[try row.decode(column: "username", as: String.self)] = try row.decode(column: "last", as: Date.self)
        }
    }
}
