import Fluent
import SafeguardCore
import Vapor

/// The problems that stop a record form from being saved, by field, shown beside the form.
struct RecordFormError: Error {
    var errors: [FieldError]
}

/// Single-record changes from the web forms and the API: authorisation on the record's unit,
/// the same validation as the file imports, one transaction with its audit entry.
struct RecordEditing {
    let request: Request
    var reference: ReferenceData { request.application.referenceData }
    var today: CalendarDate { request.today }

    private func place(_ unitCode: String, forCase: Bool) async throws -> CrimeRecordWriter.Placement {
        var writer = CrimeRecordWriter(db: request.db, reference: reference, cipher: request.fieldCipher)
        guard let unit = try await OrgUnit.find(code: unitCode, on: request.db),
              let place = try await writer.placement(of: unitCode) else {
            throw RecordFormError(errors: [FieldError("unit", .unknownUnit(unitCode))])
        }
        try request.authorize(.editUnitRecords(unit: unit.code), on: unit)
        if forCase && !place.isInCommuneTree { throw RecordFormError(errors: [FieldError("unit", .notAllowed)]) }
        return place
    }

    private func ensureUnique<M: Model>(_ code: String, _ model: M.Type, field: KeyPath<M, FieldProperty<M, String>>) async throws {
        if try await M.query(on: request.db).filter(field == code).first() != nil {
            throw RecordFormError(errors: [FieldError("code", .duplicateCode(code))])
        }
    }

    func createCase(_ draft: CaseDraft) async throws -> CriminalCase {
        let valid: ValidCase
        switch draft.validate(penalCode: reference.penalCode, today: today) {
        case .failure(let failure): throw RecordFormError(errors: failure.errors)
        case .success(let v): valid = v
        }
        let place = try await place(valid.unit, forCase: true)
        try await ensureUnique(valid.code, CriminalCase.self, field: \.$code)
        let writer = CrimeRecordWriter(db: request.db, reference: reference, cipher: request.fieldCipher)
        return try await request.db.writeTransaction { db in
            try await writer.insert(cases: [(valid, place)], on: db, now: request.now)
            try await request.audit("create", "criminal-case", key: valid.code, detail: "\(valid.article).\(valid.clause) \(valid.severity.rawValue)", on: db)
            return try await CriminalCase.query(on: db).filter(\.$code == valid.code).first()!
        }
    }

    /// Changes a case's article and clause; severity and category follow. A reason is required,
    /// and the change is kept with before/after values (and flagged when it is a downgrade).
    func reclassify(_ row: CriminalCase, article: String?, clause: String?, reason: String?) async throws {
        let unit = try await row.$unit.get(on: request.db)
        try request.authorize(.editUnitRecords(unit: unit.code), on: unit)
        var errors: [FieldError] = []
        guard let reason = reason?.trimmed, !reason.isEmpty else { throw RecordFormError(errors: [FieldError("reason", .required)]) }
        guard let a = Int(article?.trimmed ?? "") else { throw RecordFormError(errors: [FieldError("article", .malformedNumber(article ?? ""))]) }
        guard let c = Int(clause?.trimmed ?? "") else { throw RecordFormError(errors: [FieldError("clause", .malformedNumber(clause ?? ""))]) }
        let severity: CrimeSeverity
        do throws(PenalCode.LookupError) {
            severity = try reference.penalCode.severity(article: a, clause: c)
        } catch {
            switch error {
            case .unknownArticle(let n): errors.append(FieldError("article", .unknownArticle(n)))
            case .unknownClause(let n, let k): errors.append(FieldError("clause", .unknownClause(article: n, clause: k)))
            }
            throw RecordFormError(errors: errors)
        }
        let category = reference.penalCode.articles[a]?.category ?? "other"
        let actor = try request.user.username
        let month = StatisticalMonth(containing: today).code
        let cipher = request.fieldCipher
        try await request.db.withLocked(row) { row, db in
            guard a != row.article || c != row.clause else { return }
            let change = CaseReclassification()
            change.$criminalCase.id = try row.requireID()
            change.at = request.now
            change.month = month
            change.actor = actor
            change.reason = try await cipher.seal(String(reason.prefix(1000)), for: .reclassificationReason, on: db)
            change.unitPath = row.unitPath
            change.communeCode = row.communeCode
            change.beforeArticle = row.article; change.beforeClause = row.clause
            change.beforeSeverity = row.severity; change.beforeCategory = row.category
            change.afterArticle = a; change.afterClause = c; change.afterSeverity = severity; change.afterCategory = category
            change.isDowngrade = severity.rank < row.severity.rank
                || (row.category == KPIDefinition.socialOrderCategory && category != KPIDefinition.socialOrderCategory)
            row.article = a
            row.clause = c
            row.severity = severity
            row.category = category
            try await row.update(on: db)
            try await change.create(on: db)
            // The reason is free text about the case: it stays sealed in case_reclassifications,
            // out of the audit log, which can never be changed or erased.
            try await request.audit("reclassify", "criminal-case", key: row.code,
                                    detail: "\(change.beforeArticle).\(change.beforeClause) → \(a).\(c)", on: db)
        }
    }

