import Fluent
import SafeguardCore
import Vapor

/// Criteria sets and assessments in the JSON API: read, score, adjust, decide — the same steps and
/// checks as the pages (`UnitAssessments`). Years default to this one; lists cover the caller's
/// scope or `?unit=`.
struct AssessmentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("criteria-sets", use: criteriaSets)
        routes.get("criteria-sets", ":subject", use: criteriaSet)
        routes.put("criteria-sets", ":subject", use: reviseCriteriaSet)
        routes.get("assessments", use: assessments)
        routes.get("assessments", ":unit", use: assessment)
        routes.post("assessments", ":unit", use: score)
        routes.post("assessments", ":unit", "adjustments", use: adjust)
        routes.post("assessments", ":unit", "decisions", use: decide)
    }

    func criteriaSets(req: Request) async throws -> [CriteriaSet] {
        try await CriteriaCatalog(db: req.db).current()
    }

    func criteriaSet(req: Request) async throws -> CriteriaSet {
        guard let subject = req.parameters.get("subject").flatMap(CriteriaSet.Subject.init(rawValue:)),
              let set = try await CriteriaCatalog(db: req.db).set(subject, version: try req.queryNumber("version", in: 1...1_000_000))
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        return set
    }

    struct Revised: Content {
        var subject: CriteriaSet.Subject
        var version: Int
        /// False when the set equals the newest version (nothing stored).
        var created: Bool
    }

    /// A revised set (JSON, the shape `GET` returns) stored as the next version once it has no problem.
    func reviseCriteriaSet(req: Request) async throws -> Revised {
        try req.authorize(.approveMovement)
        guard let subject = req.parameters.get("subject").flatMap(CriteriaSet.Subject.init(rawValue:)) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let set = try req.content.decode(CriteriaSet.self)
        var problems = set.problems().map { FieldRefusal.Problem(field: "criteria", code: "invalid", message: $0) }
        if set.subject != subject {
            problems.append(.init(field: "subject", code: "mismatch", message: req.t("report_forms_error_code").replacingOccurrences(of: "{code}", with: subject.rawValue)))
        }
        guard problems.isEmpty else { throw FieldRefusal(problems) }
        switch try await CriteriaCatalog(db: req.db).revise(set, by: try req.user.username) {
        case .created(let version):
            try await req.audit("revise", "criteria-set", key: subject.rawValue, detail: "version \(version) (api)", on: req.db)
            return Revised(subject: subject, version: version, created: true)
        case .unchanged(let version):
            return Revised(subject: subject, version: version, created: false)
        }
    }

    // MARK: Assessments

    struct AssessmentSummary: Content {
        var unit: String
        var name: String
        var year: Int
        /// nil: not started.
        var state: AssessmentState?
        var total: Double?
        var level: Classification?
        var late: Bool
        var submittedOn: String?
        var criteriaVersion: Int?
    }

    func assessments(req: Request) async throws -> [AssessmentSummary] {
        let scope = try await req.listScope()
        let year = try req.year()
        let records = try await MovementQueries(req.db).assessments(in: scope, year: year)
        return try await MovementQueries(req.db).evaluatedUnits(in: scope, year: year).map { unit in
            let r = records[unit.code]
            return AssessmentSummary(unit: unit.code, name: unit.name, year: year, state: r?.state, total: r?.total, level: r.flatMap { $0.state.isClassified ? $0.level : nil }, late: r?.late ?? false,
                                     submittedOn: r?.submittedOn, criteriaVersion: r?.criteriaVersion)
        }
    }

    struct AssessmentDetail: Content {
        struct Criterion: Content {
            var code: String
            var text: String
            var maxPoints: Double
            var evidenceRequired: Bool
            var points: Double?
            var finalPoints: Double?
            var evidenceFiles: Int
        }

        struct Adjustment: Content {
            var criterion: String
            var points: Double
            var reason: String
            var by: String
        }

        var summary: AssessmentSummary
        var criteria: [Criterion]
        var adjustments: [Adjustment]
        var maximum: Double
        var returnReason: String?
    }

    private func detail(_ req: Request, _ unit: OrgUnit, year: Int) async throws -> AssessmentDetail {
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let a = try await store.assessment(record)
        let final = a.finalScores
        return AssessmentDetail(
            summary: .init(unit: unit.code, name: unit.name, year: year, state: record.state, total: a.total, level: a.level, late: record.late,
                           submittedOn: record.submittedOn, criteriaVersion: record.criteriaVersion),
            criteria: a.criteriaSet.criteria.map { c in
                .init(code: c.code, text: c.text, maxPoints: c.maxPoints, evidenceRequired: c.evidenceRequired, points: a.scores[c.code],
                      finalPoints: final[c.code], evidenceFiles: a.evidence[c.code] ?? 0)
            },
            adjustments: a.adjustments.map { .init(criterion: $0.criterion, points: $0.points, reason: $0.reason, by: $0.by) },
            maximum: a.criteriaSet.maximum, returnReason: record.state == .returned ? record.returnReason : nil)
    }

    func assessment(req: Request) async throws -> AssessmentDetail {
        try await detail(req, try await req.evaluatedUnit(req.parameters.get("unit")), year: try req.year())
    }

    /// A refusal as 422 with every problem, its field and code, in the user's language.
    private func unprocessable(_ refusal: UnitAssessments.Refusal, _ set: CriteriaSet?, _ req: Request) -> FieldRefusal {
        FieldRefusal(set.map { AssessmentController.problems(refusal, $0, req) }
            ?? [.init(field: "unit", code: "not-evaluated", message: req.t("assessment_not_evaluated"))])
    }

    struct ScoreInput: Content {
        var year: Int?
        var scores: [String: Double]
        var notes: [String: String]?
        var submit: Bool?
    }

    /// The unit's scores (JSON; evidence files are attached on the page), optionally submitted.
    func score(req: Request) async throws -> AssessmentDetail {
        let unit = try await req.evaluatedUnit(req.parameters.get("unit"))
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        let input = try req.content.decode(ScoreInput.self)
        let year = try req.year(input.year)
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        do {
            try await store.save(unit: unit, year: year, scores: input.scores, notes: input.notes ?? [:], files: [], submit: input.submit ?? false,
                                 today: req.today, by: try req.user.username)
        } catch let refusal as UnitAssessments.Refusal {
            throw unprocessable(refusal, try await store.criteriaSet(for: unit, year: year), req)
        }
        try await req.audit(input.submit == true ? "submit" : "save", "assessment", key: "\(unit.code)/\(year)", detail: "api", on: req.db)
        return try await detail(req, unit, year: year)
    }

    struct AdjustInput: Content {
        var year: Int?
        var criterion: String
        var points: Double
        var reason: String
    }

    func adjust(req: Request) async throws -> AssessmentDetail {
        let unit = try await req.evaluatedUnit(req.parameters.get("unit"))
        try req.authorize(.reviewAssessment(unit: unit.code), on: unit)
        let input = try req.content.decode(AdjustInput.self)
        let year = try req.year(input.year)
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        do {
            try await store.adjust(record, .init(criterion: input.criterion, points: input.points, reason: input.reason, by: try req.user.username))
        } catch let refusal as UnitAssessments.Refusal {
            throw unprocessable(refusal, try await store.assessment(record).criteriaSet, req)
        }
        try await req.audit("adjust", "assessment", key: "\(unit.code)/\(year)", detail: "\(input.criterion) → \(Formatting.number(input.points, .en)): \(input.reason)", on: req.db)
        return try await detail(req, unit, year: year)
    }

    struct DecideInput: Content {
        var year: Int?
        /// review, approve or return.
        var step: String
        var reason: String?
    }

    func decide(req: Request) async throws -> AssessmentDetail {
        let unit = try await req.evaluatedUnit(req.parameters.get("unit"))
        let input = try req.content.decode(DecideInput.self)
        let year = try req.year(input.year)
        guard let step = AssessmentStep(rawValue: input.step), UnitAssessments.decisions.contains(step) else {
            throw Abort(.badRequest, reason: req.t("error.bad-request"))
        }
        try req.authorize(step == .approve || step == .reopen ? .approveMovement : .reviewAssessment(unit: unit.code), on: unit)
        let store = UnitAssessments(db: req.db, cipher: req.fieldCipher)
        guard let record = try await store.find(unit: unit.code, year: year) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        do {
            try await store.decide(record, step, reason: input.reason, by: try req.user.username)
        } catch let refusal as UnitAssessments.Refusal {
            throw unprocessable(refusal, try await store.assessment(record).criteriaSet, req)
        }
        try await req.audit(step.rawValue, "assessment", key: "\(unit.code)/\(year)", detail: input.reason, on: req.db)
        if step == .return { req.application.deliverNoticesSoon() }
        return try await detail(req, unit, year: year)
    }
}

extension CriteriaSet: Content {}
