import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// How often a series counts: per statistical month (15th–14th) or per ISO week (Monday–Sunday).
enum SeriesFrequency: String, Sendable, CaseIterable {
    case month, week

    /// The records column that holds the period of a case's discovery.
    var column: String { self == .month ? "discovered_month" : "discovered_week" }
    var periodsPerYear: Int { self == .month ? 12 : 52 }

    /// The periods from `first` to `last` (column values), in order.
    func periods(from first: Int, through last: Int) -> [Int] {
        switch self {
        case .month:
            guard let a = StatisticalMonth(code: first), let b = StatisticalMonth(code: last), a <= b else { return [] }
            return Array(sequence(first: a) { $0 < b ? $0.advanced(by: 1) : nil }).map(\.code)
        case .week:
            return first <= last ? Array(stride(from: first, through: last, by: 7)) : []
        }
    }

    /// The code an alert stores: `yyyymm` for a month, `yyyyww` (ISO) for a week.
    func alertPeriod(_ value: Int) -> Int {
        guard self == .week else { return value }
        let week = StatisticalWeek(mondayDayNumber: value)
        return week.isoYear * 100 + week.number
    }

    /// The last period that has ended.
    func lastClosed(now: Date) -> Int {
        switch self {
        case .month: KPIService.currentMonth(today: CalendarDate(now)).advanced(by: -1).code
        case .week: StatisticalWeek(containing: CalendarDate(now)).advanced(by: -1).mondayDayNumber
        }
    }
}

/// Builds the series of every watched crime for the city and each commune from the case records
/// (one `GROUP BY` over the province), runs the detector on the last closed period, and stores an
/// alert for each alarm. Safe to run again: an existing alert is kept with its handling, and the
/// unique key stops a concurrent run from storing it twice.
struct EarlyWarningService {
    let db: any Database
    let watches: [Watch]

    struct Series: Sendable {
        var unit: OrgUnit
        var watch: Watch
        var frequency: SeriesFrequency
        /// Period values (`yyyymm`, or a week's Monday day number) from the province's first record to the evaluated period.
        var periods: [Int]
        var counts: [Int]
        /// The position of the unit's first record of any crime (its history's start); nil when it has none.
        var historyStart: Int?

        var countSeries: CountSeries {
            let start = historyStart ?? counts.count
            return frequency == .month ? CountSeries(frequency: 12, counts: counts, historyStart: start)
                : CountSeries(frequency: 52, counts: counts, dates: periods.map(CalendarDate.init(dayNumber:)), historyStart: start)
        }

        /// The first period of the unit's records, if it has any.
        var firstPeriod: Int? { historyStart.map { periods[$0] } }
    }

