import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Two-factor sign-in: the standing office must enrol before anything else; enrolment shows a
    /// QR code drawn on the server and is confirmed by a first code; then a sign-in needs the
    /// password and a current code, a wrong or replayed code is refused, a recovery code works once,
    /// and the secret is stored sealed.
    @Suite struct TwoFactorTests {
        /// The code an authenticator app would show now for `secret` (RFC 6238).
        static func code(_ secret: [UInt8], at date: Date, offset: Int64 = 0) -> String {
            let codes = OneTimeCode()
            let counter = OneTimeCode.counterBytes(codes.step(at: date) + offset)
            return codes.code(fromMAC: Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: secret))))
        }

        /// RFC 6238 Appendix B with SHA-1, 8 digits, through swift-crypto's HMAC.
        @Test func theRFCsVectorsHold() {
            var codes = OneTimeCode()
            codes.digits = 8
            let secret = SymmetricKey(data: Array("12345678901234567890".utf8))
            for (time, expected) in [(59, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (20_000_000_000, "65353130")] {
                let counter = OneTimeCode.counterBytes(codes.step(at: Date(timeIntervalSince1970: Double(time))))
                #expect(codes.code(fromMAC: Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: secret))) == expected)
            }
        }

        /// The true instant held in the middle of one 30-second step, so a test is not split by a
        /// step that ends between computing a code and the server checking it.
        static func holdTrueTime(_ app: Application) {
            let pinned = app.clock
            let instant = Date(timeIntervalSince1970: 1_796_000_000 + 15)
            app.clock = WallClock({ pinned.now() }, true: { instant })
        }

        static func secret(in page: String) throws -> [UInt8] {
            let start = try #require(page.range(of: "<code class=\"secret\">")?.upperBound)
            let end = try #require(page[start...].range(of: "</code>")?.lowerBound)
            return try #require(Base32.decode(String(page[start..<end])))
        }

        @Test func theStandingOfficeEnrolsThenSignsInWithACode() async throws {
            try await withSafeguardApp(settings: { $0.secondFactorRoles = [.standingOffice, .systemAdmin] }) { app in
                Self.holdTrueTime(app)
                try await app.createUser("office", role: .standingOffice)
                var office = Browser(app)
                #expect(try await office.login("office").location == "/")
                // Required for the role: every page leads to the enrolment first.
                #expect(try await office.get("/dashboard").location == "/account/two-factor")
                // The API is closed to that session as well: the password alone opens nothing.
                #expect(try await office.get("/api/v1/me").status == .forbidden)
                let enrol = try await office.get("/account/two-factor").body.string
                #expect(enrol.contains("<svg") && enrol.contains("role=\"img\""))
                let secret = try Self.secret(in: enrol)
                let stored = try #require(try await User.find(username: "office", on: app.db)?.totpSecret)
                #expect(stored.hasPrefix("sg1.") && !stored.contains(Base32.encode(secret)))
                let wrong = try await office.post("/account/two-factor", form: ["code": "000000"], csrfFrom: "/account/two-factor")
                #expect(wrong.status == .unprocessableEntity)
                // A wrong code leaves the same secret pending: the code from the scanned QR still works.
                let confirmed = try await office.post("/account/two-factor", form: ["code": Self.code(secret, at: app.clock.trueNow())], csrfFrom: "/account/two-factor")
                let page = confirmed.body.string
                #expect(confirmed.status == .ok && page.contains("class=\"recovery-codes\""))
                let recovery = try #require(page.range(of: #"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>"#, options: .regularExpression)
                    .map { String(page[$0].dropFirst("<li><code>".count).prefix(11)) })
                #expect(try await office.get("/dashboard").status == .ok)

                // Signing in again: the password leads to the code; a wrong code is refused.
                var again = Browser(app)
                let successes = { try await LoginAttempt.query(on: app.db).filter(\.$username == "office").filter(\.$succeeded == true).count() }
                let before = try await successes()
                #expect(try await again.login("office").location == "/login/code")
                // The password alone is no sign-in: the accounts page's "last sign-in" waits for the code.
                #expect(try await successes() == before)
                #expect(try await again.get("/dashboard").location?.hasPrefix("/login") == true)
                let refused = try await again.post("/login/code", form: ["code": Self.code(secret, at: app.clock.trueNow(), offset: 5)], csrfFrom: "/login/code")
                #expect(refused.status == .unauthorized && refused.body.string.contains("Mã không đúng"))
                // The code the enrolment used is spent: a replay is refused too.
                let replayed = try await again.post("/login/code", form: ["code": Self.code(secret, at: app.clock.trueNow())], csrfFrom: "/login/code")
                #expect(replayed.status == .unauthorized)
                // The next step's code (the phone's clock a little ahead) is taken.
                let good = try await again.post("/login/code", form: ["code": Self.code(secret, at: app.clock.trueNow(), offset: 1)], csrfFrom: "/login/code")
                #expect(good.status == .seeOther && good.location == "/")
                #expect(try await successes() == before + 1)
                #expect(try await again.get("/dashboard").status == .ok)

                // A recovery code works once.
                var lost = Browser(app)
                _ = try await lost.login("office")
                #expect(try await lost.post("/login/code", form: ["code": recovery.uppercased()], csrfFrom: "/login/code").status == .seeOther)
                var twice = Browser(app)
                _ = try await twice.login("office")
                #expect(try await twice.post("/login/code", form: ["code": recovery], csrfFrom: "/login/code").status == .unauthorized)
                // The role may not turn it off.
                let off = try await again.post("/account/two-factor/disable", form: ["code": "123456"], csrfFrom: "/account/two-factor")
                #expect(off.status == .unprocessableEntity && off.body.string.contains("bắt buộc"))
                let actions = try await AuditEntry.query(on: app.db).filter(\.$entityKey == "office").all().map(\.action)
                #expect(actions.contains("enrol-second-factor") && actions.contains("login-code-failed") && actions.contains("login-recovery-code"))

                // A lost phone: another standing-office account removes the factor and hands over a
                // one-time password; the old password no longer works, and the role enrols again.
                let other = APIClient(app: app, token: try await app.token(for: "office2", role: .standingOffice))
                let reset = try await other.send(.POST, "/api/v1/users/office/reset-two-factor").content.decode(AccountAPIController.Issued.self)
                #expect(!reset.account.secondFactor && reset.account.mustChangePassword)
                var fresh = Browser(app)
                #expect(try await fresh.login("office").status == .unauthorized)
                #expect(try await fresh.login("office", password: reset.oneTimePassword).location == "/account/password")
                #expect(try await RecoveryCode.query(on: app.db).count() == 0)
            }
        }

        @Test func wrongCodesAreThrottledAndOthersMayTurnItOff() async throws {
            try await withSafeguardApp(settings: { $0.secondFactorRoles = [.standingOffice] }) { app in
                Self.holdTrueTime(app)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                _ = try await ward.login("hb")
                // Optional for a commune officer: nothing forces the enrolment.
                #expect(try await ward.get("/dashboard").status == .ok)
                let secret = try Self.secret(in: try await ward.get("/account/two-factor").body.string)
                _ = try await ward.post("/account/two-factor", form: ["code": Self.code(secret, at: app.clock.trueNow())], csrfFrom: "/account/two-factor")
                #expect(try await User.find(username: "hb", on: app.db)?.totpConfirmedAt != nil)
                var guesser = Browser(app)
                _ = try await guesser.login("hb")
                for _ in 0..<5 { _ = try await guesser.post("/login/code", form: ["code": "000000"], csrfFrom: "/login/code") }
                #expect(try await guesser.post("/login/code", form: ["code": Self.code(secret, at: app.clock.trueNow(), offset: 1)], csrfFrom: "/login/code").status == .tooManyRequests)
                // Without a password checked first, the code page sends back to the login.
                var nobody = Browser(app)
                #expect(try await nobody.get("/login/code").location == "/login")
                // Guessing at the settings page is throttled the same way, whoever holds the session…
                let blocked = try await ward.post("/account/two-factor/recovery-codes", form: ["code": "111111"], csrfFrom: "/account/two-factor")
                #expect(blocked.status == .tooManyRequests)
                // …until the throttle is lifted; then the owner turns it off with a current code.
                try await app.cliAccounts.unlock(try #require(try await User.find(username: "hb", on: app.db)))
                let off = try await ward.post("/account/two-factor/disable", form: ["code": Self.code(secret, at: app.clock.trueNow(), offset: 1)], csrfFrom: "/account/two-factor")
                #expect(off.status == .seeOther)
                let user = try #require(try await User.find(username: "hb", on: app.db))
                #expect(user.totpSecret == nil && user.totpConfirmedAt == nil)
                #expect(try await RecoveryCode.query(on: app.db).count() == 0)
            }
        }
    }
}
