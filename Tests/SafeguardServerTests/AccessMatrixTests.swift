import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer
import SafeguardCore

extension ServerTests {
    /// Every route, requested by every kind of caller for another unit's data: Hồng Bàng (11311)
    /// owns a case, a model and an assignment, each carrying a marker; the callers are an officer of
    /// another ward (11560), a village leader there, a department officer, the system administrator,
    /// a leader, no session at all and a revoked token. Nobody but those the policy lets read the
    /// city (the leader) ever sees a marker, nothing answers 5xx, a caller without a session is
    /// refused or sent to the login page, and a leader's writes are refused. A route that is not in
    /// `AccessMatrix.routes` fails the test, so a new route cannot skip the question.
    @Suite struct AccessMatrixTests {
        /// Texts only Hồng Bàng's data holds (never in a URL, which error pages repeat in their language links).
        static let markers = ["Vụ MATRIX ở Hồng Bàng", "Mô hình MATRIX Hồng Bàng", "Nhiệm vụ MATRIX Hồng Bàng", personMarker]
        /// A person under management's name: the managing ward's officers read it, leaders do not.
        static let personMarker = "Người MATRIX Hồng Bàng"

        @Test func everyRouteRefusesAnotherUnitsData() async throws {
            try await withSafeguardApp { app in
                let declared = Set(AccessMatrix.routes.keys)
                let registered = Set(app.routes.all.map(AccessMatrix.key))
                #expect(registered.subtracting(declared).isEmpty, "routes missing from AccessMatrix.routes: \(registered.subtracting(declared).sorted())")
                #expect(declared.subtracting(registered).isEmpty, "AccessMatrix.routes lists routes that do not exist: \(declared.subtracting(registered).sorted())")

                try await AccessMatrix.seedOwnerData(app)
                let ward = try #require(try await OrgUnit.find(code: "11560", on: app.db))
                let village = try OrgUnit(code: "11560-TDP9", name: "Tổ dân phố số 9", kind: .residentialGroup, parent: ward)
                try await village.create(on: app.db)
                let callers: [AccessMatrix.Caller] = [
                    .init(name: "ward officer of 11560", username: "other", role: .communeOfficer, unit: "11560"),
                    .init(name: "village leader in 11560", username: "village", role: .communeOfficer, unit: "11560-TDP9"),
                    .init(name: "department officer", username: "dept", role: .departmentOfficer, unit: "31-CATP"),
                    .init(name: "system administrator", username: "admin", role: .systemAdmin, unit: nil),
                    .init(name: "leader", username: "leader", role: .leader, unit: nil, sees: .everything),
                ]
                var failures: [String] = []
                for caller in callers {
                    let (broken, seen) = try await AccessMatrix.probe(app, as: caller)
                    failures += broken
                    // The control: the probes do reach the data, for those allowed to see it.
                    if caller.sees == .everything {
                        #expect(seen == Set(Self.markers).subtracting([Self.personMarker]), "\(caller.name) saw only \(seen.sorted())")
                    }
                }
                // And the owner, probing the same way (so a marker missing above is not a probe that never reached it).
                let (_, ownerSeen) = try await AccessMatrix.probe(app, as: .init(name: "owner", username: "hb", role: .communeOfficer, unit: "11311", sees: .everything), exists: true)
                #expect(ownerSeen == Set(Self.markers), "the owner saw only \(ownerSeen.sorted())")
                failures += try await AccessMatrix.probeWithoutSession(app)
                #expect(failures.isEmpty, "\(failures.count) answers broke the rule:\n\(failures.prefix(40).joined(separator: "\n"))")
            }
        }
    }
}

/// The routes and how each is probed; see `AccessMatrixTests`.
enum AccessMatrix {
    /// Who may call a route without signing in.
    enum Access {
        /// Anyone (health, the login page, the OpenAPI document).
        case open
        /// A signed-in browser session (pages and forms).
        case session
        /// An API token or session (`/api/v1/…`).
        case api
    }

