import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct RecordFormTests {
        @Test func aCommuneOfficerRecordsACaseWithVietnameseValidation() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let bad = try await browser.post("/records/cases", form: [
                    "code": "HB-9", "article": "173", "clause": "7", "unit": "11311", "occurred_on": "01/03/2026", "discovered_on": "29/02/2026",
                ], csrfFrom: "/records/cases/new")
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("«Khoản»: Khoản không có trong điều luật. (173.7)"))
                #expect(bad.body.string.contains("«Ngày phát hiện»: Ngày không hợp lệ"))
                #expect(bad.body.string.contains(#"value="HB-9""#))  // values are kept
                // Each message stands under its field, which points to it; the list at the top links to the field.
                #expect(bad.body.string.contains(#"aria-describedby="f-clause-error""#))
                #expect(bad.body.string.contains(#"<p class="field-error" id="f-clause-error">«Khoản»: Khoản không có trong điều luật. (173.7)</p>"#))
                #expect(bad.body.string.contains(##"<a href="#f-discovered_on">«Ngày phát hiện»"##))
                #expect(!bad.body.string.contains(#"aria-describedby="f-code-error""#))
                let other = try await browser.post("/records/cases", form: [
                    "code": "HB-9", "article": "173", "clause": "1", "unit": "11560", "occurred_on": "01/03/2026", "discovered_on": "02/03/2026",
                ], csrfFrom: "/records/cases/new")
                #expect(other.status == .forbidden)
                let ok = try await browser.post("/records/cases", form: [
                    "code": "HB-9", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/03/2026", "discovered_on": "02/03/2026",
                ], csrfFrom: "/records/cases/new")
                #expect(ok.location == "/records/cases/HB-9")
                let page = try await browser.get("/records/cases/HB-9").body.string
                #expect(page.contains("Tội trộm cắp tài sản") && page.contains("Ít nghiêm trọng"))
                #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "criminal-case").filter(\.$action == "read").count() == 1)
            }
        }

        @Test func reclassificationNeedsAReasonAndDowngradesAreShown() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("lanhdao", role: .leader)
                var browser = Browser(app)
                try await browser.login("hb")
                _ = try await browser.post("/records/cases", form: [
                    "code": "HB-10", "article": "173", "clause": "3", "unit": "11311", "occurred_on": "01/03/2026", "discovered_on": "02/03/2026",
                ], csrfFrom: "/records/cases/new")
                let noReason = try await browser.post("/records/cases/HB-10/reclassify", form: ["article": "173", "clause": "1", "reason": " "],
                                                      csrfFrom: "/records/cases/HB-10")
                #expect(noReason.status == .unprocessableEntity)
                #expect(noReason.body.string.contains("«Lý do»: Bắt buộc nhập."))
                let ok = try await browser.post("/records/cases/HB-10/reclassify",
                                                form: ["article": "173", "clause": "1", "reason": "Giá trị tài sản định giá lại dưới 50 triệu"],
                                                csrfFrom: "/records/cases/HB-10")
                #expect(ok.status == .seeOther)
                let stored = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "HB-10").first())
                #expect(stored.severity == .lessSerious && stored.clause == 1)
                let change = try #require(try await CaseReclassification.query(on: app.db).first())
                #expect(change.beforeSeverity == .verySerious && change.afterSeverity == .lessSerious && change.isDowngrade)
                // The leader sees it in the downgrades view but cannot reclassify.
                var leader = Browser(app)
                try await leader.login("lanhdao")
                let view = try await leader.get("/records/reclassifications?period=\(KPIReport.currentYear(today: app.clock.today))&downgrades=1").body.string
                #expect(view.contains("HB-10") && view.contains("Giá trị tài sản định giá lại dưới 50 triệu") && view.contains("Hạ mức"))
                let dashboard = try await leader.get("/dashboard?period=\(KPIReport.currentYear(today: app.clock.today))").body.string
                #expect(dashboard.contains("Thay đổi phân loại trong kỳ: <strong>1</strong> (1 hạ mức)"))
                let refused = try await leader.post("/records/cases/HB-10/reclassify", form: ["article": "173", "clause": "4", "reason": "x"],
                                                    csrfFrom: "/records/cases/HB-10")
                #expect(refused.status == .forbidden)
            }
        }

        /// Two officers acting on one report at once: the second step is judged against the first
        /// one's result, not against the copy its form was built from (no lost update).
        @Test func aStepIsJudgedAgainstTheStoredReportNotAStaleCopy() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                _ = try await browser.post("/records/reports", form: [
                    "code": "TB-2", "kind": "denunciation", "received_on": "02/03/2026", "unit": "11311", "source": "Người dân",
                    "category": "social-order",
                ], csrfFrom: "/records/reports/new")
                let first = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-2").first())
                let stale = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-2").first())
                let user = try #require(try await User.query(on: app.db).filter(\.$username == "hb").with(\.$unit).first())
                let request = Request(application: app, on: app.eventLoopGroup.next())
                request.auth.login(user)
                try await RecordEditing(request: request).apply("register", date: "2026-03-02", outcome: nil, to: first)
                await #expect(throws: RecordFormError.self) {
                    try await RecordEditing(request: request).apply("register", date: "2026-03-04", outcome: nil, to: stale)
                }
                try await RecordEditing(request: request).apply("extend", date: "2026-03-10", outcome: nil, to: stale)
                let stored = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-2").first())
                #expect(stored.registeredOn == "2026-03-02" && stored.extensions == 1)
            }
        }

        @Test func reportStepsFollowTheLaw() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let created = try await browser.post("/records/reports", form: [
                    "code": "TB-1", "kind": "denunciation", "received_on": "02/03/2026", "unit": "11311", "source": "Người dân",
                    "category": "social-order",
                ], csrfFrom: "/records/reports/new")
                #expect(created.location == "/records/reports/TB-1")
                let early = try await browser.post("/records/reports/TB-1/actions", form: ["action": "decide", "date": "2026-03-05", "outcome": "prosecute"],
                                                   csrfFrom: "/records/reports/TB-1")
                #expect(early.status == .unprocessableEntity)
                #expect(early.body.string.contains("Tin báo chưa được thụ lý."))
                for (action, date) in [("register", "2026-03-02"), ("extend", "2026-03-10"), ("suspend", "2026-03-20"), ("resume", "2026-04-10")] {
                    let step = try await browser.post("/records/reports/TB-1/actions", form: ["action": action, "date": date], csrfFrom: "/records/reports/TB-1")
                    #expect(step.status == .seeOther, "\(action)")
                }
                let report = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-1").first())
                // Resumed 10 April: one month → 10 May, a Sunday → Monday 11 May.
                #expect(report.state == .registered && report.deadlineOn == "2026-05-11" && report.resolvedMonth == nil)
                let decided = try await browser.post("/records/reports/TB-1/actions", form: ["action": "decide", "date": "2026-04-20", "outcome": "no-prosecution"],
                                                     csrfFrom: "/records/reports/TB-1")
                #expect(decided.status == .seeOther)
                let final = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-1").first())
                #expect(final.state == .decided && final.outcome == .noProsecution && final.resolvedMonth == 202605 && final.deadlineOn == nil)
                #expect(try await browser.get("/records/reports?filter=all").body.string.contains("TB-1"))
            }
        }
    }
}

