import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct DashboardTests {
        @Test func leaderDrillsFromClearanceToACommuneAndItsCases() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.loadHistory(app)
                try await app.createUser("lanhdao", role: .leader)
                var browser = Browser(app)
                try await browser.login("lanhdao")
                #expect(try await browser.get("/").location == "/dashboard")
                let dashboard = try await browser.get("/dashboard?period=2026-H1").body.string
                #expect(dashboard.contains("Bảng theo dõi chỉ tiêu — Thành phố Hải Phòng"))
                #expect(dashboard.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="sparkline""#))
                #expect(dashboard.contains("<title id="))
                // The movement's targets link to where they are counted.
                #expect(dashboard.contains(#"href="/assessments?year=2026&amp;show=weak""#) || dashboard.contains(#"href="/assessments?year=2026&show=weak""#))
                #expect(dashboard.contains(#"href="/dashboard/targets/T4?period=2026-H1&amp;unit=31""#) || dashboard.contains(#"href="/dashboard/targets/T4?period=2026-H1&unit=31""#))

                let units = try await browser.get("/dashboard/targets/T4?period=2026-H1&unit=31").body.string
                let links = units.components(separatedBy: #"href="/dashboard/targets/T4/units/"#).dropFirst()
                #expect(links.count == 114)
                let firstCode = String(try #require(links.first).prefix(5))
                let records = try await browser.get("/dashboard/targets/T4/units/\(firstCode)?period=2026-H1").body.string
                let expected = try await CriminalCase.query(on: app.db).filter(\.$communeCode == firstCode)
                    .filter(\.$discoveredMonth >= 202601).filter(\.$discoveredMonth <= 202606).count()
                #expect(records.contains("Số hồ sơ: \(expected)"))
                #expect(records.components(separatedBy: "<td>VA-").count - 1 == min(expected, DashboardController.recordLimit))
            }
        }

        @Test func communeOfficersSeeTheirOwnUnitOnly() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                #expect(try await browser.get("/dashboard").body.string.contains("Phường Hồng Bàng"))
                #expect(try await browser.get("/dashboard?unit=31").status == .forbidden)
                #expect(try await browser.get("/dashboard/targets/T4/units/11560?period=2026").status == .forbidden)
                #expect(try await browser.get("/dashboard?period=2026-Q7").status == .badRequest)
            }
        }

        @Test func sparklinesAreAccessibleSVG() {
            let svg = Sparkline(values: [1, 2, nil, 4], threshold: 3, title: "T4 <12 tháng>", description: "1; 2; —; 4").svg
            #expect(svg.contains(#"role="img""#))
            #expect(svg.contains("<title id="))
            #expect(svg.contains("T4 &lt;12 tháng&gt;"))
            #expect(svg.contains("spark-threshold"))
            // The gap in the series lifts the pen.
            #expect(svg.components(separatedBy: "M").count - 1 == 2)
        }
    }
}
