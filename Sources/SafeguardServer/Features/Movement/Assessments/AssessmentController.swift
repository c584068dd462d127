import Fluent
import SafeguardCore
import Vapor

/// `/assessments`: the movement's yearly evaluation (Decision 510). Each unit scores itself on its
/// criteria set with evidence and submits to the level above (residential areas before 20/11,
/// communes, agencies, enterprises and schools before 30/11; later only as late); the level above
/// adjusts scores with reasons and finishes its review; the committee's standing office approves
/// or returns. The list shows who has not been assessed, who was late and who is rated Yếu — the
/// plan's "0 Yếu" target. The criteria sets are revised at `/assessments/criteria` (`CriteriaSetController`).
struct AssessmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("assessments", use: list)
        routes.get("assessments", "evidence", ":id", use: download)
        routes.post("assessments", "evidence", ":id", "delete", use: deleteEvidence)
        routes.get("assessments", ":unit", use: show)
        routes.on(.POST, "assessments", ":unit", body: .collect(maxSize: TaskController.maximumBody), use: save).collecting(TaskController.maximumBody)
        routes.post("assessments", ":unit", "adjust", use: adjust)
        routes.post("assessments", ":unit", "decide", use: decide)
    }

    // MARK: - The list

    /// Which units a list shows.
    enum Show: String, CaseIterable {
        case all
        /// Chưa gửi: no submission yet (nothing, a draft, or returned).
        case missing
        case late
        /// Xếp loại Yếu (approved).
        case weak
        /// Đã phê duyệt.
        case approved

        func matches(_ r: AssessmentRecord?) -> Bool {
            switch self {
            case .all: true
            case .missing: r.map { $0.state.isOpenToTheUnit } ?? true
            case .late: r?.late ?? false
            case .weak: r.map { $0.state == .approved && $0.level == .weak } ?? false
            case .approved: r?.state == .approved
            }
        }
    }

    func list(req: Request) async throws -> View {
        let scope = try await req.listScope()
        let year = try req.year()
        let show = (try req.queryText("show")).flatMap(Show.init(rawValue:)) ?? .all
        let units = try await MovementQueries(req.db).evaluatedUnits(in: scope, year: year)
        let records = try await MovementQueries(req.db).assessments(in: scope, year: year)
        let count = { (show: Show) in units.filter { show.matches(records[$0.code]) }.count }
        let listed = units.filter { show.matches(records[$0.code]) }
        let pager = try PageLinks(req, total: listed.count)
        let rows = pager.slice(listed).map { unit -> ListPage.Row in
            let r = records[unit.code]
            return .init(unit: unit.name, link: "/assessments/\(unit.code)?year=\(year)", kind: req.t(unit.kind.localizationKey),
                         state: r.map { req.t($0.state.localizationKey) } ?? req.t("assessment_not_started"),
                         total: r.map { Formatting.number($0.total, req.language) } ?? "",
                         level: r.flatMap { $0.state.isClassified ? req.t($0.level.localizationKey) : nil } ?? req.t("classification.none"),
                         weak: Show.weak.matches(r),
                         late: r?.late ?? false, submittedOn: Formatting.date(iso: r?.submittedOn, req.language))
        }
        return try await req.page("movement/assessments", ListPage(
            page: PageContext(req, title: req.t("assessments_title")), scopeName: scope.name, year: year,
            counts: [
                Choice(value: req.t("assessments_units"), label: String(units.count)),
                Choice(value: req.t("assessments_missing"), label: String(count(.missing))),
                Choice(value: req.t("assessments_late"), label: String(count(.late))),
                Choice(value: req.t("assessments_approved"), label: String(count(.approved))),
                Choice(value: req.t("classification.weak"), label: String(count(.weak))),
            ],
            filters: Show.allCases.map { Choice(value: $0.rawValue, label: req.t("assessments_show_\($0.rawValue)"), selected: $0 == show) },
            rows: Array(rows), pager: pager, canManage: (try? req.authorize(.approveMovement)) != nil))
    }

    // MARK: - One unit's assessment

    /// The unit's page; typed scores come back with the errors when a save is refused.
    private func render(_ req: Request, _ unit: OrgUnit, year: Int, typed: Input? = nil, errors: [String] = []) async throws -> View {
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        let record = try await store.find(unit: unit.code, year: year)
        let subject = CriteriaSet.Subject.of(unit.kind)!
        let assessment: Assessment
        if let record {
            assessment = try await store.assessment(record)
        } else {
            guard let set = try await CriteriaCatalog(db: req.db).set(subject) else { throw Abort(.notFound, reason: req.t("assessment_not_evaluated")) }
            assessment = Assessment(set: set, scores: [:])
        }
        let notes: [String: String]
        var files: [String: [Choice]] = [:]
        var adjustments: [String: [String]] = [:]
        if let id = record?.id {
            notes = Dictionary(try await AssessmentScore.query(on: req.db).filter(\.$assessment.$id == id).all().map { ($0.criterion, $0.note) }, uniquingKeysWith: { a, _ in a })
            for f in try await AssessmentEvidence.query(on: req.db).filter(\.$assessment.$id == id).field(\.$id).field(\.$criterion).field(\.$name).field(\.$size).all() {
                files[f.criterion, default: []].append(Choice(value: try f.requireID().uuidString, label: "\(f.name) (\(Formatting.bytes(f.size, req.language)))"))
            }
            for a in try await AssessmentAdjustmentRecord.query(on: req.db).filter(\.$assessment.$id == id).sort(\.$createdAt).sort(\.$id).all() {
                adjustments[a.criterion, default: []].append("\(Formatting.number(a.points, req.language)) — \(a.reason) (\(a.adjustedBy))")
            }
        } else {
            notes = [:]
        }
        let state = record?.state ?? .draft
        let final = assessment.finalScores
        let set = assessment.criteriaSet
        return try await req.page("movement/assessment", UnitPage(
            page: PageContext(req, title: "\(req.t("assessments_title")) · \(unit.name)"), unitCode: unit.code, unitName: unit.name, year: year,
            state: record.map { req.t($0.state.localizationKey) } ?? req.t("assessment_not_started"), stateKey: state.rawValue,
            deadline: Formatting.date(Assessment.deadline(for: subject, year: year), req.language), late: record?.late ?? false,
            submittedOn: Formatting.date(iso: record?.submittedOn, req.language),
            total: "\(Formatting.number(assessment.total, req.language))/\(Formatting.number(set.maximum, req.language))",
            level: state.isClassified ? req.t(assessment.level.localizationKey)
                : assessment.scores.isEmpty ? req.t("classification.none") : "\(req.t(assessment.level.localizationKey)) (\(req.t("classification.provisional")))",
            version: set.version, placeholder: set.placeholder,
            returnReason: state == .returned ? record?.returnReason : nil,
            rows: set.criteria.map { c in
                .init(code: c.code, text: c.text, maxPoints: Formatting.number(c.maxPoints, req.language),
                      points: typed?.score?[c.code] ?? assessment.scores[c.code].map { Formatting.number($0, req.language) } ?? "",
                      finalPoints: final[c.code].map { Formatting.number($0, req.language) } ?? "—",
                      note: typed?.note?[c.code] ?? notes[c.code] ?? "", evidenceRequired: c.evidenceRequired,
                      files: files[c.code] ?? [], adjustments: adjustments[c.code] ?? [])
            },
            criteria: set.criteria.map { Choice(value: $0.code, label: "\($0.code) — \($0.text.shortened(to: 80))") },
            canEdit: state.isOpenToTheUnit && (try req.allows(.editUnitRecords(unit: unit.code), on: unit)),
            canReview: AssessmentStep.adjust.next(from: state) != nil && (try req.allows(.reviewAssessment(unit: unit.code), on: unit)),
            canApprove: AssessmentStep.approve.next(from: state) != nil && (try req.allows(.approveMovement, on: unit)),
            canReopen: AssessmentStep.reopen.next(from: state) != nil && (try req.allows(.approveMovement, on: unit)),
            history: try await history(req, unit: unit, year: year), errors: errors))
    }

    /// The assessment's steps as the audit log recorded them, oldest first.
    private func history(_ req: Request, unit: OrgUnit, year: Int) async throws -> [String] {
        try await AuditEntry.query(on: req.db).filter(\.$entity == "assessment").filter(\.$entityKey == "\(unit.code)/\(year)").sort(\.$at).limit(200).all()
            .map { e in
                let when = Formatting.date(CalendarDate(e.at), req.language)
                // Reasons, adjustments and file names are the unit's business; "3 file(s)" or "api" is not.
                let detail = ["adjust", "return", "reopen", "delete-evidence"].contains(e.action) ? e.detail.flatMap { $0.isEmpty ? nil : $0 } : nil
                return "\(when) · \(e.actor) · \(req.t("assessment_action_\(e.action)"))" + (detail.map { ": \($0)" } ?? "")
            }
    }

    func show(req: Request) async throws -> View {
        try await render(req, try await req.evaluatedUnit(req.parameters.get("unit")), year: try req.year())
    }

    struct Input: Content {
        var year: Int?
        var action: String?
        var score: [String: String]?
        var note: [String: String]?
        var evidence: [String: [File]]?
    }

    /// Saves the unit's scores (and with `action=submit` sends them on): every problem named —
    /// a score above its criterion's maximum with the criterion — and nothing stored.
    func save(req: Request) async throws -> Response {
        let unit = try await req.evaluatedUnit(req.parameters.get("unit"))
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let input = try req.content.decode(Input.self)
        let year = try req.year(input.year)
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        guard let set = try await store.criteriaSet(for: unit, year: year) else { throw Abort(.notFound, reason: req.t("assessment_not_evaluated")) }
        func refuse(_ errors: [String]) async throws -> Response {
            try await render(req, unit, year: year, typed: input, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let typed = (input.score ?? [:]).filter { !$0.value.trimmed.isEmpty }
        var files: [UnitAssessments.EvidenceFile] = []
        var errors: [String] = []
        for (criterion, uploads) in (input.evidence ?? [:]).sorted(by: { $0.key < $1.key }) {
            let (_, checked, problems) = ProgressReporting.check(uploads, req)
            errors += problems.map(\.message)
            files += checked.map { .init(criterion: criterion, name: $0.name, kind: $0.kind, bytes: $0.bytes) }
        }
        if files.count > EvidenceKind.maximumFiles { errors.append(FieldMessages.message(FieldError("evidence", .outOfRange("≤ \(EvidenceKind.maximumFiles)")), req)) }
        let scores: [String: Double]
        switch Assessment.parseScores(typed) {
        case .success(let s): scores = s
        case .failure(let e): return try await refuse(Self.problems(e, set, req).map(\.message) + errors)
        }
        guard errors.isEmpty else { return try await refuse(errors) }
        let notes = (input.note ?? [:]).mapValues { String($0.trimmed.prefix(1000)) }
        do {
            try await store.save(unit: unit, year: year, scores: scores, notes: notes, files: files, submit: input.action == "submit",
                                 today: req.today, by: try req.user.username)
        } catch let refusal as UnitAssessments.Refusal {
            return try await refuse(Self.problems(refusal, set, req).map(\.message))
        }
        try await req.audit(input.action == "submit" ? "submit" : "save", "assessment", key: "\(unit.code)/\(year)", detail: "\(files.count) file(s)", on: req.db)
        return req.redirect(to: "/assessments/\(unit.code)?year=\(year)")
    }

    /// The level above changes one criterion's points with a reason.
    func adjust(req: Request) async throws -> Response {
        let unit = try await req.evaluatedUnit(req.parameters.get("unit"))
        try req.authorize(.reviewAssessment(unit: unit.code), on: unit)
        struct Adjust: Content { var year: Int?; var criterion: String?; var points: String?; var reason: String? }
        let input = try req.content.decode(Adjust.self)
        let year = try req.year(input.year)
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let set = try await store.assessment(record).criteriaSet
        let criterion = input.criterion ?? ""
        var errors: [FieldError] = []
        let points = FieldParsing.decimal(input.points, field: criterion, range: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, errors: &errors)
        if points == nil && errors.isEmpty { errors.append(FieldError(criterion, .required)) }
        do {
            guard let points, errors.isEmpty else { throw UnitAssessments.Refusal.invalid(FieldErrors(errors)) }
            try await store.adjust(record, .init(criterion: criterion, points: points, reason: input.reason ?? "", by: try req.user.username))
        } catch let refusal as UnitAssessments.Refusal {
            return try await render(req, unit, year: year, errors: Self.problems(refusal, set, req).map(\.message)).encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await req.audit("adjust", "assessment", key: "\(unit.code)/\(year)", detail: "\(criterion) → \(Formatting.number(points ?? 0, .en)): \(input.reason ?? "")", on: req.db)
        return req.redirect(to: "/assessments/\(unit.code)?year=\(year)")
    }

    /// Review done (the level above), approve (the standing office), or return with a reason (either).
    func decide(req: Request) async throws -> Response {
        let unit = try await req.evaluatedUnit(req.parameters.get("unit"))
        struct Decide: Content { var year: Int?; var step: String?; var reason: String? }
        let input = try req.content.decode(Decide.self)
        let year = try req.year(input.year)
        guard let step = input.step.flatMap(AssessmentStep.init(rawValue:)), UnitAssessments.decisions.contains(step) else {
            throw Abort(.badRequest, reason: req.t("error.bad-request"))
        }
        try req.authorize(step == .approve || step == .reopen ? .approveMovement : .reviewAssessment(unit: unit.code), on: unit)
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        do {
            try await store.decide(record, step, reason: input.reason, by: try req.user.username)
        } catch let refusal as UnitAssessments.Refusal {
            let set = try await store.assessment(record).criteriaSet
            return try await render(req, unit, year: year, errors: Self.problems(refusal, set, req).map(\.message)).encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await req.audit(step.rawValue, "assessment", key: "\(unit.code)/\(year)", detail: input.reason, on: req.db)
        if step == .return { req.application.deliverNoticesSoon() }
        return req.redirect(to: "/assessments/\(unit.code)?year=\(year)")
    }

    /// Problems in the user's language, a criterion named by its code and text (the problem's
    /// field is the criterion's code); the API sends them as they are, the page their messages.
    static func problems(_ refusal: UnitAssessments.Refusal, _ set: CriteriaSet, _ req: Request) -> [FieldRefusal.Problem] {
        switch refusal {
        case .invalid(let errors): problems(errors, set, req)
        case .stepNotOpen(let state):
            [.init(field: "step", code: "step-not-open", message: req.t("assessment_step_not_open") + " (\(req.t(state.localizationKey)))")]
        case .notEvaluated: [.init(field: "unit", code: "not-evaluated", message: req.t("assessment_not_evaluated"))]
        }
    }

    static func problems(_ errors: FieldErrors, _ set: CriteriaSet, _ req: Request) -> [FieldRefusal.Problem] {
        errors.errors.map { error in
            var problem = FieldRefusal.Problem(error, req)
            if let criterion = set.criteria.first(where: { $0.code == error.field }) {
                let detail = error.reason == .required ? req.t("assessment_evidence_required") : req.t(error.reason.localizationKey)
                problem.message = "«\(criterion.code) — \(criterion.text)»: \(detail)" + (error.reason.detail.map { " (\($0))" } ?? "")
            }
            return problem
        }
    }

    func download(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self),
              let file = try await AssessmentEvidence.query(on: req.db).filter(\.$id == id).with(\.$assessment).first(),
              let unit = try await OrgUnit.find(code: file.assessment.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        try await req.audit("download", "assessment-evidence", key: id.uuidString)
        return Response.attachment(try await req.fieldCipher.open(file.bytes, for: .assessmentEvidence, on: req.db), type: file.contentType, name: file.name)
    }

    /// The unit removes a file it attached, while the assessment is still its own to change.
    func deleteEvidence(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self),
              let file = try await AssessmentEvidence.query(on: req.db).filter(\.$id == id).field(\.$id).field(\.$assessment.$id).field(\.$name).with(\.$assessment).first(),
              let unit = try await OrgUnit.find(code: file.assessment.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let record = file.assessment
        try await req.db.withLocked(record) { record, db in
            guard record.state.isOpenToTheUnit else { throw Abort(.conflict, reason: req.t("assessment_step_not_open")) }
            try await AssessmentEvidence.query(on: db).filter(\.$id == id).delete()
        }
        try await req.audit("delete-evidence", "assessment", key: "\(unit.code)/\(record.year)", detail: file.name, on: req.db)
        return req.redirect(to: "/assessments/\(unit.code)?year=\(record.year)")
    }

}

extension Request {
    /// A unit evaluated in the movement (residential area, commune, agency…) the user may read; 404 otherwise.
    func evaluatedUnit(_ code: String?) async throws -> OrgUnit {
        guard let code, let unit = try await OrgUnit.find(code: code, on: db) else { throw Abort(.notFound, reason: t("error.unit-not-found")) }
        guard CriteriaSet.Subject.of(unit.kind) != nil else { throw Abort(.notFound, reason: t("assessment_not_evaluated")) }
        try authorize(.readUnitRecords(unit: unit.code), on: unit)
        return unit
    }
}
