import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// A ward draws up its plan under the city plan: the city tasks it takes part in are offered,
    /// a draft is saved, issuing needs number, date and signer, an issued plan is revised by a new
    /// version only; the standing office sees who has issued.
    @Suite struct UnitPlanTests {
        @Test func aWardIssuesItsPlanAndTheOfficeSeesIt() async throws {
            try await withSafeguardApp { app in
                let repository = PlanRepository(db: app.db)
                let key = try #require(try await repository.defaultKey())
                let content = try #require(try await repository.content(key: key))
                let mine = content.tasks.filter { $0.involves("11311", as: nil) }.map(\.code)
                #expect(mine.count == 30)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let form = try await ward.get("/my-plan").body.string
                #expect(form.contains("Chưa lập kế hoạch") && mine.allSatisfy { form.contains("value=\"\($0)\" checked") })

                let unsigned = try await ward.post("/my-plan", form: ["tasks[]": mine[0], "action": "issue"], csrfFrom: "/my-plan")
                #expect(unsigned.status == .unprocessableEntity && unsigned.body.string.contains("«Số kế hoạch»: Bắt buộc nhập."))
                #expect(try await UnitPlan.query(on: app.db).count() == 0)
                // A target laxer than the city's (T1: at most 88% of 2025's crimes) is refused, naming it.
                let lax = try await ward.post("/my-plan", form: ["tasks[]": mine[0], "targets[]": "T1", "thresholds[T1]": "95", "action": "save"], csrfFrom: "/my-plan")
                #expect(lax.status == .unprocessableEntity)
                #expect(lax.body.string.contains("«Chỉ tiêu»: Chỉ tiêu của đơn vị không được thấp hơn chỉ tiêu của thành phố. (T1: 95 / ≤ 88)"))
                #expect(try await UnitPlan.query(on: app.db).count() == 0)
                let draft = try await ward.post("/my-plan", form: ["tasks[]": mine[0], "ownTasks": "Tuần tra đêm tại chợ Sắt\nHọp tổ an ninh hằng tháng",
                                                                  "targets[]": "T1", "thresholds[T1]": "85", "ownTargets": "100% tổ dân phố có mô hình tự quản",
                                                                  "action": "save"], csrfFrom: "/my-plan")
                #expect(draft.status == .seeOther)
                let saved = try #require(try await UnitPlan.query(on: app.db).with(\.$tasks).with(\.$targets).first())
                #expect(saved.status == .draft && saved.version == 1 && saved.tasks.filter { $0.part == "own" }.count == 2 && saved.tasks.count == 3)
                #expect(saved.tasks.contains { $0.parentTaskCode == mine[0] })
                let targets = saved.targets.sorted { $0.ordinal < $1.ordinal }
                #expect(targets.map(\.parentTargetCode) == ["T1", nil] && targets[0].threshold == 85 && targets[1].text == "100% tổ dân phố có mô hình tự quản")

                let today = TestCalendar.today.description
                let issued = try await ward.post("/my-plan", form: ["tasks[]": mine[0], "ownTasks": "Tuần tra đêm tại chợ Sắt", "number": "15/KH-UBND",
                                                                   "targets[]": "T1", "thresholds[T1]": "85",
                                                                   "issuedOn": today, "signer": "Chủ tịch UBND phường", "action": "issue"], csrfFrom: "/my-plan")
                #expect(issued.status == .seeOther)
                let page = try await ward.get("/my-plan").body.string
                #expect(page.contains("Đã ban hành") && page.contains("15/KH-UBND") && page.contains("action=\"/my-plan/revise\""))
                #expect(page.contains("Mức của đơn vị: <strong>≤ 85% so với cùng kỳ năm 2025</strong>"))
                let edit = try await ward.post("/my-plan", form: ["tasks[]": mine[0], "action": "save"], csrfFrom: "/my-plan")
                #expect(edit.status == .unprocessableEntity && edit.body.string.contains("không sửa trực tiếp"))
                #expect(try await ward.post("/my-plan/revise", form: [:], csrfFrom: "/my-plan").status == .seeOther)
                let versions = try await UnitPlan.query(on: app.db).sort(\.$version).with(\.$tasks).with(\.$targets).all()
                #expect(versions.map(\.status) == [.issued, .draft] && versions[0].number == "15/KH-UBND" && versions[1].tasks.count == versions[0].tasks.count)
                #expect(versions[1].targets.map(\.threshold) == [85])

                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var office = Browser(app)
                try await office.login("office")
                let list = try await office.get("/plans/units").body.string
                #expect(list.contains("Đơn vị đã ban hành kế hoạch: 1/"))
                #expect(list.contains("15/KH-UBND") && list.contains("Chưa lập kế hoạch"))
                #expect(try await ward.get("/plans/units").status == .forbidden)
            }
        }
    }
}
