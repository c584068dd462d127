import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    @Suite struct AuthTests {
        @Test func loginSetsASessionStoredInTheDatabaseThatAnotherInstanceAccepts() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("lanhdao", role: .leader)
                var browser = Browser(app)
                let response = try await browser.login("lanhdao")
                #expect(response.status == .seeOther)
                #expect(response.location == "/")
                #expect(try await StoredSession.query(on: app.db).count() >= 1)
                #expect(try await browser.get("/plan").status == .ok)

                // A second app instance on the same database serves the same session.
                let other = try await Application.make(.testing)
                try await configure(other, settings: app.settings)
                other.clock = app.clock
                try await other.testing().test(.GET, "/plan", headers: HTTPHeaders([("Cookie", browser.cookie!)])) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("ít nhất 12%"))
                }
                try await other.asyncShutdown()
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login").count() == 1)
            }
        }

        @Test func wrongPasswordIsRejectedInTheUsersLanguage() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("lanhdao", role: .leader)
                var browser = Browser(app)
                let vi = try await browser.login("lanhdao", password: "wrong-password")
                #expect(vi.status == .unauthorized)
                #expect(vi.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
                _ = try await browser.get("/login?lang=en")
                let en = try await browser.login("lanhdao", password: "wrong-password")
                #expect(en.body.string.contains("Wrong username or password."))
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login-failed").count() == 2)
            }
        }

        @Test func repeatedFailuresThrottleTheAccountEvenWithTheRightPassword() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("lanhdao", role: .leader)
                var browser = Browser(app)
                for _ in 0..<5 { #expect(try await browser.login("lanhdao", password: "guess").status == .unauthorized) }
                let locked = try await browser.login("lanhdao")
                #expect(locked.status == .tooManyRequests)
                #expect(locked.body.string.contains("Đăng nhập sai quá nhiều lần"))
                // Another account is not affected.
                try await app.createUser("other", role: .leader)
                #expect(try await browser.login("other").status == .seeOther)
            }
        }

        @Test func formsWithoutCSRFTokenAreRefused() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                _ = try await browser.get("/login")
                let noToken = try await browser.post("/login", form: ["username": "hb", "password": Application.testPassword])
                #expect(noToken.status == .forbidden)
                try await browser.login("hb")
                let edit = try await browser.post("/units/11311", form: ["phone": "0225 123 456"])
                #expect(edit.status == .forbidden)
                #expect(try await OrgUnit.find(code: "11311", on: app.db)?.phone == nil)
            }
        }

        @Test func oneTimePasswordMustBeChangedFirst() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311", mustChange: true)
                var browser = Browser(app)
                #expect(try await browser.login("hb").location == "/account/password")
                #expect(try await browser.get("/plan").location == "/account/password")
                let short = try await browser.post("/account/password", form: ["current": Application.testPassword, "new": "short", "confirm": "short"], csrfFrom: "/account/password")
                #expect(short.status == .unprocessableEntity)
                #expect(short.body.string.contains("ít nhất 10 ký tự"))
                let ok = try await browser.post("/account/password", form: ["current": Application.testPassword, "new": "a-new-secret-1", "confirm": "a-new-secret-1"], csrfFrom: "/account/password")
                #expect(ok.location == "/")
                #expect(try await browser.get("/plan").status == .ok)
                let user = try #require(try await User.find(username: "hb", on: app.db))
                #expect(!user.mustChangePassword)
                #expect(user.passwordHash.hasPrefix("$2"))
            }
        }

        @Test func anonymousVisitorsAreSentToLoginAndTheAPIAnswers401() async throws {
            try await withSafeguardApp { app in
                try await app.testing().test(.GET, "/plan") { res in
                    #expect(res.status == .seeOther)
                    #expect(res.location?.hasPrefix("/login?next=") == true)
                }
                try await app.testing().test(.GET, "/api/v1/plans") { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.body.string.contains("Bạn cần đăng nhập"))
                }
                try await app.testing().test(.GET, "/api/v1/plans", headers: ["Authorization": "Bearer nonsense"]) { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test func revokedTokensStopWorking() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "reader", role: .leader)
                try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    let me = try res.content.decode(MeAPIController.MeDTO.self)
                    #expect(me.role == "leader")
                }
                for stored in try await APIToken.query(on: app.db).all() {
                    stored.revokedAt = Date()
                    try await stored.update(on: app.db)
                }
                try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test func logoutEndsTheSession() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("lanhdao", role: .leader)
                var browser = Browser(app)
                try await browser.login("lanhdao")
                let out = try await browser.post("/logout", form: [:], csrfFrom: "/plan")
                #expect(out.location == "/login")
                #expect(try await browser.get("/plan").status == .seeOther)
            }
        }
    }
}
