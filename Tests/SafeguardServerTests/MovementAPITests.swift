import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The movement's writes through the API: the same checks and records as the
    /// pages — criteria sets revised, models registered, reviewed and replicated, a commune's drug-free
    /// decision refused while an item is missing, activities with evidence, a member's recognition.
    @Suite struct MovementAPITests {
        @Test func criteriaSetsAndModelsThroughTheAPI() async throws {
            try await withSafeguardApp { app in
                let office = APIClient(app: app, token: try await app.token(for: "office", role: .standingOffice, unit: "31-CATP"))
                let ward = APIClient(app: app, token: try await app.token(for: "hb", role: .communeOfficer, unit: "11311"))

                // Criteria: only the office revises; problems named; a change is version 2.
                var set = try #require(try await CriteriaCatalog(db: app.db).set(.agency))
                #expect(try await ward.send(.PUT, "/api/v1/criteria-sets/agency", json: set).status == .forbidden)
                set.criteria[0].maxPoints = 0
                let bad = try await office.send(.PUT, "/api/v1/criteria-sets/agency", json: set)
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("criteria.C1: maxPoints must be above 0"))
                set.criteria[0].maxPoints = 4
                let revised = try await office.send(.PUT, "/api/v1/criteria-sets/agency", json: set)
                #expect(revised.status == .ok && revised.body.string.contains("\"version\":2"))
                #expect(try await office.send(.PUT, "/api/v1/criteria-sets/agency", json: set).body.string.contains("\"created\":false"))

                // Models: registered for the caller's unit, checked like the page.
                struct NewModel: Encodable { var name: String; var field: String; var technology: [String]; var startedOn: String; var members: Int }
                let wrong = try await ward.send(.POST, "/api/v1/models", json: NewModel(name: "Camera an ninh", field: "drones", technology: [], startedOn: "2026-03-01", members: 5))
                #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("«Lĩnh vực»"))
                let created = try await ward.send(.POST, "/api/v1/models", json: NewModel(name: "Camera an ninh tổ dân phố", field: "anti-drug",
                                                                                           technology: ["camera AI", "nhóm Zalo"], startedOn: "2026-03-01", members: 12))
                #expect(created.status == .created)
                let model = try created.content.decode(MovementRegistryAPIController.ModelDTO.self)
                #expect(model.unit == "11311" && model.status == .active)
                struct Review: Encodable { var rating: String; var note: String }
                #expect(try await ward.send(.POST, "/api/v1/models/\(model.id)/reviews", json: Review(rating: "effective", note: "Giảm 3 vụ trộm")).status == .created)
                struct Status: Encodable { var status: String }
                #expect(try await ward.send(.PUT, "/api/v1/models/\(model.id)/status", json: Status(status: "paused")).body.string.contains("\"status\":\"paused\""))
                struct Target: Encodable { var unit: String }
                // The ward cannot plant a copy in another ward; the office can, and the copy keeps its origin.
                #expect(try await ward.send(.POST, "/api/v1/models/\(model.id)/replicas", json: Target(unit: "11560")).status == .forbidden)
                let copy = try await office.send(.POST, "/api/v1/models/\(model.id)/replicas", json: Target(unit: "11560"))
                #expect(copy.status == .created)
                #expect(try copy.content.decode(MovementRegistryAPIController.ModelDTO.self).origin == model.id)
                #expect(try await MovementModelReview.query(on: app.db).count() == 1)
            }
        }

        @Test func drugFreeEventsAndRecognitionThroughTheAPI() async throws {
            try await withSafeguardApp { app in
                let ward = APIClient(app: app, token: try await app.token(for: "hb", role: .communeOfficer, unit: "11311"))
                let other = APIClient(app: app, token: try await app.token(for: "tn", role: .communeOfficer, unit: "11560"))

                // A decision with an item missing: refused, named, nothing stored.
                let early = #"{"population": 20000, "users": 100, "venues": 2, "offenders": 25, "met": ["D1"], "decisionNumber": "12/QĐ-UBND", "decisionDate": "2026-10-01"}"#
                let refused = try await ward.send(.PUT, "/api/v1/drug-free/11311", raw: early)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("D2: "))
                #expect(try await DrugAreaRecord.query(on: app.db).count() == 0)
                #expect(try await other.send(.PUT, "/api/v1/drug-free/11311", raw: early).status == .forbidden)
                let all = #"{"population": 20000, "users": 100, "venues": 2, "offenders": 25, "met": ["D1","D2","D3","D4","D5"], "decisionNumber": "12/QĐ-UBND", "decisionDate": "2026-10-01"}"#
                // The commune does not recognise itself; the standing office does not recognise a type-I area.
                let own = try await ward.send(.PUT, "/api/v1/drug-free/11311", raw: all)
                #expect(own.status == .unprocessableEntity && own.body.string.contains("decided-above"))
                let figuresOnly = #"{"population": 20000, "users": 100, "venues": 2, "offenders": 25, "met": ["D1","D2","D3","D4","D5"]}"#
                let saved = try await ward.send(.PUT, "/api/v1/drug-free/11311", raw: figuresOnly)
                #expect(saved.status == .ok && saved.body.string.contains("\"keyAreaTypeI\":true"))
                let office = APIClient(app: app, token: try await app.token(for: "office", role: .standingOffice, unit: "31-CATP"))
                let typeI = try await office.send(.PUT, "/api/v1/drug-free/11311", raw: all)
                #expect(typeI.status == .unprocessableEntity && typeI.body.string.contains("key-area-type-i"))
                let clean = #"{"population": 20000, "users": 10, "venues": 0, "offenders": 2, "met": ["D1","D2","D3","D4","D5"], "decisionNumber": "12/QĐ-UBND", "decisionDate": "2026-10-01"}"#
                let recognised = try await office.send(.PUT, "/api/v1/drug-free/11311", raw: clean)
                #expect(recognised.status == .ok && recognised.body.string.contains("QĐ-UBND"))
                // The commune saving its figures again keeps the recognition the office recorded.
                #expect(try await ward.send(.PUT, "/api/v1/drug-free/11311", raw: #"{"population": 20000, "users": 9, "met": ["D1","D2","D3","D4","D5"]}"#).status == .ok)
                let year = TestCalendar.today.year
                let figures = try await MovementQueries(app.db).figures(scope: try #require(try await OrgUnit.find(code: "31", on: app.db)), year: year)
                #expect(figures.communesDrugFree == 1)

                // Activities: JSON, and multipart with a file checked by content.
                let future = #"{"title": "Ngày hội", "kind": "movement-day", "heldOn": "2099-08-19", "participants": 300}"#
                let ahead = try await ward.send(.POST, "/api/v1/events", raw: future)
                #expect(ahead.status == .unprocessableEntity && ahead.body.string.contains("2099-08-19"))
                let held = #"{"title": "Ngày hội toàn dân bảo vệ ANTQ", "kind": "movement-day", "heldOn": "2026-08-19", "participants": 300}"#
                #expect(try await ward.send(.POST, "/api/v1/events", raw: held).status == .created)
                var (headers, body) = Multipart.body(fields: [("title", "Livestream tuyên truyền"), ("kind", "livestream"), ("heldOn", "2026-09-02"), ("participants", "1200")],
                                                     files: [(field: "files[]", name: "anh.pdf", bytes: Data("%PDF-1.4\n%%EOF\n".utf8))])
                headers.replaceOrAdd(name: .authorization, value: "Bearer \(ward.token)")
                try await app.testing().test(.POST, "/api/v1/events", headers: headers, body: body) { res in #expect(res.status == .created) }
                #expect(try await OutreachEvidence.query(on: app.db).count() == 1)

                // Recognition of a residential group by its ward: what it lacks is listed.
                let group = try OrgUnit(code: "11311-TDP1", name: "Tổ dân phố số 1", kind: .residentialGroup,
                                        parent: try #require(try await OrgUnit.find(code: "11311", on: app.db)))
                try await group.create(on: app.db)
                let decided = try await ward.send(.POST, "/api/v1/recognition/11311-TDP1", raw: #"{"year": 2026, "met": ["S1", "S2", "S9"]}"#)
                #expect(decided.status == .ok)
                let standing = try decided.content.decode(RecognitionAPIController.MemberRecognitionDTO.self)
                #expect(standing.met == ["S1", "S2"] && !standing.recognised && standing.missing.count == 3 && standing.missing[0].hasPrefix("S3: "))
                #expect(try await other.send(.POST, "/api/v1/recognition/11311-TDP1", raw: #"{"met": []}"#).status == .forbidden)

                // A model of the residential group counts for its ward (T6); the ward's livestream puts it in cyberspace (T10).
                let model = #"{"unit": "11311-TDP1", "name": "Tổ dân phố không ma túy", "field": "anti-drug", "startedOn": "2026-02-01"}"#
                #expect(try await ward.send(.POST, "/api/v1/models", raw: model).status == .created)
                #expect(try await other.send(.POST, "/api/v1/models", raw: model).status == .forbidden)
                let city = try await MovementQueries(app.db).figures(scope: try #require(try await OrgUnit.find(code: "31", on: app.db)), year: 2026)
                #expect(city.communesWithAntiDrugModel == 1 && city.unitsInCyberspace == 1)
            }
        }
    }
}
