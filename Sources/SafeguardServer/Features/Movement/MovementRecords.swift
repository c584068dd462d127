import Fluent
import SafeguardCore
import Vapor

/// The movement's registries written the same way from the pages and the API, each change in one
/// transaction with its audit entry: models (created, reviewed, state changed, replicated with the
/// link to the origin), a commune's drug figures and drug-free decision, an activity with its
/// evidence files, and a residential area's or unit's safety recognition.
struct MovementRecords {
    let req: Request

    private var db: any Database { req.db }

    func createModel(_ valid: ModelDraft.Valid, unit: OrgUnit) async throws -> MovementModelRecord {
        let model = MovementModelRecord(valid, unit: unit, origin: nil, by: try req.user.username)
        try await db.writeTransaction { db in
            try await model.create(on: db)
            try await req.audit("create", "movement-model", key: try model.requireID().uuidString, detail: valid.name, on: db)
        }
        return model
    }

    /// An effectiveness review, dated today.
    func review(_ model: MovementModelRecord, rating: MovementModelReview.Rating, note: String?) async throws -> MovementModelReview {
        let review = MovementModelReview()
        (review.$model.id, review.reviewedOn, review.rating) = (try model.requireID(), req.today.description, rating)
        (review.note, review.by) = (String((note ?? "").trimmed.prefix(2000)), try req.user.username)
        try await db.writeTransaction { db in
            try await review.create(on: db)
            try await req.audit("review", "movement-model", key: try model.requireID().uuidString, detail: rating.rawValue, on: db)
        }
        return review
    }

    func setStatus(_ model: MovementModelRecord, _ status: ModelStatus) async throws {
        let previous = model.status
        model.status = status
        try await db.writeTransaction { db in
            try await model.update(on: db)
            try await req.audit("status", "movement-model", key: try model.requireID().uuidString, detail: "\(previous.rawValue) → \(status.rawValue)", on: db)
        }
    }

    /// Nhân rộng: the model copied to `target`, active from today, linked to its origin.
    func replicate(_ model: MovementModelRecord, to target: OrgUnit) async throws -> MovementModelRecord {
        let copy = MovementModelRecord()
        (copy.unitCode, copy.unitPath, copy.provinceCode) = (target.code, target.path, target.provinceCode)
        (copy.name, copy.field, copy.technology, copy.startedOn) = (model.name, model.field, model.technology, req.today.description)
        (copy.status, copy.members, copy.results, copy.createdBy) = (.active, 0, "", try req.user.username)
        copy.$origin.id = try model.requireID()
        try await db.writeTransaction { db in
            try await copy.create(on: db)
            try await req.audit("replicate", "movement-model", key: try copy.requireID().uuidString, detail: "from \(try model.requireID().uuidString)", on: db)
        }
        return copy
    }

    /// A commune's figures, checklist and decision for the year, replacing what it had (the decision
    /// only when the standing office saves).
    func saveDrugArea(_ valid: DrugAreaDraft.Valid, unit: OrgUnit, year: Int) async throws {
        let actor = try req.user.username
        try await db.writeTransaction { db in
            let r = try await DrugAreaRecord.query(on: db).filter(\.$unitCode == unit.code).filter(\.$year == year).first() ?? DrugAreaRecord()
            let f = valid.figures
            (r.unitCode, r.unitPath, r.provinceCode, r.year) = (unit.code, unit.path, unit.provinceCode, year)
            (r.population, r.users, r.venues, r.offenders) = (f.population, f.users, f.venues, f.offenders)
            (r.drugPlants, r.drugPlantArea, r.onRoute) = (f.drugPlants, f.drugPlantArea, f.onTraffickingRoute)
            r.met = valid.met.sorted().joined(separator: ",")
            // The decision is the level above's: a commune saving its figures keeps what was recorded.
            if try req.decidesDrugFreeRecognition { (r.decisionNumber, r.decisionDate) = (valid.decision?.number, valid.decision?.date.description) }
            r.updatedBy = actor
            try await r.save(on: db)
            try await req.audit(valid.decision == nil ? "save" : "recognise", "drug-area", key: "\(unit.code)/\(year)", detail: valid.decision?.number, on: db)
        }
    }

    /// An activity as typed with its uploads: every problem of the form and of each file, in the
    /// user's language, or the activity recorded with its files (checked by content).
    func recordEvent(_ draft: OutreachDraft, uploads: [File], unit: OrgUnit) async throws -> Result<OutreachEventRecord, FieldRefusal> {
        var (sent, checked, problems) = ProgressReporting.check(uploads, req)
        if sent > EvidenceKind.maximumFiles { problems.append(.init(FieldError("evidence", .outOfRange("≤ \(EvidenceKind.maximumFiles)")), req)) }
        switch draft.validate(today: req.today) {
        case .failure(let e): return .failure(FieldRefusal(e.errors.map { FieldRefusal.Problem($0, req, labels: ["title": "events_name"]) } + problems))
        case .success where !problems.isEmpty: return .failure(FieldRefusal(problems))
        case .success(let valid): return .success(try await recordEvent(valid, files: checked, unit: unit))
        }
    }

