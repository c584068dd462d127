import Fluent
import SafeguardCore
import Vapor

/// `/plan/tasks/:code/assign`: the standing office gives a task of the current plan to its lead and
/// coordinating units with a schedule ("hằng quý, ngày 14 tháng cuối quý", "trước 30/11", a date),
/// the expected result and whether completion needs evidence.
struct PlanAssignController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plan", "tasks", ":code", "assign", use: form)
        routes.post("plan", "tasks", ":code", "assign", use: assign)
    }

    private func task(_ req: Request) async throws -> (PlanContent, PlanContent.Task) {
        try req.authorize(.assignPlanTasks)
        let repository = PlanRepository(db: req.db)
        guard let key = try await repository.defaultKey(), let content = try await repository.content(key: key),
              let task = content.tasks.first(where: { $0.code == req.parameters.get("code") })
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        return (content, task)
    }

    private func render(_ req: Request, _ content: PlanContent, _ task: PlanContent.Task, recurrence: String, expected: String,
                        requiresEvidence: Bool, errors: [String]) async throws -> View {
        let existing = try await Assignment.query(on: req.db).filter(\.$planKey == content.plan.key).filter(\.$taskCode == task.code).count()
        return try await req.page("plan/plan-assign", Page(
            page: PageContext(req, title: req.t("plan_assign")), code: task.code, text: task.text,
            lead: AgencySummary.describe(task.lead, req), coordinating: task.coordinating.isEmpty ? nil : AgencySummary.describe(task.coordinating, req),
            year: content.plan.year, instances: existing, recurrence: recurrence, expected: expected, requiresEvidence: requiresEvidence, errors: errors))
    }

    func form(req: Request) async throws -> View {
        let (content, task) = try await task(req)
        return try await render(req, content, task, recurrence: "", expected: req.t("plan_assign_default_expected"), requiresEvidence: true, errors: [])
    }

    func assign(req: Request) async throws -> Response {
        let (content, task) = try await task(req)
        struct Form: Content {
            var recurrence: String?
            var expected: String?
            var requiresEvidence: String?
        }
        let form = try req.content.decode(Form.self)
        let expected = form.expected?.trimmed ?? ""
        let requiresEvidence = form.requiresEvidence == "on"
        func refuse(_ errors: [String]) async throws -> Response {
            try await render(req, content, task, recurrence: form.recurrence ?? "", expected: expected, requiresEvidence: requiresEvidence, errors: errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        var errors: [String] = []
        let recurrence = form.recurrence.flatMap(Recurrence.init)
        if recurrence == nil { errors.append(req.t("plan_assign_error_recurrence")) }
        if expected.isEmpty { errors.append(FieldMessages.message(FieldError("expected", .required), req)) }
        guard errors.isEmpty, let recurrence else { return try await refuse(errors) }
        do {
            let count = try await PlanAssignments(db: req.db).assign(
                task, plan: content.plan, recurrence: recurrence, expectedResult: expected, requiresEvidence: requiresEvidence,
                responsible: req.t("plan_assign_default_responsible"), by: try req.user.username)
            try await req.audit("assign", "plan-task", key: task.code, detail: "\(recurrence.code), \(count) instances", on: req.db)
        } catch let failure as PlanAssignments.Failure {
            switch failure {
            case .alreadyAssigned: return try await refuse([req.t("plan_assign_error_assigned")])
            case .noOccurrence: return try await refuse([req.t("plan_assign_error_occurrence").replacingOccurrences(of: "{year}", with: String(content.plan.year))])
            case .noAgency: return try await refuse([req.t("plan_assign_error_agency")])
            }
        }
        return req.redirect(to: "/tasks")
    }
}
