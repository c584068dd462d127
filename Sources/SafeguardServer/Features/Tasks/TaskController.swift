import Fluent
import SafeguardCore
import Vapor

/// Một nhiệm vụ: an assignment's page, its progress reports with evidence files, and the files'
/// download. A unit reports on its own assignments (or an office above it does); completion needs
/// evidence unless the assignment says otherwise; files are checked by content and sent back only
/// as attachments. The lead unit of a plan task sees its coordinating units' parts of the same
/// occurrence and confirms each finished part or returns it with a reason (`PartConfirmation`).
struct TaskController: RouteCollection {
    /// Five files of 10 MB and the form around them.
    static let maximumBody = ByteCount(stringLiteral: "\(EvidenceKind.maximumFiles * EvidenceKind.maximumSize / 1_048_576 + 2)mb")

    func boot(routes: any RoutesBuilder) throws {
        routes.get("tasks", ":id", use: show)
        routes.on(.POST, "tasks", ":id", "updates", body: .collect(maxSize: Self.maximumBody), use: report).collecting(Self.maximumBody)
        routes.post("tasks", ":id", "responsible", use: name)
        routes.post("tasks", ":id", "confirm", use: confirm)
        routes.post("tasks", ":id", "return", use: giveBack)
        routes.post("tasks", ":id", "confirm-all", use: confirmAll)
        routes.get("evidence", ":id", use: download)
    }

