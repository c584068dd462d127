import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Bình xét thi đua: the communes of a province ranked for a year (`EmulationRanking`) on four
/// parts measured here — the approved classification, the share of the plan's record-based
/// targets met, the share of tasks due that were finished on time, and the share of reports
/// expected that came on time — each kept so the score can be traced.
struct EmulationStanding {
    let db: any Database

    struct Entry {
        var unit: OrgUnit
        var row: EmulationRanking.Row
    }

    func rank(province: OrgUnit, year: Int, weights: EmulationRanking.Weights, today: CalendarDate) async throws -> [Entry] {
        let communes = try await OrgUnit.query(in: province, on: db).filter(\.$kind ~~ MovementQueries.communeKinds).sort(\.$code).all()
            .filter { $0.lifetime.isExpected(through: CalendarDate(year: year, month: 1, day: 1)!) }
        let levels = try await MovementQueries(db).assessments(in: province, year: year).compactMapValues { $0.state == .approved ? $0.level : nil }
        let targets = try await targetsMet(province: province, year: year, today: today)
        let tasks = try await tasksOnTime(province: province, year: year, today: today)
        let reports = try await reportsOnTime(province: province, year: year, today: today)
        let byCode = Dictionary(communes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = EmulationRanking.rank(communes.map { unit in
            .init(unit: unit.code, classification: levels[unit.code], targetsMet: targets[unit.code], tasksOnTime: tasks[unit.code],
                  reportsOnTime: reports[unit.code])
        }, weights: weights)
        return rows.compactMap { row in byCode[row.unit].map { Entry(unit: $0, row: row) } }
    }

    /// Met ÷ judged (met, not met, at risk) over the plan's record-based targets for the year.
    private func targetsMet(province: OrgUnit, year: Int, today: CalendarDate) async throws -> [String: Double] {
        guard let current = try await PlanRepository(db: db).currentTargets() else { return [:] }
        let byTarget = try await KPIService(db: db).byCommune(province: province, period: ReportingPeriod(year: year, kind: .year), targets: current.targets, today: today)
        var judged: [String: (met: Int, all: Int)] = [:]
        for (unit, evaluation) in byTarget.values.joined() where [.met, .notMet, .atRisk].contains(evaluation.status) {
            judged[unit.code, default: (0, 0)].all += 1
            if evaluation.status == .met { judged[unit.code, default: (0, 0)].met += 1 }
        }
        return judged.mapValues { Double($0.met) / Double($0.all) }
    }

    /// Finished by their due day ÷ due in the year up to today, per unit.
    private func tasksOnTime(province: OrgUnit, year: Int, today: CalendarDate) async throws -> [String: Double] {
        struct Row: Decodable { var unit_code: String; var due: Int; var on_time: Int }
        let last = min(today, CalendarDate(year: year, month: 12, day: 31)!)
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT unit_code, COUNT(*) AS due, SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= due_on THEN 1 ELSE 0 END) AS on_time
            FROM assignments WHERE \(Scope(province).condition()) AND due_on >= \(bind: "\(year)-01-01") AND due_on <= \(bind: last.description)
            GROUP BY unit_code
            """).all(decoding: Row.self)
        return Dictionary(rows.filter { $0.due > 0 }.map { ($0.unit_code, Double($0.on_time) / Double($0.due)) }, uniquingKeysWith: { a, _ in a })
    }

    /// On time ÷ expected over the year's closed periods of every form communes report on.
    private func reportsOnTime(province: OrgUnit, year: Int, today: CalendarDate) async throws -> [String: Double] {
        var sums: [String: (onTime: Int, expected: Int)] = [:]
        for form in try await ReportFormCatalog(db: db).current() where form.unitKinds.contains(where: MovementQueries.communeKinds.contains) {
            let periods = form.periodType.closed(by: today, since: year).filter { $0.year == year }
            guard !periods.isEmpty else { continue }
            let matrix = try await CompletenessMatrix.load(form, in: Scope(province), periods: periods, today: today, on: db)
            for (i, unit) in matrix.units.enumerated() {
                let rate = matrix.rate(unit: i)
                sums[unit.code, default: (0, 0)].onTime += rate.onTime
                sums[unit.code, default: (0, 0)].expected += rate.expected
            }
        }
        return sums.filter { $0.value.expected > 0 }.mapValues { Double($0.onTime) / Double($0.expected) }
    }
}
