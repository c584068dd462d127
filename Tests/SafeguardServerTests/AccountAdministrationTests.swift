import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    /// `/admin/users`: an administrator creates, changes, resets, unlocks and deactivates accounts;
    /// what the account's owner sees at each step; bad input named field by field, nothing stored.
    @Suite struct AccountAdministrationTests {
        /// The one-time password shown on the page that answers a creation or a reset.
        static func oneTimePassword(in page: String, tag: String = "<code class=\"otp\">") -> String? {
            guard let start = page.range(of: tag)?.upperBound, let end = page[start...].range(of: "</code>")?.lowerBound else { return nil }
            return String(page[start..<end])
        }

        @Test func theAdministratorCreatesAnOfficerWhoSignsInAndIsThenDeactivated() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("quantri", role: .systemAdmin)
                var admin = Browser(app)
                try await admin.login("quantri")
                let created = try await admin.post("/admin/users", form: [
                    "username": "CanBo.HongBang", "displayName": "Nguyễn Thị Hoa", "role": "commune-officer", "unit": "11311", "email": "",
                ], csrfFrom: "/admin/users/new")
                #expect(created.status == .created && created.body.string.contains("(11311)"))
                let password = try #require(Self.oneTimePassword(in: created.body.string))
                let stored = try #require(try await User.find(username: "canbo.hongbang", on: app.db))
                #expect(stored.mustChangePassword && stored.unit?.code == "11311" && stored.displayName == "Nguyễn Thị Hoa")
                #expect(!(try await User.query(on: app.db).all()).contains { $0.passwordHash.contains(password) })
                #expect(try await admin.get("/admin/users?role=commune-officer&unit=11311").body.string.contains("canbo.hongbang"))
                #expect(!(try await admin.get("/admin/users?unit=11560").body.string.contains("canbo.hongbang")))

                // Never signed in: among the dormant accounts until the first sign-in.
                #expect(try await admin.get("/admin/users?idle_days=30").body.string.contains("canbo.hongbang"))
                var officer = Browser(app)
                let first = try await officer.login("canbo.hongbang", password: password)
                #expect(!(try await admin.get("/admin/users?idle_days=30").body.string.contains("canbo.hongbang")))
                #expect(first.location == "/account/password")
                let changed = try await officer.post("/account/password", form: [
                    "current": password, "new": "Hai Phong mua hoa phuong do", "confirm": "Hai Phong mua hoa phuong do",
                ], csrfFrom: "/account/password")
                #expect(changed.status == .seeOther)
                #expect(try await officer.get("/dashboard").status == .ok)

                let off = try await admin.post("/admin/users/canbo.hongbang/deactivate", form: [:], csrfFrom: "/admin/users/canbo.hongbang")
                #expect(off.status == .seeOther)
                let refused = try await officer.get("/dashboard")
                #expect(refused.status == .seeOther && refused.location?.hasPrefix("/login") == true)
                #expect(try await officer.login("canbo.hongbang", password: "Hai Phong mua hoa phuong do").status == .unauthorized)
                let actions = try await AuditEntry.query(on: app.db).filter(\.$entity == "user").filter(\.$entityKey == "canbo.hongbang").all().map(\.action)
                #expect(actions.contains("create") && actions.contains("deactivate"))
                #expect(try await AuditVerifier(db: app.db).verify().holds)

                _ = try await admin.post("/admin/users/canbo.hongbang/reactivate", form: [:], csrfFrom: "/admin/users/canbo.hongbang")
                #expect(try await officer.login("canbo.hongbang", password: "Hai Phong mua hoa phuong do").status == .seeOther)
            }
        }

        @Test func badInputIsNamedBesideItsFieldAndNothingIsCreated() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("office", role: .standingOffice)
                try await app.createUser("taken", role: .leader)
                var office = Browser(app)
                try await office.login("office")
                let before = try await User.query(on: app.db).count()
                let cases: [([String: String], String, String)] = [
                    (["username": "ho ten", "role": "leader"], "username", "«Tên đăng nhập»"),
                    (["username": "taken", "role": "leader"], "username", "Đã có người dùng"),
                    (["username": "moi", "role": "commune-officer"], "unit", "«Đơn vị»: Bắt buộc nhập."),
                    (["username": "moi", "role": "commune-officer", "unit": "31-CATP"], "unit", "Không được phép"),
                    (["username": "moi", "role": "department-officer", "unit": "99999"], "unit", "Mã đơn vị không tồn tại"),
                    (["username": "moi", "role": "boss"], "role", "«Vai trò»"),
                    (["username": "moi", "role": "leader", "email": "not-an-address"], "email", "«Thư điện tử»"),
                ]
                for (form, field, message) in cases {
                    let refused = try await office.post("/admin/users", form: form, csrfFrom: "/admin/users/new")
                    #expect(refused.status == .unprocessableEntity, "\(form)")
                    let page = refused.body.string
                    #expect(page.contains("id=\"f-\(field)-error\"") && page.contains(message), "\(form): \(field)")
                    #expect(page.contains("value=\"\(form["username"]!)\""), "what was typed is kept")
                }
                #expect(try await User.query(on: app.db).count() == before)
            }
        }

        @Test func aResetEndsTheOldPasswordAndUnlockLiftsTheThrottle() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("quantri", role: .systemAdmin)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var admin = Browser(app)
                try await admin.login("quantri")
                var officer = Browser(app)
                try await officer.login("hb")
                var guesser = Browser(app)
                for _ in 0..<5 { _ = try await guesser.login("hb", password: "guess") }
                #expect(try await guesser.login("hb").status == .tooManyRequests)
                #expect(try await admin.get("/admin/users/hb").body.string.contains("/admin/users/hb/unlock"))
                _ = try await admin.post("/admin/users/hb/unlock", form: [:], csrfFrom: "/admin/users/hb")
                #expect(try await guesser.login("hb").status == .seeOther)

                let reset = try await admin.post("/admin/users/hb/reset-password", form: [:], csrfFrom: "/admin/users/hb")
                let password = try #require(Self.oneTimePassword(in: reset.body.string))
                #expect(try await officer.get("/dashboard").status == .seeOther)
                var again = Browser(app)
                #expect(try await again.login("hb").status == .unauthorized)
                #expect(try await again.login("hb", password: password).location == "/account/password")
            }
        }

        @Test func onlyAdministratorsManageAccountsAndNobodyDeactivatesThemselves() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("lanhdao", role: .leader)
                try await app.createUser("quantri", role: .systemAdmin)
                for name in ["hb", "lanhdao"] {
                    var user = Browser(app)
                    try await user.login(name)
                    #expect(try await user.get("/admin/users").status == .forbidden)
                    #expect(!(try await user.get("/units").body.string.contains("href=\"/admin/users\"")))
                }
                var admin = Browser(app)
                try await admin.login("quantri")
                #expect(try await admin.get("/units").body.string.contains("href=\"/admin/users\""))
                let own = try await admin.post("/admin/users/quantri/deactivate", form: [:], csrfFrom: "/admin/users/quantri")
                #expect(own.status == .unprocessableEntity && own.body.string.contains("Không thể tự"))
                #expect(try await User.find(username: "quantri", on: app.db)?.isActive == true)
                #expect(try await admin.get("/admin/users/nobody").status == .notFound)
            }
        }

        /// One account per commune officer of the 114 communes, from one Excel sheet headed in
        /// Vietnamese; a sheet with a bad row creates nothing and names the row.
        @Test func aSheetCreatesEveryCommuneOfficerOrNothing() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("office", role: .standingOffice)
                var office = Browser(app)
                try await office.login("office")
                let communes = try await OrgUnit.query(on: app.db).filter(\.$provinceCode == "31").all().filter(\.kind.isLocality).map(\.code).sorted()
                #expect(communes.count == 114)
                let header = ["Tên đăng nhập", "Họ và tên", "Vai trò", "Mã đơn vị", "Thư điện tử"]
                let rows = communes.map { ["canbo.\($0)", "Cán bộ \($0)", "Cán bộ xã, phường, đặc khu", $0, ""] }
                let before = try await User.query(on: app.db).count()

                // One row at fault: every problem named by its row, nothing created.
                var bad = rows
                bad[40][3] = "31-CATP"
                bad[90][0] = bad[10][0]
                let refused = try await office.post("/admin/users/import", fields: [], files: [("file", "tk.xlsx", try XLSXWriter.workbook(sheetName: "TK", rows: [header] + bad))], csrfFrom: "/admin/users/import")
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("dòng 42, «Đơn vị»") && refused.body.string.contains("dòng 92, «Tên đăng nhập»"))
                #expect(try await User.query(on: app.db).count() == before)

                let created = try await office.post("/admin/users/import", fields: [], files: [("file", "tk.xlsx", try XLSXWriter.workbook(sheetName: "TK", rows: [header] + rows))], csrfFrom: "/admin/users/import")
                #expect(created.status == .created)
                #expect(try await User.query(on: app.db).count() == before + 114)
                let officer = try #require(try await User.find(username: "canbo.11311", on: app.db))
                #expect(officer.role == .communeOfficer && officer.unit?.code == "11311" && officer.mustChangePassword)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "user").filter(\.$action == "create").count() == 114)
                // The page shows each one-time password once; the one for 11311 signs in.
                let page = created.body.string
                let row = try #require(page.range(of: "<td>canbo.11311</td>"))
                let password = try #require(Self.oneTimePassword(in: String(page[row.upperBound...]), tag: "<code class=\"otp-small\">"))
                var first = Browser(app)
                #expect(try await first.login("canbo.11311", password: password).location == "/account/password")
                // Uploading the same sheet again: every username is taken, nothing doubled.
                let again = try await office.post("/admin/users/import", fields: [], files: [("file", "tk.xlsx", try XLSXWriter.workbook(sheetName: "TK", rows: [header] + rows))], csrfFrom: "/admin/users/import")
                #expect(again.status == .unprocessableEntity && again.body.string.contains("Đã có người dùng"))
                #expect(try await User.query(on: app.db).count() == before + 114)
            }
        }

        /// `/api/v1/users`: the same rules as the page, refusals by field, a one-time password in
        /// the answer to a creation or reset only, and a deactivation that ends the account's tokens.
        @Test func theAPIAdministersAccountsAsThePageDoes() async throws {
            try await withSafeguardApp { app in
                let api = APIClient(app: app, token: try await app.token(for: "quantri", role: .systemAdmin))
                let officerAPI = APIClient(app: app, token: try await app.token(for: "hb", role: .communeOfficer, unit: "11311"))
                #expect(try await officerAPI.send(.GET, "/api/v1/users").status == .forbidden)

                struct Input: Encodable { var username: String; var displayName: String?; var role: String; var unit: String? }
                let refused = try await api.send(.POST, "/api/v1/users", json: Input(username: "moi", role: "commune-officer", unit: "31-CATP"))
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("\"field\":\"unit\""))
                let created = try await api.send(.POST, "/api/v1/users", json: Input(username: "Moi.CanBo", displayName: "Cán bộ mới", role: "commune-officer", unit: "11311"))
                #expect(created.status == .created)
                let issued = try created.content.decode(AccountAPIController.Issued.self)
                #expect(issued.account.username == "moi.canbo" && issued.account.unit == "11311" && issued.account.mustChangePassword)
                #expect(issued.oneTimePassword.count == 12)
                #expect(!(try await api.send(.GET, "/api/v1/users/moi.canbo").body.string.contains(issued.oneTimePassword)))

                let list = try await api.send(.GET, "/api/v1/users?role=commune-officer&unit=11311").content.decode(AccountAPIController.AccountList.self)
                #expect(Set(list.accounts.map(\.username)) == ["hb", "moi.canbo"])
                let dormant = try await api.send(.GET, "/api/v1/users?idle_days=30").content.decode(AccountAPIController.AccountList.self)
                #expect(dormant.accounts.contains { $0.username == "moi.canbo" })
                #expect(try await api.send(.GET, "/api/v1/users?role=boss").status == .badRequest)

                let csv = "username,role,unit\nhb2,commune-officer,11311\nquantri,commune-officer,11311\n"
                let sheet = try await api.send(.POST, "/api/v1/users/import", raw: csv, type: .init(type: "text", subType: "csv"))
                #expect(sheet.status == .unprocessableEntity && sheet.body.string.contains("rows[3].username"))
                #expect(try await User.find(username: "hb2", on: app.db) == nil)

                #expect(try await officerAPI.send(.GET, "/api/v1/me").status == .ok)
                #expect(try await api.send(.POST, "/api/v1/users/hb/deactivate").status == .ok)
                #expect(try await officerAPI.send(.GET, "/api/v1/me").status == .unauthorized)
                #expect(try await api.send(.POST, "/api/v1/users/quantri/deactivate").status == .unprocessableEntity)
                let reset = try await api.send(.POST, "/api/v1/users/hb/reset-password").content.decode(AccountAPIController.Issued.self)
                #expect(reset.oneTimePassword.count == 12 && reset.account.mustChangePassword && !reset.account.active)
            }
        }

        /// A token with an expiry works until then and not after, whatever else holds.
        @Test func anExpiredTokenIsRefused() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let api = APIClient(app: app, token: token)
                let stored = try #require(try await APIToken.query(on: app.db).first())
                stored.expiresAt = app.clock.now().addingTimeInterval(3600)
                try await stored.update(on: app.db)
                #expect(try await api.send(.GET, "/api/v1/me").status == .ok)
                stored.expiresAt = app.clock.now().addingTimeInterval(-1)
                try await stored.update(on: app.db)
                #expect(try await api.send(.GET, "/api/v1/me").status == .unauthorized)
            }
        }

        /// The system administrator runs accounts but cannot make or take over the accounts that read
        /// every unit's records (the standing office's, leaders'), nor change its own rights; the
        /// standing office can. (It can still make a commune officer, who reads that commune's
        /// records: every such creation is in the audit log.)
        @Test func theSystemAdministratorCannotGrantOrTakeOverProvinceWideAccounts() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("office", role: .standingOffice)
                let admin = APIClient(app: app, token: try await app.token(for: "quantri", role: .systemAdmin))
                struct Input: Encodable { var username: String; var role: String; var unit: String? }
                let leader = try await admin.send(.POST, "/api/v1/users", json: Input(username: "lanhdao2", role: "leader"))
                #expect(leader.status == .unprocessableEntity && leader.body.string.contains("not-grantable"))
                let reset = try await admin.send(.POST, "/api/v1/users/office/reset-password")
                #expect(reset.status == .unprocessableEntity && reset.body.string.contains("not-grantable"))
                #expect(try await admin.send(.POST, "/api/v1/users/office/reset-two-factor").status == .unprocessableEntity)
                let promote = try await admin.send(.PUT, "/api/v1/users/quantri", json: Input(username: "quantri", role: "standing-office"))
                #expect(promote.status == .unprocessableEntity)
                let selfReset = try await admin.send(.POST, "/api/v1/users/quantri/reset-password")
                #expect(selfReset.status == .unprocessableEntity && selfReset.body.string.contains("\"self\""))
                #expect(try await User.find(username: "quantri", on: app.db)?.role == .systemAdmin)
                // The page offers the administrator only the roles it may grant.
                var browser = Browser(app)
                try await app.createUser("quantri2", role: .systemAdmin)
                try await browser.login("quantri2")
                let form = try await browser.get("/admin/users/new").body.string
                #expect(form.contains("value=\"commune-officer\"") && !form.contains("value=\"leader\"") && !form.contains("value=\"standing-office\""))
                // The standing office may.
                let office = APIClient(app: app, token: try await app.token(for: "vanphong", role: .standingOffice))
                #expect(try await office.send(.POST, "/api/v1/users", json: Input(username: "lanhdao2", role: "leader")).status == .created)
            }
        }
    }
}