    /// The assignment and its unit, after checking the user may read it: as one who may read the
    /// unit's records, or — for a coordinating part — as the task's lead unit.
    private func assignment(_ req: Request) async throws -> (Assignment, OrgUnit) {
        guard let id = req.parameters.get("id", as: UUID.self), let assignment = try await Assignment.find(id, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        return (assignment, try await readable(assignment, req))
    }

    /// The assignment's unit, or 403 unless the user may read the unit's records or is the lead unit of a coordinating part.
    private func readable(_ assignment: Assignment, _ req: Request) async throws -> OrgUnit {
        guard let unit = try await OrgUnit.find(code: assignment.unitCode, on: req.db) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        if try !req.allows(.readUnitRecords(unit: unit.code), on: unit), try await leadActing(req, for: assignment) == nil {
            throw Abort(.forbidden, reason: req.t("error.forbidden"))
        }
        return unit
    }

    /// The lead part of `part`'s occurrence whose unit the user may act for, if `part` is a
    /// coordinating one and there is such a lead (a task may have several lead units).
    private func leadActing(_ req: Request, for part: Assignment) async throws -> Assignment? {
        guard part.part == "coordinating" else { return nil }
        for lead in try await part.siblings("lead", on: req.db).all() {
            if let unit = try await OrgUnit.find(code: lead.unitCode, on: req.db), try req.allows(.editUnitRecords(unit: unit.code), on: unit) {
                return lead
            }
        }
        return nil
    }

    /// The state of a part's confirmation in words, with the day and who confirmed.
    private func confirmationLabel(_ a: Assignment, _ req: Request) -> String? {
        switch a.confirmation {
        case .notNeeded: nil
        case .confirmed: req.t("task_confirmation_confirmed") + " (\(Formatting.date(iso: a.confirmedOn, req.language)), \(a.confirmedBy ?? ""))"
        case let state: req.t("task_confirmation_\(state.rawValue)")
        }
    }

    func show(req: Request) async throws -> View {
        let (assignment, unit) = try await assignment(req)
        return try await page(req, assignment, unit, form: nil)
    }

    /// A lead part's coordinating parts in the same occurrence, with what the lead may do to each.
    private func parts(of lead: Assignment, canAct: Bool, today: CalendarDate, _ req: Request) async throws -> [TaskPage.Part] {
        guard lead.part == "lead" else { return [] }
        let parts = try await lead.siblings("coordinating", on: req.db).all()
        let names = try await OrgUnit.names(of: Set(parts.map(\.unitCode)), on: req.db)
        return try parts.sorted { $0.unitCode < $1.unitCode }.map { p in
            .init(id: try p.requireID().uuidString, unit: names[p.unitCode] ?? p.unitCode,
                  status: req.t("task_status_\(p.status(today: today).rawValue)"), progress: p.progress,
                  confirmation: confirmationLabel(p, req) ?? "", awaiting: canAct && p.confirmation == .awaiting)
        }
    }

    private func page(_ req: Request, _ a: Assignment, _ unit: OrgUnit, form: TaskPage.Form?, returnErrors: [String] = []) async throws -> View {
        let today = req.today
        let status = a.status(today: today)
        let lead = try await leadActing(req, for: a)
        let reports = try await ProgressUpdate.query(on: req.db).filter(\.$assignment.$id == a.requireID()).with(\.$files).sort(\.$at).all()
        let canAct = try req.allows(.editUnitRecords(unit: unit.code), on: unit)
        let language = req.language
        func date(_ iso: String?) -> String { Formatting.date(iso: iso, language) }
        let page = TaskPage(
            page: PageContext(req, title: req.t("task_page_title")), id: try a.requireID().uuidString, title: a.title,
            facts: [
                Choice(value: req.t("case_unit"), label: unit.name),
                Choice(value: req.t("task_responsible"), label: a.responsible),
                Choice(value: req.t("task_due"), label: date(a.dueOn)),
                Choice(value: req.t("task_expected"), label: a.expectedResult),
                Choice(value: req.t("task_progress"), label: "\(a.progress)%"),
                Choice(value: req.t("task_status"), label: req.t("task_status_\(status.rawValue)") + (a.completedOn.map { " (\(date($0)))" } ?? "")),
            ] + (confirmationLabel(a, req).map { [Choice(value: req.t("task_confirmation"), label: $0)] } ?? []),
            alertLink: a.$alert.id.map { "/warnings/\($0.uuidString)" },
            reports: try reports.map { r in
                .init(at: Formatting.date(CalendarDate(r.at), language), actor: r.actor, text: r.text, percent: r.percent, completes: r.completes,
                      files: try r.files.map { .init(name: $0.name, link: "/evidence/\(try $0.requireID().uuidString)", size: Formatting.bytes($0.size, language)) })
            },
            form: canAct && a.completedOn == nil ? form ?? .init(text: "", percent: String(a.progress), errors: []) : nil,
            responsible: canAct && a.completedOn == nil ? a.responsible : nil,
            requiresEvidence: a.requiresEvidence, maximumFiles: EvidenceKind.maximumFiles,
            leadLink: try lead.map { "/tasks/\(try $0.requireID().uuidString)" },
            review: lead != nil && a.confirmation == .awaiting ? .init(errors: returnErrors) : nil,
            parts: try await parts(of: a, canAct: canAct, today: today, req))
        return try await req.page("tasks/assignment", page)
    }

    /// The unit names the person answering for its part (a plan task arrives with the unit's head).
    func name(req: Request) async throws -> Response {
        let (assignment, unit) = try await assignment(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Form: Content { var responsible: String? }
        let person = try req.content.decode(Form.self).responsible?.trimmed ?? ""
        guard !person.isEmpty, person.count <= 200 else {
            let error = FieldError("responsible", person.isEmpty ? .required : .outOfRange("≤ 200"))
            return try await page(req, assignment, unit, form: .init(text: "", percent: String(assignment.progress), errors: [FieldMessages.message(error, req)]))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let previous = assignment.responsible
        assignment.responsible = person
        try await req.db.writeTransaction { db in
            try await assignment.update(on: db)
            try await req.audit("name-responsible", "assignment", key: try assignment.requireID().uuidString, detail: "\(previous) → \(person)", on: db)
        }
        return req.redirect(to: "/tasks/\(try assignment.requireID().uuidString)")
    }

    /// A progress report with its files, in one transaction; a refused file refuses the whole report.
    func report(req: Request) async throws -> Response {
        let (assignment, unit) = try await assignment(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Form: Content {
            var text: String?
            var percent: String?
            var completes: String?
            var files: [File]?
        }
        let form = try req.content.decode(Form.self)
        let refusals = try await ProgressReporting.submit(
            .init(text: form.text, percent: form.percent, completes: form.completes == "on" || form.completes == "true", files: form.files ?? []),
            to: assignment, req)
        guard refusals.isEmpty else {
            return try await page(req, assignment, unit, form: .init(text: form.text ?? "", percent: form.percent ?? "", errors: refusals.map(\.message)))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "/tasks/\(try assignment.requireID().uuidString)")
    }

    /// The lead unit confirms a coordinating part reported finished.
    func confirm(req: Request) async throws -> Response {
        let (part, _) = try await assignment(req)
        guard let lead = try await leadActing(req, for: part) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        guard part.confirmation == .awaiting else { throw Abort(.conflict, reason: req.t("task_error_not_awaiting")) }
        try await req.db.writeTransaction { db in try await Self.confirm([part], by: try req.user.username, req, on: db) }
        return req.redirect(to: "/tasks/\(try lead.requireID().uuidString)")
    }

    /// The lead unit confirms every part of the occurrence that awaits it (a city task may have a
    /// hundred coordinating units).
    func confirmAll(req: Request) async throws -> Response {
        let (lead, unit) = try await assignment(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        guard lead.part == "lead" else { throw Abort(.badRequest, reason: req.t("task_error_not_awaiting")) }
        let waiting = try await lead.siblings("coordinating", on: req.db).all().filter { $0.confirmation == .awaiting }
        try await req.db.writeTransaction { db in try await Self.confirm(waiting, by: try req.user.username, req, on: db) }
        return req.redirect(to: "/tasks/\(try lead.requireID().uuidString)")
    }

    private static func confirm(_ parts: [Assignment], by actor: String, _ req: Request, on db: any Database) async throws {
        let today = req.today.description
        for part in parts {
            try await db.withLocked(part) { fresh, db in
                guard fresh.confirmation == .awaiting else { return }
                fresh.confirmedOn = today
                fresh.confirmedBy = actor
                try await fresh.update(on: db)
                try await req.audit("confirm", "assignment", key: try fresh.requireID().uuidString, detail: fresh.unitCode, on: db)
            }
        }
    }

    /// The lead unit returns a finished part with a reason: it is unfinished again (its deadline
    /// judges it as before), the reason goes on its timeline and the unit is notified.
    func giveBack(req: Request) async throws -> Response {
        let (part, unit) = try await assignment(req)
        guard let lead = try await leadActing(req, for: part) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        guard part.confirmation == .awaiting else { throw Abort(.conflict, reason: req.t("task_error_not_awaiting")) }
        struct Form: Content { var reason: String? }
        let reason: String
        switch PartConfirmation.validateReason(try req.content.decode(Form.self).reason) {
        case .success(let text): reason = text
        case .failure(let errors):
            return try await page(req, part, unit, form: nil, returnErrors: errors.errors.map { FieldMessages.message($0, req) })
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = try req.user.username
        try await req.db.withLocked(part) { fresh, db in
            guard fresh.confirmation == .awaiting else { throw Abort(.conflict, reason: req.t("task_error_not_awaiting")) }
            fresh.completedOn = nil
            try await fresh.update(on: db)
            let update = ProgressUpdate()
            update.$assignment.id = try fresh.requireID()
            update.at = req.now
            update.actor = actor
            update.text = req.t("task_returned") + ": " + reason
            update.percent = fresh.progress
            update.completes = false
            try await update.create(on: db)
            // A part returned again gets a fresh, unread message (one per assignment and kind).
            try await Notification.query(on: db).filter(\.$assignment.$id == fresh.requireID()).filter(\.$kind == Notification.returned).delete()
            try await Notification.about(fresh, kind: Notification.returned).create(on: db)
            try await req.audit("return", "assignment", key: try fresh.requireID().uuidString, detail: reason, on: db)
        }
        req.application.deliverNoticesSoon()
        return req.redirect(to: "/tasks/\(try lead.requireID().uuidString)")
    }

    /// An evidence file, to whoever may read its assignment (the unit's records, or the lead unit of a coordinating part): always as an attachment, with its
    /// checked type and `nosniff`, so a browser never runs or renders it in the app's origin.
    func download(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self), let file = try await EvidenceFile.find(id, on: req.db),
              let update = try await ProgressUpdate.find(file.$update.id, on: req.db),
              let assignment = try await Assignment.find(update.$assignment.id, on: req.db),
              let content = try await EvidenceContent.find(id, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        _ = try await readable(assignment, req)
        try await req.audit("download", "evidence", key: id.uuidString, detail: file.name, on: req.db)
        return Response.attachment(try await req.fieldCipher.open(content.bytes, for: .taskEvidence, on: req.db), type: file.contentType, name: file.name)
    }
}
