import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    /// `/admin/audit`: who may open it, what the filters select, an entry with its chain, the same
    /// selection as CSV and Excel, and the reading itself in the log.
    @Suite struct AuditLogPageTests {
        /// A ward officer who reads a case and an officer of another ward who reads nothing.
        static func activity(_ app: Application) async throws {
            try await app.createUser("hb", role: .communeOfficer, unit: "11311")
            var ward = Browser(app)
            try await ward.login("hb")
            let created = try await ward.post("/records/cases", form: [
                "code": "HB-AUDIT-1", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/11/2026", "discovered_on": "02/11/2026",
                "summary": "Vụ trộm cắp",
            ], csrfFrom: "/records/cases/new")
            #expect(created.status == .seeOther)
            #expect(try await ward.get("/records/cases/HB-AUDIT-1").status == .ok)
        }

        @Test func theStandingOfficeFiltersTheLogAndOpensAnEntry() async throws {
            try await withSafeguardApp { app in
                try await Self.activity(app)
                try await app.createUser("office", role: .standingOffice)
                var office = Browser(app)
                try await office.login("office")
                let all = try await office.get("/admin/audit")
                #expect(all.status == .ok)
                #expect(all.body.string.contains("Nhật ký hệ thống") && all.body.string.contains("HB-AUDIT-1"))
                // By account and action: the reading of the case, not its creation.
                let reads = try await office.get("/admin/audit?user=hb&action=read&entity=criminal-case")
                let readRows = reads.body.string.components(separatedBy: "<td>read</td>").count - 1
                #expect(readRows == 1)
                #expect(!reads.body.string.contains("<td>create</td>"))
                // By unit: Hồng Bàng's accounts; another ward's has none of it.
                #expect(try await office.get("/admin/audit?unit=11311").body.string.contains("HB-AUDIT-1"))
                #expect(!(try await office.get("/admin/audit?unit=11560").body.string.contains("HB-AUDIT-1")))
                // By day (Việt Nam's): today has it, yesterday not.
                #expect(try await office.get("/admin/audit?from=2026-12-04&to=2026-12-04").body.string.contains("HB-AUDIT-1"))
                #expect(!(try await office.get("/admin/audit?to=2026-12-03").body.string.contains("HB-AUDIT-1")))
                #expect(try await office.get("/admin/audit?from=04-12-2026").status == .badRequest)

                let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityKey == "HB-AUDIT-1").filter(\.$action == "read").first())
                let page = try await office.get("/admin/audit/\(entry.seq!)")
                #expect(page.status == .ok)
                #expect(page.body.string.contains(entry.hash!) && page.body.string.contains("Nội dung khớp mã băm"))
                #expect(try await office.get("/admin/audit/999999").status == .notFound)

                // The office's reading is itself in the log, with its filters.
                let logged = try await AuditEntry.query(on: app.db).filter(\.$actor == "office").filter(\.$entity == "audit-log").all()
                #expect(logged.contains { $0.detail == "user=hb entity=criminal-case action=read" })
                #expect(try await AuditVerifier(db: app.db).verify().holds)
            }
        }

        @Test func theExportsHoldWhatThePageListed() async throws {
            try await withSafeguardApp { app in
                try await Self.activity(app)
                try await app.createUser("admin", role: .systemAdmin)
                var admin = Browser(app)
                try await admin.login("admin")
                let csv = try await admin.get("/admin/audit/export.csv?user=hb")
                #expect(csv.status == .ok)
                let lines = csv.body.string.split(separator: "\r\n")
                let expected = try await AuditEntry.query(on: app.db).filter(\.$actor == "hb").count()
                #expect(lines.count == 1 + expected)
                #expect(lines.dropFirst().allSatisfy { $0.contains(",hb,") })
                let xlsx = try await admin.get("/admin/audit/export.xlsx?user=hb")
                #expect(xlsx.status == .ok && Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            }
        }

        @Test func officersMayNotOpenTheLogAndTheMenuFollowsTheRole() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                for path in ["/admin/audit", "/admin/audit/1", "/admin/audit/export.csv"] {
                    #expect(try await ward.get(path).status == .forbidden, "\(path)")
                }
                let wardMenu = try await ward.get("/units").body.string
                #expect(wardMenu.contains("href=\"/records/cases\"") && !wardMenu.contains("href=\"/admin/audit\""))
                try await app.createUser("admin", role: .systemAdmin)
                var admin = Browser(app)
                try await admin.login("admin")
                let adminMenu = try await admin.get("/units").body.string
                #expect(adminMenu.contains("href=\"/admin/audit\"") && !adminMenu.contains("href=\"/records/cases\"") && !adminMenu.contains("href=\"/dashboard\""))
            }
        }
    }
}
