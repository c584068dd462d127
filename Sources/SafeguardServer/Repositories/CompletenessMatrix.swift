import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Who has reported on a form, unit by unit and period by period (`Completeness.status`), read
/// with two narrow SQL queries: the matrix page and the city report's rates both use it, and a
/// city's year is a thousand and more cells.
struct CompletenessMatrix {
    struct Unit: Decodable {
        var code: String
        var name: String
        var opened_on: String?
        var closed_on: String?

        var lifetime: Completeness.Lifetime {
            .init(opened: opened_on.flatMap(CalendarDate.init(iso:)), closed: closed_on.flatMap(CalendarDate.init(iso:)))
        }
    }

    private struct Report: Decodable {
        var unit_code: String
        var period: String
        var state: SubmissionState
        var first_submitted_on: String?
    }

    var units: [Unit]
    var periods: [ReportingPeriod]
    /// Per unit (in `units` order), per period.
    var statuses: [[Completeness.Status]]
    /// "unit|period" of the cells that have a report (to link to it).
    var reported: Set<String>

    /// The units of the form's kinds under `path` (a province: `/31/`), over `periods`.
    static func load(_ form: ReportForm, under path: String, periods: [ReportingPeriod], today: CalendarDate, on db: any Database) async throws -> CompletenessMatrix {
        let sql = db as! any SQLDatabase
        let units = try await sql.raw("""
            SELECT code, name, opened_on, closed_on FROM org_units
            WHERE path LIKE \(bind: path + "%") AND kind IN (\(binds: form.unitKinds.map(\.rawValue))) ORDER BY code
            """).all(decoding: Unit.self)
        let reports = periods.isEmpty ? [] : try await sql.raw("""
            SELECT unit_code, period, state, first_submitted_on FROM report_submissions
            WHERE form_code = \(bind: form.code) AND unit_path LIKE \(bind: path + "%") AND period IN (\(binds: periods.map(\.description)))
            """).all(decoding: Report.self)
        let byKey = Dictionary(reports.map { ("\($0.unit_code)|\($0.period)", $0) }, uniquingKeysWith: { a, _ in a })
        let statuses = units.map { unit in
            periods.map { period in
                let report = byKey["\(unit.code)|\(period)"]
                return Completeness.status(unit.lifetime, period: period, deadline: form.deadline(for: period),
                                           report: report.map { .init(firstSubmittedOn: $0.first_submitted_on.flatMap(CalendarDate.init(iso:)), state: $0.state) },
                                           today: today)
            }
        }
        return CompletenessMatrix(units: units, periods: periods, statuses: statuses, reported: Set(byKey.keys))
    }

    /// The rate of one period's column, or of every cell.
    func rate(period index: Int? = nil) -> Completeness.Rate {
        Completeness.rate(index.map { i in statuses.map { $0[i] } } ?? statuses.flatMap { $0 })
    }
}
