import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Periodic reports (issue 6): the shipped forms load; a ward's officer fills the monthly report —
    /// a bad cell is named and nothing stored, a blocking rule refuses sending but keeps the draft,
    /// autosave stores a draft; the standing office returns it with a reason, the ward corrects and
    /// resends, the office approves and can reopen it; values far from the ward's history are
    /// flagged; the completeness matrix counts only units that existed.
    @Suite struct ReportWorkflowTests {
        static let form = "commune_monthly"

        /// The last closed month, and the one before it.
        static func periods() -> (ReportingPeriod, ReportingPeriod) {
            let closed = PeriodType.month.closed(by: CalendarDate(Date()), since: CalendarDate(Date()).year - 1)
            return (closed[closed.count - 1], closed[closed.count - 2])
        }

        static let complete: [String: String] = [
            "v[propaganda_sessions]": "4", "v[propaganda_participants]": "320", "v[cyberspace_run]": "có", "v[villages]": "12",
            "v[drug_free_villages]": "9", "v[mediation_cases.land]": "2", "v[mediation_successful]": "2",
        ]

        @Test func aWardReportsAndTheOfficeReturnsThenApproves() async throws {
            try await withSafeguardApp { app in
                let forms = try await ReportFormCatalog(db: app.db).current()
                #expect(forms.map(\.code) == ["commune_monthly", "department_quarterly"] && forms.allSatisfy { $0.problems().isEmpty })
                let (period, _) = Self.periods()
                let link = "/reports/\(Self.form)/\(period)"
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var ward = Browser(app)
                try await ward.login("hb")
                let list = try await ward.get("/reports").body.string
                #expect(list.contains("href=\"\(link)\"") && list.contains("Chưa nhập"))
                #expect(try await ward.get(link).body.string.contains("name=\"v[propaganda_sessions]\""))

                // A bad cell is named by its label; nothing is stored.
                var bad = Self.complete
                bad["v[propaganda_sessions]"] = "nhiều"
                let refused = try await ward.post(link, form: bad.merging(["action": "save"]) { a, _ in a }, csrfFrom: link)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("«Số buổi tuyên truyền về an ninh, trật tự»: "))
                #expect(try await ReportSubmission.query(on: app.db).count() == 0)
                // A blocking rule refuses sending, the values stay as a draft.
                var broken = Self.complete
                broken["v[drug_free_villages]"] = "15"
                let blocked = try await ward.post(link, form: broken.merging(["action": "submit"]) { a, _ in a }, csrfFrom: link)
                #expect(blocked.status == .unprocessableEntity && blocked.body.string.contains("Số thôn, tổ dân phố không ma túy không được lớn hơn"))
                let draft = try #require(try await ReportSubmission.query(on: app.db).with(\.$values).first())
                #expect(draft.state == .draft && draft.reportValues.values["drug_free_villages"] == "15")
                // Autosave (the page's script): JSON in, the time out.
                let token = try await ward.csrf(from: link)
                var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token]
                headers.replaceOrAdd(name: .cookie, value: ward.cookie!)
                try await app.testing().test(.POST, "\(link)/draft", headers: headers, body: ByteBuffer(string: "v%5Bpropaganda_sessions%5D=5")) { res in
                    #expect(res.status == .ok && res.body.string.contains("\"saved\""))
                }
                try await app.testing().test(.POST, "\(link)/draft", headers: headers, body: ByteBuffer(string: "v%5Bshare%5D=1&v%5Bvillages%5D=-1")) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("Tổng số thôn, tổ dân phố"))
                }
                #expect(try await ReportValueRecord.query(on: app.db).filter(\.$key == "propaganda_sessions").first()?.value == "5")

                let sent = try await ward.post(link, form: Self.complete.merging(["action": "submit"]) { a, _ in a }, csrfFrom: link)
                #expect(sent.status == .seeOther)
                var stored = try #require(try await ReportSubmission.query(on: app.db).first())
                #expect(stored.state == .submitted && stored.firstSubmittedOn == CalendarDate(Date()).description)
                let locked = try await ward.post(link, form: Self.complete.merging(["action": "save"]) { a, _ in a }, csrfFrom: "/reports")
                #expect(locked.status == .unprocessableEntity && locked.body.string.contains("không sửa được"))

                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get("\(link)?unit=11311").status == .forbidden)

                var office = Browser(app)
                try await office.login("office")
                let review = "\(link)?unit=11311"
                #expect(try await office.get("/reports").body.string.contains("href=\"\(link)?unit=11311\""))
                let noReason = try await office.post("\(link)/review?unit=11311", form: ["action": "return", "reason": " "], csrfFrom: review)
                #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Cần ghi lý do."))
                let returned = try await office.post("\(link)/review?unit=11311", form: ["action": "return", "reason": "Thiếu số vụ hòa giải về hôn nhân, gia đình"], csrfFrom: review)
                #expect(returned.status == .seeOther)
                #expect(try await ward.get(link).body.string.contains("Thiếu số vụ hòa giải về hôn nhân, gia đình"))
                let resent = try await ward.post(link, form: Self.complete.merging(["v[mediation_cases.family]": "1", "action": "submit"]) { a, _ in a }, csrfFrom: link)
                #expect(resent.status == .seeOther)
                // The ward may not approve its own report.
                #expect(try await ward.post("\(link)/review", form: ["action": "approve"], csrfFrom: link).status == .forbidden)
                #expect(try await office.post("\(link)/review?unit=11311", form: ["action": "approve"], csrfFrom: review).status == .seeOther)
                stored = try #require(try await ReportSubmission.query(on: app.db).with(\.$values).first())
                #expect(stored.state == .approved && stored.decidedBy == "office" && stored.reportValues.values["mediation_cases.family"] == "1")
                #expect(stored.firstSubmittedOn == CalendarDate(Date()).description)
                let events = try await ReportEvent.query(on: app.db).sort(\.$at).all().map(\.action)
                #expect(events == ["submit", "return", "submit", "approve"])
                let reopened = try await office.post("\(link)/review?unit=11311", form: ["action": "reopen", "reason": "Sửa số người tham dự"], csrfFrom: review)
                #expect(reopened.status == .seeOther)
                #expect(try await ReportSubmission.query(on: app.db).first()?.state == .draft)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "report").filter(\.$action == "reopen").count() == 1)
            }
        }

        @Test func unusualValuesAreFlaggedAndCompletenessCountsUnitsThatExisted() async throws {
            try await withSafeguardApp { app in
                let (period, _) = Self.periods()
                let form = try #require(try await ReportFormCatalog(db: app.db).form(Self.form))
                let ward = try #require(try await OrgUnit.find(code: "11311", on: app.db))
                // Six earlier months of about a dozen sessions, approved.
                let reports = UnitReports(db: app.db)
                let month = period.months.lowerBound
                for (i, sessions) in [10, 12, 11, 13, 12, 11].enumerated() {
                    let earlier = month.advanced(by: -(6 - i))
                    let p = ReportingPeriod(year: earlier.year, kind: .month(earlier.month))
                    let saved = try await reports.save(ReportValues(["propaganda_sessions": String(sessions)]), form: form, unit: ward, period: p, actor: "test")
                    saved.state = .approved
                    saved.firstSubmittedOn = p.end.description
                    try await saved.update(on: app.db)
                }
                try await reports.save(ReportValues(["propaganda_sessions": "40", "propaganda_participants": "12"]), form: form, unit: ward, period: period, actor: "test")
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let page = try await browser.get("/reports/\(Self.form)/\(period)").body.string
                #expect(page.contains("Khác thường so với các kỳ trước (trung vị 11,50)"))
                #expect(page.components(separatedBy: "class=\"outlier\"").count - 1 == 1)  // participants have no history

                // A ward merged away before the period and one opened after it are not expected.
                let gone = try #require(try await OrgUnit.find(code: "11560", on: app.db))
                gone.closedOn = period.start.adding(days: -1).description
                try await gone.update(on: app.db)
                let new = try #require(try await OrgUnit.query(on: app.db).filter(\.$kind == .ward).filter(\.$code != "11311").filter(\.$code != "11560").first())
                new.openedOn = period.end.adding(days: 1).description
                try await new.update(on: app.db)
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var office = Browser(app)
                try await office.login("office")
                let matrix = try await office.get("/reports/\(Self.form)/completeness?year=\(period.year)").body.string
                #expect(matrix.contains("Tỷ lệ đầy đủ") && matrix.contains("cell-not-expected"))
                let gonePart = try #require(matrix.components(separatedBy: "<tr><td>").first { $0.hasPrefix(gone.name + "<") })
                #expect(gonePart.contains("Không tính"))
            }
        }
    }
}
