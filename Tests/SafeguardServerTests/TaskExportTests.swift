import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The board as files: the Excel export reads back row by row (with the importer's own reader),
    /// the CSV carries a byte-order mark for Excel, and the Word report has Decree 30's parts and page.
    @Suite struct TaskExportTests {
        @Test func exportsReadBackAndTheReportFollowsDecree30() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Rà soát người nghiện", due: 20)
                try await Fixtures.assign(app, unit: "11311", title: "Báo cáo quý III", due: -5)
                try await Fixtures.assign(app, unit: "11311", title: "Họp tổ an ninh", due: -10, completed: -12)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                #expect(try await ward.get("/tasks").body.string.contains("href=\"/tasks/report.docx\""))

                let xlsx = try await ward.get("/tasks/export.xlsx")
                #expect(xlsx.headers.first(name: .contentDisposition) == "attachment; filename=\"nhiem-vu.xlsx\"")
                let sheet = try XLSXReader().read(Data(xlsx.body.readableBytesView))
                #expect(sheet.records.map(\.fields.first) == ["Địa bàn", "Phường Hồng Bàng", "Phường Hồng Bàng", "Phường Hồng Bàng"])
                #expect(sheet.records[1].fields[1] == "Báo cáo quý III" && sheet.records[1].fields[4] == "Chưa hoàn thành, quá hạn")
                #expect(sheet.records[3].fields[4] == "Hoàn thành đúng hạn")
                // Dates are dates (a serial day with the dd/mm/yyyy style), percentages numbers: Excel sorts and sums them.
                let workbook = try Archive(data: Data(xlsx.body.readableBytesView), accessMode: .read)
                func entry(_ path: String) throws -> String {
                    var data = Data()
                    _ = try workbook.extract(try #require(workbook[path]), consumer: { data.append($0) })
                    return String(decoding: data, as: UTF8.self)
                }
                let due = TestCalendar.today.adding(days: 20)
                #expect(try entry("xl/worksheets/sheet1.xml").contains("<c r=\"D2\" s=\"2\"><v>\(Double(due.dayNumber + 25_569))</v></c>")
                    || entry("xl/worksheets/sheet1.xml").contains("s=\"2\"><v>\(Double(due.dayNumber + 25_569))</v>"))
                #expect(try entry("xl/worksheets/sheet1.xml").contains("<c r=\"G2\"><v>"))
                #expect(try entry("xl/styles.xml").contains("<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"))

                let csv = try await ward.get("/tasks/export.csv")
                let text = String(decoding: Data(csv.body.readableBytesView), as: UTF8.self)
                #expect(text.hasPrefix("\u{FEFF}Địa bàn,Nội dung nhiệm vụ,") && text.contains("Báo cáo quý III"))

                let docx = try await ward.get("/tasks/report.docx")
                let archive = try Archive(data: Data(docx.body.readableBytesView), accessMode: .read)
                func part(_ path: String) throws -> String {
                    var data = Data()
                    _ = try archive.extract(try #require(archive[path]), consumer: { data.append($0) })
                    return String(decoding: data, as: UTF8.self)
                }
                let document = try part("word/document.xml")
                for text in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Nơi nhận:",
                             OfficialDate.line(place: "Hải Phòng", date: TestCalendar.today),
                             "Hoàn thành đúng hạn: 1;", "Chưa hoàn thành, quá hạn: 1.", "Báo cáo quý III"] {
                    #expect(document.contains(text), "\(text)")
                }
                #expect(!document.contains(">Họp tổ an ninh<"))  // done work is counted, not listed
                #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") && document.contains("w:left=\"1701\"") && document.contains("<w:titlePg/>"))
                #expect(try part("word/styles.xml").contains("w:ascii=\"Times New Roman\"") && (try part("word/header1.xml")).contains(" PAGE "))
            }
        }
    }
}
