import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct KPITests {

        /// The same figures by plain SQL over the record dates (not the month columns), written independently of the engine.
        static func independent(_ app: Application, scope: String, period: ReportingPeriod) async throws -> [String: (Int, Int)] {
            let sql = app.db as! any SQLDatabase
            let start = period.start.description, end = period.end.description
            let baselineStart = period.sameWindow().start.description, baselineEnd = period.sameWindow().end.description
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM " + query).first()!.decode(column: "n", as: Int.self)
            }
            let cases: SQLQueryString = "criminal_cases WHERE \(unsafeRaw: scope)"
            let reports: SQLQueryString = "crime_reports WHERE \(unsafeRaw: scope)"
            // Resolution counts handling steps by their day (docs/features/kpi.md): a transfer leaves the
            // pool only when the report had been registered before it.
            let steps: SQLQueryString = "crime_report_steps s WHERE \(unsafeRaw: scope)"
            let pendingTransfer = " AND kind = 'transferred' AND EXISTS (SELECT 1 FROM crime_report_steps r WHERE r.report_id = s.report_id AND r.kind = 'registered' AND r.seq < s.seq)"
            let ttxh = try await count(cases + " AND category = 'social-order' AND discovered_on BETWEEN \(bind: start) AND \(bind: end)")
            let ttxhBefore = try await count(cases + " AND category = 'social-order' AND discovered_on BETWEEN \(bind: baselineStart) AND \(bind: baselineEnd)")
            let occurred = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end)")
            let solved = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end) AND solved_on <= \(bind: end)")
            let serious = " AND severity IN ('very-serious', 'especially-serious')"
            let occurredSerious = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end)" + SQLQueryString(serious))
            let solvedSerious = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end) AND solved_on <= \(bind: end)" + SQLQueryString(serious))
            let received = try await count(reports + " AND received_on BETWEEN \(bind: start) AND \(bind: end)")
            let registered = try await count(reports + " AND received_on BETWEEN \(bind: start) AND \(bind: end) AND registered_on <= \(bind: end)")
            let entered = try await count(steps + " AND kind IN ('registered', 'resumed') AND step_on < \(bind: start)")
            let left = try await count(steps + " AND kind IN ('suspended', 'decided') AND step_on < \(bind: start)")
            let transferredBefore = try await count(steps + " AND step_on < \(bind: start)" + SQLQueryString(pendingTransfer))
            let enteredIn = try await count(steps + " AND kind IN ('registered', 'resumed') AND step_on BETWEEN \(bind: start) AND \(bind: end)")
            let transferredIn = try await count(steps + " AND step_on BETWEEN \(bind: start) AND \(bind: end)" + SQLQueryString(pendingTransfer))
            let resolved = try await count(steps + " AND kind IN ('suspended', 'decided') AND step_on BETWEEN \(bind: start) AND \(bind: end)")
            let toResolve = (entered - left - transferredBefore) + enteredIn - transferredIn
            return ["T1": (ttxh, ttxhBefore), "T2": (registered, received), "T3": (resolved, toResolve),
                    "T4": (solved, occurred), "T5": (solvedSerious, occurredSerious)]
        }

        @Test(arguments: [("31", "province_code = '31'", "2026-Q1"), ("11311", "unit_path LIKE '/31/11311/%'", "2026-M03"),
                          ("31", "province_code = '31'", "2026-H1"), ("11560", "unit_path LIKE '/31/11560/%'", "2025")])
        func apiFiguresEqualAnIndependentSQLRecomputation(unit: String, scope: String, period: String) async throws {
            try await withSafeguardApp { app in
                try await Fixtures.loadHistory(app)
                let token = try await app.token(for: "reader", role: .leader)
                let expected = try await Self.independent(app, scope: scope, period: ReportingPeriod(period)!)
                #expect(expected["T4"]!.1 > 0, "the history has cases in the period")
                try await app.testing().test(.GET, "/api/v1/kpis?unit=\(unit)&period=\(period)", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    let report = try res.content.decode(KPIReport.self)
                    #expect(report.targets.count == 10)
                    for (id, (numerator, denominator)) in expected {
                        let target = try #require(report.targets.first { $0.id == id })
                        #expect(target.numerator == numerator, "\(id) numerator")
                        #expect(target.denominator == denominator, "\(id) denominator")
                        #expect(target.source == "records")
                    }
                    // The movement's targets are yearly figures from its own data (none here: nothing counted, no series).
                    let movement = report.targets.filter { $0.source == "movement" }
                    #expect(movement.count == 5 && movement.allSatisfy { $0.numerator == 0 && $0.series.allSatisfy { $0 == nil } })
                    #expect(movement.first { $0.metric == .unitsRatedWeak }?.status == .empty)
                    #expect(report.targets.allSatisfy { $0.series.count == 12 })
                }
            }
        }

        /// The unit tables read per-commune totals rolled up in the database; each must equal the
        /// commune's own evaluation from its full monthly histogram, for closed and open periods.
        @Test(arguments: ["2025", "2026-Q1", "2026-H1", "2026-M04"])
        func unitTablesEqualEachCommunesOwnEvaluation(period: String) async throws {
            try await withSafeguardApp { app in
                try await Fixtures.loadHistory(app)
                let plan = try #require(try await PlanRepository(db: app.db).currentTargets())
                let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let service = KPIService(db: app.db)
                // 20 April 2026: 2026-H1 is open and measured through March's statistical month.
                let now = Date(timeIntervalSince1970: Double(CalendarDate(iso: "2026-04-20")!.dayNumber) * 86_400)
                let reportingPeriod = try #require(ReportingPeriod(period))
                let tables = try await service.byCommune(province: city, period: reportingPeriod, targets: plan.targets, today: CalendarDate(now))
                #expect(tables.count == 5)
                var compared = 0
                for unit in tables.values.first!.map(\.0).prefix(12) {
                    let own = try await service.evaluate(unit: unit, period: reportingPeriod, targets: plan.targets, today: CalendarDate(now))
                    for row in own where tables[row.evaluation.target.id] != nil {
                        let table = try #require(tables[row.evaluation.target.id]?.first { $0.0.code == unit.code })
                        #expect(table.1.measurement == row.evaluation.measurement, "\(unit.code) \(row.evaluation.target.id)")
                        #expect(table.1.through == row.evaluation.through)
                        compared += 1
                    }
                }
                #expect(compared == 60)
            }
        }

        @Test func periodsAndScopesAreChecked() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                try await app.testing().test(.GET, "/api/v1/kpis?unit=11311&period=2026-Q1", headers: auth) { res in #expect(res.status == .ok) }
                try await app.testing().test(.GET, "/api/v1/kpis?unit=11560&period=2026-Q1", headers: auth) { res in #expect(res.status == .forbidden) }
                try await app.testing().test(.GET, "/api/v1/kpis?unit=11311&period=2026-Q9", headers: auth) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string.contains("Kỳ báo cáo"))
                }
                try await app.testing().test(.GET, "/api/v1/kpis?unit=99999&period=2026", headers: auth) { res in #expect(res.status == .notFound) }
            }
        }
    }
}

