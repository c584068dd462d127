import Fluent
import SafeguardCore
import Vapor

/// Giao nhiệm vụ từ cảnh báo: the unit (or an office above it) turns an alert into a piece of work
/// with a person, a deadline and an expected result; the alert's review log records it.
extension AlertController {
    func assign(req: Request) async throws -> Response {
        let (alert, unit) = try await alert(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Form: Content {
            var title: String?
            var responsible: String?
            var due: String?
            var expected: String?
        }
        let form = try req.content.decode(Form.self)
        guard alert.state != .closed else {
            return try await page(req, alert, unit, errors: [req.t("warnings_error_step")]).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let draft = AssignmentDraft(title: form.title, responsible: form.responsible, due: form.due, expectedResult: form.expected)
        let valid: AssignmentDraft.Valid
        switch draft.validate(today: req.today) {
        case .success(let checked): valid = checked
        case .failure(let errors):
            let task = AlertPage.TaskForm(title: form.title ?? "", responsible: form.responsible ?? "", due: form.due ?? "", expected: form.expected ?? "",
                                          errors: errors.errors.map { FieldMessages.message($0, req) })
            return try await page(req, alert, unit, errors: [], task: task).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = try req.user.username
        let id = try alert.requireID()
        try await req.db.writeTransaction { db in
            let assignment = Assignment()
            assignment.source = .alert
            assignment.$alert.id = id
            assignment.unitCode = unit.code
            assignment.unitPath = unit.path
            assignment.provinceCode = unit.provinceCode
            assignment.title = valid.title
            assignment.responsible = valid.responsible
            assignment.dueOn = valid.due.description
            assignment.expectedResult = valid.expectedResult
            assignment.progress = 0
            assignment.requiresEvidence = true
            assignment.createdBy = actor
            try await assignment.create(on: db)
            let review = AlertReview()
            review.$alert.id = id
            review.at = req.now
            review.actor = actor
            review.step = "task"
            review.note = "\(valid.title) — \(valid.responsible), \(Formatting.date(valid.due, req.language))"
            try await review.create(on: db)
            try await req.audit("assign", "alert", key: id.uuidString, detail: try assignment.requireID().uuidString, on: db)
        }
        return req.redirect(to: "/warnings/\(id.uuidString)")
    }
}
