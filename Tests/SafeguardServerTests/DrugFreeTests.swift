import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Drug-free communes: a ward enters its figures and sees the type-I verdict
    /// explained; a recognition decision is refused while a checklist item is missing (named, nothing
    /// stored) and accepted once all are met; the city's share of drug-free communes counts it.
    @Suite struct DrugFreeTests {
        @Test func recognitionNeedsTheWholeChecklistAndTypeIIsExplained() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("office", role: .standingOffice, unit: "31-CATP")
                var ward = Browser(app)
                try await ward.login("hb")
                let link = "/drug-free/11311"
                let figures = ["population": "20000", "users": "100", "venues": "2", "offenders": "25", "drugPlants": "0", "drugPlantArea": "0"]
                #expect(try await ward.post(link, form: figures.merging(["met[]": "D1"]) { a, _ in a }, csrfFrom: link).status == .seeOther)
                let page = try await ward.get(link).body.string
                #expect(page.contains("Địa bàn trọng điểm loại I (có ít nhất 3 trong 5 điều kiện):"))
                #expect(page.contains("người phạm tội về ma túy ≥ 0,1% dân số (25 người, 0,1%)"))
                let early = try await ward.post(link, form: figures.merging(["met[]": "D1", "decisionNumber": "12/QĐ-UBND", "decisionDate": "2026-10-01"]) { a, _ in a },
                                                csrfFrom: link)
                #expect(early.status == .unprocessableEntity && early.body.string.contains("«Tiêu chí không ma túy»: Chưa đạt (D2: "))
                #expect(try await DrugAreaRecord.query(on: app.db).first()?.decisionNumber == nil)

                // All five met: recognised by the standing office, not by the ward itself, and not
                // while the figures make the ward a type-I area (the form posts each box as met[]).
                var office = Browser(app)
                try await office.login("office")
                func decide(_ browser: Browser, figures: [String]) async throws -> TestingHTTPResponse {
                    var browser = browser
                    var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
                    headers.replaceOrAdd(name: .cookie, value: browser.cookie!)
                    let token = try await browser.csrf(from: link)
                    let body = (["_csrf=\(token)", "decisionNumber=12%2FQ%C4%90-UBND", "decisionDate=2026-10-01"] + figures
                        + ["D1", "D2", "D3", "D4", "D5"].map { "met%5B%5D=\($0)" }).joined(separator: "&")
                    var result: TestingHTTPResponse?
                    try await app.testing().test(.POST, link, headers: headers, body: ByteBuffer(string: body)) { result = $0 }
                    return result!
                }
                let byItself = try await decide(ward, figures: ["population=20000"])
                #expect(byItself.status == .unprocessableEntity && byItself.body.string.contains("xã không tự công nhận"))
                let typeI = try await decide(office, figures: ["population=20000", "users=100", "venues=2", "offenders=25"])
                #expect(typeI.status == .unprocessableEntity && typeI.body.string.contains("trọng điểm loại I"))
                #expect(try await decide(office, figures: ["population=20000"]).status == .seeOther)
                let stored = try #require(try await DrugAreaRecord.query(on: app.db).first())
                #expect(stored.isRecognised && stored.metCodes.count == 5 && stored.decisionDate == "2026-10-01")
                let communes = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).count()
                #expect(try await office.get("/drug-free").body.string.contains("1/\(communes)"))
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get(link).status == .forbidden)
            }
        }

        @Test func theChecklistNamesWhatIsMissing() {
            let list = RecognitionChecklist(items: [.init(code: "D1", text: "a"), .init(code: "D2", text: "b")])
            #expect(list.missing(["D2"]).map(\.code) == ["D1"])
            let today = CalendarDate(iso: "2026-11-30")!
            guard case .failure(let e) = list.recognise(met: ["D1"], number: " ", date: "2026-12-05", today: today) else { Issue.record("accepted"); return }
            #expect(e.errors == [FieldError("checklist", .notMet("D2: b")), FieldError("decision_number", .required), FieldError("decision_date", .dateInFuture("2026-12-05"))])
            #expect((try? list.recognise(met: ["D1", "D2"], number: "5/QĐ", date: "2026-11-01", today: today).get())?.number == "5/QĐ")
        }
    }
}