    /// Ghi nhận điều tra, khám phá: the day a case was solved, which T4/T5 count.
    func solve(_ row: CriminalCase, date: String?) async throws {
        let unit = try await row.$unit.get(on: request.db)
        try request.authorize(.editUnitRecords(unit: unit.code), on: unit)
        var errors: [FieldError] = []
        guard let day = FieldParsing.date(date, field: "solved_on", required: true, errors: &errors) else { throw RecordFormError(errors: errors) }
        if day > today { throw RecordFormError(errors: [FieldError("solved_on", .dateInFuture(day.description))]) }
        if let discovered = CalendarDate(iso: row.discoveredOn), day < discovered {
            throw RecordFormError(errors: [FieldError("solved_on", .dateOrder(earlier: "discovered_on", later: "solved_on"))])
        }
        try await request.db.withLocked(row) { row, db in
            let before = row.solvedOn
            row.solvedOn = day.description
            row.solvedMonth = StatisticalMonth(containing: day).code
            try await row.update(on: db)
            try await request.audit("solve", "criminal-case", key: row.code, detail: "\(before ?? "—") → \(day)", on: db)
        }
    }

    func createReport(_ draft: ReportDraft) async throws -> CrimeReport {
        let valid: ValidReport
        switch draft.validate(categories: reference.categoryIDs, today: today) {
        case .failure(let failure): throw RecordFormError(errors: failure.errors)
        case .success(let v): valid = v
        }
        let place = try await place(valid.unit, forCase: false)
        try await ensureUnique(valid.code, CrimeReport.self, field: \.$code)
        let writer = CrimeRecordWriter(db: request.db, reference: reference, cipher: request.fieldCipher)
        return try await request.db.writeTransaction { db in
            try await writer.insert(reports: [(valid, place)], on: db, now: request.now)
            try await request.audit("create", "crime-report", key: valid.code, on: db)
            return try await CrimeReport.query(on: db).filter(\.$code == valid.code).first()!
        }
    }

    /// One handling step (register, extend, suspend, resume, transfer, decide), refused when the law
    /// does not allow it. The step is appended to the report's steps and the row's state re-derived,
    /// in one transaction with its audit entry.
    func apply(_ action: String, date: String?, outcome: String?, to row: CrimeReport) async throws {
        let unit = try await row.$unit.get(on: request.db)
        try request.authorize(.editUnitRecords(unit: unit.code), on: unit)
        var errors: [FieldError] = []
        guard let day = FieldParsing.date(date, field: "date", required: true, errors: &errors) else { throw RecordFormError(errors: errors) }
        if day > today { throw RecordFormError(errors: [FieldError("date", .dateInFuture(day.description))]) }
        let event: CrimeReportLifecycle.Event
        switch action {
        case "register": event = .register(on: day)
        case "extend": event = .extend(on: day)
        case "suspend": event = .suspend(on: day)
        case "resume": event = .resume(on: day)
        case "transfer": event = .transfer(on: day)
        case "decide":
            guard let result = outcome.flatMap(CrimeReportOutcome.init(rawValue:)), result != .suspend else {
                throw RecordFormError(errors: [FieldError("outcome", .unknownValue(outcome ?? ""))])
            }
            event = .decide(result, on: day)
        default: throw RecordFormError(errors: [FieldError("action", .unknownValue(action))])
        }
        let writer = CrimeRecordWriter(db: request.db, reference: reference, cipher: request.fieldCipher)
        let actor = try request.user.username
        try await request.db.withLocked(row) { row, db in
            // The step is checked against the report's steps as stored now, not as the form showed them.
            let store = HandlingStepStore(db: db)
            var life = try await lifecycle(of: row, on: db)
            let stored = life.steps.count
            do throws(CrimeReportLifecycle.TransitionError) {
                try life.apply(event)
            } catch {
                throw RecordFormError(errors: [FieldError("date", .transition(error))])
            }
            try await store.append(life, after: stored, to: row, actor: actor, at: request.now)
            writer.fillHandling(of: row, from: life)
            try await row.update(on: db)
            try await request.audit(action, "crime-report", key: row.code, detail: day.description, on: db)
        }
    }

    /// Rebuilds a stored report's lifecycle by replaying its recorded steps.
    func lifecycle(of row: CrimeReport, on db: any Database) async throws -> CrimeReportLifecycle {
        let steps = try await HandlingStepStore(db: db).steps(of: try row.requireID())
        do throws(CrimeReportLifecycle.TransitionError) {
            return try CrimeReportLifecycle.replaying(steps)
        } catch {
            throw RecordFormError(errors: [FieldError("date", .transition(error))])
        }
    }
}
