import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Handling as events, through the server: steps recorded by the forms, counted in their months,
    /// and migrated losslessly from the rows that held only the current state.
    @Suite struct HandlingStepTests {
        static func t3(_ app: Application, token: String, unit: String, period: String) async throws -> (Int?, Int?) {
            var figure: (Int?, Int?) = (nil, nil)
            try await app.testing().test(.GET, "/api/v1/kpis?unit=\(unit)&period=\(period)", headers: ["Authorization": "Bearer \(token)"]) { res in
                let report = try res.content.decode(KPIReport.self)
                let t3 = report.targets.first { $0.id == "T3" }
                figure = (t3?.numerator, t3?.denominator)
            }
            return figure
        }

        @Test func aLaterResumptionLeavesTheClosedYearsT3Identical() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let token = try await app.token(for: "reader", role: .leader)
                var browser = Browser(app)
                try await browser.login("hb")
                let created = try await browser.post("/records/reports", form: [
                    "code": "TB-9", "kind": "denunciation", "received_on": "01/09/2025", "unit": "11311", "source": "Người dân",
                    "category": "social-order",
                ], csrfFrom: "/records/reports/new")
                #expect(created.status == .seeOther)
                for (action, date) in [("register", "2025-09-01"), ("suspend", "2025-10-01")] {
                    let step = try await browser.post("/records/reports/TB-9/actions", form: ["action": action, "date": date], csrfFrom: "/records/reports/TB-9")
                    #expect(step.status == .seeOther, "\(action)")
                }
                for unit in ["11311", "31"] {
                    #expect(try await Self.t3(app, token: token, unit: unit, period: "2025") == (1, 1))
                }
                let resumed = try await browser.post("/records/reports/TB-9/actions", form: ["action": "resume", "date": "2026-02-01"], csrfFrom: "/records/reports/TB-9")
                #expect(resumed.status == .seeOther)
                for unit in ["11311", "31"] {
                    #expect(try await Self.t3(app, token: token, unit: unit, period: "2025") == (1, 1), "the closed year is unchanged")
                    #expect(try await Self.t3(app, token: token, unit: unit, period: "2026") == (0, 1), "back in 2026's pool")
                }
                // A transfer while pending takes it out of 2026's denominator; 2025 is still the same.
                let transferred = try await browser.post("/records/reports/TB-9/actions", form: ["action": "transfer", "date": "2026-03-02"], csrfFrom: "/records/reports/TB-9")
                #expect(transferred.status == .seeOther)
                #expect(try await Self.t3(app, token: token, unit: "11311", period: "2026") == (0, 0))
                #expect(try await Self.t3(app, token: token, unit: "11311", period: "2025") == (1, 1))
                let row = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-9").first())
                #expect(row.state == .transferred && row.transferredOn == "2026-03-02" && row.deadlineOn == nil)
                // The page lists every step with who recorded it; nothing more can be done.
                let page = try await browser.get("/records/reports/TB-9").body.string
                #expect(page.contains("Phục hồi giải quyết") && page.contains("Chuyển cơ quan có thẩm quyền") && page.contains("· hb"))
                #expect(!page.contains("name=\"action\""))
                let steps = try await HandlingStepStore(db: app.db).steps(of: try row.requireID())
                #expect(steps.map(\.kind) == [.received, .registered, .suspended, .resumed, .transferred])
                for table in RecordCounts.maintained { #expect(try await table.mismatches(on: app.db as! any SQLDatabase) == 0, "\(table.counts)") }
            }
        }

        /// Every report's steps rebuilt from its row by the migration equal those the writer stored
        /// (an extension's date aside, which rows never kept), and every figure is the same after.
        @Test func migratingReportsToStepsIsLossless() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.loadHistory(app)
                let token = try await app.token(for: "reader", role: .leader)
                let sql = app.db as! any SQLDatabase
                func everyStep() async throws -> [String] {
                    try await sql.raw("""
                        SELECT r.code, s.kind, s.step_on, s.step_month, s.outcome, s.pending_change, s.commune_code
                        FROM crime_report_steps s JOIN crime_reports r ON r.id = s.report_id ORDER BY r.code, s.seq
                        """).all().map { row in
                        [try row.decode(column: "code", as: String.self), try row.decode(column: "kind", as: String.self),
                         try row.decode(column: "step_on", as: String.self), String(try row.decode(column: "step_month", as: Int.self)),
                         try row.decode(column: "outcome", as: String?.self) ?? "", String(try row.decode(column: "pending_change", as: Int.self)),
                         try row.decode(column: "commune_code", as: String.self)].joined(separator: " ")
                    }
                }
                func figures() async throws -> [String] {
                    var all: [String] = []
                    for period in ["2025", "2026-Q1", "2026-M03", "2026-H1"] {
                        for unit in ["31", "11311"] {
                            try await app.testing().test(.GET, "/api/v1/kpis?unit=\(unit)&period=\(period)", headers: ["Authorization": "Bearer \(token)"]) { res in
                                let report = try res.content.decode(KPIReport.self)
                                all += report.targets.map { "\(period) \(unit) \($0.id) \($0.numerator ?? -1)/\($0.denominator ?? -1)" }
                            }
                        }
                    }
                    return all
                }
                let written = try await everyStep()
                let before = try await figures()
                #expect(written.count > 1000)
                #expect(written.contains { $0.contains(" suspended ") } && written.contains { $0.contains(" extended ") })
                // What the migration does for reports stored before the steps existed.
                try await sql.raw("DELETE FROM crime_report_steps").run()
                try await AddHandlingSteps.stepsFromRows(on: sql)
                try await RecordCounts.steps.rebuild(on: sql)
                #expect(try await everyStep() == written)
                #expect(try await figures() == before)
                for table in RecordCounts.maintained { #expect(try await table.mismatches(on: sql) == 0, "\(table.counts)") }
                // Each row's state is what replaying its steps gives.
                let store = HandlingStepStore(db: app.db)
                for row in try await CrimeReport.query(on: app.db).limit(300).all() {
                    let life = try CrimeReportLifecycle.replaying(try await store.steps(of: try row.requireID()))
                    #expect(life.state == row.state && life.resolvedMonth?.code == row.resolvedMonth && life.extensions == row.extensions, "\(row.code)")
                }
            }
        }
    }
}
