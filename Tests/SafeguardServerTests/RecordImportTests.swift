import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct RecordImportTests {
        static let cases = """
            Số vụ án,Điều,Khoản,Mã đơn vị,Ngày xảy ra,Ngày phát hiện,Ngày khám phá,Số đối tượng,Tóm tắt
            HB-001,173,1,11311,01/03/2026,02/03/2026,10/03/2026,1,"Trộm cắp xe máy, tại chợ"
            HB-002,174,2,11311-01,2026-03-05,2026-03-06,,2,Lừa đảo
            HB-003,173,9,11311,05/03/2026,31/02/2026,,1,Khoản sai và ngày sai
            HB-004,173,1,31-CATP,05/03/2026,06/03/2026,,1,Không phải địa bàn xã
            """

        static func importer(_ app: Application) -> RecordImporter {
            var importer = RecordImporter(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
            importer.today = CalendarDate(iso: "2026-06-30")!
            return importer
        }

        @Test func aFileWithABadRowImportsNothingAndNamesTheRow() async throws {
            try await withSafeguardApp { app in
                try await DemoData(db: app.db).addSubUnits()
                do {
                    _ = try await Self.importer(app).importText(.cases, Self.cases, skipInvalid: false)
                    Issue.record("a file with bad rows was imported")
                } catch RecordImporter.Failure.invalidRows(let errors, let total) {
                    #expect(total == 4)
                    #expect(errors.map(\.line) == [4, 4, 5])
                    #expect(errors.map(\.column) == ["Khoản", "Ngày phát hiện", "Mã đơn vị"])
                    #expect(errors[0].message(app.localizer, .vi) == "dòng 4, cột «Khoản»: Khoản không có trong điều luật. (173.9)")
                }
                #expect(try await CriminalCase.query(on: app.db).count() == 0)
            }
        }

        @Test func skipInvalidImportsTheGoodRowsAndReturnsTheRejects() async throws {
            try await withSafeguardApp { app in
                try await DemoData(db: app.db).addSubUnits()
                let outcome = try await Self.importer(app).importText(.cases, Self.cases, skipInvalid: true)
                #expect(outcome.imported == 2)
                #expect(outcome.rejectedRows.map { $0[0] } == ["HB-003", "HB-004"])
                let theft = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "HB-001").first())
                #expect(theft.severity == .lessSerious && theft.category == "social-order")
                #expect(theft.discoveredMonth == 202603 && theft.communeCode == "11311" && theft.provinceCode == "31")
                #expect(try await app.fieldCipher.open(theft.summary, for: .caseSummary, on: app.db) == "Trộm cắp xe máy, tại chợ")
                let fraud = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "HB-002").first())
                #expect(fraud.communeCode == "11311" && fraud.unitPath == "/31/11311/11311-01/")
                // Importing the same file again: every number now exists.
                do {
                    _ = try await Self.importer(app).importText(.cases, Self.cases, skipInvalid: false)
                    Issue.record("duplicates were imported")
                } catch RecordImporter.Failure.invalidRows(let errors, _) {
                    #expect(errors.contains { $0.line == 2 && $0.error.reason == .duplicateCode("HB-001") })
                }
            }
        }

        @Test func reportsReplayTheirHandlingThroughTheLifecycle() async throws {
            try await withSafeguardApp { app in
                let csv = """
                    code,kind,received_on,unit,source,category,registered_on,extensions,suspended_on,resumed_on,decided_on,outcome
                    TB-1,Tố giác,02/03/2026,11311,Người dân,Trật tự xã hội,02/03/2026,0,,,20/03/2026,Khởi tố
                    TB-2,information,02/03/2026,11311,Báo chí,social-order,,0,,,20/03/2026,no-prosecution
                    TB-3,denunciation,2026-01-27,11311,Người dân,social-order,2026-01-27,,,,,
                    TB-4,denunciation,2026-03-02,11311,Người dân,social-order,2026-03-02,1,2026-03-20,,,
                    """
                do {
                    _ = try await Self.importer(app).importText(.reports, csv, skipInvalid: false)
                    Issue.record("a decision before registration was accepted")
                } catch RecordImporter.Failure.invalidRows(let errors, _) {
                    #expect(errors.count == 1)
                    #expect(errors[0].line == 3 && errors[0].column == "decided_on")
                    #expect(errors[0].error.reason == .transition(.notRegistered))
                }
                let outcome = try await Self.importer(app).importText(.reports, csv, skipInvalid: true)
                #expect(outcome.imported == 3)
                let decided = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-1").first())
                #expect(decided.kind == .denunciation && decided.outcome == .prosecute && decided.resolvedMonth == 202604)  // 20 March falls in statistical April
                // Open report received 27 Jan: 20 days end in Tết → the next working day, 23 Feb.
                let open = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-3").first())
                #expect(open.state == .registered && open.deadlineOn == "2026-02-23" && open.resolvedMonth == nil)
                let suspended = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-4").first())
                #expect(suspended.state == .suspended && suspended.resolvedMonth == 202604 && suspended.deadlineOn == nil)
            }
        }

        @Test func missingColumnsAreNamed() async throws {
            try await withSafeguardApp(seed: false) { app in
                await #expect(throws: RecordImporter.Failure.self) {
                    _ = try await Self.importer(app).importText(.cases, "Số vụ án,Điều\nX,173\n", skipInvalid: false)
                }
            }
        }
    }
}
