import Fluent
import SafeguardCore
import Vapor

/// Bảng theo dõi nhiệm vụ: every assignment in the user's scope with its status in the four-way
/// classification (QĐ 42/2014) and the counts per status that task-tracking reports give, late
/// work first. Statuses are computed from the dates on each request, in Việt Nam's day.
struct TaskBoardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tasks", use: board)
    }

    /// Late work first, then by deadline: what the standing office chases.
    static let order: [TaskStatus] = [.overdue, .inProgress, .completedLate, .completedOnTime]

    func board(req: Request) async throws -> View {
        let scope = try await req.recordScope()
        let filter = (try? req.query.get(String.self, at: "status")).flatMap(TaskStatus.init(rawValue:))
        let today = CalendarDate(Date())
        let assignments = try await Assignment.query(in: scope, on: req.db).all()
        let days = req.application.settings.dueSoonDays
        let judged = assignments.map { a in (a, a.status(today: today), a.isDueSoon(today: today, days: days)) }
        let shown = judged.filter { filter == nil || $0.1 == filter }.sorted {
            let (a, b) = (Self.order.firstIndex(of: $0.1)!, Self.order.firstIndex(of: $1.1)!)
            return a != b ? a < b : ($0.0.dueOn, $0.0.unitCode) < ($1.0.dueOn, $1.0.unitCode)
        }
        let names = Dictionary(try await OrgUnit.query(on: req.db).filter(\.$code ~~ Set(shown.map(\.0.unitCode))).all().map { ($0.code, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        let page = TaskBoardPage(
            page: PageContext(req, title: req.t("tasks_title")), scopeName: scope.name,
            counts: Self.order.map { status in
                .init(status: status.rawValue, label: req.t("task_status_\(status.rawValue)"), count: judged.filter { $0.1 == status }.count, selected: status == filter)
            },
            dueSoon: judged.filter(\.2).count,
            rows: try shown.map { a, status, soon in
                .init(unit: names[a.unitCode] ?? a.unitCode, title: a.title, link: "/tasks/\(try a.requireID().uuidString)",
                      responsible: a.responsible, due: CalendarDate(iso: a.dueOn).map { Formatting.date($0, req.language) } ?? a.dueOn,
                      status: req.t("task_status_\(status.rawValue)"), late: status == .overdue || status == .completedLate, dueSoon: soon)
            },
            total: judged.count)
        return try await req.page("tasks", page)
    }
}
