import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The standing office gives a plan task to its units on a quarterly schedule: one instance per
    /// unit and quarter, seen on the units' boards; a bad schedule or a second giving is refused
    /// with the reason; a commune officer cannot give tasks.
    @Suite struct PlanAssignTests {
        @Test func theOfficeGivesAPlanTaskQuarterly() async throws {
            try await withSafeguardApp { app in
                let repository = PlanRepository(db: app.db)
                let key = try #require(try await repository.defaultKey())
                let content = try #require(try await repository.content(key: key))
                let task = try #require(content.tasks.first { !$0.lead.isEmpty && !$0.coordinating.isEmpty })
                let units = task.lead.count + task.coordinating.count
                let link = "/plan/tasks/\(task.code)/assign"
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var office = Browser(app)
                try await office.login("office")
                #expect(try await office.get("/plan").body.string.contains("href=\"\(link)\""))
                #expect(try await office.get(link).status == .ok)

                let bad = try await office.post(link, form: ["recurrence": "thỉnh thoảng", "expected": "Báo cáo", "requiresEvidence": "on"], csrfFrom: link)
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Không hiểu thời hạn, định kỳ"))
                let outside = try await office.post(link, form: ["recurrence": "2027-01-15", "expected": "Báo cáo"], csrfFrom: link)
                #expect(outside.status == .unprocessableEntity && outside.body.string.contains("Thời hạn không rơi vào năm kế hoạch 2026"))
                #expect(try await Assignment.query(on: app.db).count() == 0)

                let given = try await office.post(link, form: ["recurrence": "hằng quý, ngày 14 tháng cuối quý", "expected": "Báo cáo quý", "requiresEvidence": "on"], csrfFrom: link)
                #expect(given.status == .seeOther)
                let rows = try await Assignment.query(on: app.db).all()
                #expect(rows.count == units * 4)
                #expect(rows.allSatisfy { $0.source == .plan && $0.taskCode == task.code && $0.recurrence == "quarterly:3/14" && $0.requiresEvidence })
                #expect(Set(rows.map(\.dueOn)) == ["2026-03-14", "2026-06-14", "2026-09-14", "2026-12-14"])
                #expect(rows.filter { $0.part == "lead" }.count == task.lead.count * 4)
                let again = try await office.post(link, form: ["recurrence": "trước 30/11", "expected": "x"], csrfFrom: link)
                #expect(again.status == .unprocessableEntity && again.body.string.contains("đã được giao"))
                #expect(try await Assignment.query(on: app.db).count() == units * 4)

                // A lead unit sees its four instances on its board.
                let lead = try #require(task.lead.first)
                try await app.createUser("lead", role: lead.kind.isLocality ? .communeOfficer : .departmentOfficer, unit: lead.code)
                var unit = Browser(app)
                try await unit.login("lead")
                let board = try await unit.get("/tasks").body.string
                #expect(board.components(separatedBy: "\(task.code). ").count - 1 == 4)
                #expect(!(try await unit.get("/plan").body.string.contains("href=\"\(link)\"")))
                // The unit names the person answering for one instance.
                let mine = try #require(rows.first { $0.unitCode == lead.code })
                let page = "/tasks/\(mine.id!.uuidString)"
                #expect(try await unit.post("\(page)/responsible", form: ["responsible": " "], csrfFrom: page).status == .unprocessableEntity)
                #expect(try await unit.post("\(page)/responsible", form: ["responsible": "Đ/c Phạm Thị D, Phó Giám đốc"], csrfFrom: page).status == .seeOther)
                #expect(try await Assignment.find(mine.id, on: app.db)?.responsible == "Đ/c Phạm Thị D, Phó Giám đốc")
                #expect(try await unit.post(link, form: ["recurrence": "trước 30/11", "expected": "x"], csrfFrom: "/tasks").status == .forbidden)
            }
        }
    }
}
