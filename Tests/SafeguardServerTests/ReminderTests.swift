import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The daily reminder run on a fake clock: two instances waking together run it once; each
    /// reminder is created once per assignment and kind; work done or far off gets none; the unit
    /// reads its reminders and marks them read.
    @Suite struct ReminderTests {
        @Test func remindersFireOnceAcrossInstancesAndDays() async throws {
            try await withSafeguardApp { app in
                let today = TestCalendar.today
                try await Fixtures.assign(app, unit: "11311", title: "Sắp đến hạn", due: 3)
                try await Fixtures.assign(app, unit: "11311", title: "Đã quá hạn", due: -1)
                try await Fixtures.assign(app, unit: "11311", title: "Còn xa", due: 30)
                try await Fixtures.assign(app, unit: "11311", title: "Đã xong", due: -3, completed: -4)
                let service = ReminderService(db: app.db, days: 7)
                async let first = service.runIfDue(clock: .pinned(today: today))
                async let second = ReminderService(db: app.db, days: 7).runIfDue(clock: .pinned(today: today))
                let ran = [try await first, try await second]
                #expect(ran.filter { $0 }.count == 1)
                var kinds = try await Notification.query(on: app.db).filter(\.$formCode == nil).with(\.$assignment).all().map { "\($0.subject):\($0.kind)" }.sorted()
                #expect(kinds == ["Sắp đến hạn:due-soon", "Đã quá hạn:overdue"])
                #expect(try await service.runIfDue(clock: .pinned(today: today)) == false)
                // Besides the two task reminders, the run reminded every ward and commune of last month's report.
                let reportNotices = try await Notification.query(on: app.db).filter(\.$formCode != nil).count()
                #expect(try await ReminderRun.query(on: app.db).first()?.created == 2 + reportNotices)

                // Five days on: the first is late now (a new reminder); nothing else repeats.
                #expect(try await service.runIfDue(clock: .pinned(today: today.adding(days: 5))) == true)
                kinds = try await Notification.query(on: app.db).filter(\.$formCode == nil).with(\.$assignment).all().map { "\($0.subject):\($0.kind)" }.sorted()
                #expect(kinds == ["Sắp đến hạn:due-soon", "Sắp đến hạn:overdue", "Đã quá hạn:overdue"])
                // Overlapping runs of one day (a claim taken over) still store each reminder once.
                #expect(try await service.run(today: today.adding(days: 5)) == 0)

                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var ward = Browser(app)
                try await ward.login("hb")
                let page = try await ward.get("/notifications").body.string
                let wardReports = try await Notification.query(on: app.db).filter(\.$formCode != nil).filter(\.$unitCode == "11311").count()
                #expect(page.contains("Đã quá hạn") && page.contains("Sắp đến hạn") && page.contains("Đánh dấu đã đọc (\(3 + wardReports))"))
                #expect(wardReports == 2)
                #expect(page.contains("Báo cáo tháng phong trào toàn dân bảo vệ an ninh Tổ quốc (cấp xã) — "))
                #expect(try await ward.post("/notifications/read", form: [:], csrfFrom: "/notifications").status == .seeOther)
                #expect(try await Notification.query(on: app.db).filter(\.$unitCode == "11311").filter(\.$readAt == nil).count() == 0)
                var other = Browser(app)
                try await other.login("tn")
                let theirs = try await other.get("/notifications").body.string
                #expect(!theirs.contains("Đã quá hạn") && !theirs.contains("Sắp đến hạn<"))  // another ward's tasks are not shown
            }
        }
    }
}
