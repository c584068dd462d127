import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// `safeguard bench kpi [--period P] [--iterations N]`: times the dashboard computation (every
/// target for the city with series and projection, and for all commune-level units) against
/// the floor — one hand-written SQL query per target computing the same numbers — in the same
/// run, checks that both agree, and prints the ratio. `safeguard bench early-warning --dir D`:
/// the early-warning benchmark on the files `bench/early-warning-r.sh` and `bench/real-data.sh`
/// wrote (`EarlyWarningBench`). Used by `make bench`.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "kpi | early-warning")
        var what: String
        @Option(name: "dir", help: "early-warning: the folder of R's and the real data's files")
        var dir: String?
        @Option(name: "period", help: "Period (default: the first quarter of this year)")
        var period: String?
        @Option(name: "iterations", help: "Timed runs of each side (default 20)")
        var iterations: Int?
    }

    var help: String { "Benchmarks the KPI computation against hand-written SQL (the floor)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.what == "early-warning" {
            guard let dir = signature.dir else { throw CommandFailure("bench early-warning: --dir is required") }
            return try EarlyWarningBench(folder: URL(fileURLWithPath: dir), iterations: signature.iterations ?? 5).run { context.console.print($0) }
        }
        guard signature.what == "kpi" else { throw CommandFailure("bench: unknown benchmark '\(signature.what)' (use kpi or early-warning)") }
        let app = context.application
        let periodText = signature.period ?? "\(KPIService.currentMonth(today: app.clock.today).year - 1)-Q1"
        guard let period = ReportingPeriod(periodText) else { throw CommandFailure("bench: malformed period '\(periodText)'") }
        // The floor counts whole periods; an open period is measured only through its last complete month.
        guard period.months.upperBound < KPIService.currentMonth(today: app.clock.today) else {
            throw CommandFailure("bench: \(period) is not over yet; choose a closed period (e.g. last year)")
        }
        guard let plan = try await PlanRepository(db: app.db).currentTargets(),
              let city = try await OrgUnit.find(code: plan.plan.provinceCode, on: app.db) else { throw CommandFailure("bench: no plan imported") }
        let targets = plan.targets
        let service = KPIService(db: app.db)
        let floor = FloorQueries(sql: app.db as! any SQLDatabase, province: city.code, period: period, targets: targets)
        var countedFloor = floor
        countedFloor.counted = true
        let iterations = max(1, signature.iterations ?? 20)
        let cases = try await CriminalCase.query(on: app.db).count()
        let reports = try await CrimeReport.query(on: app.db).count()
        context.console.print("records: \(cases) cases, \(reports) reports; period \(period) (\(period.start) … \(period.end)); \(iterations) iterations")

        // Agreement first: both floors' numbers must be Safeguard's.
        let table = try await service.byCommune(province: city, period: period, targets: targets, today: app.clock.today)
        var mismatches = 0
        for expected in [try await floor.run(), try await countedFloor.run()] {
            for (targetID, rows) in table {
                for (unit, evaluation) in rows {
                    let m = evaluation.measurement ?? SafeguardCore.Measurement(numerator: 0, denominator: 0)
                    let f = expected[targetID]?[unit.code] ?? SafeguardCore.Measurement(numerator: 0, denominator: 0)
                    if m != f { mismatches += 1 }
                }
            }
        }
        context.console.print("agreement: \(mismatches == 0 ? "all \(table.values.map(\.count).reduce(0, +)) unit figures equal" : "\(mismatches) MISMATCHES")")

        func time(_ body: () async throws -> Void) async rethrows -> [Double] {
            try await body()  // warm-up
            var samples: [Double] = []
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                try await body()
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            return samples.sorted()
        }
        let ours = try await time {
            _ = try await service.evaluate(unit: city, period: period, targets: targets, today: app.clock.today)
            _ = try await service.byCommune(province: city, period: period, targets: targets, today: app.clock.today)
        }
        let cityOnly = try await time { _ = try await service.evaluate(unit: city, period: period, targets: targets, today: app.clock.today) }
        let unitsOnly = try await time { _ = try await service.byCommune(province: city, period: period, targets: targets, today: app.clock.today) }
        let theirs = try await time { _ = try await floor.run() }
        let countedTheirs = try await time { _ = try await countedFloor.run() }
        func describe(_ s: [Double]) -> String {
            String(format: "median %.1f ms, p95 %.1f ms, min %.1f ms", s[s.count / 2], s[min(s.count - 1, Int(Double(s.count) * 0.95))], s[0])
        }
        context.console.print("safeguard dashboard (city with series + projection, \(table.first?.value.count ?? 0) units × \(table.count) targets): \(describe(ours))")
        context.console.print("  of which the city with series and projection: \(describe(cityOnly)); the unit tables: \(describe(unitsOnly))")
        context.console.print("floor (one hand-written SQL query per target, over the records): \(describe(theirs))")
        context.console.print("floor over the counts tables (the same queries, weighted by count): \(describe(countedTheirs))")
        func ratio(_ a: [Double], _ b: [Double]) -> Double { a[a.count / 2] / b[b.count / 2] }
        context.console.print(String(format: "ratio safeguard/floor (median): %.2f× over the records, %.2f× over the counts tables",
                                     ratio(ours, theirs), ratio(ours, countedTheirs)))
        if mismatches > 0 { throw CommandFailure("bench: Safeguard and the floor disagree") }
    }
}

