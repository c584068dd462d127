import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer
import SafeguardCore

extension ServerTests {
    /// A browser gets an error as a page in its language with a way back; a program asking for
    /// JSON, and the API, get JSON — with the fields at fault when the core refused the body.
    @Suite struct ErrorPageTests {
        /// What Chromium sends for a navigation: `*/*` must not count as asking for JSON.
        static let chromiumAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"

        @Test func aBrowserGetsAPageInItsLanguage() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await app.testing().test(.GET, "/khong-co-trang-nay", headers: ["Accept": Self.chromiumAccept, "Accept-Language": "vi-VN,vi;q=0.9"]) { res in
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType?.subType == "html")
                    #expect(res.body.string.contains("Không tìm thấy trang.") && res.body.string.contains(#"<a href="/">"#))
                    #expect(!res.body.string.hasPrefix("{"))
                }
                try await app.testing().test(.GET, "/khong-co-trang-nay", headers: ["Accept": Self.chromiumAccept, "Accept-Language": "en"]) { res in
                    #expect(res.status == .notFound && res.headers.contentType?.subType == "html" && !res.body.string.contains("Không tìm thấy"))
                }
                try await app.testing().test(.GET, "/khong-co-trang-nay", headers: ["Accept": "application/json"]) { res in
                    #expect(res.status == .notFound && res.headers.contentType == .json)
                    let answer = try res.content.decode(ErrorPageMiddleware.ErrorBody.self)
                    #expect(answer.error && answer.reason == "Không tìm thấy trang.")
                }
            }
        }

        @Test func theAPINamesTheFieldsTheCoreRefused() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let body = #"{"name":"Mô hình","field":"anti-drug","startedOn":"2027-12-10"}"#
                try await app.testing().test(.POST, "/api/v1/models", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                             body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .unprocessableEntity)
                    let answer = try res.content.decode(ErrorPageMiddleware.ErrorBody.self)
                    let problem = try #require(answer.errors?.first)
                    #expect(problem.field == "started_on" && problem.code == "date-in-future")
                    #expect(problem.message.contains("Ngày") && answer.reason.contains(problem.message))
                }
            }
        }

        /// Every refusal of a body or parameter says which field and why, in one shape
        /// (`{"errors": [{"field", "code", "message"}]}`), whichever feature refused it.
        @Test func everyAPIRefusalNamesItsFields() async throws {
            try await withSafeguardApp { app in
                let ward = APIClient(app: app, token: try await app.token(for: "hb", role: .communeOfficer, unit: "11311"))
                let office = APIClient(app: app, token: try await app.token(for: "office", role: .standingOffice, unit: "31-CATP"))
                func problems(_ response: TestingHTTPResponse, _ status: HTTPStatus = .unprocessableEntity, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
                    #expect(response.status == status, "\(response.body.string)", sourceLocation: sourceLocation)
                    let answer = try JSONDecoder().decode(ErrorPageMiddleware.ErrorBody.self, from: Data(response.body.readableBytesView))
                    let errors = try #require(answer.errors, "no errors in \(response.body.string)", sourceLocation: sourceLocation)
                    #expect(errors.allSatisfy { !$0.message.isEmpty && answer.reason.contains($0.message) }, sourceLocation: sourceLocation)
                    return Dictionary(errors.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
                }

                // A unit's details (Units).
                #expect(try problems(await ward.send(.PATCH, "/api/v1/units/11311", raw: #"{"phone":"gọi tôi"}"#)) == ["phone": "invalid"])
                #expect(try await OrgUnit.find(code: "11311", on: app.db)?.phone == nil)
                // A self-assessment scoring a criterion above its maximum (Movement): the criterion's code.
                let next = TestCalendar.today.year + 1
                let scored = try problems(await ward.send(.POST, "/api/v1/assessments/11311", raw: #"{"year":\#(next),"scores":{"X4":26}}"#))
                #expect(scored.keys.sorted() == ["X4"])
                // An activity held in the future (Movement).
                let event = #"{"title":"Ngày hội","kind":"movement-day","heldOn":"2099-08-19","participants":300}"#
                #expect(try problems(await ward.send(.POST, "/api/v1/events", raw: event)) == ["held_on": "date-in-future"])
                // A progress report with no text and a percentage past 100 (Tasks).
                _ = try await Fixtures.give(app, "II.2.a.2.5")
                let part = try await Fixtures.part(app, "II.2.a.2.5", unit: "11311")
                let report = try problems(await ward.send(.POST, "/api/v1/assignments/\(try part.requireID().uuidString)/updates", raw: #"{"text":" ","percent":150}"#))
                #expect(report["text"] == "required" && report["percent"] != nil, "\(report)")
                // A plan file naming a unit that does not exist (Plan): each problem at its path.
                let plan = try String(contentsOfFile: app.settings.resource(Bootstrap.plan), encoding: .utf8)
                    .replacingOccurrences(of: #"lead: ["31-CATP"]"#, with: #"lead: ["31-GHOST"]"#)
                let planned = try await office.send(.POST, "/api/v1/plans/import", raw: plan, type: HTTPMediaType(type: "application", subType: "yaml"))
                #expect(planned.status == .unprocessableEntity)
                let planErrors = try #require(try JSONDecoder().decode(ErrorPageMiddleware.ErrorBody.self, from: Data(planned.body.readableBytesView)).errors)
                #expect(planErrors.allSatisfy { $0.code == "invalid" } && planErrors.contains { $0.field.contains("lead") && $0.message.contains("31-GHOST") }, "\(planErrors)")
                // A parameter outside its values (EarlyWarning): 400, the parameter named.
                #expect(try problems(await office.send(.GET, "/api/v1/alerts?state=bogus"), .badRequest) == ["state": "unknown-value"])
            }
        }
    }
}