    /// Every series of the province ending with period `last`: the city and each commune-level
    /// unit, per watch; or only those of `unit` (the city or one commune). All start with the
    /// province's first period of records, so a unit's series is the same built alone or with the others.
    func series(province: OrgUnit, frequency: SeriesFrequency, through last: Int, only unit: OrgUnit? = nil) async throws -> [Series] {
        let sql = db as! any SQLDatabase
        let column = SQLIdentifier(frequency.column)
        let firstRow = try await sql.raw("SELECT MIN(\(column)) AS p FROM criminal_cases WHERE \(Scope(province).recordCondition)").first()
        guard let first = try firstRow?.decode(column: "p", as: Int?.self) else { return [] }
        let periods = frequency.periods(from: first, through: last)
        guard !periods.isEmpty else { return [] }
        let commune: SQLQueryString = unit.map { $0.kind.isLocality ? "AND \(Scope($0).recordCondition)" : "" } ?? ""
        let rows = try await sql.raw("""
            SELECT commune_code, \(column) AS p, category, article, COUNT(*) AS n FROM criminal_cases
            WHERE \(Scope(province).recordCondition) AND \(column) <= \(bind: last) \(commune)
            GROUP BY commune_code, \(column), category, article
            """).all()
        let position = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($0.element, $0.offset) })
        var cells: [(commune: String, position: Int, category: String, article: Int, n: Int)] = []
        for row in rows {
            guard let i = position[try row.decode(column: "p", as: Int.self)] else { continue }
            cells.append((try row.decode(column: "commune_code", as: String.self), i, try row.decode(column: "category", as: String.self),
                          try row.decode(column: "article", as: Int.self), try row.decode(column: "n", as: Int.self)))
        }
        let communes: [OrgUnit]
        if let unit {
            communes = unit.kind.isLocality ? [unit] : []
        } else {
            communes = try await OrgUnit.query(in: province, on: db)
                .filter(\.$kind ~~ [.ward, .commune, .specialZone]).sort(\.$code).all()
        }
        let withCity = unit == nil || unit?.kind == .province
        var firstRecord: [String: Int] = [:]
        for cell in cells { firstRecord[cell.commune] = min(firstRecord[cell.commune] ?? cell.position, cell.position) }
        let cityStart = firstRecord.values.min()
        var result: [Series] = []
        for watch in watches {
            let empty = [Int](repeating: 0, count: periods.count)
            var byCommune: [String: [Int]] = [:]
            var city = empty
            for cell in cells where watch.matches(category: cell.category, article: cell.article) {
                byCommune[cell.commune, default: empty][cell.position] += cell.n
                city[cell.position] += cell.n
            }
            if withCity { result.append(Series(unit: province, watch: watch, frequency: frequency, periods: periods, counts: city, historyStart: cityStart)) }
            for commune in communes {
                result.append(Series(unit: commune, watch: watch, frequency: frequency, periods: periods, counts: byCommune[commune.code] ?? empty,
                                     historyStart: firstRecord[commune.code]))
            }
        }
        return result
    }

    /// The communes of `units` (or all of the province's when nil) whose records begin too recently
    /// for statistical month `month` to be judged, with their first month (nil: no records at all).
    /// Read from the counts table, so it costs a few hundred rows, not a scan of the records.
    func shortHistory(province: String, month: StatisticalMonth, among units: [OrgUnit]? = nil) async throws -> [(unit: OrgUnit, since: StatisticalMonth?)] {
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT commune_code, MIN(discovered_month) AS first FROM case_counts
            WHERE \(Scope.province(province).recordCondition) AND n > 0 GROUP BY commune_code
            """).all()
        var first: [String: Int] = [:]
        for row in rows { first[try row.decode(column: "commune_code", as: String.self)] = try row.decode(column: "first", as: Int.self) }
        var communes = units ?? []
        if units == nil {
            communes = try await Scope.province(province).filter(OrgUnit.query(on: db))
                .filter(\.$kind ~~ [.ward, .commune, .specialZone]).sort(\.$code).all()
        }
        return communes.compactMap { unit in
            guard unit.kind.isLocality else { return nil }
            guard let since = first[unit.code].flatMap(StatisticalMonth.init(code:)) else { return (unit, nil) }
            let years = SeriesDetector.yearsOfHistory(periodsBefore: since.distance(to: month), frequency: 12)
            return years < SeriesDetector.minimumYears ? (unit, since) : nil
        }
    }

    /// Runs the detector on every series for the period and stores the alarms; returns the period's alerts.
    @discardableResult
    func run(province: OrgUnit, frequency: SeriesFrequency, period last: Int) async throws -> [Alert] {
        var alerts: [Alert] = []
        let code = frequency.alertPeriod(last)
        let all = try await series(province: province, frequency: frequency, through: last)
        // Pure arithmetic, one series at a time: spread over the cores before touching the database.
        let detections = all.map(\.countSeries).concurrentMap { SeriesDetector.detect($0) }
        for (series, detection) in zip(all, detections) {
            guard let detection, detection.alarm else { continue }
            if let existing = try await Alert.query(on: db).filter(\.$unitCode == series.unit.code).filter(\.$watchID == series.watch.id)
                .filter(\.$frequency == frequency.rawValue).filter(\.$period == code).filter(\.$method == detection.method).first() {
                alerts.append(existing)
                continue
            }
            let alert = Alert()
            alert.unitCode = series.unit.code
            alert.unitPath = series.unit.path
            alert.provinceCode = series.unit.provinceCode
            alert.watchID = series.watch.id
            alert.frequency = frequency.rawValue
            alert.period = code
            alert.periodStart = frequency == .week ? last : nil
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
                continue  // another instance stored it a moment ago
            }
        }
        return alerts
    }

    /// Runs the detector for the period unless another run (this instance or another) has claimed
    /// it; a claim left unfinished for `staleAfter` seconds (a crashed instance) is taken over.
    /// Returns whether this call ran it.
    func runIfDue(province: OrgUnit, frequency: SeriesFrequency, period: Int, clock: WallClock, staleAfter: TimeInterval = 3600) async throws -> Bool {
        let code = frequency.alertPeriod(period)
        let claim = DetectorRun()
        claim.provinceCode = province.provinceCode
        claim.frequency = frequency.rawValue
        claim.period = code
        let sameKey = DetectorRun.query(on: db).filter(\.$provinceCode == province.provinceCode).filter(\.$frequency == frequency.rawValue)
            .filter(\.$period == code)
        return try await db.runClaimed(claim, sameKey: sameKey, staleAfter: staleAfter, clock: clock) { claim in
            claim.alerts = try await run(province: province, frequency: frequency, period: period).count
        }
    }

    /// Both frequencies' last closed periods, each once (what the schedule and the first start run).
    func runDue(province: OrgUnit, clock: WallClock) async throws {
        for frequency in SeriesFrequency.allCases {
            _ = try await runIfDue(province: province, frequency: frequency, period: frequency.lastClosed(now: clock.now()), clock: clock)
        }
    }
}
