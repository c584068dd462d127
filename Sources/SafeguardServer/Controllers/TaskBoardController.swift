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

    /// Rows a page shows; the counts cover everything.
    static let pageSize = 100

    func board(req: Request) async throws -> View {
        let scope = try await req.recordScope()
        let filter = (try? req.query.get(String.self, at: "status")).flatMap(TaskStatus.init(rawValue:))
        let pageNumber = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let today = CalendarDate(Date())
        let board = AssignmentBoard(db: req.db, scope: scope)
        let (counts, dueSoon, total) = try await board.counts(today: today, days: req.application.settings.dueSoonDays)
        let rows = try await board.rows(status: filter, counts: counts, today: today, limit: Self.pageSize + 1, offset: (pageNumber - 1) * Self.pageSize)
        let shown = rows.prefix(Self.pageSize)
        let names = Dictionary(try await OrgUnit.query(on: req.db).filter(\.$code ~~ Set(shown.map(\.unit_code))).all().map { ($0.code, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        let days = req.application.settings.dueSoonDays
        let page = TaskBoardPage(
            page: PageContext(req, title: req.t("tasks_title")), scopeName: scope.name,
            counts: Self.order.map { status in
                .init(status: status.rawValue, label: req.t("task_status_\(status.rawValue)"), count: counts[status] ?? 0, selected: status == filter)
            },
            dueSoon: dueSoon,
            rows: shown.map { r in
                let due = CalendarDate(iso: r.due_on), completed = r.completed_on.flatMap(CalendarDate.init(iso:))
                let status = TaskStatus.classify(due: due, completedOn: completed, today: today)
                return .init(unit: names[r.unit_code] ?? r.unit_code, title: r.title, link: "/tasks/\(r.id.uuidString)",
                             responsible: r.responsible, due: due.map { Formatting.date($0, req.language) } ?? r.due_on,
                             status: req.t("task_status_\(status.rawValue)"), late: status == .overdue || status == .completedLate,
                             dueSoon: TaskStatus.isDueSoon(due: due, completedOn: completed, today: today, days: days))
            },
            total: total,
            next: rows.count > Self.pageSize ? "/tasks?" + (filter.map { "status=\($0.rawValue)&" } ?? "") + "page=\(pageNumber + 1)" : nil)
        return try await req.page("tasks", page)
    }
}
