import Fluent
import FluentPostgresDriver
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
        // Tests/SafeguardServerTests/Support/TestApp.swift → the package root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// The date every server test believes it is unless it pins its own (`withSafeguardApp(today:)`):
/// fixed, so what a test sees does not depend on the day it runs.
enum TestCalendar {
    static let today = CalendarDate(year: 2026, month: 12, day: 4)!
}

/// Runs `body` against a fully configured app on a database of its own: with `seed`, a copy of
/// one seeded with Hải Phòng's units and the plan (`SeededTemplate`), else empty and migrated.
/// The app's clock believes it is `today`; `adjust` changes the settings it starts with.
func withSafeguardApp(seed: Bool = true, today: CalendarDate = TestCalendar.today, settings adjust: (inout Settings) -> Void = { _ in },
                      _ body: (Application) async throws -> Void) async throws {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
    var databaseURL: String?
    var database: String?
    if let base = TestDatabase.postgresURL {
        let name = "safeguard_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await TestDatabase.create(name, template: seed ? try await SeededTemplate.ready.value.database : nil)
        (database, databaseURL) = (name, TestDatabase.url(base, database: name))
    } else if seed {
        try FileManager.default.copyItem(atPath: try await SeededTemplate.ready.value.database, toPath: dataDirectory + "/safeguard.sqlite")
    }
    // A copy of the database goes with the master key its data keys are wrapped by, as a restored
    // backup goes with the key file.
    if seed { try FileManager.default.copyItem(atPath: try await SeededTemplate.ready.value.masterKey, toPath: dataDirectory + "/master.key") }
    var settings = Settings(
        dataDirectory: dataDirectory, databaseURL: databaseURL,
        resourcesDirectory: TestDatabase.packageRoot + "/Resources", loadsDemoData: false)
    // The second factor is tested where it is the subject (`TwoFactorTests`); elsewhere an
    // administrator's test would only meet the enrolment page.
    settings.secondFactorRoles = []
    adjust(&settings)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    func cleanUp() async {
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
        // A pool connection still being opened when the app shut down is left a moment to finish
        // (the pool then closes it): dropped `WITH (FORCE)` mid-handshake, PostgresNIO's debug
        // build asserts ("PostgresConnection deinitialized before being closed", postgres-nio #107).
        if let database {
            try? await Task.sleep(for: .milliseconds(300))
            try? await TestDatabase.drop(database)
        }
    }
    do {
        try await configure(app, settings: settings)
        app.clock = .pinned(today: today)
        // Real bcrypt, lower cost: the tests hash many passwords.
        app.passwords.use(.bcrypt(cost: 4))
        // On the copy this only checks: the schema is there, the units and the plan are loaded.
        if seed { try await app.prepareDatabase() } else { try await app.autoMigrate() }
        try await body(app)
    } catch {
        await cleanUp()
        throw error
    }
    await cleanUp()
}

/// The seeded database every test starts from, made once per test run: seeding (units, bodies,
/// the plan, report forms, criteria) takes about a second, copying it a few milliseconds.
/// SQLite: the path of a seeded file; PostgreSQL: the name of a template database.
enum SeededTemplate {
    static let ready = Task<(database: String, masterKey: String), any Error> { try await make() }

    private static func make() async throws -> (database: String, masterKey: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-template-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: directory)
        var databaseURL: String?
        let name = "safeguard_tpl_\(ProcessInfo.processInfo.processIdentifier)"
        if let base = TestDatabase.postgresURL {
            try await TestDatabase.dropLeftovers()
            try await TestDatabase.create(name, template: nil)
            databaseURL = TestDatabase.url(base, database: name)
        }
        let settings = Settings(dataDirectory: directory, databaseURL: databaseURL,
                                resourcesDirectory: TestDatabase.packageRoot + "/Resources", loadsDemoData: false)
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: settings)
            app.clock = .pinned(today: TestCalendar.today)
            try await app.prepareDatabase()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        // Closes every connection: PostgreSQL copies a template only when nobody is connected to
        // it, and SQLite's last connection folds the write-ahead log into the file.
        try await app.asyncShutdown()
        if databaseURL == nil, FileManager.default.fileExists(atPath: settings.sqlitePath + "-wal") {
            throw Abort(.internalServerError, reason: "the template's write-ahead log was not folded in")
        }
        return (databaseURL == nil ? settings.sqlitePath : name, settings.masterKeyPath)
    }
}

extension TestDatabase {
    /// `base` with another database name.
    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    /// A connection to the test server's own database, for creating and dropping the tests' ones.
    private static let admin = Task<Application, any Error> {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: postgresURL!), maxConnectionsPerEventLoop: 1), as: .psql)
        return app
    }

    private static func run(_ statement: String) async throws {
        let sql = try await admin.value.db as! any SQLDatabase
        try await sql.raw(SQLQueryString(statement)).run()
    }

    static func create(_ name: String, template: String?) async throws {
        try await run("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""))
    }

    static func drop(_ name: String) async throws {
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Databases an interrupted earlier run left behind.
    static func dropLeftovers() async throws {
        let sql = try await admin.value.db as! any SQLDatabase
        let rows = try await sql.raw("SELECT datname FROM pg_database WHERE datname LIKE 'safeguard\\_t%'").all()
        for row in rows {
            let name = try row.decode(column: "datname", as: String.self)
            try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }
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
    /// Sent with every request (`X-Forwarded-For` as a load balancer adds it).
    var headers: HTTPHeaders = [:]

    private var tester: any TestingApplicationTester {
        get throws { try app.testing(method: port.map { .running(hostname: "127.0.0.1", port: $0) } ?? .inMemory) }
    }
    /// The `Cookie` header a browser would send.
    var cookie: String? { cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    init(_ app: Application) { self.app = app }

    mutating func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = headers
        for (name, value) in self.headers { h.replaceOrAdd(name: name, value: value) }
        if let cookie { h.replaceOrAdd(name: .cookie, value: cookie) }
        var result: TestingHTTPResponse?
        try await tester.test(.GET, path, headers: h) { result = $0 }
        remember(result!)
        return result!
    }

    mutating func post(_ path: String, form: [String: String], csrfFrom page: String? = nil) async throws -> TestingHTTPResponse {
        var fields = form
        if let page { fields["_csrf"] = try await csrf(from: page) }
        return try await send(.POST, path, form: fields)
    }

    /// A url-encoded form sent with any method (`AccessMatrixTests` probes PUT, PATCH and DELETE routes so too).
    mutating func send(_ method: HTTPMethod, _ path: String, form fields: [String: String]) async throws -> TestingHTTPResponse {
        var h: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        for (name, value) in headers { h.replaceOrAdd(name: name, value: value) }
        if let cookie { h.replaceOrAdd(name: .cookie, value: cookie) }
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
        var result: TestingHTTPResponse?
        try await tester.test(method, path, headers: h, body: ByteBuffer(string: body)) { result = $0 }
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

/// A program calling the API with a bearer token: a body encoded as JSON, or sent as typed.
struct APIClient {
    let app: Application
    let token: String

    func send(_ method: HTTPMethod, _ path: String, json: (some Encodable)? = nil as String?) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await app.testing().test(method, path, headers: ["Authorization": "Bearer \(token)"], beforeRequest: { req in
            if let json { try req.content.encode(json, as: .json) }
        }) { result = $0 }
        return result!
    }

    func send(_ method: HTTPMethod, _ path: String, raw: String, type: HTTPMediaType = .json) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        headers.contentType = type
        try await app.testing().test(method, path, headers: headers, body: ByteBuffer(string: raw)) { result = $0 }
        return result!
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
