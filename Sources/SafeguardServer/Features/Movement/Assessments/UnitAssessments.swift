import Fluent
import SafeguardCore
import Vapor

/// A unit's movement assessment in the database, and each workflow step (`AssessmentStep`) applied
/// under a row lock in one transaction: the scores, evidence, adjustments and state change together
/// or not at all. The rules — ranges, evidence, levels, deadlines — are the core's.
struct UnitAssessments {
    let db: any Database
    /// Seals the evidence files.
    let cipher: FieldCipher

    enum Refusal: Error {
        /// The step is not open from the assessment's state (submitting twice, approving a draft…).
        case stepNotOpen(AssessmentState)
        case invalid(FieldErrors)
        /// The unit's kind is not evaluated in the movement (a province, a committee…).
        case notEvaluated
    }

    /// One file to keep as evidence for a criterion.
    struct EvidenceFile: Sendable {
        var criterion: String
        var name: String
        var kind: EvidenceKind
        var bytes: [UInt8]
    }

    func find(unit: String, year: Int, on db: (any Database)? = nil) async throws -> AssessmentRecord? {
        try await AssessmentRecord.query(on: db ?? self.db).filter(\.$unitCode == unit).filter(\.$year == year).first()
    }

    /// The unit's assessment for the year, or a new draft on the criteria set in force.
    func findOrStart(unit: OrgUnit, year: Int, by actor: String, on db: (any Database)? = nil) async throws -> AssessmentRecord {
        let db = db ?? self.db
        if let existing = try await find(unit: unit.code, year: year, on: db) { return existing }
        guard let subject = CriteriaSet.Subject.of(unit.kind), let set = try await CriteriaCatalog(db: db).set(subject) else { throw Refusal.notEvaluated }
        let record = AssessmentRecord()
        (record.unitCode, record.unitPath, record.provinceCode, record.year) = (unit.code, unit.path, unit.provinceCode, year)
        (record.subject, record.criteriaVersion, record.state, record.late) = (subject, set.version, .draft, false)
        (record.total, record.level, record.updatedBy) = (0, set.classify(0), actor)
        try await record.create(on: db)
        return record
    }

    /// The set a unit's assessment for the year is scored on: its own version once started, else the one in force.
    func criteriaSet(for unit: OrgUnit, year: Int) async throws -> CriteriaSet? {
        if let record = try await find(unit: unit.code, year: year) { return try await assessment(record).criteriaSet }
        guard let subject = CriteriaSet.Subject.of(unit.kind) else { return nil }
        return try await CriteriaCatalog(db: db).set(subject)
    }

    /// The assessment as the core sees it: the version's criteria, the unit's scores, the evidence
    /// counts and the adjustments in order.
    func assessment(_ record: AssessmentRecord, on db: (any Database)? = nil) async throws -> Assessment {
        let db = db ?? self.db
        let id = try record.requireID()
        guard let set = try await CriteriaCatalog(db: db).set(record.subject, version: record.criteriaVersion) else { throw Abort(.internalServerError) }
        let scores = try await AssessmentScore.query(on: db).filter(\.$assessment.$id == id).all()
        let files = try await AssessmentEvidence.query(on: db).filter(\.$assessment.$id == id).field(\.$criterion).all()
        let adjustments = try await AssessmentAdjustmentRecord.query(on: db).filter(\.$assessment.$id == id).sort(\.$createdAt).sort(\.$id).all()
        return Assessment(
            set: set, scores: Dictionary(scores.map { ($0.criterion, $0.points) }, uniquingKeysWith: { a, _ in a }),
            evidence: Dictionary(grouping: files, by: \.criterion).mapValues(\.count),
            adjustments: adjustments.map { .init(criterion: $0.criterion, points: $0.points, reason: $0.reason, by: $0.adjustedBy) })
    }