    struct Caller {
        var name: String
        var username: String
        var role: SafeguardCore.Role
        var unit: String?
        enum Sight { case nothingOfOthers, everything }
        /// `.everything`: the policy lets this caller read Hồng Bàng's records (a leader, the owner).
        var sees = Sight.nothingOfOthers
    }

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component -> String in
            if case .parameter(let name) = component { return ":\(name)" }
            return component.description
        }.joined(separator: "/")
    }

    /// Hồng Bàng's data that nobody outside its scope may see.
    static func seedOwnerData(_ app: Application) async throws {
        try await app.createUser("hb", role: .communeOfficer, unit: "11311")
        var ward = Browser(app)
        try await ward.login("hb")
        _ = try await ward.post("/records/cases", form: [
            "code": "HB-MATRIX-1", "article": "173", "clause": "1", "unit": "11311", "occurred_on": "01/11/2026", "discovered_on": "02/11/2026",
            "summary": "Vụ MATRIX ở Hồng Bàng",
        ], csrfFrom: "/records/cases/new")
        let stored = try await CriminalCase.query(on: app.db).filter(\.$code == "HB-MATRIX-1").first()?.summary
        guard try await app.fieldCipher.open(stored, for: .caseSummary, on: app.db) == markers[0] else {
            throw Abort(.internalServerError, reason: "the owner's case was not stored")
        }
        _ = try await ward.post("/people", form: [
            "kind": "drug-user", "full_name": AccessMatrixTests.personMarker, "birth_date": "1990-01-01", "id_number": "031090009999",
            "address": "Hồng Bàng", "unit": "11311", "basis_number": "1/QĐ", "basis_date": "2026-10-01", "basis_issuer": "UBND phường",
            "started_on": "2026-10-02",
        ], csrfFrom: "/people/new")
        guard let person = try await ManagedPerson.query(on: app.db).filter(\.$communeCode == "11311").first() else {
            throw Abort(.internalServerError, reason: "the owner's person was not stored")
        }
        person.code = "HB-MATRIX-1"
        try await person.save(on: app.db)
        let unit = try await OrgUnit.find(code: "11311", on: app.db)!
        let model = MovementModelRecord()
        (model.unitCode, model.unitPath, model.provinceCode) = (unit.code, unit.path, unit.provinceCode)
        (model.name, model.field, model.technology, model.startedOn) = ("Mô hình MATRIX Hồng Bàng", .antiDrug, "", "2026-01-05")
        (model.status, model.members, model.results, model.createdBy) = (.active, 12, "", "hb")
        try await model.create(on: app.db)
        let task = Assignment()
        task.source = .own
        (task.unitCode, task.unitPath, task.provinceCode) = (unit.code, unit.path, unit.provinceCode)
        (task.title, task.responsible, task.dueOn, task.expectedResult) = ("Nhiệm vụ MATRIX Hồng Bàng", "Đ/c A", "2026-12-20", "Báo cáo")
        (task.progress, task.requiresEvidence, task.createdBy) = (0, false, "hb")
        try await task.create(on: app.db)
        ownerIDs = OwnerIDs(model: try model.requireID().uuidString, assignment: try task.requireID().uuidString)
    }

    struct OwnerIDs { var model = ""; var assignment = "" }
    nonisolated(unsafe) static var ownerIDs = OwnerIDs()

    /// A concrete path for a route, each parameter naming Hồng Bàng's data.
    static func path(_ route: Route) -> String {
        let parts = route.path.map { component -> String in
            guard case .parameter(let name) = component else { return component.description }
            switch name {
            case "code", "case": return "HB-MATRIX-1" + (key(route) == "GET /api/v1/people/:code" ? "?reason=management" : "")
            case "unit", "parent": return "11311"
            case "form": return "commune_monthly"
            case "period": return "2026-M11"
            case "key", "plan": return "hai-phong-799-2026"
            case "year": return "2026"
            case "id", "model", "assignment", "alert", "task":
                let key = key(route)
                if key.contains("model") { return ownerIDs.model }
                if key.contains("assignment") || key.contains("task") { return ownerIDs.assignment }
                return UUID().uuidString
            default: return "x"
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Each route as `caller`, by session (pages) or token (API), with `?unit=11311`.
    static func probe(_ app: Application, as caller: Caller, exists: Bool = false) async throws -> (failures: [String], seen: Set<String>) {
        if !exists { try await app.createUser(caller.username, role: caller.role, unit: caller.unit) }
        let token = "sg_matrix_\(caller.username)_\(UUID().uuidString)"
        let user = try #require(try await User.find(username: caller.username, on: app.db))
        try await APIToken(userID: try user.requireID(), tokenHash: APIToken.hash(token), prefix: String(token.prefix(10))).create(on: app.db)
        var browser = Browser(app)
        try await browser.login(caller.username)
        let csrf = try await browser.csrf(from: "/account/password")
        // A reason for opening people, so the probes reach a person's page where the policy allows it.
        _ = try await browser.send(.POST, "/people/reason", form: ["_csrf": csrf, "reason": "management", "code": "HB-MATRIX-1"])
        var failures: [String] = []
        var seen = Set<String>()
        for route in app.routes.all.sorted(by: { key($0) < key($1) }) {
            let key = key(route), access = routes[key] ?? .session
            guard access != .open, !skippedForSignedIn.contains(key) else { continue }
            let path = path(route) + (path(route).contains("?") ? "&" : "?") + "unit=11311"
            let response: TestingHTTPResponse
            if access == .api {
                var result: TestingHTTPResponse?
                try await app.testing().test(route.method, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                             body: route.method == .GET ? nil : ByteBuffer(string: "{}")) { result = $0 }
                response = result!
            } else if route.method == .GET {
                response = try await browser.get(path)
            } else {
                response = try await browser.send(route.method, path, form: ["_csrf": csrf])
            }
            let status = response.status.code
            if status >= 500 { failures.append("\(caller.name): \(key) → \(status)") }
            let body = response.body.string
            seen.formUnion(markers.filter(body.contains))
            if caller.sees == .nothingOfOthers, let marker = markers.first(where: body.contains) {
                failures.append("\(caller.name): \(key) → \(status) shows «\(marker)»")
            }
            if caller.role == .leader, route.method != .GET, (200..<300).contains(status) || (status == 303 && !(response.location ?? "").contains("login")),
               !leaderMayPost.contains(key) {
                // A redirect after a write means it was stored; a refused form is a 4xx.
                failures.append("\(caller.name): \(key) → \(status) (a leader only reads)")
            }
        }
        return (failures, seen)
    }

    /// Every route with no session (pages: the login page or a refusal) and with a revoked token (API: 401).
    static func probeWithoutSession(_ app: Application) async throws -> [String] {
        let token = try await app.token(for: "revoked", role: .standingOffice)
        let stored = try #require(try await APIToken.query(on: app.db).filter(\.$prefix == String(token.prefix(10))).first())
        stored.revokedAt = app.clock.now()
        try await stored.update(on: app.db)
        var failures: [String] = []
        for route in app.routes.all {
            let key = key(route), access = routes[key] ?? .session
            guard access != .open else { continue }
            var headers: HTTPHeaders = [:]
            if access == .api { headers.add(name: .authorization, value: "Bearer \(token)") }
            var result: TestingHTTPResponse?
            try await app.testing().test(route.method, path(route), headers: headers) { result = $0 }
            let response = result!
            let status = response.status.code
            let refused = status == 401 || status == 403 || status == 404 || status == 405
                || (status == 303 && (response.location ?? "").hasPrefix("/login"))
            if !refused { failures.append("\(access == .api ? "revoked token" : "no session"): \(key) → \(status) \(response.location ?? "")") }
            if let marker = AccessMatrixTests.markers.first(where: response.body.string.contains) {
                failures.append("no session: \(key) shows «\(marker)»")
            }
        }
        return failures
    }

    typealias AccessMatrixTests = ServerTests.AccessMatrixTests
    static let markers = AccessMatrixTests.markers

    /// Routes that end the session or are the user's own and would spoil the rest of the probe.
    static let skippedForSignedIn: Set<String> = ["POST /logout", "POST /account/password"]
    /// Writes that are the leader's own (marking their notifications read, their second factor).
    static let leaderMayPost: Set<String> = ["POST /notifications/read", "POST /api/v1/notifications/read", "POST /login", "POST /account/two-factor",
                                             "POST /account/two-factor/disable", "POST /account/two-factor/recovery-codes"]
}
