import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// One unit's periodic report at its address (form, period, unit): entering it and reviewing it —
/// the one code path of the page and the API, with the same rights, checks, transactions,
/// audit entries and notices.
struct ReportDesk {
    let request: Request
    let form: ReportForm
    let period: ReportingPeriod
    let unit: OrgUnit

    /// Why an entry or a review is refused: by cell (the cell's key → message) and as messages.
    struct Refusal: Error {
        var cells: [String: String] = [:]
        var messages: [String]
        /// The report as it stands, for the page that shows the refusal.
        var report: ReportSubmission?
    }

    /// The desk of the address: the form and period (404 for an unknown form or a period of another
    /// type); the unit from `?unit=` for those who read across units, else the user's own (403 unless
    /// the user may read its records, 404 when the form is not one its kind reports on).
    static func at(_ req: Request) async throws -> ReportDesk {
        guard let code = req.parameters.get("form"), let form = try await ReportFormCatalog(db: req.db).form(code),
              let text = req.parameters.get("period"), let period = ReportingPeriod(text), form.periodType.matches(period)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let own = try req.user.unit?.code
        guard let unitCode = (try req.queryText("unit")) ?? own, let unit = try await OrgUnit.find(code: unitCode, on: req.db) else {
            throw Abort(.notFound, reason: req.t("error.unit-not-found"))
        }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        guard form.unitKinds.contains(unit.kind) else { throw Abort(.notFound, reason: req.t("report_error_not_for_unit")) }
        return ReportDesk(request: req, form: form, period: period, unit: unit)
    }

    var reports: UnitReports { UnitReports(db: request.db) }
    var key: String { "\(form.code)/\(unit.code)/\(period)" }

    func submission() async throws -> ReportSubmission? { try await reports.submission(form, unit: unit.code, period: period) }

    /// The unit's own officer enters its report (an office above reads and reviews it).
    var isReporter: Bool {
        get throws { try request.user.unit?.code == unit.code && request.allows(.editUnitRecords(unit: unit.code), on: unit) }
    }

    /// Entry is the reporter's, once the period is over.
    func requireReporter() throws {
        guard try isReporter, period.end < request.today else { throw Abort(.forbidden, reason: request.t("error.forbidden")) }
    }

    /// "«Số buổi tuyên truyền»: Bắt buộc nhập." — the cell named by its label, not its code.
    func message(_ error: FieldError) -> String {
        let label = form.cells.first { $0.key == error.field }.map { $0.element.name + ($0.option.map { " — \($0.name)" } ?? "") } ?? error.field
        return "«\(label)»: \(request.t(error.reason.localizationKey))" + (error.reason.detail.map { " (\($0))" } ?? "")
    }

    /// Saves the typed values and, with `submit`, sends the report up after its blocking rules.
    func enter(_ typed: [String: String], submit: Bool) async throws -> ReportSubmission {
        try requireReporter()
        let values: ReportValues
        switch ReportValues.read(typed, form: form, complete: submit) {
        case .success(let v): values = v
        case .failure(let errors):
            let cells = Dictionary(errors.errors.map { ($0.field, message($0)) }, uniquingKeysWith: { a, _ in a })
            throw Refusal(cells: cells, messages: Array(cells.values).sorted(), report: try await submission())
        }
        let actor = try request.user.username
        let report: ReportSubmission
        do {
            report = try await reports.save(values, form: form, unit: unit, period: period, actor: actor)
        } catch UnitReports.Refusal.locked {
            throw Refusal(messages: [request.t("report_error_locked")], report: try await submission())
        }
        try await request.audit("save", "report", key: key, detail: nil, on: request.db)
        guard submit else { return report }
        let blocking = try ValidationRule.check(form, values, records: try await reports.recordValues(unit: unit)).filter { $0.importance == .blocking }
        guard blocking.isEmpty else { throw Refusal(messages: blocking.map(\.message), report: try await submission()) }
        guard case .success = try await reports.apply(.submit, to: report, by: .reporter, username: actor, reason: nil, clock: request.application.clock) else {
            throw Refusal(messages: [request.t("report_error_locked")], report: report)
        }
        try await request.audit("submit", "report", key: key, detail: nil, on: request.db)
        return report
    }

    /// The standing office approves, returns (with a reason) or reopens (with a reason) the report;
    /// a returned report notifies the unit.
    func review(_ action: SubmissionState.Action?, reason: String?) async throws -> ReportSubmission {
        guard try request.allows(.reviewReports, on: unit), try !isReporter else { throw Abort(.forbidden, reason: request.t("error.forbidden")) }
        guard let action, action != .submit else { throw Abort(.badRequest, reason: request.t("error.bad-request")) }
        // Nothing sent for the period yet: there is no report to review.
        guard let report = try await submission() else { throw Abort(.notFound, reason: request.t("error.record-not-found")) }
        switch try await reports.apply(action, to: report, by: .reviewer, username: try request.user.username, reason: reason, clock: request.application.clock) {
        case .success:
            try await request.audit(action.rawValue, "report", key: key, detail: reason, on: request.db)
            if action == .giveBack {
                // The unit hears of it: a fresh, unread notice each time the report comes back.
                try await Notification.query(on: request.db).filter(\.$formCode == form.code).filter(\.$period == period.description)
                    .filter(\.$unitCode == unit.code).filter(\.$kind == Notification.reportReturned).delete()
                let notice = Notification.about(report: form, period: period, unit: unit, kind: Notification.reportReturned)
                notice.title = (notice.title ?? "") + ": " + (reason?.trimmed ?? "")
                try await notice.create(on: request.db)
                request.application.deliverNoticesSoon()
            }
            return report
        case .failure(let refusal):
            throw Refusal(messages: [refusal == .reasonRequired ? request.t("report_error_reason") : request.t("report_error_state")], report: report)
        }
    }
}

