import Fluent
import SafeguardCore
import Vapor

extension TipDesk {
    /// The citizens' reports of `unit`'s view, the soonest due first; `open` leaves out finished
    /// ones. Read a page at a time, so a flood's backlog never makes the queue slower.
    func queue(in unit: OrgUnit, open: Bool) -> QueryBuilder<CitizenReport> {
        let query = CitizenReport.query(in: unit, on: db).sort(\.$dueAt).sort(\.$receivedAt)
        return open ? query.filter(\.$state !~ [.resolved, .closed]) : query
    }

    /// A report the user may read (`readUnitRecords` on its receiving unit): 404, else 403.
    func readable(_ publicID: String) async throws -> CitizenReport {
        guard let report = try await CitizenReport.query(on: db).filter(\.$publicID == publicID).with(\.$unit).first() else {
            throw Abort(.notFound, reason: req.t("error.record-not-found"))
        }
        try req.authorize(.readUnitRecords(unit: report.unit.code), on: report.unit)
        return report
    }

    /// Only the receiving unit's own officers see who a confidential reporter is — not the levels
    /// above, not leaders (the plan's protection of those who denounce crimes). The City Police's
    /// accounts are its officers when it is the receiving unit (online fraud, the fallback).
    func mayKnowReporter(_ report: CitizenReport) throws -> Bool {
        let user = try req.user
        return [.communeOfficer, .departmentOfficer, .standingOffice].contains(user.role) && user.$unit.id == report.$unit.id
    }

    func reporter(of report: CitizenReport) async throws -> CitizenReport.Reporter? {
        guard let sealed = report.reporter else { return nil }
        return try JSONDecoder().decode(CitizenReport.Reporter.self, from: Data(try await req.fieldCipher.open(sealed, for: .tipReporter, on: db).utf8))
    }

    func text(of report: CitizenReport) async throws -> (description: String, place: String?) {
        (try await req.fieldCipher.open(report.description, for: .tipDescription, on: db),
         try await req.fieldCipher.open(report.place, for: .tipPlace, on: db))
    }

    /// An officer's step (`CitizenReportAction`): refused when the workflow does not allow it;
    /// resolve and close need what the citizen is told, transfer a unit. Opening a crime report
    /// starts the legal clock; every step but `verify` finishes or changes who holds it. The first
    /// step is the citizen's first answer.
    func act(_ action: CitizenReportAction, on report: CitizenReport, note: String?, toUnit: String?) async throws {
        try req.authorize(.editUnitRecords(unit: report.unit.code), on: report.unit)
        guard let next = action.next(from: report.state) else { throw Failure.invalid([FieldError("action", .notAllowed)]) }
        var errors: [FieldError] = []
        let note = FieldParsing.text(note, field: "note", required: action == .resolve || action == .close, maxLength: 2000, errors: &errors)
        var target: OrgUnit?
        if action == .transfer {
            let code = FieldParsing.text(toUnit, field: "to_unit", required: true, maxLength: 40, errors: &errors)
            if let code {
                target = try await OrgUnit.find(code: code, on: db)
                if target == nil || !(target!.kind.isLocality || target!.kind == .department) { errors.append(FieldError("to_unit", .unknownUnit(code))) }
                if target?.code == report.unit.code { errors.append(FieldError("to_unit", .notAllowed)) }
            }
        }
        guard errors.isEmpty else { throw Failure.invalid(errors) }
        let now = req.now
        var crime: (ValidReport, CrimeRecordWriter.Placement)?
        var writer = CrimeRecordWriter(db: db, reference: req.application.referenceData, cipher: req.fieldCipher)
        if action == .openCrimeReport {
            let channel = channels.channel(report.category)
            let kind: CrimeReportKind = report.mode == .confidential ? .denunciation : .information
            // An identified report's clock runs from its receipt; an anonymous one's from its verification today.
            let received = report.mode == .confidential ? CalendarDate(report.receivedAt) : req.today
            let draft = crimeReportDraft(report, kind: kind, category: channel?.crimeCategory ?? "other", received: received,
                                         summary: try await text(of: report).description)
            guard try await CrimeReport.query(on: db).filter(\.$code == draft.code).count() == 0,
                  let place = try await writer.placement(of: report.unit.code) else { throw Failure.invalid([FieldError("action", .notAllowed)]) }
            crime = (draft, place)
        }
        let sealedNote = try await note.asyncMap { try await req.fieldCipher.seal($0, for: .tipOutcome, on: db) }
        let actor = try req.user.username
        let expected = (state: report.state, unit: report.$unit.id)
        try await db.writeTransaction { [crime, writer, target] db in
            // Judged again on the locked row: a colleague's step a moment ago wins, this one is refused.
            let fresh = try await db.locked(report)
            guard fresh.state == expected.state, fresh.$unit.id == expected.unit else { throw Abort(.conflict, reason: req.t("error.conflict")) }
            if let (draft, place) = crime {
                try await writer.insert(reports: [(draft, place)], on: db, now: now, actor: actor)
                report.crimeReportCode = draft.code
                if let due = try await Self.dueAt(ofCrimeReport: draft.code, on: db) { report.dueAt = due }
            }
            if let target {
                report.$unit.id = try target.requireID()
                report.$unit.value = target
                (report.unitPath, report.provinceCode, report.communeCode) = (target.path, target.provinceCode, target.code)
            }
            if let sealedNote { report.outcomeNote = sealedNote }
            report.state = next
            if report.firstAnswerAt == nil { report.firstAnswerAt = now }
            if next.isFinished { report.finishedAt = now }
            try await report.save(on: db)
            try await req.audit(action.rawValue, "citizen-report", key: report.publicID, detail: target.map { "to=\($0.code)" }, on: db)
        }
    }
}
