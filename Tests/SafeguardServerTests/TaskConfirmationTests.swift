import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The lead unit confirms its coordinating units' parts: a ward finishes its part with a PDF,
    /// the department that chairs the task sees it waiting, reads the evidence, returns it with a
    /// reason (the ward is told, the part is open again), then confirms the redone part; another
    /// ward can neither read nor confirm. The board filters by section and lead agency, and the
    /// leader's view lists the units with late work first.
    @Suite struct TaskConfirmationTests {

        @Test func theLeadUnitConfirmsOrReturnsACoordinatingPart() async throws {
            try await withSafeguardApp { app in
                let task = try await Fixtures.give(app, "II.2.a.2.5")
                #expect(task.lead.map(\.code) == ["31-STP"])
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                try await app.createUser("stp", role: .departmentOfficer, unit: "31-STP")
                let mine = try await Fixtures.part(app, "II.2.a.2.5", unit: "11311")
                let lead = try await Fixtures.part(app, "II.2.a.2.5", unit: "31-STP")
                let link = "/tasks/\(mine.id!.uuidString)", leadLink = "/tasks/\(lead.id!.uuidString)"
                #expect(mine.part == "coordinating" && mine.confirmation == .unfinished && lead.confirmation == .notNeeded)

                var ward = Browser(app)
                try await ward.login("hb")
                let done = try await ward.post("\(link)/updates", fields: [("text", "Đã tổ chức 3 buổi tuyên truyền"), ("completes", "on")],
                                               files: [("files[]", "bao-cao.pdf", Fixtures.pdf)], csrfFrom: link)
                #expect(done.status == .seeOther)
                #expect(try await Assignment.find(mine.id, on: app.db)?.confirmation == .awaiting)
                #expect(try await ward.get(link).body.string.contains("Chờ đơn vị chủ trì xác nhận"))
                // The ward cannot confirm its own part.
                #expect(try await ward.post("\(link)/confirm", form: [:], csrfFrom: link).status == .forbidden)

                var department = Browser(app)
                try await department.login("stp")
                let leadPage = try await department.get(leadLink).body.string
                #expect(leadPage.contains("Các đơn vị phối hợp") && leadPage.contains("Phường Hồng Bàng") && leadPage.contains("Chờ đơn vị chủ trì xác nhận"))
                // The lead reads the part and its evidence, though the ward is not under it.
                let partPage = try await department.get(link)
                #expect(partPage.status == .ok && partPage.body.string.contains("action=\"\(link)/return\""))
                let file = try #require(try await EvidenceFile.query(on: app.db).first())
                #expect(try await department.get("/evidence/\(file.id!.uuidString)").status == .ok)

                let noReason = try await department.post("\(link)/return", form: ["reason": "  "], csrfFrom: link)
                #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("«Lý do»: Bắt buộc nhập."))
                #expect(try await Assignment.find(mine.id, on: app.db)?.confirmation == .awaiting)
                let returned = try await department.post("\(link)/return", form: ["reason": "Thiếu danh sách người tham dự"], csrfFrom: link)
                #expect(returned.status == .seeOther && returned.headers.first(name: .location) == leadLink)
                let reopened = try #require(try await Assignment.find(mine.id, on: app.db))
                #expect(reopened.completedOn == nil && reopened.confirmation == .unfinished)
                #expect(try await ward.get(link).body.string.contains("Đơn vị chủ trì trả lại: Thiếu danh sách người tham dự"))
                #expect(try await Notification.query(on: app.db).filter(\.$kind == Notification.returned).filter(\.$unitCode == "11311").count() == 1)
                #expect(try await ward.get("/notifications").body.string.contains("Bị trả lại"))

                // Another ward: neither reads nor confirms the part.
                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get(link).status == .forbidden)
                #expect(try await other.post("\(link)/confirm", form: [:], csrfFrom: "/tasks").status == .forbidden)

                let redone = try await ward.post("\(link)/updates", fields: [("text", "Bổ sung danh sách 120 người tham dự"), ("completes", "on")],
                                                 files: [("files[]", "danh-sach.pdf", Fixtures.pdf)], csrfFrom: link)
                #expect(redone.status == .seeOther)
                let all = try await department.post("\(leadLink)/confirm-all", form: [:], csrfFrom: leadLink)
                #expect(all.status == .seeOther)
                let confirmed = try #require(try await Assignment.find(mine.id, on: app.db))
                #expect(confirmed.confirmation == .confirmed && confirmed.confirmedBy == "stp" && confirmed.confirmedOn == TestCalendar.today.description)
                #expect(try await department.post("\(link)/confirm", form: [:], csrfFrom: leadLink).status == .conflict)
                #expect(try await ward.get(link).body.string.contains("Đã xác nhận"))
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "return").count() == 1)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "confirm").count() == 1)
            }
        }

        @Test func theBoardFiltersBySectionAndLeadAndShowsWhoIsLate() async throws {
            try await withSafeguardApp { app in
                _ = try await Fixtures.give(app, "II.2.a.2.5", recurrence: "hằng tháng, trước ngày 14")
                _ = try await Fixtures.give(app, "II.1.2", recurrence: "trước 30/11")
                try await Fixtures.assign(app, unit: "11311", title: "Việc riêng của phường", due: -3)
                try await Fixtures.assign(app, unit: "11311", title: "Việc riêng thứ hai", due: -2)
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var office = Browser(app)
                try await office.login("office")
                let today = TestCalendar.today
                func overdue(_ code: String) async throws -> Int {
                    try await Assignment.query(on: app.db).filter(\.$taskCode == code).filter(\.$completedOn == nil).filter(\.$dueOn < today.description).count()
                }
                let section = try await office.get("/tasks?section=II.2&status=overdue").body.string
                #expect(section.contains("Chưa hoàn thành, quá hạn: \(try await overdue("II.2.a.2.5"))"))
                #expect(section.contains("II.2.a.2.5. ") && !section.contains("II.1.2. ") && !section.contains("Việc riêng của phường"))
                #expect(section.contains("<option value=\"II.2\" selected>"))
                let led = try await office.get("/tasks?lead=31-STP").body.string
                let stpTotal = try await Assignment.query(on: app.db).filter(\.$taskCode == "II.2.a.2.5").count()
                #expect(led.contains("Tất cả: \(stpTotal)") && !led.contains("II.1.2. "))
                #expect(led.contains("href=\"/tasks?status=overdue&amp;lead=31-STP\"") || led.contains("href=\"/tasks?status=overdue&lead=31-STP\""))

                // Who is late: Hồng Bàng has the most late work (its two own tasks on top of the plan's).
                let late = try await office.get("/tasks/late").body.string
                let rows = late.components(separatedBy: "<tr><td>").dropFirst()
                #expect(rows.first?.contains("Phường Hồng Bàng") == true)
                let wardLink = try await office.get("/tasks?unit=11311&status=overdue").body.string
                #expect(wardLink.contains("Việc riêng của phường") && !wardLink.contains("Phường Thủy Nguyên"))
                // The API pages the same list in the board's order, with the same filters.
                let token = try await app.token(for: "office-api", role: .standingOffice, unit: "31-CATP")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                var seen: [UUID] = []
                var next: String? = "/api/v1/assignments?section=II.2&per_page=40"
                while let page = next {
                    try await app.testing().test(.GET, page, headers: auth) { res in
                        #expect(res.status == .ok && res.headers.first(name: "X-Total-Count") == String(stpTotal))
                        let rows = try res.content.decode([AssignmentAPIController.AssignmentDTO].self)
                        #expect(rows.allSatisfy { $0.taskCode == "II.2.a.2.5" && $0.planKey != nil })
                        seen += rows.map(\.id)
                        next = res.headers.first(name: .link).flatMap { $0.split(separator: "<").last?.split(separator: ">").first }
                            .map { String($0).replacingOccurrences(of: "http://localhost", with: "") }
                    }
                }
                #expect(seen.count == stpTotal && Set(seen).count == stpTotal)
                try await app.testing().test(.GET, "/api/v1/assignments?per_page=501", headers: auth) { res in #expect(res.status == .badRequest) }
                try await app.testing().test(.GET, "/api/v1/unit-plans/status", headers: auth) { res in
                    let standing = try res.content.decode(UnitPlanAPIController.StandingDTO.self)
                    #expect(standing.issued == 0 && standing.total > 114 && standing.units.allSatisfy { $0.status == "none" })
                }

                // A ward cannot look at another ward through the unit filter.
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get("/tasks?unit=11311").status == .forbidden)
            }
        }
    }
}
