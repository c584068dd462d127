import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/notifications`: the reminders and notices of the caller's scope (`?unit=` to narrow
/// it), newest first, a page at a time; `POST …/read` marks them read, as the page does.
struct NotificationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("notifications", use: list)
        routes.post("notifications", "read", use: markRead)
    }

    struct NotificationDTO: Content {
        var id: UUID
        var kind: String
        var unit: String
        var subject: String
        /// Where the unit acts on it (a page of the application).
        var link: String
        var dueOn: String
        var createdAt: Date?
        var readAt: Date?
    }

    func list(req: Request) async throws -> Response {
        let scope = try await req.listScope()
        let paging = try Paging(req)
        var query = Notification.query(in: scope, on: req.db)
        switch try req.queryText("unread") {
        case nil, "false": break
        case "true": query = query.filter(\.$readAt == nil)
        case let other?: throw InvalidParameter("unread", .unknownValue(other), on: req)
        }
        let total = try await query.count()
        let rows = try await query.with(\.$assignment).sort(\.$createdAt, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        let response = try await rows.map { n in
            NotificationDTO(id: try n.requireID(), kind: n.kind, unit: n.unitCode, subject: n.subject, link: n.link, dueOn: n.dueOn,
                            createdAt: n.createdAt, readAt: n.readAt)
        }.encodeResponse(for: req)
        paging.describe(response, total: total, for: req)
        return response
    }

    struct ReadDTO: Content { var marked: Int }

    func markRead(req: Request) async throws -> ReadDTO {
        let scope = try await req.listScope()
        let unread = Notification.query(in: scope, on: req.db).filter(\.$readAt == nil)
        let count = try await unread.count()
        try await Notification.query(in: scope, on: req.db).filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
        return ReadDTO(marked: count)
    }
}