    /// The unit saves its scores, notes and new evidence, and with `submit` sends them to the level
    /// above: then every score is checked (range, evidence), the first submission's day is kept and
    /// judged against the deadline — after it the assessment is accepted, marked late. The first
    /// save starts the assessment in the same transaction, so a refused one leaves nothing behind.
    func save(unit: OrgUnit, year: Int, scores: [String: Double], notes: [String: String], files: [EvidenceFile], submit: Bool,
              today: CalendarDate, by actor: String) async throws {
        try await db.writeTransaction { db in
            let record: AssessmentRecord
            if let found = try await find(unit: unit.code, year: year, on: db) {
                record = try await db.locked(found)
            } else {
                record = try await findOrStart(unit: unit, year: year, by: actor, on: db)
            }
            let step: AssessmentStep = submit ? .submit : .save
            guard let next = step.next(from: record.state) else { throw Refusal.stepNotOpen(record.state) }
            let id = try record.requireID()
            var assessment = try await assessment(record, on: db)
            assessment.scores = scores
            for file in files { assessment.evidence[file.criterion, default: 0] += 1 }
            if case .failure(let errors) = assessment.validate() {
                // A draft may be incomplete, never wrong: out-of-range and unknown criteria are refused always.
                let blocking = submit ? errors.errors : errors.errors.filter { $0.reason != .required }
                if !blocking.isEmpty { throw Refusal.invalid(FieldErrors(blocking)) }
            }
            try await AssessmentScore.query(on: db).filter(\.$assessment.$id == id).delete()
            for (criterion, points) in scores.sorted(by: { $0.key < $1.key }) {
                let score = AssessmentScore()
                (score.$assessment.id, score.criterion, score.points, score.note) = (id, criterion, points, notes[criterion] ?? "")
                try await score.create(on: db)
            }
            for file in files {
                let evidence = AssessmentEvidence()
                (evidence.$assessment.id, evidence.criterion) = (id, file.criterion)
                evidence.bytes = try await cipher.seal(Data(file.bytes), for: .assessmentEvidence, on: db)
                evidence.describe(name: file.name, kind: file.kind, bytes: file.bytes)
                try await evidence.create(on: db)
            }
            if submit && record.submittedOn == nil {
                record.submittedOn = today.description
                record.late = Assessment.isLate(submittedOn: today, subject: record.subject, year: record.year)
            }
            (record.state, record.total, record.level, record.updatedBy) = (next, assessment.total, assessment.level, actor)
            try await record.save(on: db)
        }
    }

    /// The level above changes one criterion's points, with the reason.
    func adjust(_ record: AssessmentRecord, _ adjustment: Assessment.Adjustment) async throws {
        try await db.withLocked(record) { record, db in
            guard AssessmentStep.adjust.next(from: record.state) != nil else { throw Refusal.stepNotOpen(record.state) }
            let adjusted: Assessment
            switch try await assessment(record, on: db).adjusting(adjustment) {
            case .success(let a): adjusted = a
            case .failure(let errors): throw Refusal.invalid(errors)
            }
            let row = AssessmentAdjustmentRecord()
            (row.$assessment.id, row.criterion, row.points) = (try record.requireID(), adjustment.criterion, adjustment.points)
            (row.reason, row.adjustedBy) = (adjustment.reason.trimmed, adjustment.by)
            try await row.create(on: db)
            (record.total, record.level, record.updatedBy) = (adjusted.total, adjusted.level, adjustment.by)
            try await record.save(on: db)
        }
    }

    /// The steps taken by the level above or the committee rather than the unit.
    static let decisions: [AssessmentStep] = [.review, .approve, .return, .reopen]

    /// Review done, approval, a return to the unit or a reopening (these two need a reason).
    func decide(_ record: AssessmentRecord, _ step: AssessmentStep, reason: String?, by actor: String) async throws {
        try await db.withLocked(record) { record, db in
            guard Self.decisions.contains(step), let next = step.next(from: record.state) else { throw Refusal.stepNotOpen(record.state) }
            let reason = reason?.trimmed ?? ""
            if (step == .return || step == .reopen) && reason.isEmpty { throw Refusal.invalid(FieldErrors([FieldError("reason", .required)])) }
            record.state = next
            record.updatedBy = actor
            switch step {
            case .review: record.reviewedBy = actor
            case .approve: record.approvedBy = actor
            case .reopen: record.approvedBy = nil
            default: record.returnReason = reason
            }
            try await record.save(on: db)
            if step == .return {
                // The unit hears of it in its notifications (and by e-mail or webhook where configured);
                // a second return replaces the first notice (one per unit, year and kind).
                try await Notification.query(on: db).filter(\.$formCode == Notification.assessmentForm).filter(\.$period == String(record.year))
                    .filter(\.$unitCode == record.unitCode).filter(\.$kind == Notification.assessmentReturned).delete()
                let notice = Notification.about(assessmentOf: record.unitCode, path: record.unitPath, province: record.provinceCode, subject: record.subject,
                                                year: record.year, kind: Notification.assessmentReturned)
                notice.title = (notice.title ?? "") + ": " + reason
                try await notice.create(on: db)
            }
        }
    }
}
