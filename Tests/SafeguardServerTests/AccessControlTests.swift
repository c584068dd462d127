import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Every role against the edit endpoints of its own unit and of another commune.
    @Suite struct AccessControlTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var role: Role
            var unit: String?
            /// Expected status editing commune 11311 (Hồng Bàng), commune 11560 (Thủy Nguyên), and department 31-STP.
            var hongBang: HTTPStatus
            var thuyNguyen: HTTPStatus
            var department: HTTPStatus
            var testDescription: String { role.rawValue }
        }

        static let cases: [Case] = [
            Case(role: .communeOfficer, unit: "11311", hongBang: .ok, thuyNguyen: .forbidden, department: .forbidden),
            Case(role: .departmentOfficer, unit: "31-STP", hongBang: .forbidden, thuyNguyen: .forbidden, department: .ok),
            Case(role: .leader, unit: nil, hongBang: .forbidden, thuyNguyen: .forbidden, department: .forbidden),
            Case(role: .standingOffice, unit: "31-CATP", hongBang: .ok, thuyNguyen: .ok, department: .ok),
            Case(role: .systemAdmin, unit: nil, hongBang: .ok, thuyNguyen: .ok, department: .ok),
        ]

        @Test(arguments: cases)
        func apiEditsFollowTheRole(_ c: Case) async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "actor", role: c.role, unit: c.unit)
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
                for (code, expected) in [("11311", c.hongBang), ("11560", c.thuyNguyen), ("31-STP", c.department)] {
                    try await app.testing().test(.PATCH, "/api/v1/units/\(code)", headers: auth, body: ByteBuffer(string: #"{"phone":"0225 3842 111"}"#)) { res in
                        #expect(res.status == expected, "PATCH \(code)")
                    }
                    let stored = try await OrgUnit.find(code: code, on: app.db)?.phone
                    #expect(stored == (expected == .ok ? "0225 3842 111" : nil), "stored phone of \(code)")
                    let kind = code == "31-STP" ? "agency" : "village"
                    try await app.testing().test(.POST, "/api/v1/units/\(code)/children", headers: auth,
                                                 body: ByteBuffer(string: #"{"name":"Thôn Mới","kind":"\#(kind)"}"#)) { res in
                        #expect(res.status == (expected == .ok ? .created : expected), "POST \(code)/children")
                    }
                }
                // Reading the directory is open to every role.
                try await app.testing().test(.GET, "/api/v1/units/11560", headers: auth) { res in #expect(res.status == .ok) }
            }
        }

        @Test func communeOfficerCannotUseAnotherCommunesWebForms() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var browser = Browser(app)
                try await browser.login("hb")
                let own = try await browser.post("/units/11311", form: ["phone": "0225 111"], csrfFrom: "/units/11311")
                #expect(own.status == .seeOther)
                let other = try await browser.post("/units/11560", form: ["phone": "0225 222"], csrfFrom: "/units/11311")
                #expect(other.status == .forbidden)
                #expect(other.body.string.contains("không có quyền"))
                let child = try await browser.post("/units/11560/children", form: ["name": "Thôn X", "kind": "village"], csrfFrom: "/units/11311")
                #expect(child.status == .forbidden)
                #expect(try await OrgUnit.find(code: "11560", on: app.db)?.phone == nil)
                // The edit form is shown only where the user may edit.
                #expect(try await browser.get("/units/11311").body.string.contains(#"action="/units/11311""#))
                #expect(try await browser.get("/units/11560").body.string.contains(#"action="/units/11560""#) == false)
            }
        }

        @Test func addingASubUnitIsValidatedAuditedAndEscaped() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
                try await app.testing().test(.POST, "/api/v1/units/11311/children", headers: auth,
                                             body: ByteBuffer(string: #"{"name":"<script>alert(1)</script>","kind":"residential-group"}"#)) { res in
                    #expect(res.status == .created)
                    let unit = try res.content.decode(UnitAPIController.UnitDTO.self)
                    #expect(unit.code == "11311-01")
                    #expect(unit.parent == "11311")
                }
                try await app.testing().test(.POST, "/api/v1/units/11311/children", headers: auth,
                                             body: ByteBuffer(string: #"{"name":"Sở mới","kind":"department"}"#)) { res in
                    #expect(res.status == .unprocessableEntity)
                }
                try await app.testing().test(.POST, "/api/v1/units/11311/children", headers: auth,
                                             body: ByteBuffer(string: #"{"name":"Trùng mã","kind":"village","code":"11311-01"}"#)) { res in
                    #expect(res.status == .conflict)
                }
                try await app.testing().test(.POST, "/api/v1/units/11311/children", headers: auth,
                                             body: ByteBuffer(string: #"{"name":"Tổ dân phố mới","kind":"residential-group","code":"11311-tdp9"}"#)) { res in
                    #expect(res.status == .created)
                    let unit = try res.content.decode(UnitAPIController.UnitDTO.self)
                    #expect(unit.code == "11311-TDP9")  // one case for codes on both database engines
                }
                try await app.testing().test(.PATCH, "/api/v1/units/11311", headers: auth, body: ByteBuffer(string: #"{"name":"Phường Khác"}"#)) { res in
                    #expect(res.status == .forbidden)  // official names are the standing office's
                }
                #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "org-unit").filter(\.$action == "create").count() == 2)
                var browser = Browser(app)
                try await browser.login("hb")
                let page = try await browser.get("/units/11311-01").body.string
                #expect(!page.contains("<script>alert(1)</script>"))
                #expect(page.contains("&lt;script&gt;"))
            }
        }
    }
}
