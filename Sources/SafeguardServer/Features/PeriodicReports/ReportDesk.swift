import Fluent
import SafeguardCore
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
        guard let action, action != .submit, let report = try await submission() else { throw Abort(.badRequest, reason: request.t("error.bad-request")) }
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
