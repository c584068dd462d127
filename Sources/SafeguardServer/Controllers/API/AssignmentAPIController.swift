import Fluent
import SafeguardCore
import Vapor

/// `GET /api/v1/assignments[?unit=CODE&status=S]`, `GET /api/v1/assignments/counts`,
/// `GET /api/v1/assignments/{id}`: the assignments of a unit's subtree (default: the caller's
/// scope) with their status computed today in Việt Nam's day, the counts per status, and one
/// assignment with its progress reports and evidence files.
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
        var updates: [UpdateDTO]?

        init(_ a: Assignment, today: CalendarDate, dueSoonDays: Int, updates: [UpdateDTO]? = nil) throws {
            (id, source, alert, unit, title) = (try a.requireID(), a.source.rawValue, a.$alert.id, a.unitCode, a.title)
            (responsible, due, expectedResult, progress, completedOn) = (a.responsible, a.dueOn, a.expectedResult, a.progress, a.completedOn)
            status = a.status(today: today)
            dueSoon = a.isDueSoon(today: today, days: dueSoonDays)
            requiresEvidence = a.requiresEvidence
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
    }

    /// The unit named by `?unit=` if the caller may read it, else the caller's own scope.
    private func scope(_ req: Request) async throws -> OrgUnit {
        guard let code = try? req.query.get(String.self, at: "unit") else { return try await req.recordScope() }
        guard let unit = try await OrgUnit.find(code: code, on: req.db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    func list(req: Request) async throws -> [AssignmentDTO] {
        let scope = try await scope(req)
        var wanted: TaskStatus?
        if let text = try? req.query.get(String.self, at: "status") {
            guard let status = TaskStatus(rawValue: text) else { throw Abort(.badRequest, reason: req.t("error.bad-request")) }
            wanted = status
        }
        let today = CalendarDate(Date())
        return try await Assignment.query(in: scope, on: req.db).sort(\.$dueOn).sort(\.$unitCode).all()
            .map { try AssignmentDTO($0, today: today, dueSoonDays: req.application.settings.dueSoonDays) }
            .filter { wanted == nil || $0.status == wanted }
    }

    func counts(req: Request) async throws -> CountsDTO {
        let scope = try await scope(req)
        // The board's counts (from `assignment_counts`), so the API and the page never disagree.
        let (counts, dueSoon, total) = try await AssignmentBoard(db: req.db, scope: scope)
            .counts(today: CalendarDate(Date()), days: req.application.settings.dueSoonDays)
        return CountsDTO(unit: scope.code, counts: Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                         dueSoon: dueSoon, total: total)
    }

    func one(req: Request) async throws -> AssignmentDTO {
        guard let id = req.parameters.get("id", as: UUID.self), let a = try await Assignment.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: a.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        let updates = try await ProgressUpdate.query(on: req.db).filter(\.$assignment.$id == id).with(\.$files).sort(\.$at).all()
        return try AssignmentDTO(a, today: CalendarDate(Date()), dueSoonDays: req.application.settings.dueSoonDays, updates: updates.map { u in
            UpdateDTO(at: u.at, actor: u.actor, text: u.text, percent: u.percent, completes: u.completes, files: try u.files.map { f in
                FileDTO(id: try f.requireID(), name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, href: "/evidence/\(try f.requireID().uuidString)")
            })
        })
    }
}