    /// The activity and its files (checked by content by `ProgressReporting.check`).
    private func recordEvent(_ valid: OutreachDraft.Valid, files: [(name: String, kind: EvidenceKind, bytes: [UInt8])], unit: OrgUnit) async throws -> OutreachEventRecord {
        let event = OutreachEventRecord()
        (event.unitCode, event.unitPath, event.provinceCode) = (unit.code, unit.path, unit.provinceCode)
        (event.kind, event.title, event.heldOn) = (valid.kind, valid.title, valid.heldOn.description)
        (event.heldMonth, event.participants, event.createdBy) = (StatisticalMonth(containing: valid.heldOn).code, valid.participants, try req.user.username)
        try await db.writeTransaction { db in
            try await event.create(on: db)
            for file in files {
                let evidence = OutreachEvidence()
                (evidence.$event.id, evidence.bytes) = (try event.requireID(), try await req.fieldCipher.seal(Data(file.bytes), for: .outreachEvidence, on: db))
                evidence.describe(name: file.name, kind: file.kind, bytes: file.bytes)
                try await evidence.create(on: db)
            }
            try await req.audit("create", "outreach-event", key: try event.requireID().uuidString, detail: "\(valid.kind.rawValue), \(files.count) file(s)", on: db)
        }
        return event
    }

    /// Registers a unit for a year (this year or the next, at least one title), or changes what it
    /// registered for; the first day, and whether it was after the first quarter, are kept.
    func register(_ unit: OrgUnit, year: Int, safety: Bool, exemplary: Bool) async throws -> Result<Void, FieldErrors> {
        let today = req.today
        if case .failure(let errors) = MovementRegistration.validate(year: year, safety: safety, exemplary: exemplary, today: today) { return .failure(errors) }
        let actor = try req.user.username
        try await db.writeTransaction { db in
            let record = try await RegistrationRecord.query(on: db).filter(\.$unitCode == unit.code).filter(\.$year == year).first() ?? {
                let r = RegistrationRecord()
                (r.unitCode, r.unitPath, r.provinceCode, r.year) = (unit.code, unit.path, unit.provinceCode, year)
                (r.registeredOn, r.late) = (today.description, MovementRegistration.isLate(registeredOn: today, year: year))
                return r
            }()
            (record.safety, record.exemplary, record.registeredBy) = (safety, exemplary, actor)
            try await record.save(on: db)
            try await req.audit("register", "movement-registration", key: "\(unit.code)/\(year)", detail: "safety=\(safety) exemplary=\(exemplary)", on: db)
        }
        return .success(())
    }

    /// Which of its checklist's items a residential area or unit met in `year`; recognised only with all.
    /// An item the records answer (a listed case on file in the year) is unmet whatever was ticked.
    func recordRecognition(of unit: OrgUnit, year: Int, met codes: [String], checklist: RecognitionChecklist) async throws -> SafetyRecognitionRecord {
        let cases = try await MovementQueries(db).listedCases(in: unit, year: year, severities: checklist.recordSeverities)
        let met = checklist.met(ticked: Set(codes), casesOnRecord: cases.map(\.severity))
        let recognised = checklist.missing(met).isEmpty
        let username = try req.user.username
        return try await db.writeTransaction { db in
            let record = try await SafetyRecognitionRecord.query(on: db).filter(\.$unitCode == unit.code).filter(\.$year == year).first() ?? {
                let r = SafetyRecognitionRecord()
                (r.unitCode, r.unitPath, r.provinceCode, r.year) = (unit.code, unit.path, unit.provinceCode, year)
                return r
            }()
            (record.met, record.recognised, record.decidedBy) = (met.sorted().joined(separator: ","), recognised, username)
            try await record.save(on: db)
            try await req.audit("recognise", "safety-recognition", key: "\(unit.code)/\(year)", detail: "met=\(record.met) recognised=\(recognised)", on: db)
            return record
        }
    }
}

extension Request {
    /// Công nhận xã không ma túy: the decision is the level above the commune's (the committee's,
    /// recorded as its recognitions are: `AccessPolicy.Action.approveMovement`); a commune does not
    /// recognise itself.
    var decidesDrugFreeRecognition: Bool {
        get throws { AccessPolicy(directory: UnitDirectory([])).allows(try actor, .approveMovement) }
    }
}
