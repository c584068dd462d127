import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer
import SafeguardCore

extension ServerTests {
    /// Sessions the server ends (idle, too old, password changed), ids a database dump does not
    /// give away, cookies and HSTS over HTTPS, and throttling that a shared address or a known
    /// username cannot turn against other people.
    @Suite struct SessionSecurityTests {
        /// A clock the test moves forward.
        final class MovableClock: Sendable {
            private let offset = NIOLockedValueBox<TimeInterval>(0)
            let start: Date
            init(_ start: Date) { self.start = start }
            func advance(minutes: Double) { offset.withLockedValue { $0 += minutes * 60 } }
            var clock: WallClock { WallClock { [offset, start] in start.addingTimeInterval(offset.withLockedValue { $0 }) } }
        }

        @Test func aSessionIsKnownOnlyByTheHashOfItsID() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let id = try #require(browser.cookies["safeguard-session"])
                let rows = try await StoredSession.query(on: app.db).all()
                #expect(rows.contains { $0.keyHash == StoredSessions.hash(SessionID(string: id)) })
                #expect(!rows.contains { $0.keyHash == id || $0.data.contains(id) })
                #expect(try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM _fluent_sessions").first()?.decode(column: "n", as: Int.self) == 0)
                #expect(try await browser.get("/dashboard").status == .ok)
            }
        }

        @Test func theServerEndsIdleAndOldSessions() async throws {
            try await withSafeguardApp { app in
                let time = MovableClock(app.clock.now())
                app.clock = time.clock
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var idle = Browser(app)
                try await idle.login("hb")
                time.advance(minutes: 29)
                #expect(try await idle.get("/dashboard").status == .ok)
                time.advance(minutes: 31)
                let expired = try await idle.get("/dashboard")
                #expect(expired.status == .seeOther && expired.location?.hasPrefix("/login") == true)

                // Busy all day: still ended twelve hours after signing in.
                var busy = Browser(app)
                try await busy.login("hb")
                for _ in 0..<35 {
                    time.advance(minutes: 20)
                    #expect(try await busy.get("/dashboard").status == .ok)
                }
                time.advance(minutes: 21)  // past 12 h since sign-in
                let old = try await busy.get("/dashboard")
                let rows = try await StoredSession.query(on: app.db).all().map { "\($0.createdAt) \($0.lastSeenAt)" }
                #expect(old.status == .seeOther, "\(old.status) \(rows) now \(app.clock.now())")
            }
        }

        @Test func changingThePasswordEndsTheOtherSessionsAndTokens() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let user = try #require(try await User.find(username: "hb", on: app.db))
                let token = "sg_test_hb_" + UUID().uuidString
                try await APIToken(userID: try user.requireID(), tokenHash: APIToken.hash(token), prefix: String(token.prefix(10))).create(on: app.db)
                var laptop = Browser(app), stolen = Browser(app)
                try await laptop.login("hb")
                try await stolen.login("hb")
                #expect(try await APIClient(app: app, token: token).send(.GET, "/api/v1/me").status == .ok)
                let changed = try await laptop.post("/account/password", form: [
                    "current": Application.testPassword, "new": "Ba con ca vang boi qua song", "confirm": "Ba con ca vang boi qua song",
                ], csrfFrom: "/account/password")
                #expect(changed.status == .seeOther, "\(changed.body.string.components(separatedBy: "class=\"error\"").dropFirst().first?.prefix(300) ?? "")")
                #expect(try await laptop.get("/dashboard").status == .ok)
                #expect(try await stolen.get("/dashboard").status == .seeOther)
                #expect(try await APIClient(app: app, token: token).send(.GET, "/api/v1/me").status == .unauthorized)
            }
        }

        @Test func overHTTPSTheCookieIsSecureAndBrowsersAreToldToStay() async throws {
            try await withSafeguardApp(settings: { $0.publicURL = "https://an-ninh.example" }) { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                let page = try await browser.get("/login")
                #expect(page.headers.first(name: .strictTransportSecurity) == "max-age=31536000; includeSubDomains")
                let signedIn = try await browser.login("hb")
                let cookie = try #require(signedIn.headers[.setCookie].first { $0.hasPrefix("safeguard-session=") })
                #expect(cookie.contains("Secure") && cookie.contains("HttpOnly"))
            }
            try await withSafeguardApp { app in
                var browser = Browser(app)
                let plain = try await browser.get("/login")
                #expect(plain.headers.first(name: .strictTransportSecurity) == nil)
            }
        }

        /// Over TCP the client follows the redirect after signing in (without the new cookie), so the
        /// sign-in is seen where the server records it: a successful attempt, and the audit entry.
        static func signedIn(_ response: TestingHTTPResponse, _ username: String, _ app: Application) async throws -> Bool {
            let attempts = try await LoginAttempt.query(on: app.db).filter(\.$username == username).filter(\.$succeeded == true).count()
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "login").filter(\.$entityKey == username).count()
            return response.status != .tooManyRequests && attempts == 1 && audited == 1
        }

        /// Twenty failures for one account behind a carrier's NAT (seen through the load balancer):
        /// that account waits there; a colleague behind the same address signs in; the owner, from
        /// elsewhere, waits a minute at most; a client cannot shed its address by forging the header.
        @Test func aSharedAddressAndAKnownUsernameLockNobodyElseOut() async throws {
            let balancer = "127.0.0.1"
            try await withSafeguardApp(settings: { $0.trustedProxies = TrustedProxies(parsing: balancer)! }) { app in
                let time = MovableClock(app.clock.now())
                app.clock = time.clock
                try await app.createUser("victim", role: .communeOfficer, unit: "11311")
                try await app.createUser("colleague", role: .communeOfficer, unit: "11311")
                var attacker = Browser(app)
                attacker.port = 0
                attacker.headers = ["X-Forwarded-For": "203.0.113.50"]
                var statuses: [UInt] = []
                for _ in 0..<20 { statuses.append(try await attacker.login("victim", password: "guess").status.code) }
                #expect(statuses == Array(repeating: 401, count: 5) + Array(repeating: 429, count: 15))
                let stored = try await LoginAttempt.query(on: app.db).filter(\.$succeeded == false).all()
                // Five failures, then the pair waits: the other fifteen are refused unchecked and unrecorded.
                #expect(stored.count == 5 && stored.allSatisfy { $0.ip == "203.0.113.50" }, "\(stored.map(\.ip))")
                #expect(try await attacker.login("victim").status == .tooManyRequests)
                // Forging a new address in front of the balancer's entry changes nothing.
                attacker.headers = ["X-Forwarded-For": "198.51.100.1, 203.0.113.50"]
                #expect(try await attacker.login("victim").status == .tooManyRequests)

                var colleague = Browser(app)
                colleague.port = 0
                colleague.headers = ["X-Forwarded-For": "203.0.113.50"]
                #expect(try await Self.signedIn(try await colleague.login("colleague"), "colleague", app))

                var owner = Browser(app)
                owner.port = 0
                owner.headers = ["X-Forwarded-For": "192.0.2.7"]
                #expect(try await owner.login("victim").status == .tooManyRequests)
                time.advance(minutes: 1.1)
                #expect(try await Self.signedIn(try await owner.login("victim"), "victim", app))
            }
        }
    }
}
