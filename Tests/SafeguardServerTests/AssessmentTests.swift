import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The movement's evaluation: a residential area self-assesses with
    /// evidence, its commune adjusts a score with a reason, the standing office approves; bad
    /// scores are refused naming the criterion; late submissions are kept, marked late; criteria
    /// sets are versioned; registrations, recognition, the "0 Yếu" and registration targets and the
    /// emulation exports follow from the data.
    @Suite struct AssessmentTests {
        static let area = "11311-TDP1"

        /// A residential group under Hồng Bàng ward, with an officer of its own.
        static func residentialGroup(_ app: Application) async throws -> OrgUnit {
            let ward = try #require(try await OrgUnit.find(code: "11311", on: app.db))
            let group = try OrgUnit(code: area, name: "Tổ dân phố số 1", kind: .residentialGroup, parent: ward)
            try await group.create(on: app.db)
            return group
        }

        /// A registration made in the first quarter (the page allows only this year's or the next).
        static func registerForSafety(_ unit: OrgUnit, year: Int, on db: any Database) async throws {
            let r = RegistrationRecord()
            (r.unitCode, r.unitPath, r.provinceCode, r.year) = (unit.code, unit.path, unit.provinceCode, year)
            (r.safety, r.exemplary, r.registeredOn, r.late, r.registeredBy) = (true, false, "\(year)-03-02", false, "hb")
            try await r.create(on: db)
        }

        static let scores = [("score[K1]", "10"), ("score[K2]", "14"), ("score[K3]", "12"), ("score[K4]", "15"), ("score[K5]", "25"), ("score[K6]", "10")]

        @Test func aResidentialAreaIsAssessedAdjustedAndApproved() async throws {
            try await withSafeguardApp { app in
                _ = try await Self.residentialGroup(app)
                try await app.createUser("tdp", role: .communeOfficer, unit: Self.area)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                let link = "/assessments/\(Self.area)?year=2026"
                let post = "/assessments/\(Self.area)"
                var area = Browser(app)
                try await area.login("tdp")
                #expect(try await area.get(link).body.string.contains("K6"))

                // Above the maximum: refused, the criterion named, nothing stored.
                let high = try await area.post(post, fields: [("year", "2026"), ("action", "save"), ("score[K1]", "12")], files: [], csrfFrom: link)
                #expect(high.status == .unprocessableEntity)
                #expect(high.body.string.contains("«K1 — Đăng ký xây dựng khu dân cư “An toàn về an ninh, trật tự” trong quý I, có kế hoạch thực hiện»: "))
                #expect(high.body.string.contains("(0–10)"))
                #expect(try await AssessmentRecord.query(on: app.db).count() == 0)
                // Submitting points that need evidence without any: refused, named, still nothing stored.
                let bare = try await area.post(post, fields: [("year", "2026"), ("action", "submit")] + Self.scores, files: [], csrfFrom: link)
                #expect(bare.status == .unprocessableEntity && bare.body.string.contains("cần có tệp minh chứng"))
                #expect(try await AssessmentRecord.query(on: app.db).count() == 0)

                // With evidence for K1–K3, after 19/11/2026: accepted, marked late.
                let sent = try await area.post(post, fields: [("year", "2026"), ("action", "submit"), ("note[K3]", "Tổ tự quản")] + Self.scores,
                                               files: ["K1", "K2", "K3"].map { ("evidence[\($0)][]", "minh-chung-\($0).pdf", Fixtures.pdf) }, csrfFrom: link)
                #expect(sent.status == .seeOther)
                let record = try #require(try await AssessmentRecord.query(on: app.db).filter(\.$unitCode == Self.area).first())
                #expect(record.state == .submitted && record.late && record.submittedOn != nil && record.total == 86 && record.level == .good)
                #expect(try await AssessmentEvidence.query(on: app.db).count() == 3)
                // The unit can neither change it now nor review itself.
                #expect(try await area.post(post, fields: [("year", "2026"), ("action", "save")] + Self.scores, files: [], csrfFrom: link).status == .unprocessableEntity)
                #expect(try await area.post(post + "/adjust", form: ["year": "2026", "criterion": "K6", "points": "15", "reason": "x"], csrfFrom: link).status == .forbidden)

                // The ward adjusts one score: a reason is required; then the level follows.
                var ward = Browser(app)
                try await ward.login("hb")
                let noReason = try await ward.post(post + "/adjust", form: ["year": "2026", "criterion": "K3", "points": "20", "reason": " "], csrfFrom: link)
                #expect(noReason.status == .unprocessableEntity)
                let tooMany = try await ward.post(post + "/adjust", form: ["year": "2026", "criterion": "K3", "points": "21", "reason": "x"], csrfFrom: link)
                #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("«K3 — Duy trì mô hình tự quản"))
                let adjusted = try await ward.post(post + "/adjust", form: ["year": "2026", "criterion": "K3", "points": "20", "reason": "Mô hình camera an ninh hoạt động tốt"],
                                                   csrfFrom: link)
                #expect(adjusted.status == .seeOther)
                #expect(try await ward.get(link).body.string.contains("Mô hình camera an ninh hoạt động tốt"))
                #expect(try await ward.post(post + "/decide", form: ["year": "2026", "step": "approve"], csrfFrom: link).status == .forbidden)
                #expect(try await ward.post(post + "/decide", form: ["year": "2026", "step": "review"], csrfFrom: link).status == .seeOther)

                var office = Browser(app)
                try await office.login("office")
                #expect(try await office.post(post + "/decide", form: ["year": "2026", "step": "approve"], csrfFrom: link).status == .seeOther)
                let approved = try #require(try await AssessmentRecord.query(on: app.db).filter(\.$unitCode == Self.area).first())
                #expect(approved.state == .approved && approved.total == 94 && approved.level == .excellent && approved.approvedBy == "office")
                #expect(try await AssessmentAdjustmentRecord.query(on: app.db).count() == 1)

                // Lists: it was late; the ward itself has not been assessed yet.
                let late = try await office.get("/assessments?year=2026&show=late").body.string
                #expect(late.contains("Tổ dân phố số 1"))
                #expect(try await office.get("/assessments?year=2026&show=missing").body.string.contains(">Phường Hồng Bàng<"))
                // A hundred units a page, the filters kept in the links.
                let evaluated = try await MovementQueries(app.db).evaluatedUnits(in: try #require(try await OrgUnit.find(code: "31", on: app.db)), year: 2026).count
                let firstPage = try await office.get("/assessments?year=2026").body.string
                #expect(evaluated > 100 && firstPage.components(separatedBy: #"<td><a href="/assessments/"#).count - 1 == 100 && firstPage.contains("/assessments?year=2026&amp;page=2"))
                // The city's departments hang under the committee, not the province's unit: listed and counted all the same.
                #expect(firstPage.contains("Sở Tư pháp"))
                let last = try await office.get("/assessments?year=2026&page=9").body.string
                #expect(last.components(separatedBy: #"<td><a href="/assessments/"#).count - 1 == evaluated - 100 * ((evaluated - 1) / 100))
                let figures = try await MovementQueries(app.db).figures(scope: try #require(try await OrgUnit.find(code: "31", on: app.db)), year: 2026)
                #expect(figures.unitsAssessed == 1 && figures.unitsRatedWeak == 0 && figures.cyberspaceUnits > figures.communes)
                // The office reopens it with a reason (it stops counting), the page tells the story, and approves again.
                #expect(try await office.post(post + "/decide", form: ["year": "2026", "step": "reopen", "reason": ""], csrfFrom: link).status == .unprocessableEntity)
                #expect(try await ward.post(post + "/decide", form: ["year": "2026", "step": "reopen", "reason": "x"], csrfFrom: link).status == .forbidden)
                #expect(try await office.post(post + "/decide", form: ["year": "2026", "step": "reopen", "reason": "Kiểm tra lại minh chứng K1"], csrfFrom: link).status == .seeOther)
                let province = try #require(try await OrgUnit.find(code: "31", on: app.db))
                #expect(try await MovementQueries(app.db).figures(scope: province, year: 2026).unitsAssessed == 0)
                let story = try await office.get(link).body.string
                #expect(story.contains("hb · điều chỉnh điểm: K3 → 20: Mô hình camera an ninh hoạt động tốt"))
                #expect(story.contains("office · mở lại để xem xét: Kiểm tra lại minh chứng K1") && story.contains("tdp · gửi cấp trên"))
                #expect(try await office.post(post + "/decide", form: ["year": "2026", "step": "approve"], csrfFrom: link).status == .seeOther)
                #expect(try await MovementQueries(app.db).figures(scope: province, year: 2026).unitsAssessed == 1)
                // Another ward reads nothing of it.
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get(link).status == .forbidden)
            }
        }

        @Test func aUnitRatedWeakMissesTheTargetAndRegistrationsCount() async throws {
            try await withSafeguardApp { app in
                let ward = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let office = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                func call(_ method: HTTPMethod, _ path: String, _ token: String, _ body: some Encodable) async throws -> TestingHTTPResponse {
                    var result: TestingHTTPResponse?
                    try await app.testing().test(method, path, headers: ["Authorization": "Bearer \(token)"], beforeRequest: { req in
                        try req.content.encode(body, as: .json)
                    }) { result = $0 }
                    return result!
                }
                // The ward scores itself low for next year (before its deadline: not late) and submits.
                let next = TestCalendar.today.year + 1
                struct Scores: Encodable { var year: Int; var scores: [String: Double]; var submit: Bool }
                let above = try await call(.POST, "/api/v1/assessments/11311", ward, Scores(year: next, scores: ["X4": 26], submit: false))
                #expect(above.status == .unprocessableEntity && above.body.string.contains("«X4 — Kết quả phòng ngừa, đấu tranh"))
                #expect(try await AssessmentRecord.query(on: app.db).count() == 0)
                let sent = try await call(.POST, "/api/v1/assessments/11311", ward, Scores(year: next, scores: ["X4": 10, "X6": 5], submit: true))
                #expect(sent.status == .ok)
                struct Decision: Encodable { var year: Int; var step: String; var reason: String? }
                #expect(try await call(.POST, "/api/v1/assessments/11311/decisions", ward, Decision(year: next, step: "approve")).status == .forbidden)
                let approved = try await call(.POST, "/api/v1/assessments/11311/decisions", office, Decision(year: next, step: "approve"))
                #expect(approved.status == .ok)
                let detail = try approved.content.decode(AssessmentAPIController.AssessmentDetail.self)
                #expect(detail.summary.state == .approved && detail.summary.level == .weak && detail.summary.late == false && detail.summary.total == 15)

                // Registration to be exemplary, through the API (for next year, before its first quarter ends: not late).
                struct Registration: Encodable { var unit: String; var year: Int; var safety: Bool; var exemplary: Bool }
                #expect(try await call(.POST, "/api/v1/registrations", ward, Registration(unit: "11311", year: next, safety: true, exemplary: true)).status == .noContent)
                #expect(try await call(.POST, "/api/v1/registrations", ward, Registration(unit: "11311", year: next, safety: false, exemplary: false)).status
                    == .unprocessableEntity)
                let stored = try #require(try await RegistrationRecord.query(on: app.db).first())
                #expect(stored.exemplary && !stored.late)

                // The targets: T8 "0 Yếu" missed with 1 of 1 rated, T9 one commune of all registered.
                let province = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let targets = try #require(try await PlanRepository(db: app.db).currentTargets()).targets
                let rows = try await KPIService(db: app.db).evaluate(unit: province, period: ReportingPeriod(year: next, kind: .year), targets: targets, today: app.clock.today)
                let weak = try #require(rows.first { $0.evaluation.target.metric == .unitsRatedWeak }).evaluation
                #expect(weak.status == .notMet && weak.value == 1 && weak.measurement == Measurement(numerator: 1, denominator: 1))
                let communes = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).count()
                let registered = try #require(rows.first { $0.evaluation.target.metric == .communesRegisteredShare }).evaluation
                #expect(registered.measurement == Measurement(numerator: 1, denominator: communes) && registered.status == .notMet)
                // Nobody rated in 2026: "0 Yếu" has nothing to measure yet.
                let before = try await KPIService(db: app.db).evaluate(unit: province, period: ReportingPeriod(year: 2026, kind: .year), targets: targets, today: app.clock.today)
                #expect(before.first { $0.evaluation.target.metric == .unitsRatedWeak }?.evaluation.status == .empty)
                var result: TestingHTTPResponse?
                try await app.testing().test(.GET, "/api/v1/movement/figures?year=\(next)", headers: ["Authorization": "Bearer \(office)"]) { result = $0 }
                #expect(result?.body.string.contains("\"unitsRatedWeak\":1") == true)
            }
        }

        /// A unit that has not sent its assessment has no classification: "Chưa đánh giá" on the
        /// list, the unit's page and in the API, not the "Yếu" its empty total would give.
        @Test func anUnassessedUnitIsNotRatedWeak() async throws {
            try await withSafeguardApp { app in
                let group = try await Self.residentialGroup(app)
                _ = try await UnitAssessments(db: app.db, cipher: app.fieldCipher).findOrStart(unit: group, year: 2026, by: "test")
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let list = try await ward.get("/assessments?year=2026").body.string
                let row = try #require(list.range(of: "Tổ dân phố số 1").map { String(list[$0.lowerBound...].prefix { $0 != "\n" }) })
                let rowEnd = row.range(of: "</tr>").map { String(row[..<$0.lowerBound]) } ?? row
                #expect(rowEnd.contains("Chưa đánh giá") && !rowEnd.contains("Yếu"), "\(rowEnd)")
                let page = try await ward.get("/assessments/\(group.code)?year=2026").body.string
                #expect(page.contains("Chưa đánh giá") && !page.contains(">Yếu<"))
                let api = APIClient(app: app, token: try await app.token(for: "hb2", role: .communeOfficer, unit: "11311"))
                let summaries = try await api.send(.GET, "/api/v1/assessments?year=2026").content.decode([AssessmentAPIController.AssessmentSummary].self)
                let mine = try #require(summaries.first { $0.unit == group.code })
                #expect(mine.state == .draft && mine.level == nil)
            }
        }

        @Test func editingACriteriaSetMakesANewVersionAndAssessmentsKeepTheirs() async throws {
            try await withSafeguardApp { app in
                let group = try await Self.residentialGroup(app)
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                let started = try await UnitAssessments(db: app.db, cipher: app.fieldCipher).findOrStart(unit: group, year: 2026, by: "test")
                #expect(started.criteriaVersion == 1)
                var office = Browser(app)
                try await office.login("office")
                let link = "/assessments/criteria/residential-area"
                let text = try #require(try await CriteriaCatalog(db: app.db).set(.residentialArea)).criteria
                #expect(text.count == 6)
                let bad = try await office.post(link, form: ["text": "subject: residential-area\nversion: 1\nplaceholder: true\ncutOffs: {excellent: 0.9, good: 0.7, average: 0.5}\ncriteria:\n  - {code: K1, text: a, maxPoints: 0, evidenceRequired: false}\n"],
                                                csrfFrom: link)
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("criteria.K1: maxPoints must be above 0"))
                let good = try await office.post(link, form: ["text": "subject: residential-area\nversion: 1\nplaceholder: true\ncutOffs: {excellent: 0.8, good: 0.6, average: 0.4}\ncriteria:\n  - {code: K1, text: Một tiêu chí, maxPoints: 50, evidenceRequired: false}\n  - {code: K2, text: Tiêu chí hai, maxPoints: 50, evidenceRequired: false}\n"],
                                                 csrfFrom: link)
                #expect(good.status == .seeOther && good.location == "\(link)?saved=2")
                #expect(try await CriteriaCatalog(db: app.db).set(.residentialArea)?.version == 2)
                // The started assessment is still scored on version 1; a new one takes version 2.
                let kept = try await UnitAssessments(db: app.db, cipher: app.fieldCipher).assessment(started)
                #expect(kept.criteriaSet.version == 1 && kept.criteriaSet.criteria.count == 6)
                let other = try OrgUnit(code: "11311-TDP2", name: "Tổ dân phố số 2", kind: .residentialGroup, parent: try #require(try await OrgUnit.find(code: "11311", on: app.db)))
                try await other.create(on: app.db)
                #expect(try await UnitAssessments(db: app.db, cipher: app.fieldCipher).findOrStart(unit: other, year: 2026, by: "test").criteriaVersion == 2)
            }
        }

        @Test func aCommuneIsRecognisedOnlyWithItsAreasAndTheRankingExports() async throws {
            try await withSafeguardApp { app in
                let group = try await Self.residentialGroup(app)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var ward = Browser(app)
                try await ward.login("hb")
                let link = "/recognition/\(group.code)?year=2026"
                #expect(try await ward.post("/recognition/\(group.code)", form: ["year": "2026", "met[]": "S1"], csrfFrom: link).status == .seeOther)
                let checklist = { (kind: OrgUnitKind) in try RecognitionController.checklist(for: kind, app) }
                let scope = try #require(try await OrgUnit.find(code: "11311", on: app.db))
                var standing = try #require(try await MovementQueries(app.db).recognition(in: scope, year: 2026, checklist: checklist).first)
                // Not registered, not recognised, S3 unmet (a listed incident): each said.
                #expect(!standing.verdict.recognised)
                #expect(standing.verdict.reasons.contains("thiếu 1 khu dân cư, đơn vị đăng ký xây dựng (cần 100%)"))
                #expect(standing.verdict.reasons.contains("thiếu 1 khu dân cư, đơn vị được công nhận (cần ít nhất 1/1, 70%)"))
                #expect(standing.verdict.reasons.contains("xảy ra S3 tại Tổ dân phố số 1"))
                try await Self.registerForSafety(group, year: 2026, on: app.db)
                try await Self.tick(["S1", "S2", "S3", "S4", "S5"], for: group, as: ward, app)
                var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
                headers.replaceOrAdd(name: .cookie, value: ward.cookie!)
                let token = try await ward.csrf(from: link)
                standing = try #require(try await MovementQueries(app.db).recognition(in: scope, year: 2026, checklist: checklist).first)
                #expect(standing.verdict.recognised && standing.verdict.reasons.isEmpty)
                // A school of the ward counts too, on its own checklist (A1–A5): registered but not yet
                // recognised, 1 of 2 is below 70%.
                let school = try OrgUnit(code: "11311-TH", name: "Trường Tiểu học Hồng Bàng", kind: .school, parent: scope)
                try await school.create(on: app.db)
                try await Self.registerForSafety(school, year: 2026, on: app.db)
                standing = try #require(try await MovementQueries(app.db).recognition(in: scope, year: 2026, checklist: checklist).first)
                #expect(standing.verdict.reasons == ["thiếu 1 khu dân cư, đơn vị được công nhận (cần ít nhất 2/2, 70%)"])
                #expect(try await ward.get("/recognition/11311-TH?year=2026").body.string.contains("A4"))
                let schoolItems = ["A1", "A2", "A3", "A4", "A5"].map { "met%5B%5D=\($0)" }.joined(separator: "&")
                try await app.testing().test(.POST, "/recognition/11311-TH", headers: headers, body: ByteBuffer(string: "_csrf=\(token)&year=2026&\(schoolItems)")) { res in
                    #expect(res.status == .seeOther)
                }
                standing = try #require(try await MovementQueries(app.db).recognition(in: scope, year: 2026, checklist: checklist).first)
                #expect(standing.verdict.recognised && standing.recognised == ["11311-TH", Self.area])
                #expect(try await ward.get("/emulation").status == .forbidden)

                var office = Browser(app)
                try await office.login("office")
                #expect(try await office.get("/emulation?year=2026").body.string.contains("Phường Hồng Bàng"))
                #expect(try await office.get("/emulation?year=2026&wc=abc").status == .badRequest)
                let xlsx = try await office.get("/emulation.xlsx?year=2026")
                #expect(xlsx.status == .ok && xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                let docx = try await office.get("/emulation.docx?year=2026&wc=50&wt=50&wk=0&wr=0")
                #expect(docx.status == .ok && Array(docx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            }
        }

        @Test func aReturnedAssessmentIsToldToTheUnitAndLateUnitsAreReminded() async throws {
            try await withSafeguardApp { app in
                _ = try await Self.residentialGroup(app)
                try await app.createUser("tdp", role: .communeOfficer, unit: Self.area)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let link = "/assessments/\(Self.area)?year=2026"
                let post = "/assessments/\(Self.area)"
                var area = Browser(app)
                try await area.login("tdp")
                // Evidence on a criterion the set does not have: refused, named.
                let stray = try await area.post(post, fields: [("year", "2026"), ("action", "save")], files: [("evidence[K9][]", "x.pdf", Fixtures.pdf)], csrfFrom: link)
                #expect(stray.status == .unprocessableEntity && stray.body.string.contains("«K9»"))
                // A wrong file is removed while the assessment is still the unit's own.
                _ = try await area.post(post, fields: [("year", "2026"), ("action", "save")], files: [("evidence[K1][]", "nham.pdf", Fixtures.pdf)], csrfFrom: link)
                let wrong = try #require(try await AssessmentEvidence.query(on: app.db).first())
                #expect(try await area.post("/assessments/evidence/\(try wrong.requireID())/delete", form: [:], csrfFrom: link).status == .seeOther)
                #expect(try await AssessmentEvidence.query(on: app.db).count() == 0)
                let files = ["K1", "K2", "K3"].map { ("evidence[\($0)][]", "minh-chung-\($0).pdf", Fixtures.pdf) }
                #expect(try await area.post(post, fields: [("year", "2026"), ("action", "submit")] + Self.scores, files: files, csrfFrom: link).status == .seeOther)
                let first = try #require(try await AssessmentRecord.query(on: app.db).first()?.submittedOn)

                var ward = Browser(app)
                try await ward.login("hb")
                #expect(try await ward.post(post + "/decide", form: ["year": "2026", "step": "return", "reason": ""], csrfFrom: link).status == .unprocessableEntity)
                #expect(try await ward.post(post + "/decide", form: ["year": "2026", "step": "return", "reason": "Thiếu biên bản họp tổ"], csrfFrom: link).status == .seeOther)
                let notice = try #require(try await Notification.query(on: app.db).filter(\.$kind == Notification.assessmentReturned).first())
                #expect(notice.unitCode == Self.area && notice.link == link && notice.subject.hasSuffix(": Thiếu biên bản họp tổ"))
                #expect(try await area.get("/notifications").body.string.contains("Hồ sơ tự đánh giá bị trả lại"))
                #expect(try await area.get(link).body.string.contains("Thiếu biên bản họp tổ"))
                // Corrected and sent again: the first submission's day (and lateness) is kept.
                #expect(try await area.post(post, fields: [("year", "2026"), ("action", "submit")] + Self.scores, files: [], csrfFrom: link).status == .seeOther)
                let again = try #require(try await AssessmentRecord.query(on: app.db).first())
                #expect(again.state == .submitted && again.submittedOn == first && again.late)

                // Reminders: on 25/11/2026 every commune-level unit that has not sent is told once it is
                // due soon; the residential group, which has sent, is not; the day after the deadline, overdue.
                let service = ReminderService(db: app.db, days: 7)
                let communes = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).count()
                let agencies = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ [.agency, .enterprise, .school, .department]).count()
                #expect(try await service.runAssessments(today: CalendarDate(year: 2026, month: 11, day: 25)!) == communes + agencies)
                #expect(try await service.runAssessments(today: CalendarDate(year: 2026, month: 11, day: 26)!) == 0)
                #expect(try await service.runAssessments(today: CalendarDate(year: 2026, month: 11, day: 30)!) == communes + agencies)
                let told = try await Notification.query(on: app.db).filter(\.$formCode == Notification.assessmentForm).filter(\.$unitCode == Self.area).all()
                #expect(told.map(\.kind) == [Notification.assessmentReturned])
            }
        }
    }
}

