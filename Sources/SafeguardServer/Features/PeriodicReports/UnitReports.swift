import Fluent
import SafeguardCore
import SQLKit
import Vapor

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