/// The floor: per target, one SQL query computing numerator and denominator for every commune,
/// over the records themselves or over the counts tables Safeguard reads.
struct FloorQueries {
    let sql: any SQLDatabase
    let province: String
    let period: ReportingPeriod
    let targets: [Target]
    var counted = false

    func run() async throws -> [String: [String: SafeguardCore.Measurement]] {
        let a = period.months.lowerBound.code, b = period.months.upperBound.code
        var result: [String: [String: SafeguardCore.Measurement]] = [:]
        // On the counts tables a row weighs its count, and a missing month is 0.
        let one: SQLQueryString = counted ? "n" : "1"
        let cases: SQLQueryString = counted ? "case_counts" : "criminal_cases"
        let reports: SQLQueryString = counted ? "report_counts" : "crime_reports"
        let steps: SQLQueryString = counted ? "report_step_counts" : "crime_report_steps"
        for target in targets {
            let query: SQLQueryString
            switch target.metric {
            case .ttxhCases:
                let shift = max(1, period.year - (target.baselineYear ?? period.year - 1)) * 100
                query = """
                    SELECT commune_code AS c,
                      CAST(SUM(CASE WHEN discovered_month BETWEEN \(bind: a) AND \(bind: b) THEN \(one) ELSE 0 END) AS BIGINT) AS n,
                      CAST(SUM(CASE WHEN discovered_month BETWEEN \(bind: a - shift) AND \(bind: b - shift) THEN \(one) ELSE 0 END) AS BIGINT) AS d
                    FROM \(cases) WHERE province_code = \(bind: province) AND category = 'social-order'
                      AND (discovered_month BETWEEN \(bind: a) AND \(bind: b) OR discovered_month BETWEEN \(bind: a - shift) AND \(bind: b - shift))
                    GROUP BY commune_code
                    """
            case .clearanceRate:
                let severity: SQLQueryString = target.severities.isEmpty ? ""
                    : " AND severity IN (\(unsafeRaw: target.severities.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
                query = """
                    SELECT commune_code AS c, CAST(SUM(CASE WHEN solved_month BETWEEN 1 AND \(bind: b) THEN \(one) ELSE 0 END) AS BIGINT) AS n, CAST(SUM(\(one)) AS BIGINT) AS d
                    FROM \(cases) WHERE province_code = \(bind: province) AND discovered_month BETWEEN \(bind: a) AND \(bind: b)\(severity)
                    GROUP BY commune_code
                    """
            case .crimeReportIntakeRate:
                query = """
                    SELECT commune_code AS c, CAST(SUM(CASE WHEN registered_month BETWEEN 1 AND \(bind: b) THEN \(one) ELSE 0 END) AS BIGINT) AS n, CAST(SUM(\(one)) AS BIGINT) AS d
                    FROM \(reports) WHERE province_code = \(bind: province) AND received_month BETWEEN \(bind: a) AND \(bind: b)
                    GROUP BY commune_code
                    """
            case .crimeReportResolutionRate:
                // The procuracy's definition over the handling steps, each in its month (docs/features/kpi.md).
                query = """
                    SELECT commune_code AS c,
                      CAST(SUM(CASE WHEN step_month >= \(bind: a) AND kind IN ('decided', 'suspended') THEN \(one) ELSE 0 END) AS BIGINT) AS n,
                      CAST(SUM(CASE WHEN step_month < \(bind: a) THEN pending_change * \(one)
                                    WHEN kind IN ('registered', 'resumed') THEN \(one)
                                    WHEN kind = 'transferred' AND pending_change <> 0 THEN -\(one) ELSE 0 END) AS BIGINT) AS d
                    FROM \(steps) WHERE province_code = \(bind: province) AND step_month <= \(bind: b)
                    GROUP BY commune_code
                    """
            default:
                continue
            }
            var rows: [String: SafeguardCore.Measurement] = [:]
            for row in try await sql.raw(query).all() {
                rows[try row.decode(column: "c", as: String.self)] = SafeguardCore.Measurement(
                    numerator: try row.decode(column: "n", as: Int?.self) ?? 0, denominator: try row.decode(column: "d", as: Int?.self) ?? 0)
            }
            result[target.id] = rows
        }
        return result
    }
}