extension ServerTests.AssessmentTests {
    /// Records, as the commune's officer, which checklist items a member met (2026), through the page's form.
    static func tick(_ items: [String], for member: OrgUnit, as browser: Browser, _ app: Application) async throws {
        let met = items.map { "met%5B%5D=\($0)" }.joined(separator: "&")
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        headers.replaceOrAdd(name: .cookie, value: browser.cookie!)
        var browser = browser
        let token = try await browser.csrf(from: "/recognition/\(member.code)?year=2026")
        try await app.testing().test(.POST, "/recognition/\(member.code)", headers: headers, body: ByteBuffer(string: "_csrf=\(token)&year=2026&\(met)")) { res in
            #expect(res.status == .seeOther)
        }
    }

    /// "Không xảy ra vụ việc thuộc danh mục" is answered by the records: a very serious case in the
    /// area in the year makes S3 unmet whatever is ticked, disqualifies the commune, and is linked.
    @Test func aListedCaseOnRecordDisqualifiesTheAreaAndTheCommune() async throws {
        try await withSafeguardApp { app in
            let group = try await Self.residentialGroup(app)
            try await Self.registerForSafety(group, year: 2026, on: app.db)
            try await app.createUser("hb", role: .communeOfficer, unit: "11311")
            var ward = Browser(app)
            try await ward.login("hb")
            let link = "/recognition/\(group.code)?year=2026"
            let checklist = { (kind: OrgUnitKind) in try RecognitionController.checklist(for: kind, app) }
            let scope = try #require(try await OrgUnit.find(code: "11311", on: app.db))
            func tickAll() async throws { try await Self.tick(["S1", "S2", "S3", "S4", "S5"], for: group, as: ward, app) }
            try await tickAll()
            #expect(try await MovementQueries(app.db).recognition(in: scope, year: 2026, checklist: checklist).first?.verdict.recognised == true)
            #expect(try await ward.get(link).body.string.contains("Theo hồ sơ: không có vụ án thuộc danh mục trong năm."))
            // A robbery (Art. 168(2), up to 15 years: very serious) in the area, discovered in 2026: the commune is no longer eligible.
            let created = try await ward.post("/records/cases", form: [
                "code": "7/VA-2026", "article": "168", "clause": "2", "unit": group.code, "occurred_on": "01/03/2026", "discovered_on": "02/03/2026",
            ], csrfFrom: "/records/cases/new")
            #expect(created.status == .seeOther)
            let standing = try #require(try await MovementQueries(app.db).recognition(in: scope, year: 2026, checklist: checklist).first)
            #expect(!standing.verdict.recognised && standing.cases.map(\.code) == ["7/VA-2026"])
            #expect(standing.verdict.reasons.contains { $0.hasPrefix("xảy ra vụ án ") && $0.contains("7/VA-2026 (Điều 168, phát hiện 02/03/2026)") })
            #expect(try await ward.get("/recognition?year=2026").body.string.contains("href=\"/records/cases/7%2FVA-2026\""))
            // The area's own page: S3 unmet by the records, the case linked, the box not tickable; ticking it again changes nothing.
            let page = try await ward.get(link).body.string
            #expect(page.contains("Chưa đạt theo hồ sơ vụ án") && page.contains("value=\"S3\" disabled"))
            try await tickAll()
            let record = try #require(try await SafetyRecognitionRecord.query(on: app.db).filter(\.$unitCode == group.code).first())
            #expect(!record.recognised && !record.metCodes.contains("S3"))
            // Another year's records do not count.
            #expect(try await MovementQueries(app.db).listedCases(in: scope, year: 2025, severities: [.serious, .verySerious, .especiallySerious]).isEmpty)
        }
    }
}
