import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct PlanAPITests {
        @Test func thePlanHasEveryTargetWithItsThresholdAndEveryTaskALead() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "reader", role: .leader)
                try await app.testing().test(.GET, "/api/v1/plans/hai-phong-799-2026", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    let plan = try res.content.decode(PlanAPIController.PlanDTO.self)
                    #expect(plan.number == "45/KH-BCĐ")
                    #expect(plan.date == "2026-02-05")
                    #expect(plan.targets.count == 10)
                    let byMetric = Dictionary(grouping: plan.targets, by: \.metric)
                    let ttxh = try #require(byMetric[.ttxhCases]?.first)
                    #expect(ttxh.comparison == .atMost && ttxh.threshold == 88 && ttxh.unit == .percentOfBaseline && ttxh.baselineYear == 2025)
                    #expect(ttxh.text.contains("ít nhất 12%"))
                    let clearance = try #require(byMetric[.clearanceRate])
                    #expect(Set(clearance.map(\.threshold)) == [80, 95])
                    #expect(clearance.first { $0.threshold == 95 }?.severities == [.verySerious, .especiallySerious])
                    #expect(byMetric[.crimeReportResolutionRate]?.first?.comparison == .greaterThan)
                    #expect(byMetric[.drugFreeCommunesShare]?.first?.threshold == 50)
                    #expect(byMetric[.unitsRatedWeak]?.first.map { $0.threshold == 0 && $0.unit == .count } == true)
                    #expect(Set(plan.targets.map(\.metric)) == Set(TargetMetric.allCases))
                    // Section II: all five groups, sub-groups a and b of group 2, each task with a lead.
                    #expect(Set(plan.tasks.map(\.section)) == ["II.1", "II.2", "II.3", "II.4", "II.5"])
                    #expect(Set(plan.tasks.compactMap(\.group)) == ["II.2.a", "II.2.b"])
                    #expect(plan.tasks.count == 35)  // the plan's section II tasks and numbered items with agencies
                    #expect(plan.tasks.allSatisfy { !$0.lead.isEmpty })
                    #expect(plan.tasks.allSatisfy { Set($0.lead).isDisjoint(with: $0.coordinating) })
                    // "Các sở, ngành, địa phương thực hiện" means every department and all 114 localities.
                    let everyone = try #require(plan.tasks.first { $0.id == "II.1.1" })
                    #expect(everyone.lead.count == 17 + 114)
                    #expect(plan.duties.count == 5)
                    #expect(plan.tasks.allSatisfy { !$0.text.contains("  ") && $0.text.contains(where: { "ạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ".contains($0) }) })
                }
                try await app.testing().test(.GET, "/api/v1/plans/hai-phong-799-2026/tasks?unit=31-CATP&part=lead", headers: ["Authorization": "Bearer \(token)"]) { res in
                    let tasks = try res.content.decode([PlanAPIController.TaskDTO].self)
                    #expect(tasks.count == 29)
                    #expect(tasks.allSatisfy { $0.lead.contains("31-CATP") })
                }
                try await app.testing().test(.GET, "/api/v1/plans/hai-phong-799-2026/tasks?part=boss", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .badRequest)
                }
                try await app.testing().test(.GET, "/api/v1/plans/hai-phong-799-2026/targets", headers: ["Authorization": "Bearer \(token)"]) { res in
                    let targets = try res.content.decode([PlanAPIController.TargetDTO].self)
                    #expect(targets.count == 10)
                }
                try await app.testing().test(.GET, "/api/v1/plans", headers: ["Authorization": "Bearer \(token)"]) { res in
                    let plans = try res.content.decode([PlanAPIController.PlanSummaryDTO].self)
                    #expect(plans.map(\.key) == ["hai-phong-799-2026"])
                }
                try await app.testing().test(.GET, "/api/v1/plans/nope", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .notFound)
                }
            }
        }

        @Test func thePlanPageShowsTargetsAndLeadsInBothLanguages() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let vi = try await browser.get("/plan").body.string
                #expect(vi.contains(#"<html lang="vi">"#))
                #expect(vi.contains("ít nhất 12%"))
                #expect(vi.contains("Các chỉ tiêu chủ yếu"))
                #expect(vi.contains(#"<dd class="lead">Công an thành phố</dd>"#))
                #expect(vi.contains("≤ 88% so với cùng kỳ năm 2025"))
                let lead = try await browser.get("/plan?filter=lead").body.string
                let all = vi.components(separatedBy: "class=\"task").count
                let mine = lead.components(separatedBy: "class=\"task").count
                #expect(mine < all && mine > 1)
                let en = try await browser.get("/plan?lang=en").body.string
                #expect(en.contains(#"<html lang="en">"#))
                #expect(en.contains("Main targets"))
                // The choice sticks through the cookie.
                #expect(try await browser.get("/units").body.string.contains("Unit directory"))
            }
        }

        @Test func acceptLanguagePicksEnglishForAnonymousPages() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await app.testing().test(.GET, "/login", headers: ["Accept-Language": "en-GB,en;q=0.9,vi;q=0.5"]) { res in
                    #expect(res.body.string.contains("Log in"))
                }
                try await app.testing().test(.GET, "/login", headers: ["Accept-Language": "fr,vi;q=0.9,en;q=0.1"]) { res in
                    #expect(res.body.string.contains("Đăng nhập"))
                }
            }
        }

        @Test func myUnitPageListsTheTasksItLeads() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("stp", role: .departmentOfficer, unit: "31-STP")
                var browser = Browser(app)
                try await browser.login("stp")
                let redirect = try await browser.get("/my-unit")
                #expect(redirect.location == "/units/31-STP")
                let page = try await browser.get("/units/31-STP").body.string
                #expect(page.contains("Sở Tư pháp"))
                #expect(page.contains("Nhiệm vụ chủ trì"))
                #expect(page.contains("II.2.a.2.5"))
            }
        }
    }
}
