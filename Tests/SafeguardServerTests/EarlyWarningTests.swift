import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct EarlyWarningTests {
        /// Four and a half years of synthetic history, and a surge of thefts in Hồng Bàng in May 2026.
        static func historyWithSurge(_ app: Application) async throws {
            try await DemoHistory(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
                .load(province: "31", from: CalendarDate(iso: "2022-01-01")!, to: CalendarDate(iso: "2026-06-30")!, casesPerYear: 3000, seed: 7)
            let rows = (1...40).map { "SURGE-\($0),173,1,11311,2026-04-\(15 + $0 % 14),2026-04-\(15 + $0 % 14)" }
            var importer = RecordImporter(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
            importer.today = CalendarDate(iso: "2026-06-30")!
            _ = try await importer.importText(.cases, (["Số vụ án,Điều,Khoản,Mã đơn vị,Ngày xảy ra,Ngày phát hiện"] + rows).joined(separator: "\n"), skipInvalid: false)
        }

        /// Hồng Bàng's theft alert of May 2026 (after the surge), its page, and two officers: the
        /// ward's ("hb") and another ward's ("tn").
        static func wardTheftAlert(_ app: Application) async throws -> (alert: Alert, link: String) {
            try await historyWithSurge(app)
            let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
            _ = try await EarlyWarningService(db: app.db, watches: app.referenceData.watches).run(province: city, frequency: .month, period: 202605)
            let alert = try #require(try await Alert.query(on: app.db).filter(\.$unitCode == "11311").filter(\.$watchID == "theft").first())
            try await app.createUser("hb", role: .communeOfficer, unit: "11311")
            try await app.createUser("tn", role: .communeOfficer, unit: "11560")
            return (alert, "/warnings/\(alert.id!.uuidString)")
        }

        @Test func aSurgeRaisesOneStoredAlertWithItsEvidence() async throws {
            try await withSafeguardApp { app in
                try await Self.historyWithSurge(app)
                let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let service = EarlyWarningService(db: app.db, watches: app.referenceData.watches)
                let alerts = try await service.run(province: city, frequency: .month, period: 202605)
                let surge = try #require(alerts.first { $0.unitCode == "11311" && $0.watchID == "theft" })
                #expect(surge.method == "farrington-flexible" && surge.observed >= 40)
                #expect(surge.upperbound! < Double(surge.observed) && surge.expected! < surge.upperbound!)
                #expect(surge.parameters.contains("b=4") && surge.baseline.hasPrefix("years=4;window=2;excluded=6;size=") && surge.baseline.hasSuffix(";period=month"))
                // Most series are quiet: far fewer alerts than series.
                #expect(alerts.count < 40, "\(alerts.count) alerts")
                // A second run (or a second instance) finds the same alerts and stores nothing new.
                let again = try await service.run(province: city, frequency: .month, period: 202605)
                #expect(again.count == alerts.count)
                #expect(try await Alert.query(on: app.db).count() == alerts.count)
                // The API gives the same alerts with their evidence, scoped to the caller.
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                try await app.testing().test(.GET, "/api/v1/alerts?state=new", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    let listed = try res.content.decode([AlertAPIController.AlertDTO].self)
                    #expect(listed.contains { $0.unit == "11311" && $0.watch == "theft" && $0.upperbound != nil })
                    #expect(listed.allSatisfy { $0.unit == "11311" })
                }
                try await app.testing().test(.GET, "/api/v1/alerts?unit=11560", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .forbidden)
                }
            }
        }

        /// The surge shows in the weekly series too: the weeks of late April 2026 in Hồng Bàng.
        @Test func weeklySeriesCatchTheSurgeWithinItsWeeks() async throws {
            try await withSafeguardApp { app in
                try await Self.historyWithSurge(app)
                let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let service = EarlyWarningService(db: app.db, watches: app.referenceData.watches)
                // Week of Monday 20 April 2026 (ISO 2026-W17): surge cases discovered 16–28 April.
                let week = StatisticalWeek(containing: CalendarDate(iso: "2026-04-22")!)
                let series = try #require(try await service.series(province: city, frequency: .week, through: week.mondayDayNumber,
                                                                   only: try await OrgUnit.find(code: "11311", on: app.db)).first { $0.watch.id == "theft" })
                #expect(series.periods.last == week.mondayDayNumber && series.countSeries.dates?.last == week.monday)
                let alerts = try await service.run(province: city, frequency: .week, period: week.mondayDayNumber)
                let alert = try #require(alerts.first { $0.unitCode == "11311" && $0.watchID == "theft" })
                #expect(alert.frequency == "week" && alert.period == 202617 && alert.periodStart == week.mondayDayNumber)
                #expect(alert.method == "farrington-flexible" && alert.observed == series.counts.last!)
            }
        }

        /// Two instances waking at once: one examines the month, the other sees its claim; a claim
        /// left unfinished by a crashed instance is taken over later.
        @Test func scheduledRunsExamineAMonthOnceAcrossInstances() async throws {
            try await withSafeguardApp { app in
                try await Self.historyWithSurge(app)
                let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let service = EarlyWarningService(db: app.db, watches: app.referenceData.watches)
                async let first = service.runIfDue(province: city, frequency: .month, period: 202605, clock: app.clock)
                async let second = service.runIfDue(province: city, frequency: .month, period: 202605, clock: app.clock)
                let ran = [try await first, try await second]
                #expect(ran.filter { $0 }.count == 1)
                let claim = try #require(try await DetectorRun.query(on: app.db).first())
                let alerts = try await Alert.query(on: app.db).count()
                #expect(try await DetectorRun.query(on: app.db).count() == 1 && claim.finishedAt != nil && claim.alerts == alerts && alerts > 0)
                #expect(try await service.runIfDue(province: city, frequency: .month, period: 202605, clock: app.clock) == false)
                claim.finishedAt = nil
                claim.startedAt = app.clock.now().addingTimeInterval(-7200)
                try await claim.update(on: app.db)
                #expect(try await service.runIfDue(province: city, frequency: .month, period: 202605, clock: app.clock) == true)
                #expect(try await Alert.query(on: app.db).count() == alerts)
            }
        }

        @Test func theCommuneHandlesItsAlertAndOthersCannotSeeIt() async throws {
            try await withSafeguardApp { app in
                let (alert, link) = try await Self.wardTheftAlert(app)
                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get(link).status == .forbidden)
                #expect(!(try await other.get("/warnings").body.string.contains(link)))

                var officer = Browser(app)
                try await officer.login("hb")
                let list = try await officer.get("/warnings").body.string
                #expect(list.contains(link) && list.contains("Trộm cắp tài sản"))
                let page = try await officer.get(link).body.string
                #expect(page.contains("Phường Hồng Bàng: \(alert.observed) vụ trộm cắp tài sản tháng 5/2026, mức bình thường tối đa"))
                #expect(page.contains("<svg") && page.contains("<title id=\"ac-t\">"))
                #expect(page.contains("4 năm trước, cùng thời điểm ±2 tháng, không tính 6 tháng gần nhất:"))
                let early = try await officer.post("\(link)/actions", form: ["step": "close"], csrfFrom: link)
                #expect(early.status == .unprocessableEntity)
                for (step, extra) in [("acknowledge", [:]), ("assess", ["assessment": "real-increase"]), ("close", [:])] as [(String, [String: String])] {
                    let response = try await officer.post("\(link)/actions", form: ["step": step, "note": "Đã kiểm tra \(step)"].merging(extra) { a, _ in a }, csrfFrom: link)
                    #expect(response.status == .seeOther, "\(step)")
                }
                let closed = try #require(try await Alert.find(alert.id, on: app.db))
                #expect(closed.state == .closed && closed.assessment == .realIncrease)
                #expect(try await AlertReview.query(on: app.db).count() == 3)
                let after = try await officer.get("/warnings").body.string
                #expect(after.contains("farrington-flexible: 1/1"))
            }
        }

        /// Thủy Nguyên's records begin in 2025: its surge raises no alert, and its officer reads why.
        @Test func aUnitWithTooLittleHistoryIsNotJudgedAndTheyAreTold() async throws {
            try await withSafeguardApp { app in
                try await Self.historyWithSurge(app)
                try await CriminalCase.query(on: app.db).filter(\.$communeCode == "11560").filter(\.$discoveredMonth < 202502).delete()
                let rows = (1...40).map { "TN-SURGE-\($0),173,1,11560,2026-04-\(15 + $0 % 14),2026-04-\(15 + $0 % 14)" }
                var importer = RecordImporter(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
                importer.today = CalendarDate(iso: "2026-06-30")!
                _ = try await importer.importText(.cases, (["Số vụ án,Điều,Khoản,Mã đơn vị,Ngày xảy ra,Ngày phát hiện"] + rows).joined(separator: "\n"), skipInvalid: false)
                let city = try #require(try await OrgUnit.find(code: "31", on: app.db))
                let service = EarlyWarningService(db: app.db, watches: app.referenceData.watches)
                let alerts = try await service.run(province: city, frequency: .month, period: 202605)
                #expect(alerts.contains { $0.unitCode == "11311" && $0.watchID == "theft" })
                #expect(!alerts.contains { $0.unitCode == "11560" })
                let short = try await service.shortHistory(province: "31", month: StatisticalMonth(code: 202605)!)
                #expect(short.map(\.unit.code) == ["11560"] && short.first?.since?.code == 202502)

                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var officer = Browser(app)
                try await officer.login("tn")
                let page = try await officer.get("/warnings").body.string
                #expect(page.contains("Chưa đánh giá — chưa đủ 3 năm số liệu"))
                #expect(page.contains("Phường Thủy Nguyên: chưa đủ 3 năm số liệu (có số liệu từ tháng 2/2025)"))
            }
        }
    }
}