extension ServerTests.KPITests {
    /// The unfinished current month (4 December 2026 is in 2026-M12, 15/11–14/12) is set against
    /// the same days of 2025-M12, and says so; every figure says the day it counts through.
    @Test func theCurrentMonthIsComparedWithTheSameDays() async throws {
        try await withSafeguardApp { app in
            let history = try await DemoHistory(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
            try await history.load(province: "31", from: CalendarDate(iso: "2025-11-01")!, to: CalendarDate(iso: "2026-12-04")!, casesPerYear: 3000, seed: 7)
            let token = try await app.token(for: "reader", role: .leader)
            let sql = app.db as! any SQLDatabase
            func count(_ from: String, _ to: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM criminal_cases WHERE category = 'social-order' AND discovered_on BETWEEN \(bind: from) AND \(bind: to)")
                    .first()!.decode(column: "n", as: Int.self)
            }
            let sameDays = try await count("2025-11-15", "2025-12-04")
            let wholeMonth = try await count("2025-11-15", "2025-12-14")
            #expect(sameDays < wholeMonth, "the history has cases after 4 December 2025")
            try await app.testing().test(.GET, "/api/v1/kpis?unit=31&period=2026-M12", headers: ["Authorization": "Bearer \(token)"]) { res in
                let t1 = try #require(try res.content.decode(KPIReport.self).targets.first { $0.id == "T1" })
                #expect(t1.unfinished && t1.measuredThrough == "2026-12-04" && t1.baselineYear == 2025)
                #expect(t1.numerator == (try await count("2026-11-15", "2026-12-04")))
                #expect(t1.denominator == sameDays)
            }
            // The drill-down's communes are compared the same way: their baselines add up to the city's.
            let plan = try #require(try await PlanRepository(db: app.db).currentTargets())
            let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
            let tables = try await KPIService(db: app.db).byCommune(province: city, period: ReportingPeriod("2026-M12")!, targets: plan.targets, today: app.clock.today)
            #expect(tables["T1"]!.reduce(0) { $0 + ($1.1.measurement?.denominator ?? 0) } <= sameDays)
            #expect(tables["T1"]!.allSatisfy { $0.1.isUnfinished })
            // A closed year says its last day; the year before the baseline is compared with the year before it.
            try await app.testing().test(.GET, "/api/v1/kpis?unit=31&period=2025", headers: ["Authorization": "Bearer \(token)"]) { res in
                let t1 = try #require(try res.content.decode(KPIReport.self).targets.first { $0.id == "T1" })
                #expect(!t1.unfinished && t1.measuredThrough == "2025-12-14" && t1.baselineYear == 2024)
            }
            var browser = Browser(app)
            try await app.createUser("lead", role: .leader)
            try await browser.login("lead")
            let page = try await browser.get("/dashboard?period=2026-M12").body.string
            #expect(page.contains("Số liệu đến ngày 04/12/2026 (tháng chưa kết thúc"))
            #expect(page.contains("Cách tính") && page.contains("QĐ 374/QĐ-VKSTC"))
        }
    }
}
