import Fluent
import SafeguardCore
import Vapor

/// Bảng theo dõi nhiệm vụ: every assignment in the user's scope with its status in the four-way
/// classification (QĐ 42/2014) and the counts per status that task-tracking reports give, late
/// work first; filtered by section or group of the plan, by the agency that chairs the task, by
/// unit and by status. `/tasks/late` is the leader's view of the same counts per unit, the units
/// with most late work first. Statuses are computed from the dates on each request, in Việt Nam's day.
struct TaskBoardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tasks", use: board)
        routes.get("tasks", "late", use: late)
    }

    /// Late work first, then by deadline: what the standing office chases.
    static let order: [TaskStatus] = [.overdue, .inProgress, .completedLate, .completedOnTime]

    /// Rows a page shows; the counts cover everything.
    static let pageSize = 50
    /// Characters of a task's text a row shows (a plan task runs to a thousand; its page has it all).
    static let titleLength = 160

    /// The board's query: what is chosen, and the address that keeps it.
    struct Query {
        var status: TaskStatus?
        var section: String?
        var lead: String?
        var unit: String?
        var page: Int

        init(_ req: Request) throws {
            status = try req.queryText("status").flatMap(TaskStatus.init(rawValue:))
            section = try req.queryText("section")
            lead = try req.queryText("lead")
            unit = try req.queryText("unit")
            page = try req.pageNumber()
        }

        /// `path?…` with the filters, and `status` / `page` as given.
        func link(_ path: String = "/tasks", status: TaskStatus?, page: Int = 1) -> String {
            let items = [("status", status?.rawValue), ("section", section), ("lead", lead), ("unit", unit), ("page", page > 1 ? String(page) : nil)]
                .compactMap { name, value in value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0)" } }
            return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
        }
    }

    /// The unit the board covers (the user's scope, or a unit within it) and the chosen tasks.
    private func selection(_ req: Request, _ query: Query) async throws -> (OrgUnit, AssignmentBoard) {
        let scope = try await req.scope(unit: query.unit)
        let tasks = try await PlanTaskFilter(db: req.db).selection(section: query.section, lead: query.lead)
        return (scope, AssignmentBoard(db: req.db, scope: scope, tasks: tasks))
    }

    private func filters(_ req: Request, _ query: Query, action: String) async throws -> TaskBoardPage.Filters {
        let options = try await PlanTaskFilter(db: req.db).options()
        return .init(
            action: action, withStatus: action == "/tasks",
            sections: (options?.sections ?? []).map { Choice(value: $0.code, label: "\($0.code). \($0.title)", selected: $0.code == query.section) },
            leads: (options?.leads ?? []).map { Choice(value: $0.code, label: $0.name, selected: $0.code == query.lead) },
            statuses: Self.order.map { Choice(value: $0.rawValue, label: req.t("task_status_\($0.rawValue)"), selected: $0 == query.status) },
            unit: query.unit)
    }

    func board(req: Request) async throws -> View {
        let query = try Query(req)
        let (scope, board) = try await selection(req, query)
        let today = req.today
        let days = req.application.settings.dueSoonDays
        let (counts, dueSoon, total) = try await board.counts(today: today, days: days)
        let rows = try await board.rows(status: query.status, counts: counts, today: today, limit: Self.pageSize + 1, offset: (query.page - 1) * Self.pageSize,
                                        titleLength: Self.titleLength + 1)
        let shown = rows.prefix(Self.pageSize)
        let names = try await OrgUnit.names(of: Set(shown.map(\.unit_code)), on: req.db)
        let page = TaskBoardPage(
            page: PageContext(req, title: req.t("tasks_title")), scopeName: scope.name,
            counts: Self.order.map { status in
                .init(status: status.rawValue, label: req.t("task_status_\(status.rawValue)"), count: counts[status] ?? 0,
                      selected: status == query.status, link: query.link(status: status))
            },
            all: query.link(status: nil),
            late: query.link("/tasks/late", status: nil),
            filters: try await filters(req, query, action: "/tasks"),
            dueSoon: dueSoon,
            rows: shown.map { r in
                let due = CalendarDate(iso: r.due_on), completed = r.completed_on.flatMap(CalendarDate.init(iso:))
                let status = TaskStatus.classify(due: due, completedOn: completed, today: today)
                return .init(unit: names[r.unit_code] ?? r.unit_code, title: r.title.shortened(to: Self.titleLength), link: "/tasks/\(r.id.uuidString)",
                             responsible: r.responsible, due: due.map { Formatting.date($0, req.language) } ?? r.due_on,
                             status: req.t("task_status_\(status.rawValue)"), late: status == .overdue || status == .completedLate,
                             dueSoon: TaskStatus.isDueSoon(due: due, completedOn: completed, today: today, days: days))
            },
            total: total,
            next: rows.count > Self.pageSize ? query.link(status: query.status, page: query.page + 1) : nil)
        return try await req.page("tasks/tasks", page)
    }

    /// Ai đang chậm: per unit, its late and finished-late work, then the rest, most late first.
    func late(req: Request) async throws -> View {
        let query = try Query(req)
        let (scope, board) = try await selection(req, query)
        let units = try await board.countsPerUnit(today: req.today)
        let names = try await OrgUnit.names(of: Set(units.map(\.unit_code)), on: req.db)
        let language = req.language
        var unitQuery = query
        let rows = units.map { u -> TaskLatePage.Row in
            unitQuery.unit = u.unit_code
            let finished = u.late + u.ontime
            return .init(unit: names[u.unit_code] ?? u.unit_code, link: unitQuery.link(status: .overdue),
                         overdue: u.overdue, open: u.open, late: u.late, onTime: u.ontime, total: u.total,
                         onTimeShare: finished == 0 ? "—" : Formatting.percent(Double(u.ontime) / Double(finished), language))
        }
        return try await req.page("tasks/tasks-late", TaskLatePage(
            page: PageContext(req, title: req.t("tasks_late_title")), scopeName: scope.name, board: query.link(status: nil),
            filters: try await filters(req, query, action: "/tasks/late"),
            columns: [TaskStatus.overdue, .completedLate, .inProgress, .completedOnTime].map { req.t("task_status_\($0.rawValue)") }
                + [req.t("tasks_late_total"), req.t("tasks_late_share")],
            rows: rows.filter { $0.overdue + $0.late > 0 },
            onTrack: rows.filter { $0.overdue + $0.late == 0 }.count))
    }
}
