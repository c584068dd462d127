import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct WebImportTests {
        static var workbook: Data {
            FileManager.default.contents(atPath: TestDatabase.packageRoot + "/Tests/Fixtures/cases.xlsx")!
        }

        @Test func excelWorkbooksAreReadWithDatesAndRowNumbers() throws {
            let records = try RecordImporter.read(Self.workbook).records
            #expect(records.map(\.line) == [1, 2, 3, 4])
            #expect(records[0].fields.first == "Số vụ án")
            #expect(records[1].fields[0] == "XL-001")
            #expect(records[1].fields[1] == "173")
        }

        /// A workbook saved in the 1904 date system (older Mac Excel): the same dates, serials 1,462 days smaller.
        @Test func workbooksIn1904DatesImportTheSameDays() async throws {
            try await withSafeguardApp { app in
                let data = try #require(FileManager.default.contents(atPath: TestDatabase.packageRoot + "/Tests/Fixtures/cases-1904.xlsx"))
                let file = try RecordImporter.read(data)
                #expect(file.serialDayZero == -24_107)
                #expect(try RecordImporter.read(Self.workbook).serialDayZero == -25_569)
                var importer = RecordImporter(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
                importer.today = CalendarDate(iso: "2026-06-30")!
                _ = try await importer.importRecords(.cases, file, skipInvalid: true)
                let stored = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "XL-001").first())
                #expect(stored.occurredOn == "2026-03-01" && stored.discoveredOn == "2026-03-02" && stored.solvedOn == "2026-03-10")
            }
        }

        static func multipart(kind: String, file: Data, csrf: String) -> (HTTPHeaders, ByteBuffer) {
            Multipart.body(fields: [("_csrf", csrf), ("kind", kind)], files: [("file", "cases.xlsx", file)])
        }

        @Test func uploadPreviewsEveryProblemAndConfirmImports() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let csrf = try await browser.csrf(from: "/records/import")
                let (headers, body) = Self.multipart(kind: "cases", file: Self.workbook, csrf: csrf)
                var h = headers
                h.replaceOrAdd(name: .cookie, value: browser.cookie!)
                var preview = ""
                try await app.testing().test(.POST, "/records/import", headers: h, body: body) { res in
                    #expect(res.status == .ok)
                    preview = res.body.string
                }
                #expect(preview.contains("dòng 4, cột «Điều»: Điều luật không có trong bảng Bộ luật Hình sự. (999)"))
                #expect(preview.contains("XL-001"))
                #expect(try await CriminalCase.query(on: app.db).count() == 0)  // nothing before confirmation
                let id = try #require(preview.range(of: #"/records/import/([0-9A-F-]{36})/confirm"#, options: .regularExpression)
                    .map { String(preview[$0].dropFirst("/records/import/".count).prefix(36)) })
                let refused = try await browser.post("/records/import/\(id)/confirm", form: [:], csrfFrom: "/records/import")
                #expect(refused.status == .unprocessableEntity)
                #expect(try await CriminalCase.query(on: app.db).count() == 0)
                let done = try await browser.post("/records/import/\(id)/confirm", form: ["skip_invalid": "1"], csrfFrom: "/records/import")
                #expect(done.status == .ok)
                let imported = try await CriminalCase.query(on: app.db).sort(\.$code).all()
                #expect(imported.map(\.code) == ["XL-001", "XL-002"])
                #expect(imported.first?.discoveredOn == "2026-03-02" && imported.first?.solvedOn == "2026-03-10")
                #expect(try await PendingImport.query(on: app.db).count() == 0)
            }
        }

        @Test func anOfficerCannotImportIntoAnotherCommune() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var browser = Browser(app)
                try await browser.login("tn")
                let csrf = try await browser.csrf(from: "/records/import")
                var (headers, body) = Self.multipart(kind: "cases", file: Self.workbook, csrf: csrf)
                headers.replaceOrAdd(name: .cookie, value: browser.cookie!)
                try await app.testing().test(.POST, "/records/import", headers: headers, body: body) { res in
                    #expect(res.body.string.contains("cột «Mã đơn vị»: Không được phép với đơn vị này."))
                }
            }
        }
    }
}
