import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    /// Field encryption at rest: a case, a report (whose source names the denouncer), a
    /// reclassification, an evidence file, an activity's file and an unconfirmed import, each
    /// carrying a marker, leave no trace of it in the database file or in a `pg_dump`; every one
    /// reads back intact, before and after `safeguard keys rotate`; a value moved to another column
    /// does not open; what an older database held in clear is sealed by the re-sealer.
    @Suite struct FieldEncryptionTests {
        static let marker = "DAU-VET-7F3A-Nguyễn-Văn-Tố-Giác"

        @Test func nothingSealedIsReadableInTheDatabaseAndEverythingReadsBack() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let m = Self.marker
                #expect(try await ward.post("/records/cases", form: [
                    "code": "HB-ENC-1", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/11/2026", "discovered_on": "02/11/2026",
                    "summary": "Tóm tắt \(m) vụ trộm",
                ], csrfFrom: "/records/cases/new").status == .seeOther)
                #expect(try await ward.post("/records/reports", form: [
                    "code": "TB-ENC-1", "kind": "denunciation", "received_on": "02/11/2026", "unit": "11311", "source": "Người tố giác \(m), 0912345678",
                    "category": "social-order", "summary": "Nội dung \(m)",
                ], csrfFrom: "/records/reports/new").status == .seeOther)
                #expect(try await ward.post("/records/cases/HB-ENC-1/reclassify", form: ["article": "174", "clause": "1", "reason": "Lý do \(m)"],
                                            csrfFrom: "/records/cases/HB-ENC-1").status == .seeOther)
                try await Fixtures.assign(app, unit: "11311", title: "Nhiệm vụ mã hóa", due: 10)
                let task = try #require(try await Assignment.query(on: app.db).filter(\.$title == "Nhiệm vụ mã hóa").first())
                let link = "/tasks/\(try task.requireID().uuidString)"
                let pdf = Data("%PDF-1.4\n% \(m)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)
                #expect(try await ward.post("\(link)/updates", fields: [("text", "Đã làm"), ("percent", "50")], files: [("files[]", "bien-ban.pdf", pdf)],
                                            csrfFrom: link).status == .seeOther)
                #expect(try await ward.post("/events", fields: [("title", "Ngày hội"), ("kind", "movement-day"), ("heldOn", "19/08/2026"), ("participants", "30")],
                                            files: [("files[]", "anh.pdf", pdf)], csrfFrom: "/events/new").status == .seeOther)
                let csv = "Số tin báo,Loại,Ngày tiếp nhận,Mã đơn vị,Nguồn tin,Lĩnh vực\nTB-ENC-2,denunciation,2026-11-03,11311,Nguồn \(m),social-order\n"
                #expect(try await ward.post("/records/import", fields: [("kind", "reports")], files: [("file", "tb.csv", Data(csv.utf8))],
                                            csrfFrom: "/records/import").status == .ok)

                #expect(try await Self.storageHolds(m, app) == false)
                try await Self.readsBack(&ward, app, pdf: pdf)
                // Each read of a sealed record or file is in the audit log.
                let reads = Set(try await AuditEntry.query(on: app.db).filter(\.$userID != nil).all().map { "\($0.action) \($0.entity)" })
                #expect(reads.isSuperset(of: ["read criminal-case", "read crime-report", "download evidence", "download outreach-evidence"]))

                // Rotation: new keys, every value re-sealed under them, still nothing readable.
                let before = try await DataKey.query(on: app.db).count()
                for purpose in FieldCipher.Purpose.allCases { _ = try await app.fieldCipher.rotate(purpose, on: app.db) }
                let totals = try await FieldResealer(db: app.db, cipher: app.fieldCipher, batchSize: 2).run()
                #expect(totals.map(\.resealed).reduce(0, +) == 7)
                #expect(try await DataKey.query(on: app.db).count() == before + FieldCipher.Purpose.allCases.count)
                // Resuming finds nothing left to do.
                #expect(try await FieldResealer(db: app.db, cipher: app.fieldCipher).run().map(\.resealed).reduce(0, +) == 0)
                #expect(try await Self.storageHolds(m, app) == false)
                try await Self.readsBack(&ward, app, pdf: pdf)
            }
        }

        @Test func aMovedValueDoesNotOpenAndOldClearValuesAreSealed() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let made = try await ward.post("/records/cases", form: [
                    "code": "HB-ENC-2", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/11/2026", "discovered_on": "02/11/2026",
                    "summary": "Tóm tắt bí mật",
                ], csrfFrom: "/records/cases/new")
                #expect(made.status == .seeOther, "\(made.status) \(made.body.string.prefix(3000))")
                let row = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "HB-ENC-2").first())
                let sealed = try #require(row.summary)
                #expect(sealed.hasPrefix("sg1.") && !sealed.contains("bí mật"))
                await #expect(throws: FieldCipher.Failure.self) {
                    try await app.fieldCipher.open(sealed, for: .reportSummary, on: app.db)
                }
                // A row written before encryption: read as it is, then sealed by the re-sealer.
                let sql = app.db as! any SQLDatabase
                try await sql.update("criminal_cases").set("summary", to: "Ghi chép cũ").where("code", .equal, "HB-ENC-2").run()
                #expect(try await ward.get("/records/cases/HB-ENC-2").body.string.contains("Ghi chép cũ"))
                let sealedNow = try await FieldResealer(db: app.db, cipher: app.fieldCipher).run(columns: [.caseSummary])
                #expect(sealedNow.first?.resealed == 1)
                let stored = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "HB-ENC-2").first()?.summary)
                #expect(stored.hasPrefix("sg1.") && !stored.contains("Ghi chép"))
                // Files are stored sealed (the binary envelope), whatever a dump shows of them.
                let sql2 = app.db as! any SQLDatabase
                for column in FieldCipher.Column.all where column.isBinary {
                    for row in try await sql2.select().column(SQLIdentifier(column.name)).from(column.table).all() {
                        #expect(FieldCipher.keyID(of: try row.decode(column: column.name, as: Data.self)) != nil, "\(column.label) in clear")
                    }
                }
                #expect(try await ward.get("/records/cases/HB-ENC-2").body.string.contains("Ghi chép cũ"))
                // Another master key opens nothing: the data keys are useless without the key file.
                let stranger = FieldCipher(master: MasterKey(bytes: [UInt8](repeating: 7, count: 32)), clock: app.clock)
                await #expect(throws: FieldCipher.Failure.self) { try await stranger.open(stored, for: .caseSummary, on: app.db) }
            }
        }

        /// What the pages and downloads show, after every change.
        static func readsBack(_ ward: inout Browser, _ app: Application, pdf: Data) async throws {
            let m = marker
            let casePage = try await ward.get("/records/cases/HB-ENC-1").body.string
            #expect(casePage.contains("Tóm tắt \(m) vụ trộm") && casePage.contains("Lý do \(m)"))
            let reportPage = try await ward.get("/records/reports/TB-ENC-1").body.string
            #expect(reportPage.contains("Người tố giác \(m), 0912345678") && reportPage.contains("Nội dung \(m)"))
            let evidence = try #require(try await EvidenceFile.query(on: app.db).first())
            #expect(try await ward.get("/evidence/\(try evidence.requireID().uuidString)").body == ByteBuffer(data: pdf))
            let outreach = try #require(try await OutreachEvidence.query(on: app.db).first())
            #expect(try await ward.get("/events/evidence/\(try outreach.requireID().uuidString)").body == ByteBuffer(data: pdf))
            let pending = try #require(try await PendingImport.query(on: app.db).first())
            let content = try await app.fieldCipher.open(pending.content, for: .pendingImport, on: app.db)
            #expect(String(decoding: content, as: UTF8.self).contains("Nguồn \(m)"))
        }

        /// Whether `text` (or its ASCII part) appears anywhere the database keeps its data: the
        /// SQLite file and its write-ahead log, or a `pg_dump` of the PostgreSQL database.
        static func storageHolds(_ text: String, _ app: Application) async throws -> Bool {
            // pg_dump writes binary columns (the files) in hex: the marker is looked for that way too.
        let hex = Data("DAU-VET-7F3A".utf8).map { String(format: "%02x", $0) }.joined()
        let needles = [Data(text.utf8), Data("DAU-VET-7F3A".utf8), Data(hex.utf8)]
            var haystacks: [Data] = []
            if let url = app.settings.databaseURL {
                let dump = Process()
                dump.executableURL = URL(fileURLWithPath: "/usr/bin/pg_dump")
                dump.arguments = ["--data-only", "--no-owner", url]
                let out = Pipe()
                dump.standardOutput = out
                try dump.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                dump.waitUntilExit()
                #expect(dump.terminationStatus == 0 && data.count > 10_000, "pg_dump failed")
                haystacks.append(data)
            } else {
                let path = app.settings.sqlitePath
                for file in [path, path + "-wal"] {
                    if let data = FileManager.default.contents(atPath: file) { haystacks.append(data) }
                }
                #expect(!haystacks.isEmpty)
            }
            return haystacks.contains { hay in needles.contains { hay.range(of: $0) != nil } }
        }
    }
}
