import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Builds the monthly series of every watched crime for the city and each commune from the case
/// records (one `GROUP BY` over the province), runs the detector on the last closed statistical
/// month, and stores an alert for each alarm. Safe to run again: an existing alert is kept with
/// its handling, and the unique key stops a concurrent run from storing it twice.
struct EarlyWarningService {
    let db: any Database
    let watches: [Watch]

    struct Series: Sendable {
        var unit: OrgUnit
        var watch: Watch
        /// Statistical months from the first month with records to the evaluated month.
        var months: [StatisticalMonth]
        var counts: [Int]
    }

    /// Every series of the province ending with `month`: the city and each commune-level unit, per
    /// watch; or only those of `unit` (the city or one commune). All start with the province's first
    /// month of records, so a unit's series is the same whether built alone or with the others.
    func series(province: OrgUnit, through month: StatisticalMonth, only unit: OrgUnit? = nil) async throws -> [Series] {
        let sql = db as! any SQLDatabase
        let firstRow = try await sql.raw("SELECT MIN(discovered_month) AS m FROM criminal_cases WHERE province_code = \(bind: province.provinceCode)").first()
        let first = try firstRow?.decode(column: "m", as: Int?.self).flatMap(StatisticalMonth.init(code:)) ?? month
        guard first <= month else { return [] }
        let commune: SQLQueryString = unit.map { $0.kind.isLocality ? "AND commune_code = \(bind: $0.code)" : "" } ?? ""
        let rows = try await sql.raw("""
            SELECT commune_code, discovered_month, category, article, COUNT(*) AS n FROM criminal_cases
            WHERE province_code = \(bind: province.provinceCode) AND discovered_month <= \(bind: month.code) \(commune)
            GROUP BY commune_code, discovered_month, category, article
            """).all()
        let months = Array(sequence(first: first) { $0 < month ? $0.advanced(by: 1) : nil })
        let position = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($0.element.code, $0.offset) })
        var cells: [(commune: String, position: Int, category: String, article: Int, n: Int)] = []
        for row in rows {
            guard let i = position[try row.decode(column: "discovered_month", as: Int.self)] else { continue }
            cells.append((try row.decode(column: "commune_code", as: String.self), i, try row.decode(column: "category", as: String.self),
                          try row.decode(column: "article", as: Int.self), try row.decode(column: "n", as: Int.self)))
        }
        let communes: [OrgUnit]
        if let unit {
            communes = unit.kind.isLocality ? [unit] : []
        } else {
            communes = try await OrgUnit.query(on: db).filter(\.$provinceCode == province.provinceCode)
                .filter(\.$kind ~~ [.ward, .commune, .specialZone]).sort(\.$code).all()
        }
        let withCity = unit == nil || unit?.kind == .province
        var result: [Series] = []
        for watch in watches {
            let empty = [Int](repeating: 0, count: months.count)
            var byCommune: [String: [Int]] = [:]
            var city = empty
            for cell in cells where watch.matches(category: cell.category, article: cell.article) {
                byCommune[cell.commune, default: empty][cell.position] += cell.n
                city[cell.position] += cell.n
            }
            if withCity { result.append(Series(unit: province, watch: watch, months: months, counts: city)) }
            for commune in communes {
                result.append(Series(unit: commune, watch: watch, months: months, counts: byCommune[commune.code] ?? empty))
            }
        }
        return result
    }

    /// Runs the detector on every series for `month` and stores the alarms; returns the alerts of the month.
    @discardableResult
    func run(province: OrgUnit, month: StatisticalMonth) async throws -> [Alert] {
        var alerts: [Alert] = []
        for series in try await series(province: province, through: month) {
            guard let detection = MonthlyDetector.detect(series.counts), detection.alarm else { continue }
            if let existing = try await Alert.query(on: db).filter(\.$unitCode == series.unit.code).filter(\.$watchID == series.watch.id)
                .filter(\.$frequency == "month").filter(\.$period == month.code).filter(\.$method == detection.method).first() {
                alerts.append(existing)
                continue
            }
            let alert = Alert()
            alert.unitCode = series.unit.code
            alert.unitPath = series.unit.path
            alert.provinceCode = series.unit.provinceCode
            alert.watchID = series.watch.id
            alert.frequency = "month"
            alert.period = month.code
            alert.method = detection.method
            alert.parameters = detection.parameters
            alert.baseline = detection.baseline
            alert.observed = detection.observed
            alert.expected = detection.expected
            alert.upperbound = detection.upperbound
            alert.score = detection.score
            alert.pValue = detection.pValue
            alert.state = .new
            do {
                try await alert.create(on: db)
                alerts.append(alert)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another instance stored it a moment ago.
                continue
            }
        }
        return alerts
    }

    /// Runs the detector for the month unless another run (this instance or another) has claimed it;
    /// a claim left unfinished for `staleAfter` seconds (a crashed instance) is taken over.
    /// Returns whether this call ran it.
    func runIfDue(province: OrgUnit, month: StatisticalMonth, staleAfter: TimeInterval = 3600) async throws -> Bool {
        try await DetectorRun.query(on: db).filter(\.$provinceCode == province.provinceCode).filter(\.$frequency == "month")
            .filter(\.$period == month.code).filter(\.$finishedAt == nil).filter(\.$startedAt < Date().addingTimeInterval(-staleAfter)).delete()
        let claim = DetectorRun()
        claim.provinceCode = province.provinceCode
        claim.frequency = "month"
        claim.period = month.code
        claim.startedAt = Date()
        do {
            try await claim.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false
        }
        do {
            let alerts = try await run(province: province, month: month)
            claim.finishedAt = Date()
            claim.alerts = alerts.count
            try await claim.update(on: db)
        } catch {
            // Leave the month to a later attempt.
            try? await claim.delete(on: db)
            throw error
        }
        return true
    }

    /// The last complete statistical month.
    static func lastClosedMonth(now: Date = Date()) -> StatisticalMonth {
        KPIService.currentMonth(now: now).advanced(by: -1)
    }
}
