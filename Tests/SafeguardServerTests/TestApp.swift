import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer
import SafeguardCore

/// All server tests run one at a time: on PostgreSQL they share one database that each test resets.
@Suite(.serialized) struct ServerTests {}

/// Which database the server tests run on: PostgreSQL when `SAFEGUARD_TEST_DATABASE_URL` is set, else a fresh SQLite file.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SAFEGUARD_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// Runs `body` against a fully configured app on an empty, migrated database; with `seed`, Hải Phòng's units and the plan are loaded.
func withSafeguardApp(seed: Bool = true, _ body: (Application) async throws -> Void) async throws {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-test-\(UUID().uuidString)").path
    let settings = Settings(
        dataDirectory: dataDirectory, databaseURL: TestDatabase.postgresURL,
        resourcesDirectory: TestDatabase.packageRoot + "/Resources", loadsDemoData: false)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, settings: settings)
        // Real bcrypt, lower cost: the tests hash many passwords.
        app.passwords.use(.bcrypt(cost: 4))
        if TestDatabase.postgresURL != nil, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        if seed { try await app.prepareDatabase() } else { try await app.autoMigrate() }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
        throw error
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(atPath: dataDirectory)
}

/// Test accounts and ways to act as them.
extension Application {
    static let testPassword = "correct-horse-battery"

    @discardableResult
    func createUser(_ username: String, role: SafeguardCore.Role, unit: String? = nil, mustChange: Bool = false) async throws -> User {
        let unitID = try await unit.asyncMap { code -> UUID in
            guard let unit = try await OrgUnit.find(code: code, on: db) else { throw Abort(.notFound, reason: "no unit \(code)") }
            return try unit.requireID()
        }
        let user = User(username: username, displayName: username, passwordHash: try password.hash(Self.testPassword),
                        role: role, unitID: unitID, mustChangePassword: mustChange)
        try await user.create(on: db)
        return user
    }

    /// A bearer token for a new user of this role.
    func token(for username: String, role: SafeguardCore.Role, unit: String? = nil) async throws -> String {
        let user = try await createUser(username, role: role, unit: unit)
        let token = "sg_test_\(username)_\(UUID().uuidString)"
        try await APIToken(userID: try user.requireID(), tokenHash: APIToken.hash(token), prefix: String(token.prefix(10))).create(on: db)
        return token
    }
}

/// A browser-like client: keeps the session cookie and reads CSRF tokens from pages.
struct Browser {
    let app: Application
    var cookies: [String: String] = [:]
    /// Over a real TCP connection on this port instead of in memory (bodies then arrive in pieces).
    var port: Int?

    private var tester: any TestingApplicationTester {
        get throws { try app.testing(method: port.map { .running(hostname: "127.0.0.1", port: $0) } ?? .inMemory) }
    }
    /// The `Cookie` header a browser would send.
    var cookie: String? { cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    init(_ app: Application) { self.app = app }

    mutating func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = headers
        if let cookie { h.replaceOrAdd(name: .cookie, value: cookie) }
        var result: TestingHTTPResponse?
        try await tester.test(.GET, path, headers: h) { result = $0 }
        remember(result!)
        return result!
    }

    mutating func post(_ path: String, form: [String: String], csrfFrom page: String? = nil) async throws -> TestingHTTPResponse {
        var fields = form
        if let page { fields["_csrf"] = try await csrf(from: page) }
        var h: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let cookie { h.replaceOrAdd(name: .cookie, value: cookie) }
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
        var result: TestingHTTPResponse?
        try await tester.test(.POST, path, headers: h, body: ByteBuffer(string: body)) { result = $0 }
        remember(result!)
        return result!
    }

    /// A multipart form post, as a browser sends a form with file inputs.
    mutating func post(_ path: String, fields: [(String, String)], files: [(field: String, name: String, bytes: Data)], csrfFrom page: String) async throws -> TestingHTTPResponse {
        var (headers, body) = Multipart.body(fields: [("_csrf", try await csrf(from: page))] + fields, files: files)
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        var result: TestingHTTPResponse?
        try await tester.test(.POST, path, headers: headers, body: body) { result = $0 }
        remember(result!)
        return result!
    }

    mutating func csrf(from page: String) async throws -> String {
        let html = try await get(page).body.string
        guard let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else {
            throw Abort(.internalServerError, reason: "no CSRF field on \(page)")
        }
        return String(html[range].dropFirst(#"name="_csrf" value=""#.count).dropLast())
    }

    /// Logs in with the test password; returns the response to the login form.
    @discardableResult
    mutating func login(_ username: String, password: String = Application.testPassword) async throws -> TestingHTTPResponse {
        try await post("/login", form: ["username": username, "password": password], csrfFrom: "/login")
    }

    private mutating func remember(_ response: TestingHTTPResponse) {
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            cookies[name] = value.expires.map { $0 < Date() } == true ? nil : value.string
        }
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }
}

/// A `multipart/form-data` body.
enum Multipart {
    static func body(fields: [(String, String)], files: [(field: String, name: String, bytes: Data)]) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----safeguard\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.bytes)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], ByteBuffer(data: body))
    }
}
