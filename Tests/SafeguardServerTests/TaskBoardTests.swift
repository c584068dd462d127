import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The task board: counts per status as task-tracking reports give them, late work first, a
    /// filter per status, and each ward sees only its own.
    @Suite struct TaskBoardTests {

        @Test func theBoardCountsEachStatusAndPutsLateWorkFirst() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Rà soát người nghiện", due: 20)
                try await Fixtures.assign(app, unit: "11311", title: "Tuyên truyền phòng chống lừa đảo", due: 3)
                try await Fixtures.assign(app, unit: "11311", title: "Báo cáo quý III", due: -5)
                try await Fixtures.assign(app, unit: "11311", title: "Họp tổ an ninh", due: -10, completed: -12)
                try await Fixtures.assign(app, unit: "11311", title: "Kiểm tra cơ sở lưu trú", due: -10, completed: -2)
                try await Fixtures.assign(app, unit: "11560", title: "Việc của phường khác", due: -1)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let page = try await ward.get("/tasks").body.string
                for count in ["Chưa hoàn thành, quá hạn: 1", "Đang thực hiện trong hạn: 2", "Hoàn thành quá hạn: 1", "Hoàn thành đúng hạn: 1", "Sắp đến hạn: 1"] {
                    #expect(page.contains(count), "\(count)")
                }
                #expect(!page.contains("Việc của phường khác"))
                let order = ["Báo cáo quý III", "Tuyên truyền phòng chống lừa đảo", "Rà soát người nghiện", "Kiểm tra cơ sở lưu trú", "Họp tổ an ninh"]
                let positions = order.compactMap { page.range(of: $0)?.lowerBound }
                #expect(positions.count == 5 && positions == positions.sorted())
                let late = try await ward.get("/tasks?status=overdue").body.string
                #expect(late.contains("Báo cáo quý III") && !late.contains("Rà soát người nghiện"))

                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var office = Browser(app)
                try await office.login("office")
                let city = try await office.get("/tasks").body.string
                #expect(city.contains("Việc của phường khác") && city.contains("Chưa hoàn thành, quá hạn: 2"))
            }
        }

        /// The database counts and pages: 130 instances show as pages of 50, 50 and 30, late first.
        @Test func theBoardPagesThroughManyInstances() async throws {
            try await withSafeguardApp { app in
                for i in 0..<130 { try await Fixtures.assign(app, unit: "11311", title: "Việc số \(i)", due: i < 30 ? -1 - i : i) }
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let first = try await ward.get("/tasks").body.string
                #expect(first.contains("Chưa hoàn thành, quá hạn: 30") && first.contains("Đang thực hiện trong hạn: 100"))
                #expect(first.components(separatedBy: "<tr><td>").count - 1 == 50 && first.contains("href=\"/tasks?page=2\""))
                let second = try await ward.get("/tasks?page=2").body.string
                #expect(second.components(separatedBy: "<tr><td>").count - 1 == 50 && second.contains("href=\"/tasks?page=3\""))
                #expect(second.contains("Việc số 50<") && !second.contains("Việc số 29<") && !second.contains("Việc số 100<"))  // page two goes on in deadline order
                let third = try await ward.get("/tasks?page=3").body.string
                #expect(third.components(separatedBy: "<tr><td>").count - 1 == 30 && third.contains("Việc số 100<") && !third.contains("page=4"))
                let late = try await ward.get("/tasks?status=overdue").body.string
                #expect(late.components(separatedBy: "<tr><td>").count - 1 == 30 && !late.contains("page=2"))
                // The counts the board reads are kept exact by the triggers through inserts and updates.
                let some = try await Assignment.query(on: app.db).limit(5).all()
                for a in some { a.completedOn = TestCalendar.today.description; try await a.update(on: app.db) }
                #expect(try await RecordCounts.assignments.mismatches(on: app.db as! any SQLDatabase) == 0)
                #expect(try await ward.get("/tasks").body.string.contains("Hoàn thành") )
                // Late work came first: the 30 overdue are all on page one.
                #expect(first.components(separatedBy: "badge late").count - 1 == 30)
            }
        }
    }
}
