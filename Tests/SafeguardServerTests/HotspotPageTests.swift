import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The hotspot page: a ward with a repeat location sees its map, the flagged cells and the
    /// backtest; a ward whose cases have no coordinates is told how to get a map.
    @Suite struct HotspotPageTests {
        @Test func aWardSeesItsHotspotsAndAnotherIsToldWhyItHasNone() async throws {
            try await withSafeguardApp { app in
                let today = TestCalendar.today
                var rows: [String] = []
                for week in 1...20 {
                    for i in 0..<3 {
                        let day = today.adding(days: -7 * week + i).description
                        rows.append("HS-\(week)-\(i),173,1,11311,\(day),\(day),20.86\(i),106.680\(i)")
                    }
                    let day = today.adding(days: -7 * week + 4).description
                    rows.append("HS-\(week)-x,173,1,11311,\(day),\(day),\(20.84 + Double(week) * 0.002),\(106.66 + Double(week % 5) * 0.004)")
                    rows.append("TN-\(week),173,1,11560,\(day),\(day),,")
                }
                var importer = RecordImporter(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
                importer.today = today
                _ = try await importer.importText(.cases, (["Số vụ án,Điều,Khoản,Mã đơn vị,Ngày xảy ra,Ngày phát hiện,Vĩ độ,Kinh độ"] + rows).joined(separator: "\n"), skipInvalid: false)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")

                var ward = Browser(app)
                try await ward.login("hb")
                let page = try await ward.get("/hotspots").body.string
                #expect(page.contains("<svg") && page.contains("role=\"img\"") && page.contains("<title id=\"hs-t\">Điểm nóng tội phạm — Phường Hồng Bàng</title>"))
                #expect(page.contains("class=\"hs-flag-1\"") && page.contains(">Phường Hồng Bàng</text>"))
                #expect(page.contains("80 vụ án có tọa độ trong 12 tháng qua; ô lưới 250 m"))
                for model in ["Mật độ nhân 12 tháng", "Điểm nóng dự báo (Bowers và cộng sự, 2004)", "Số vụ 4 tuần gần nhất"] {
                    #expect(page.contains("<td>\(model)</td>"), "\(model)")
                }
                // The backtest's weeks are the 12 before tomorrow: 11 whole weeks of 4 cases and 3 of the twelfth.
                #expect(page.contains("(47 vụ án)"))

                var other = Browser(app)
                try await other.login("tn")
                let none = try await other.get("/hotspots").body.string
                #expect(none.contains("Chưa có vụ án nào có tọa độ trong phạm vi này") && !none.contains("<svg"))
            }
        }
    }
}