extension ServerTests.RecordFormTests {
    @Test func casesAreSolvedLaterAndNumbersWithSlashesWork() async throws {
        try await withSafeguardApp { app in
            try await app.createUser("hb", role: .communeOfficer, unit: "11311")
            var browser = Browser(app)
            try await browser.login("hb")
            let created = try await browser.post("/records/cases", form: [
                "code": "12/VA-2026", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/03/2026", "discovered_on": "02/03/2026",
            ], csrfFrom: "/records/cases/new")
            #expect(created.location == "/records/cases/12%2FVA-2026")
            #expect(try await browser.get("/records/cases/12%2FVA-2026").status == .ok)
            let early = try await browser.post("/records/cases/12%2FVA-2026/solve", form: ["solved_on": "2026-03-01"], csrfFrom: "/records/cases/new")
            #expect(early.status == .unprocessableEntity)
            let solved = try await browser.post("/records/cases/12%2FVA-2026/solve", form: ["solved_on": "2026-03-20"], csrfFrom: "/records/cases/new")
            #expect(solved.status == .seeOther)
            let row = try #require(try await CriminalCase.query(on: app.db).filter(\.$code == "12/VA-2026").first())
            #expect(row.solvedOn == "2026-03-20" && row.solvedMonth == 202604)
            let bad = try await browser.post("/records/cases", form: [
                "code": "VA 1\r\nX", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/03/2026", "discovered_on": "02/03/2026",
            ], csrfFrom: "/records/cases/new")
            #expect(bad.status == .unprocessableEntity)
        }
    }
}
