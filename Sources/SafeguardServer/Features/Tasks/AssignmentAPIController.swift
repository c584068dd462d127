import Fluent
import SafeguardCore
import Vapor

/// `GET /api/v1/assignments[?unit=CODE&status=S&section=II.2&lead=CODE&page=N&per_page=M]`,
/// `GET /api/v1/assignments/counts`, `GET /api/v1/assignments/{id}`: the assignments of a unit's
/// subtree (default: the caller's scope) with their status computed today in Việt Nam's day, a
/// page at a time in the board's order (late first, then by deadline) with the same filters as
/// the board, the counts per status, and one assignment with its progress reports and evidence files.
struct AssignmentAPIController: RouteCollection {
    struct AssignmentDTO: Content {
        var id: UUID
        var source: String
        var alert: UUID?
        var unit: String
        var title: String
        var responsible: String
        var due: String
        var expectedResult: String
        var progress: Int
        var completedOn: String?
        var status: TaskStatus
        var dueSoon: Bool
        var requiresEvidence: Bool
        /// For plan work: the plan, its task, the unit's part (lead / coordinating), the recurrence
        /// code, and the lead unit's confirmation of a coordinating part.
        var planKey: String?
        var taskCode: String?
        var part: String?
        var recurrence: String?
        var confirmation: PartConfirmation?
        var confirmedOn: String?
        var updates: [UpdateDTO]?

        init(_ a: Assignment, today: CalendarDate, dueSoonDays: Int, updates: [UpdateDTO]? = nil) throws {
            (id, source, alert, unit, title) = (try a.requireID(), a.source.rawValue, a.$alert.id, a.unitCode, a.title)
            (responsible, due, expectedResult, progress, completedOn) = (a.responsible, a.dueOn, a.expectedResult, a.progress, a.completedOn)
            status = a.status(today: today)
            dueSoon = a.isDueSoon(today: today, days: dueSoonDays)
            requiresEvidence = a.requiresEvidence
            (planKey, taskCode, part, recurrence) = (a.planKey, a.taskCode, a.part, a.recurrence)
            confirmation = a.confirmation == .notNeeded ? nil : a.confirmation
            confirmedOn = a.confirmedOn
            self.updates = updates
        }
    }

    struct UpdateDTO: Content {
        var at: Date
        var actor: String
        var text: String
        var percent: Int
        var completes: Bool
        var files: [FileDTO]
    }

    struct FileDTO: Content {
        var id: UUID
        var name: String
        var contentType: String
        var size: Int
        var sha256: String
        /// Where to download it (an attachment, for a signed-in user of the unit's scope).
        var href: String
    }

    struct CountsDTO: Content {
        var unit: String
        var counts: [String: Int]
        var dueSoon: Int
        var total: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        let assignments = routes.grouped("assignments")
        assignments.get(use: list)
        assignments.get("counts", use: counts)
        assignments.get(":id", use: one)
        assignments.on(.POST, ":id", "updates", body: .collect(maxSize: TaskController.maximumBody), use: report).collecting(TaskController.maximumBody)
    }

    /// The unit named by `?unit=` if the caller may read it, else the caller's own scope.
    private func scope(_ req: Request) async throws -> OrgUnit {
        try await req.listScope()
    }

    /// Rows a page gives by default and at most.
    static let perPage = (standard: 100, maximum: 500)

    /// One page; the total matching is in `X-Total-Count` and the next page in `Link: <…>; rel="next"`.
    func list(req: Request) async throws -> Response {
        let scope = try await scope(req)
        var wanted: TaskStatus?
        if let text = try req.queryText("status") {
            guard let status = TaskStatus(rawValue: text) else { throw InvalidParameter("status", .unknownValue(text), on: req) }
            wanted = status
        }
        let paging = try Paging(req, standard: Self.perPage.standard, maximum: Self.perPage.maximum)
        let tasks = try await PlanTaskFilter(db: req.db).selection(section: try req.queryText("section"), lead: try req.queryText("lead"))
        let board = AssignmentBoard(db: req.db, scope: scope, tasks: tasks)
        let today = req.today, days = req.application.settings.dueSoonDays
        let (counts, _, total) = try await board.counts(today: today, days: days)
        let rows = try await board.rows(status: wanted, counts: counts, today: today, limit: paging.perPage, offset: paging.offset)
        let full = Dictionary(try await Assignment.query(on: req.db).filter(\.$id ~~ rows.map(\.id)).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let response = try await rows.compactMap { full[$0.id] }.map { try AssignmentDTO($0, today: today, dueSoonDays: days) }.encodeResponse(for: req)
        paging.describe(response, total: wanted.map { counts[$0] ?? 0 } ?? total, for: req)
        return response
    }

    func counts(req: Request) async throws -> CountsDTO {
        let scope = try await scope(req)
        // The board's counts (from `assignment_counts`), so the API and the page never disagree.
        let (counts, dueSoon, total) = try await AssignmentBoard(db: req.db, scope: scope)
            .counts(today: req.today, days: req.application.settings.dueSoonDays)
        return CountsDTO(unit: scope.code, counts: Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                         dueSoon: dueSoon, total: total)
    }

    /// The assignment, after checking the caller may read its unit.
    private func readable(_ req: Request) async throws -> (Assignment, OrgUnit) {
        guard let id = req.parameters.get("id", as: UUID.self), let a = try await Assignment.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: a.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.record-not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        return (a, unit)
    }

    private func detail(_ a: Assignment, _ req: Request) async throws -> AssignmentDTO {
        let updates = try await ProgressUpdate.query(on: req.db).filter(\.$assignment.$id == a.requireID()).with(\.$files).sort(\.$at).all()
        return try AssignmentDTO(a, today: req.today, dueSoonDays: req.application.settings.dueSoonDays, updates: updates.map { u in
            UpdateDTO(at: u.at, actor: u.actor, text: u.text, percent: u.percent, completes: u.completes, files: try u.files.map { f in
                FileDTO(id: try f.requireID(), name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, href: "/evidence/\(try f.requireID().uuidString)")
            })
        })
    }

    func one(req: Request) async throws -> AssignmentDTO {
        let (a, _) = try await readable(req)
        return try await detail(a, req)
    }

    /// A progress report from a program: JSON (`text`, `percent`, `completes`) or the same fields as
    /// multipart/form-data with `files[]`; the same checks as the task page. 201 with the assignment.
    func report(req: Request) async throws -> Response {
        let (a, unit) = try await readable(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Body: Content {
            var text: String?
            var percent: Int?
            var completes: Bool?
            var files: [File]?
        }
        let body = try req.content.decode(Body.self)
        let refusals = try await ProgressReporting.submit(
            .init(text: body.text, percent: body.percent.map(String.init), completes: body.completes ?? false, files: body.files ?? []), to: a, req)
        guard refusals.isEmpty else { throw FieldRefusal(refusals) }
        guard let fresh = try await Assignment.find(a.id, on: req.db) else { throw Abort(.notFound, reason: req.t("error.record-not-found")) }
        return try await detail(fresh, req).encodeResponse(status: .created, for: req)
    }
}
