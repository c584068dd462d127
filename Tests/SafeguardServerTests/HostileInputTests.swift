import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Every reproduction of the attack on the server: each of these once killed the
    /// process, ate gigabytes or answered 500; now each is answered with a 4xx that says why.
    @Suite struct HostileInputTests {
        static let huge = "9223372036854775807"

        /// The JSON error body's named parameters.
        static func fields(_ response: TestingHTTPResponse) throws -> [String] {
            struct Body: Decodable { struct Problem: Decodable { var field: String }; var errors: [Problem]? }
            return try JSONDecoder().decode(Body.self, from: Data(response.body.readableBytesView)).errors?.map(\.field) ?? []
        }

        @Test func overflowingQueryNumbersAreRefusedNamingTheParameter() async throws {
            try await withSafeguardApp { app in
                let office = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(office)"]
                let cases: [(String, String)] = [
                    ("/api/v1/units?page=\(Self.huge)", "page"), ("/api/v1/units?per_page=\(Self.huge)", "per_page"),
                    ("/api/v1/assignments?page=\(Self.huge)", "page"), ("/api/v1/assignments?page=0", "page"),
                    ("/api/v1/events?year=92233720368547758", "year"), ("/api/v1/movement/figures?year=-92233720368547758", "year"),
                    ("/api/v1/emulation?year=-2861497986027", "year"), ("/api/v1/registrations?year=abc", "year"),
                    ("/api/v1/units?q=\(String(repeating: "a", count: 500))", "q"),
                ]
                for (path, parameter) in cases {
                    try await app.testing().test(.GET, path, headers: auth) { res in
                        #expect(res.status == .badRequest, "\(path)")
                        #expect((try? Self.fields(res)) == [parameter], "\(path)")
                        #expect(res.body.string.contains("«\(parameter)»"), "\(path)")
                    }
                }
                // A year ahead within the bounds is fine (it once built a backwards range and trapped).
                try await app.testing().test(.GET, "/api/v1/emulation?year=2028", headers: auth) { res in #expect(res.status == .ok) }

                try await app.createUser("thuongtruc", role: .standingOffice, unit: "31-CATP")
                var browser = Browser(app)
                try await browser.login("thuongtruc")
                for path in ["/tasks?page=\(Self.huge)", "/units?page=\(Self.huge)", "/events?year=92233720368547758",
                             "/registrations?year=-92233720368547758", "/reports/commune_monthly/completeness?year=92233720368547758",
                             "/emulation?year=-2861497986027", "/assessments?page=\(Self.huge)"] {
                    let page = try await browser.get(path)
                    #expect(page.status == .badRequest, "\(path)")
                    #expect(page.body.string.contains("Tham số"), "\(path)")
                }
                for path in ["/emulation?year=2028", "/emulation.xlsx?year=2028", "/emulation.docx?year=2028"] {
                    #expect(try await browser.get(path).status == .ok, "\(path)")
                }
            }
        }

        @Test func onlyPathsOfThisSiteAreFollowedAfterLogin() async throws {
            for bad in ["/\t/evil.example/", "//evil.example", "/\\evil.example", "https://evil.example", "/%09/evil.example", "/%2F/evil.example",
                        "/\n/evil.example", "/\u{200B}/evil.example"] {
                #expect(AuthController.safeRedirect(bad) == "/", "\(bad.debugDescription)")
            }
            #expect(AuthController.safeRedirect("/tasks?status=overdue") == "/tasks?status=overdue")
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                let page = try await browser.get("/login?next=/%09/evil.example/")
                #expect(page.body.string.contains(#"name="next" value="/""#))
                let login = try await browser.post("/login", form: ["username": "hb", "password": Application.testPassword, "next": "/\t/evil.example/"], csrfFrom: "/login")
                #expect(login.location == "/")
            }
        }

        /// A password hasher that counts its checks: a wrong password for an unknown account must be
        /// checked as one for a real account is, so the two take the same time.
        final class CountingHasher: PasswordHasher, @unchecked Sendable {
            let lock = NSLock()
            var verifications = 0
            func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
                Array(try Bcrypt.hash(String(decoding: Array(password), as: UTF8.self), cost: 4).utf8)
            }
            func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
                lock.withLock { verifications += 1 }
                return try Bcrypt.verify(String(decoding: Array(password), as: UTF8.self), created: String(decoding: Array(digest), as: UTF8.self))
            }
        }

        @Test func anUnknownAccountIsCheckedLikeAKnownOne() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let hasher = CountingHasher()
                app.passwords.use { _ in hasher }
                var browser = Browser(app)
                for name in ["hb", "nobody-by-this-name"] {
                    let before = hasher.verifications
                    let response = try await browser.post("/login", form: ["username": name, "password": "wrong-password-123"], csrfFrom: "/login")
                    #expect(response.status == .unauthorized)
                    #expect(hasher.verifications == before + 1, "\(name)")
                }
                // The absent-account hash has the real cost, so it takes as long as a real one.
                #expect(AuthController.absentAccountHash.hasPrefix("$2b$12$"))
            }
        }

        @Test func largeBodiesAreNotCollectedBeforeSignIn() async throws {
            try await withSafeguardApp { app in
                let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2_000_000)
                // No session at all: refused before reading.
                try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.POST, "/records/import",
                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: big) { res in #expect(res.status == .forbidden) }
                // A session (the login page gave it a token) but no user: Vapor's default limit, not the import's 20 MB.
                var browser = Browser(app)
                _ = try await browser.csrf(from: "/login")
                try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.POST, "/records/import",
                    headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": browser.cookie ?? ""], body: big) { res in
                    #expect(res.status == .payloadTooLarge)
                }
            }
        }

        @Test func csvExportsWriteFormulasAsText() async throws {
            try await withSafeguardApp { app in
                _ = try await Fixtures.give(app, "II.2.a.2.5")
                let ward = try #require(try await OrgUnit.find(code: "11311", on: app.db))
                ward.name = #"=HYPERLINK("http://evil.example","Bấm vào đây")"#
                try await ward.update(on: app.db)
                try await app.createUser("thuongtruc", role: .standingOffice, unit: "31-CATP")
                var browser = Browser(app)
                try await browser.login("thuongtruc")
                let csv = try await browser.get("/tasks/export.csv").body.string
                #expect(csv.contains(#""'=HYPERLINK(""http://evil.example"",""Bấm vào đây"")""#))
                #expect(!csv.contains(#",=HYPERLINK"#) && !csv.contains("\"=HYPERLINK"))
            }
        }

        @Test func guessablePasswordsAreRefusedWhenChosen() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hongbang", role: .communeOfficer, unit: "11311", mustChange: true)
                var browser = Browser(app)
                try await browser.login("hongbang")
                for bad in ["aaaaaaaaaa", "1234567890", "hongbang-2026!"] {
                    let response = try await browser.post("/account/password", form: ["current": Application.testPassword, "new": bad, "confirm": bad], csrfFrom: "/account/password")
                    #expect(response.status == .unprocessableEntity, "\(bad)")
                }
                let page = try await browser.post("/account/password", form: ["current": Application.testPassword, "new": "hongbang-2026!", "confirm": "hongbang-2026!"], csrfFrom: "/account/password")
                #expect(page.body.string.contains("không được chứa tên đăng nhập"))
            }
        }

        @Test func everyResponseCarriesTheSecurityHeadersAndRecordsAreNotCached() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                let notFound = try await browser.get("/no-such-page")
                let asset = try await browser.get("/css/app.css")
                for response in [notFound, asset] {
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                }
                #expect(notFound.status == .notFound && asset.status == .ok)
                #expect(asset.headers.first(name: .cacheControl) != "no-store")
                try await browser.login("hb")
                #expect(try await browser.get("/records/cases").headers.first(name: .cacheControl) == "no-store")
                // TRACE, and a method a known path does not have, answer 405 with the methods it has.
                try await app.testing().test(.TRACE, "/login") { res in #expect(res.status == .methodNotAllowed) }
                try await app.testing().test(.DELETE, "/api/v1/units") { res in
                    #expect(res.status == .methodNotAllowed)
                    #expect(res.headers.first(name: "Allow")?.contains("GET") == true)
                }
            }
        }

        /// Found by the fuzzer: numbers the core once turned into `Int` and trapped on.
        @Test func hugeFiguresAreRefusedAndNeverTrapped() async throws {
            try await withSafeguardApp { app in
                let office = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                let ward = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                func send(_ method: HTTPMethod, _ path: String, _ token: String, _ body: String) async throws -> TestingHTTPResponse {
                    var result: TestingHTTPResponse?
                    try await app.testing().test(method, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                 body: ByteBuffer(string: body)) { result = $0 }
                    return try #require(result)
                }
                let year = TestCalendar.today.year
                for body in [#"{"year":\#(year),"drugPlantArea":1e19}"#, #"{"year":\#(year),"population":1,"users":9223372036854775807}"#,
                             #"{"year":\#(year),"drugPlants":4611686018427387904,"users":9223372036854775807,"onRoute":true,"venues":263.0}"#] {
                    let response = try await send(.PUT, "/api/v1/drug-free/11311", ward, body)
                    #expect(response.status == .unprocessableEntity || response.status == .badRequest, "\(body)")
                }
                #expect(try await send(.PUT, "/api/v1/drug-free/11311", ward, #"{"year":\#(year),"population":10,"users":10000000}"#).status == .ok)
                try await app.testing().test(.GET, "/api/v1/drug-free?year=\(year)", headers: ["Authorization": "Bearer \(office)"]) { res in #expect(res.status == .ok) }
                // A criteria set cannot give a criterion more than a thousand points, so no score's message overflows.
                let set = #"{"subject":"commune","version":1,"placeholder":true,"cutOffs":{"excellent":0.9,"good":0.7,"average":0.5},"criteria":[{"code":"X1","text":"a","maxPoints":1e19,"evidenceRequired":false}]}"#
                #expect(try await send(.PUT, "/api/v1/criteria-sets/commune", office, set).status == .unprocessableEntity)
                #expect(try await send(.POST, "/api/v1/assessments/11311", ward, #"{"year":\#(year),"scores":{"K1":-1e300}}"#).status.code < 500)
            }
            #expect(NumberText.plain(1e19) == "1e+19" && NumberText.plain(.infinity) == "inf" && NumberText.plain(-3) == "-3")
        }

        @Test func tokenCallsLeaveNoSessionAndSloppyParametersAreNamed() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                let before = try await SessionRecord.query(on: app.db).count()
                for _ in 1...5 {
                    try await app.testing().test(.GET, "/api/v1/me", headers: auth) { res in
                        #expect(res.status == .ok)
                        #expect(res.headers.setCookie == nil)
                    }
                }
                #expect(try await SessionRecord.query(on: app.db).count() == before)
                for (path, field) in [("/api/v1/recognition?year=abc&year=2026", "year"), ("/api/v1/units?kind=", "kind"), ("/api/v1/assignments?status=", "status")] {
                    try await app.testing().test(.GET, path, headers: auth) { res in
                        #expect(res.status == .badRequest, "\(path)")
                        #expect((try? Self.fields(res)) == [field], "\(path)")
                    }
                }
                // A body that does not decode names its field, in Vietnamese; a body without a type says so.
                var json = auth
                json.add(name: .contentType, value: "application/json")
                try await app.testing().test(.POST, "/api/v1/assessments/11311", headers: json, body: ByteBuffer(string: #"{"scores":"many"}"#)) { res in
                    #expect(res.status == .badRequest)
                    #expect((try? Self.fields(res)) == ["scores"])
                    #expect(res.body.string.contains("Giá trị không đúng kiểu"))
                }
                try await app.testing().test(.POST, "/api/v1/models", headers: auth, body: ByteBuffer(string: "{}")) { res in
                    #expect(res.status == .unsupportedMediaType)
                    #expect(res.body.string.contains("Content-Type") && !res.body.string.contains("Can't decode"))
                }
            }
        }

        /// Where the server was looser or stricter than its OpenAPI document (found by schemathesis).
        @Test func theAPIAcceptsWhatItsDocumentSaysAndNothingElse() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                for path in ["/api/v1/registrations?year=%2B2026", "/api/v1/alerts?state=%20new", "/api/v1/units?page=1%20"] {
                    try await app.testing().test(.GET, path, headers: auth) { res in #expect(res.status == .badRequest, "\(path)") }
                }
                var json = auth
                json.add(name: .contentType, value: "application/json")
                try await app.testing().test(.PATCH, "/api/v1/units/11311", headers: json, body: ByteBuffer(string: #"{"phone":"٣٣٣"}"#)) { res in
                    #expect(res.status == .unprocessableEntity)
                }
                let combining = String(repeating: "e\u{0301}", count: 150)
                try await app.testing().test(.PATCH, "/api/v1/units/11311", headers: json, body: ByteBuffer(string: #"{"name":"\#(combining)"}"#)) { res in
                    #expect(res.status == .unprocessableEntity)
                }
                // The city's own plan file (58 KB) is more than Vapor's default body limit.
                let plan = try String(contentsOfFile: TestDatabase.packageRoot + "/Resources/Data/plans/hai-phong-2026.yaml", encoding: .utf8)
                var yaml = auth
                yaml.add(name: .contentType, value: "application/yaml")
                try await app.testing().test(.POST, "/api/v1/plans/import", headers: yaml, body: ByteBuffer(string: plan)) { res in
                    #expect(res.status != .payloadTooLarge && res.status.code < 500, "\(res.status)")
                }
                try await app.testing().test(.OPTIONS, "/api/v1/plans/import", headers: auth) { res in
                    #expect(res.status == .methodNotAllowed)
                    #expect(res.headers.first(name: "Allow") == "POST")
                }
            }
        }

        /// PostgreSQL cannot store U+0000 in text: it becomes U+FFFD on both engines, a literal `\\u0000` stays text.
        @Test func nulCharactersAreReplacedBeforeTheyReachTheDatabase() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let body = #"{"name":"Mô hình\u0000 mới","field":"fire","startedOn":"2026-01-29","results":"a\\u0000b"}"#
                try await app.testing().test(.POST, "/api/v1/models", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                             body: ByteBuffer(string: body)) { res in #expect(res.status == .created, "\(res.body.string)") }
                let model = try #require(try await MovementModelRecord.query(on: app.db).first())
                #expect(model.name == "Mô hình\u{FFFD} mới")
                #expect(model.results == "a\\u0000b")
                try await app.testing().test(.GET, "/api/v1/units?q=a%00b", headers: ["Authorization": "Bearer \(token)"]) { res in #expect(res.status == .ok) }
            }
        }

        @Test func datesAreISOWithFourDigitYears() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                try await app.testing().test(.POST, "/api/v1/models", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                             body: ByteBuffer(string: #"{"name":"Mô hình","field":"anti-drug","startedOn":"0007-12-10"}"#)) { res in
                    #expect(res.status == .unprocessableEntity || res.status == .badRequest)
                    #expect(!res.body.string.contains("\"7-12-10\""))
                }
            }
        }
    }
}