extension ServerTests.EarlyWarningTests {
    /// The ward gives a task from its alert: a bad form is refused with every problem named and
    /// nothing stored; a good one is stored, listed with its status and logged; another ward cannot.
    @Test func theWardGivesAFollowUpTaskFromItsAlert() async throws {
        try await withSafeguardApp { app in
            let (alert, link) = try await Self.wardTheftAlert(app)
            var officer = Browser(app)
            try await officer.login("hb")
            let form = try await officer.get(link).body.string
            #expect(form.contains("action=\"\(link)/tasks\"") && form.contains("Kiểm tra, làm rõ nguyên nhân và có biện pháp xử lý — Phường Hồng Bàng:"))

            let bad = try await officer.post("\(link)/tasks", form: ["title": "Kiểm tra chợ", "responsible": " ", "due": "01/01/2020", "expected": "Báo cáo"], csrfFrom: link)
            #expect(bad.status == .unprocessableEntity)
            let page = bad.body.string
            #expect(page.contains("«Người chịu trách nhiệm»: Bắt buộc nhập."))
            #expect(page.contains("«Hạn hoàn thành»: Ngày đã qua. (2020-01-01)"))
            #expect(try await Assignment.query(on: app.db).count() == 0)

            let due = TestCalendar.today.adding(days: 10)
            let good = try await officer.post("\(link)/tasks", form: ["title": "Kiểm tra chợ Sắt", "responsible": "Đ/c Trần Văn B, Phó trưởng Công an phường",
                                                                     "due": due.description, "expected": "Báo cáo nguyên nhân"], csrfFrom: link)
            #expect(good.status == .seeOther)
            let task = try #require(try await Assignment.query(on: app.db).first())
            #expect(task.$alert.id == alert.id && task.unitCode == "11311" && task.source == .alert && task.dueOn == due.description && task.createdBy == "hb")
            #expect(task.status(today: TestCalendar.today) == .inProgress)
            let after = try await officer.get(link).body.string
            #expect(after.contains(">Kiểm tra chợ Sắt</a></td>") && after.contains("Đang thực hiện trong hạn"))
            #expect(after.contains("hb · Giao nhiệm vụ — Kiểm tra chợ Sắt — Đ/c Trần Văn B"))

            var other = Browser(app)
            try await other.login("tn")
            let refused = try await other.post("\(link)/tasks", form: ["title": "x", "responsible": "y", "due": due.description, "expected": "z"], csrfFrom: "/warnings")
            #expect(refused.status == .forbidden)
            #expect(try await Assignment.query(on: app.db).count() == 1)
        }
    }
}
