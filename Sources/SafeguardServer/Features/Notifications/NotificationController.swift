import Fluent
import SafeguardCore
import Vapor

/// Thông báo: the reminders of the user's scope, newest first, and marking them read.
struct NotificationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("notifications", use: list)
        routes.post("notifications", "read", use: markRead)
    }

    func list(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let notifications = try await Notification.query(in: scope, on: req.db).with(\.$assignment).sort(\.$createdAt, .descending).limit(300).all()
        let names = try await OrgUnit.names(of: Set(notifications.map(\.unitCode)), on: req.db)
        return try await req.page("notifications/notifications", Page(
            page: PageContext(req, title: req.t("notifications_title")), scopeName: scope.name,
            rows: notifications.map { n in
                .init(kind: req.t("notifications_\(n.kind)"), overdue: n.kind.hasSuffix(Reminder.overdue.rawValue) || n.kind.hasSuffix("returned"),
                      unit: names[n.unitCode] ?? n.unitCode, title: n.subject, link: n.link,
                      due: Formatting.date(iso: n.dueOn, req.language), unread: n.readAt == nil)
            },
            unread: notifications.filter { $0.readAt == nil }.count))
    }

    func markRead(req: Request) async throws -> Response {
        let scope = try await req.defaultScope()
        try await Notification.query(in: scope, on: req.db).filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
        return req.redirect(to: "/notifications")
    }
}