// MARK: - The stored reports the desk works on

/// Units' reports: read, save a draft's values, move through the workflow, and the history and
/// record-computed values the checks compare against.
struct UnitReports {
    let db: any Database

    func submission(_ form: ReportForm, unit: String, period: ReportingPeriod) async throws -> ReportSubmission? {
        try await ReportSubmission.query(on: db).filter(\.$formCode == form.code).filter(\.$unitCode == unit)
            .filter(\.$period == period.description).with(\.$values).first()
    }

    enum Refusal: Error, Equatable {
        /// Submitted or approved values are locked.
        case locked(SubmissionState)
    }

    /// Replaces a report's values (creating the report as a draft), in one transaction; refused
    /// unless the report is a draft or returned.
    @discardableResult
    func save(_ values: ReportValues, form: ReportForm, unit: OrgUnit, period: ReportingPeriod, actor: String) async throws -> ReportSubmission {
        try await db.writeTransaction { db in
            let existing = try await ReportSubmission.query(on: db).filter(\.$formCode == form.code).filter(\.$unitCode == unit.code)
                .filter(\.$period == period.description).first()
            if let existing, !existing.state.isEditable { throw Refusal.locked(existing.state) }
            let report = existing ?? ReportSubmission()
            if existing == nil {
                (report.formCode, report.formVersion, report.period, report.state) = (form.code, form.version, period.description, .draft)
                (report.unitCode, report.unitPath, report.provinceCode) = (unit.code, unit.path, unit.provinceCode)
            }
            try await report.save(on: db)
            let id = try report.requireID()
            try await ReportValueRecord.query(on: db).filter(\.$submission.$id == id).delete()
            for (key, value) in values.values.sorted(by: { $0.key < $1.key }) {
                try await ReportValueRecord(submission: id, key: key, value: value).create(on: db)
            }
            return report
        }
    }

    /// Applies a workflow step (the caller has checked the actor's right to it), with its event.
    func apply(_ action: SubmissionState.Action, to report: ReportSubmission, by actor: SubmissionState.Actor, username: String,
               reason: String?, clock: WallClock) async throws -> Result<SubmissionState, SubmissionState.Refusal> {
        let today = clock.today
        let next = report.state.applying(action, by: actor, reason: reason)
        guard case .success(let state) = next else { return next }
        // The state is judged again on the locked row, so two reviewers cannot both act on it.
        try await db.withLocked(report) { fresh, db in
            guard fresh.state == report.state else { throw Abort(.conflict) }
            fresh.state = state
            if action == .submit, fresh.firstSubmittedOn == nil { fresh.firstSubmittedOn = today.description }
            if action == .giveBack { fresh.returnReason = reason?.trimmed }
            if action == .approve || action == .giveBack || action == .reopen { fresh.decidedBy = username }
            try await fresh.update(on: db)
            try await ReportEvent(submission: try fresh.requireID(), at: clock.now(), actor: username, action: action.rawValue, reason: reason?.trimmed).create(on: db)
        }
        report.state = state
        return next
    }

    /// The unit's earlier values of each cell (reports sent or approved), oldest first, at most 24.
    func history(form: String, unit: String, before period: ReportingPeriod) async throws -> [String: [Double]] {
        struct Row: Decodable { var key: String; var value: String; var period: String }
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT v.key, v.value, s.period FROM report_values v JOIN report_submissions s ON s.id = v.submission_id
            WHERE s.form_code = \(bind: form) AND s.unit_code = \(bind: unit) AND s.period < \(bind: period.description)
              AND s.state IN ('submitted', 'approved')
            ORDER BY s.period
            """).all(decoding: Row.self)
        var history: [String: [Double]] = [:]
        for row in rows { if let n = Double(row.value) { history[row.key, default: []].append(n) } }
        return history.mapValues { Array($0.suffix(24)) }
    }

    /// Values computed from records that rules may name (`records.villages`: the unit's villages and
    /// residential groups in the unit directory).
    func recordValues(unit: OrgUnit) async throws -> [String: Double] {
        let villages = try await OrgUnit.query(in: unit, on: db).filter(\.$kind ~~ [.village, .residentialGroup]).count()
        return ["villages": Double(villages)]
    }

    /// Outlier flags for a report's numeric cells against the unit's history.
    func outliers(_ values: ReportValues, form: ReportForm, unit: String, period: ReportingPeriod) async throws -> [String: OutlierCheck] {
        let history = try await history(form: form.code, unit: unit, before: period)
        var flags: [String: OutlierCheck] = [:]
        for cell in form.cells where [.count, .number, .percentage].contains(cell.element.type) {
            guard let value = values.number(cell.key) else { continue }
            let check = OutlierCheck.judge(value, history: history[cell.key] ?? [])
            if check.isOutlier { flags[cell.key] = check }
        }
        return flags
    }
}
