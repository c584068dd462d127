import Fluent
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
import Yams
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Periodic reports: the shipped forms load; a ward's officer fills the monthly report —
    /// a bad cell is named and nothing stored, a blocking rule refuses sending but keeps the draft,
    /// autosave stores a draft; the standing office returns it with a reason, the ward corrects and
    /// resends, the office approves and can reopen it; values far from the ward's history are
    /// flagged; the completeness matrix counts only units that existed.
    @Suite struct ReportWorkflowTests {
        static let form = "commune_monthly"

        static let complete: [String: String] = [
            "v[propaganda_sessions]": "4", "v[propaganda_participants]": "320", "v[cyberspace_run]": "có", "v[villages]": "12",
            "v[drug_free_villages]": "9", "v[mediation_cases.land]": "2", "v[mediation_successful]": "2",
        ]

        @Test func aWardReportsAndTheOfficeReturnsThenApproves() async throws {
            try await withSafeguardApp { app in
                let forms = try await ReportFormCatalog(db: app.db).current()
                #expect(forms.map(\.code) == ["commune_monthly", "department_quarterly"] && forms.allSatisfy { $0.problems().isEmpty })
                let (period, _) = Fixtures.periods()
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
                #expect(stored.state == .submitted && stored.firstSubmittedOn == TestCalendar.today.description)
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
                // The ward is told, in its notification centre, with the reason and a link to the report.
                let notices = try await ward.get("/notifications").body.string
                #expect(notices.contains("Báo cáo bị trả lại") && notices.contains("Thiếu số vụ hòa giải") && notices.contains("href=\"\(link)\""))
                let resent = try await ward.post(link, form: Self.complete.merging(["v[mediation_cases.family]": "1", "action": "submit"]) { a, _ in a }, csrfFrom: link)
                #expect(resent.status == .seeOther)
                // The ward may not approve its own report.
                #expect(try await ward.post("\(link)/review", form: ["action": "approve"], csrfFrom: link).status == .forbidden)
                #expect(try await office.post("\(link)/review?unit=11311", form: ["action": "approve"], csrfFrom: review).status == .seeOther)
                stored = try #require(try await ReportSubmission.query(on: app.db).with(\.$values).first())
                #expect(stored.state == .approved && stored.decidedBy == "office" && stored.reportValues.values["mediation_cases.family"] == "1")
                #expect(stored.firstSubmittedOn == TestCalendar.today.description)
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
                let (period, _) = Fixtures.periods()
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
                // Each unit's own rates close its row: the merged ward owed the months before, and sent none.
                #expect(gonePart.hasSuffix("<td class=\"num\">0%</td><td class=\"num\">0%</td></tr>\n"))
            }
        }
    
        /// The Excel route: the template carries the values entered; a filled file with one bad cell
        /// is refused naming that cell and nothing changes; a good one replaces the draft's values;
        /// a file for another month is refused.
        @Test func anExcelFileWithABadCellIsRefusedNamingTheCell() async throws {
            try await withSafeguardApp { app in
                let (period, earlier) = Fixtures.periods()
                let link = "/reports/\(Self.form)/\(period)"
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                #expect(try await ward.post(link, form: ["v[propaganda_sessions]": "3", "action": "save"], csrfFrom: link).status == .seeOther)
                let template = try await ward.get("\(link)/template.xlsx")
                #expect(template.status == .ok && template.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
                var rows = try XLSXReader().read(Data(template.body.readableBytesView)).records.map(\.fields)
                #expect(rows[0] == ReportWorkbook.header)
                let sessions = try #require(rows.firstIndex { $0.first == "propaganda_sessions" })
                #expect(rows[sessions][2] == "3")
                func fill(_ key: String, _ value: String) { if let i = rows.firstIndex(where: { $0.first == key }) { rows[i][2] = value } }
                fill("propaganda_sessions", "6"); fill("propaganda_participants", "410"); fill("cyberspace_run", "Có"); fill("villages", "12")
                fill("drug_free_villages", "mười")  // the one bad cell
                func upload(_ rows: [[String]]) async throws -> TestingHTTPResponse {
                    try await ward.post("\(link)/upload", fields: [], files: [("file", "bao-cao.xlsx", try XLSXWriter.workbook(sheets: [(ReportWorkbook.sheet, rows)]))], csrfFrom: link)
                }
                let bad = try await upload(rows)
                let row = try #require(rows.firstIndex { $0.first == "drug_free_villages" }) + 1
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("Trang «Báo cáo», ô C\(row): «Số thôn, tổ dân phố không ma túy» — "))
                #expect(try await ReportValueRecord.query(on: app.db).all().map { "\($0.key)=\($0.value)" } == ["propaganda_sessions=3"])
                fill("drug_free_villages", "9")
                var other = rows
                if let i = other.firstIndex(where: { $0.first == ReportWorkbook.periodMarker }) { other[i][2] = earlier.description }
                let wrongMonth = try await upload(other)
                #expect(wrongMonth.status == .unprocessableEntity && wrongMonth.body.string.contains("tệp dành cho «\(earlier)»"))
                #expect(try await upload(rows).status == .seeOther)
                let stored = try #require(try await ReportSubmission.query(on: app.db).with(\.$values).first())
                #expect(stored.reportValues.values == ["propaganda_sessions": "6", "propaganda_participants": "410", "cyberspace_run": "true",
                                                       "villages": "12", "drug_free_villages": "9"])
            }
        }

        /// Approved reports roll up into the city's report; a reported count that differs from the
        /// records is flagged; the Word document follows Decree 30 and the Excel holds the data.
        @Test func theCityReportConsolidatesApprovedReports() async throws {
            try await withSafeguardApp { app in
                let (period, _) = Fixtures.periods()
                let form = try #require(try await ReportFormCatalog(db: app.db).form(Self.form))
                let reports = UnitReports(db: app.db)
                for (code, sessions, received) in [("11311", "4", "999"), ("11560", "6", nil as String?)] {
                    let unit = try #require(try await OrgUnit.find(code: code, on: app.db))
                    var values = ["propaganda_sessions": sessions, "cyberspace_run": code == "11311" ? "true" : "false", "drug_free_progress": "Đã đăng ký"]
                    values["crime_reports_received"] = received
                    if code == "11311" { values["reintegrated"] = "2" }
                    let saved = try await reports.save(ReportValues(values), form: form, unit: unit, period: period, actor: "test")
                    saved.state = .approved
                    saved.firstSubmittedOn = period.end.description
                    try await saved.update(on: app.db)
                }
                // One person of Hồng Bàng's post-rehabilitation register supported twice in the period, one drug user (not counted) once.
                let hongBang = try #require(try await OrgUnit.find(code: "11311", on: app.db))
                let sealer = try await app.fieldCipher.sealer(for: .people, on: app.db)
                let index = BlindIndex(master: app.masterKey, field: .identityNumber)
                for (kind, id) in [("post-rehabilitation", "031090003331"), ("drug-user", "031090003332")] {
                    let draft = ManagedPersonDraft(kind: kind, fullName: "A", birthDate: "1990-01-01", idNumber: id, address: "x", unit: "11311",
                                                   basisNumber: "1", basisDate: "2026-01-01", basisIssuer: "UBND", startedOn: "2026-01-02")
                    let person = try PeopleRegister.newRow(try draft.validate(today: app.clock.today).get(), in: hongBang, helper: nil, officer: nil, sealer: sealer, index: index)
                    try await person.create(on: app.db)
                    for day in [1, 3] where kind == "post-rehabilitation" || day == 1 {
                        let event = PersonEventRow()
                        (event.$person.id, event.kind, event.unitCode, event.supportKind) = (try person.requireID(), .support, "11311", .job)
                        event.happenedAt = period.months.lowerBound.start.adding(days: day).startInVietnam
                        event.recordedAt = event.happenedAt
                        try await event.create(on: app.db)
                    }
                }
                let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let content = try await CityReport(db: app.db).build(province: city, period: period, today: app.clock.today)
                let section = try #require(content.sections.first { $0.form.code == Self.form })
                func line(_ key: String) throws -> Consolidation.Line { try #require(section.lines.first { $0.key == key }) }
                // Two reported, one person on the registers: flagged, and the annex shows both.
                #expect(try line("reintegrated").computed == 1 && line("reintegrated").mismatch)
                #expect(section.annex.contains { $0.contains("2 (hồ sơ: 1)") })
                #expect(try line("propaganda_sessions").total == 10 && line("propaganda_sessions").reporting == 2)
                #expect(try line("cyberspace_run").answers.first?.count == 1)
                #expect(try line("drug_free_progress").answers.first { $0.answer == "Đã đăng ký" }?.count == 2)
                // No crime reports are on file in the test database: 999 reported against 0.
                #expect(try line("crime_reports_received").computed == 0 && line("crime_reports_received").mismatch)
                #expect(section.approved == 2 && section.rate.expected > 100)

                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var office = Browser(app)
                try await office.login("office")
                let page = try await office.get("/reports/city?period=\(period)").body.string
                #expect(page.contains("Báo cáo tổng hợp của thành phố") && page.contains("Lệch"))
                let word = try await office.get("/reports/city.docx?period=\(period)")
                #expect(word.status == .ok && word.headers.first(name: .contentDisposition) == "attachment; filename=\"bao-cao-\(period).docx\"")
                let xml = try Self.part(Data(word.body.readableBytesView), "word/document.xml")
                #expect(xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && xml.contains("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU") && xml.contains("Lệch với hồ sơ"))
                let excel = try await office.get("/reports/city.xlsx?period=\(period)")
                let sheet = try XLSXReader().read(Data(excel.body.readableBytesView)).records.map(\.fields)
                #expect(sheet.contains { $0.count > 2 && $0[0] == Self.form && $0[2] == "10" })
                var ward = Browser(app)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await ward.login("hb")
                #expect(try await ward.get("/reports/city").status == .forbidden)
            }
        }

        static func part(_ docx: Data, _ path: String) throws -> String {
            let archive = try Archive(data: docx, accessMode: .read)
            var out = Data()
            _ = try archive.extract(try #require(archive[path])) { out.append($0) }
            return String(decoding: out, as: UTF8.self)
        }

        /// The daily run reminds each unit of its unsent report for the last closed period, once, and
        /// not a unit that has sent it or did not exist through the period.
        @Test func unitsAreRemindedOfReportsTheyHaveNotSent() async throws {
            try await withSafeguardApp { app in
                let (period, _) = Fixtures.periods()
                let form = try #require(try await ReportFormCatalog(db: app.db).form(Self.form))
                let sent = try #require(try await OrgUnit.find(code: "11311", on: app.db))
                let report = try await UnitReports(db: app.db).save(ReportValues(["propaganda_sessions": "2"]), form: form, unit: sent, period: period, actor: "test")
                report.state = .submitted
                try await report.update(on: app.db)
                let gone = try #require(try await OrgUnit.find(code: "11560", on: app.db))
                gone.closedOn = period.start.description
                try await gone.update(on: app.db)
                // On the deadline's eve the reminder is "due soon"; the day after, "overdue".
                let deadline = form.deadline(for: period)
                let service = ReminderService(db: app.db, days: 7)
                let localities = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ form.unitKinds).count()
                func told(_ kind: String) async throws -> Int {
                    try await Notification.query(on: app.db).filter(\.$formCode == Self.form).filter(\.$kind == kind).count()
                }
                _ = try await service.runReports(today: deadline.adding(days: -1))
                #expect(try await told("report-due-soon") == localities - 2)
                _ = try await service.runReports(today: deadline.adding(days: -1))
                #expect(try await told("report-due-soon") == localities - 2)  // once
                _ = try await service.runReports(today: deadline.adding(days: 1))
                #expect(try await told("report-overdue") == localities - 2)
                let kinds = try await Notification.query(on: app.db).filter(\.$formCode == Self.form).all()
                #expect(!kinds.contains { $0.unitCode == "11311" || $0.unitCode == "11560" })
                #expect(Set(kinds.map(\.kind)) == ["report-due-soon", "report-overdue"])
                let notice = try #require(kinds.first)
                #expect(notice.link == "/reports/\(Self.form)/\(period)" && notice.dueOn == deadline.description)
            }
        }

        /// The standing office revises a form as YAML: a mistake is named and nothing stored; a change
        /// is version 2, and a report already made keeps version 1; an officer cannot edit forms.
        @Test func theOfficeRevisesAFormAsANewVersion() async throws {
            try await withSafeguardApp { app in
                let (period, _) = Fixtures.periods()
                let form = try #require(try await ReportFormCatalog(db: app.db).form(Self.form))
                let ward = try #require(try await OrgUnit.find(code: "11311", on: app.db))
                try await UnitReports(db: app.db).save(ReportValues(["propaganda_sessions": "2"]), form: form, unit: ward, period: period, actor: "test")
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var office = Browser(app)
                try await office.login("office")
                let link = "/reports/forms/\(Self.form)"
                let page = try await office.get(link).body.string
                #expect(page.contains("code: commune_monthly") && page.contains("deadlineDays: 3"))
                let yaml = try YAMLEncoder().encode(form)
                var bad = form
                bad.rules.append(ValidationRule(code: "R9", left: "ghost", comparison: .atLeast, right: "0", importance: .warning, message: "x"))
                let refused = try await office.post(link, form: ["text": try YAMLEncoder().encode(bad)], csrfFrom: link)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("rules.R9: unknown value ghost"))
                let renamed = try await office.post(link, form: ["text": yaml.replacingOccurrences(of: "code: commune_monthly", with: "code: other_form")], csrfFrom: link)
                #expect(renamed.status == .unprocessableEntity && renamed.body.string.contains("Mã biểu mẫu phải giữ nguyên"))
                let revised = try await office.post(link, form: ["text": yaml.replacingOccurrences(of: "deadlineDays: 3", with: "deadlineDays: 5")], csrfFrom: link)
                #expect(revised.status == .seeOther && revised.headers.first(name: .location) == "\(link)?saved=2")
                let current = try #require(try await ReportFormCatalog(db: app.db).form(Self.form))
                #expect(current.version == 2 && current.deadlineDays == 5)
                #expect(try await ReportSubmission.query(on: app.db).first()?.formVersion == 1)
                // The same text again changes nothing.
                #expect(try await office.post(link, form: ["text": try YAMLEncoder().encode(current)], csrfFrom: link).status == .seeOther)
                #expect(try await ReportFormRecord.query(on: app.db).filter(\.$code == Self.form).count() == 2)
                var ward2 = Browser(app)
                try await ward2.login("hb")
                #expect(try await ward2.get(link).status == .forbidden)
            }
        }
}
}
