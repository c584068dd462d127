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
            // Resolution day: the decision, or the suspension while suspended.
            let resolvedOn = "(CASE WHEN state = 'decided' THEN decided_on WHEN state = 'suspended' THEN suspended_on END)"
            let ttxh = try await count(cases + " AND category = 'social-order' AND discovered_on BETWEEN \(bind: start) AND \(bind: end)")
            let ttxhBefore = try await count(cases + " AND category = 'social-order' AND discovered_on BETWEEN \(bind: baselineStart) AND \(bind: baselineEnd)")
            let occurred = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end)")
            let solved = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end) AND solved_on <= \(bind: end)")
            let serious = " AND severity IN ('very-serious', 'especially-serious')"
            let occurredSerious = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end)" + SQLQueryString(serious))
            let solvedSerious = try await count(cases + " AND discovered_on BETWEEN \(bind: start) AND \(bind: end) AND solved_on <= \(bind: end)" + SQLQueryString(serious))
            let received = try await count(reports + " AND received_on BETWEEN \(bind: start) AND \(bind: end)")
            let registered = try await count(reports + " AND received_on BETWEEN \(bind: start) AND \(bind: end) AND registered_on <= \(bind: end)")
            let backlog = try await count(reports + " AND received_on < \(bind: start) AND (\(unsafeRaw: resolvedOn) IS NULL OR \(unsafeRaw: resolvedOn) >= \(bind: start))")
            let resolved = try await count(reports + " AND received_on <= \(bind: end) AND \(unsafeRaw: resolvedOn) BETWEEN \(bind: start) AND \(bind: end)")
            return ["T1": (ttxh, ttxhBefore), "T2": (registered, received), "T3": (resolved, backlog + received),
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
