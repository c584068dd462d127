import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The models registry: a ward registers an anti-drug model (a bad field and a
    /// future start are named, nothing stored), reviews it, the office copies it to another ward with
    /// the link kept, and the share of communes with an active anti-drug model counts both; another
    /// ward cannot act on it.
    @Suite struct ModelRegistryTests {
        @Test func aWardRegistersAModelThatIsReviewedAndReplicated() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var ward = Browser(app)
                try await ward.login("hb")
                let tomorrow = TestCalendar.today.adding(days: 1).description
                let bad = try await ward.post("/models", form: ["name": "Tổ dân phố không ma túy", "field": "magic", "startedOn": tomorrow], csrfFrom: "/models/new")
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("«Lĩnh vực»") && bad.body.string.contains("«Ngày bắt đầu»"))
                #expect(bad.body.string.contains(#"<p class="field-error" id="f-field-error">«Lĩnh vực»"#))
                #expect(bad.body.string.contains(#"<p class="field-error" id="f-started_on-error">«Ngày bắt đầu»"#))
                #expect(bad.body.string.contains(#"value="Tổ dân phố không ma túy""#) && !bad.body.string.contains("f-name-error"))
                #expect(try await MovementModelRecord.query(on: app.db).count() == 0)
                let made = try await ward.post("/models", form: ["name": "Tổ dân phố không ma túy", "field": "anti-drug", "technology": "nhóm Zalo, camera",
                                                                 "startedOn": "2026-03-01", "members": "25"], csrfFrom: "/models/new")
                #expect(made.status == .seeOther)
                let model = try #require(try await MovementModelRecord.query(on: app.db).first())
                #expect(model.field == .antiDrug && model.technology == "nhóm Zalo, camera" && model.members == 25 && model.status == .active)
                let link = "/models/\(try model.requireID().uuidString)"
                #expect(try await ward.post("\(link)/reviews", form: ["rating": "effective", "note": "Giảm 2 người nghiện"], csrfFrom: link).status == .seeOther)
                #expect(try await ward.get(link).body.string.contains("Giảm 2 người nghiện"))

                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get(link).status == .forbidden)

                var office = Browser(app)
                try await office.login("office")
                let copied = try await office.post("\(link)/replicate", form: ["unit": "11560"], csrfFrom: link)
                #expect(copied.status == .seeOther)
                let copy = try #require(try await MovementModelRecord.query(on: app.db).filter(\.$unitCode == "11560").first())
                #expect(copy.$origin.id == model.id && copy.field == .antiDrug)
                let list = try await office.get("/models").body.string
                let communes = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).count()
                #expect(list.contains("Xã, phường có mô hình phòng, chống ma túy") && list.contains("2/\(communes)"))
                #expect(try await office.get("/models/\(try copy.requireID().uuidString)").body.string.contains("Nhân rộng từ"))
                // Paused, it no longer counts.
                #expect(try await ward.post("\(link)/status", form: ["status": "paused"], csrfFrom: link).status == .seeOther)
                #expect(try await office.get("/models").body.string.contains("1/\(communes)"))
            }
        }

        @Test func coverageNamesTheUnitsWithoutAModel() {
            let share = ModelCoverage.share(of: .cyberspace, units: ["A", "B", "C", "D"],
                                            models: [("/P/A/", .cyberspace, .active), ("/P/B/", .cyberspace, .ended), ("/P/C/", .antiDrug, .active), ("/P/D/D-01/", .cyberspace, .active)])
            // D is covered by its village's model.
            #expect(share.covered == 2 && share.missing == ["B", "C"] && share.share == 0.5)
            #expect(ModelCoverage.share(of: .fire, units: [], models: []).share == nil)
        }
    }
}
