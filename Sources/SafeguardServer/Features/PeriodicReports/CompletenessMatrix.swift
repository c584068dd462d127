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
        /// The unit's reports in the periods, "period|state|first submitted;…" (one text per unit:
        /// decoding a row per report cost more than everything else on the page).
        var reports: String?

        var lifetime: Completeness.Lifetime {
            .init(opened: opened_on.flatMap(CalendarDate.init(iso:)), closed: closed_on.flatMap(CalendarDate.init(iso:)))
        }
    }

    var units: [Unit]
    var periods: [ReportingPeriod]
    /// Per unit (in `units` order), per period.
    var statuses: [[Completeness.Status]]
    /// Per unit and period, whether a report exists (to link to it).
    var reported: [[Bool]]

    /// The units of the form's kinds in `scope`, over `periods`: one query,
    /// a row per unit with its reports folded into one text by the database.
    static func load(_ form: ReportForm, in scope: Scope, periods: [ReportingPeriod], today: CalendarDate, on db: any Database) async throws -> CompletenessMatrix {
        let sql = db as! any SQLDatabase
        let fold: SQLQueryString = sql.dialect.name == "postgresql"
            ? "string_agg(period || '|' || state || '|' || COALESCE(first_submitted_on, ''), ';')"
            : "group_concat(period || '|' || state || '|' || IFNULL(first_submitted_on, ''), ';')"
        let keys = periods.isEmpty ? [""] : periods.map(\.description)
        let units = try await sql.raw("""
            SELECT u.code, u.name, u.opened_on, u.closed_on, r.reports FROM org_units u
            LEFT JOIN (SELECT unit_code, \(fold) AS reports FROM report_submissions
                       WHERE form_code = \(bind: form.code) AND \(scope.condition()) AND period IN (\(binds: keys))
                       GROUP BY unit_code) r ON r.unit_code = u.code
            WHERE \(scope.condition(path: "path", table: "u")) AND u.kind IN (\(binds: form.unitKinds.map(\.rawValue))) ORDER BY u.code
            """).all(decoding: Unit.self)
        // Each column's dates once, not once per cell; the few distinct submission days parsed once.
        let columns = periods.map { (key: $0.description, end: $0.end, deadline: form.deadline(for: $0)) }
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.key, $0) })
        var days: [Substring: CalendarDate?] = [:]
        var reported: [[Bool]] = []
        reported.reserveCapacity(units.count)
        let statuses = units.map { unit in
            var reports = [Completeness.Report?](repeating: nil, count: columns.count)
            for folded in (unit.reports ?? "").split(separator: ";") {
                let parts = folded.split(separator: "|", omittingEmptySubsequences: false)
                guard parts.count == 3, let column = index[String(parts[0])], let state = SubmissionState(rawValue: String(parts[1])) else { continue }
                let day: CalendarDate?
                if let known = days[parts[2]] { day = known } else { day = CalendarDate(iso: String(parts[2])); days[parts[2]] = day }
                reports[column] = .init(firstSubmittedOn: day, state: state)
            }
            reported.append(reports.map { $0 != nil })
            let life = unit.lifetime
            return columns.indices.map { i in
                Completeness.status(life, end: columns[i].end, deadline: columns[i].deadline, report: reports[i], today: today)
            }
        }
        return CompletenessMatrix(units: units, periods: periods, statuses: statuses, reported: reported)
    }

    /// The rate of one period's column, or of every cell.
    func rate(period index: Int? = nil) -> Completeness.Rate {
        Completeness.rate(index.map { i in statuses.map { $0[i] } } ?? statuses.flatMap { $0 })
    }

    /// One unit's rate over the periods (its row).
    func rate(unit index: Int) -> Completeness.Rate { Completeness.rate(statuses[index]) }
}
