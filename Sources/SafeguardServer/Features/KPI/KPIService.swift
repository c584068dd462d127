import Fluent
import SafeguardCore
import Vapor

/// The plan's targets evaluated for a unit and period, with sparkline series, and the same
/// for every commune-level unit (the drill-down table).
struct KPIService {
    struct Row: Sendable {
        var evaluation: TargetEvaluation
        /// The last 12 statistical months up to the month the value covers.
        var series: [Double?]
    }

    let db: any Database

    /// Today's statistical month in Việt Nam time.
    static func currentMonth(today: CalendarDate) -> StatisticalMonth {
        StatisticalMonth(containing: today)
    }

    func months(for period: ReportingPeriod, targets: [Target]) -> ClosedRange<StatisticalMonth> {
        let needed = KPIEngine.monthsNeeded(for: period, baselineYears: Set(targets.compactMap(\.baselineYear)))
        // The sparkline reaches back 12 months from the period's end.
        return min(needed.lowerBound, period.months.upperBound.advanced(by: -11))...needed.upperBound
    }

    func evaluate(unit: OrgUnit, period: ReportingPeriod, targets: [Target], today: CalendarDate) async throws -> [Row] {
        let months = months(for: period, targets: targets)
        let queries = RecordQueries(db)
        let scope = Scope(unit)
        // The two aggregates run side by side, on two connections.
        async let cases = queries.cases(scope, months: months)
        async let reports = queries.reports(scope, months: months)
        let needsMovement = targets.contains { !KPIDefinition.hasRecords($0.metric) }
        let movement = needsMovement ? try await MovementQueries(db).figures(scope: unit, year: period.year) : nil
        let current = Self.currentMonth(today: today)
        let sameDays = try await sameDays(scope, period: period, targets: targets, today: today)
        let engine = KPIEngine(cases: try await cases, reports: try await reports, movement: movement, sameDays: sameDays)
        return targets.map { target in
            let evaluation = engine.evaluate(target, period: period, currentMonth: current)
            return Row(evaluation: evaluation, series: engine.monthlyValues(target, endingWith: evaluation.through ?? period.months.upperBound))
        }
    }

    /// For a period that is the unfinished current month: each compared year's same month through the
    /// same day as today (`KPIEngine.SameDays`), by commune when `split`.
    private func sameDayBaselines(_ scope: Scope, period: ReportingPeriod, targets: [Target], today: CalendarDate, split: Bool) async throws -> [String: CaseHistogram]? {
        let current = Self.currentMonth(today: today)
        guard period.months == current...current else { return nil }
        var cells: [String: [CaseHistogram.Cell]] = [:]
        for year in KPIEngine.comparedYears(for: period, targets: targets) {
            let month = StatisticalMonth(year: year, month: current.month)
            let day = KPIEngine.SameDays.day(today, yearsBack: current.year - year)
            for (commune, histogram) in try await RecordQueries(db).casesByCommune(scope, months: month...month, split: split, discoveredThrough: day) {
                cells[commune, default: []] += histogram.cells
            }
        }
        return cells.mapValues(CaseHistogram.init)
    }

    private func sameDays(_ scope: Scope, period: ReportingPeriod, targets: [Target], today: CalendarDate) async throws -> KPIEngine.SameDays? {
        try await sameDayBaselines(scope, period: period, targets: targets, today: today, split: false).map {
            KPIEngine.SameDays(month: Self.currentMonth(today: today), today: today, baseline: $0[""] ?? CaseHistogram([]))
        }
    }

    /// Every target for every commune-level unit of a province, worst first per target: the
    /// drill-down tables. The database rolls the counts up per commune over exactly the months the
    /// values are measured on (no projection or sparkline in these tables), so the rows returned do
    /// not grow with the period's length; the queries run side by side.
    func byCommune(province: OrgUnit, period: ReportingPeriod, targets: [Target], today: CalendarDate) async throws -> [String: [(OrgUnit, TargetEvaluation)]] {
        let current = Self.currentMonth(today: today)
        let ranges = KPIEngine.valueMonths(for: period, targets: targets, currentMonth: current)
        let queries = RecordQueries(db)
        let scope = Scope.province(province.provinceCode)
        async let reports = queries.reportTotalsByCommune(scope, months: ranges[0])
        let cases = try await withThrowingTaskGroup(of: [String: CaseHistogram].self) { group in
            for range in ranges { group.addTask { try await queries.caseTotalsByCommune(scope, months: range) } }
            var cells: [String: [CaseHistogram.Cell]] = [:]
            for try await part in group { for (code, histogram) in part { cells[code, default: []] += histogram.cells } }
            return cells
        }
        let communes = try await OrgUnit.query(in: province, on: db)
            .filter(\.$kind ~~ [.ward, .commune, .specialZone]).all()
        let reportTables = try await reports
        let sameDays = try await sameDayBaselines(scope, period: period, targets: targets, today: today, split: true)
        var result: [String: [(OrgUnit, TargetEvaluation)]] = [:]
        for target in targets where KPIDefinition.hasRecords(target.metric) {
            result[target.id] = communes.map { unit in
                let engine = KPIEngine(cases: CaseHistogram(cases[unit.code] ?? []), reports: reportTables[unit.code] ?? ReportHistogram([]),
                                       sameDays: sameDays.map { KPIEngine.SameDays(month: current, today: today, baseline: $0[unit.code] ?? CaseHistogram([])) })
                return (unit, engine.evaluate(target, period: period, currentMonth: current, projecting: false))
            }.sorted { a, b in Self.worse(a.1, b.1, target: target) }
        }
        return result
    }

    /// Orders evaluations worst first: missed, then at risk, then met; within each, the largest
    /// shortfall in records first, so a commune missing by many cases outranks one with a single unlucky case.
    static func worse(_ a: TargetEvaluation, _ b: TargetEvaluation, target: Target) -> Bool {
        func rank(_ e: TargetEvaluation) -> Int {
            switch e.status {
            case .notMet: 0
            case .atRisk: 1
            case .met: 2
            case .empty: 3
            case .noData: 4
            }
        }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
        guard let x = a.value, let y = b.value else { return a.value != nil }
        return [.atMost, .lessThan].contains(target.comparison) ? x > y : x < y
    }
}
