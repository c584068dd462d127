import Fluent
import SQLKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

/// Sets up databases, sessions, views, migrations, routes and commands.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    app.clock = settings.pinnedToday.map(WallClock.pinned(today:)) ?? .system
    if let today = settings.pinnedToday { app.logger.warning("SAFEGUARD_TODAY=\(today): the server believes it is \(today)") }
    try configureDatabase(app, settings: settings)
    // `safeguard keys create` makes the key the other commands need: it must run without one.
    let arguments = Array(app.environment.arguments.dropFirst())
    if arguments.prefix(2) != ["keys", "create"] {
        do {
            let existed = FileManager.default.fileExists(atPath: settings.masterKeyPath)
            app.masterKey = try MasterKey.load(path: settings.masterKeyPath, create: settings.masterKeyFile == nil)
            // A key made just now must not stand in for a lost one: data sealed under the old key
            // would stay unreadable, and new data would be sealed under a key the rest cannot open.
            if !existed, try await sealedData(in: app) {
                try? FileManager.default.removeItem(atPath: settings.masterKeyPath)
                throw MasterKey.FileError(path: settings.masterKeyPath,
                                          problem: "is missing, but the database holds data sealed under a master key: restore that key file (a new key cannot open the data)")
            }
            app.fieldCipher = FieldCipher(master: app.masterKey, clock: app.clock)
        } catch let error as MasterKey.FileError {
            throw ConfigurationError(variable: "SAFEGUARD_MASTER_KEY_FILE", value: error.path, allowed: error.problem)
        }
    }

    let idle = TimeInterval(settings.sessionIdleMinutes * 60), lifetime = TimeInterval(settings.sessionMaxHours * 3600)
    app.sessions.use { _ in StoredSessions(idle: idle, lifetime: lifetime) }
    app.sessions.configuration.cookieName = "safeguard-session"
    // `Secure` whenever users come over HTTPS: the cookie then never travels in clear.
    let secure = settings.isServedOverHTTPS
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, maxAge: Int(lifetime), path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = settings.resource("Views") + "/"
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.localizer = try Localizer(directory: settings.resource("Localization"))
    app.referenceData = try ReferenceData.load(from: settings.resource("Data"))
    app.portalLimits = PortalLimits()

    try NulReplacingDecoder.install()
    app.middleware = Middlewares()
    app.middleware.use(ErrorPageMiddleware(), at: .beginning)
    // Outside the error pages, so those carry the headers too; the static files inside it.
    app.middleware.use(SecurityHeadersMiddleware(strictTransportSecurity: settings.isServedOverHTTPS), at: .beginning)
    app.middleware.use(FileMiddleware(publicDirectory: settings.resource("Public") + "/"))
    // Sessions everywhere but the public portal, which must not even read a session cookie.
    app.middleware.use(PublicPortalSessions(sessions: app.sessions.middleware, cookieName: app.sessions.configuration.cookieName))
    app.middleware.use(LanguageMiddleware())
    // After the sessions: its 405 is an error page, which needs the session's CSRF token.
    app.middleware.use(MethodNotAllowedMiddleware())

    app.migrations.add(SessionRecord.migration)
    Migrations.register(in: app)
    try routes(app)
    Commands.register(in: app)
}

private func configureDatabase(_ app: Application, settings: Settings) throws {
    if let url = settings.databaseURL {
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = ["public"]
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4), as: .psql)
    } else {
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(settings.sqlitePath)), as: .sqlite)
    }
}

extension Application {
    /// Whether the app runs on the embedded SQLite file rather than PostgreSQL.
    var usesSQLite: Bool { settings.databaseURL == nil }

    /// Migrates and, on an empty database, loads the units, the plan and demo data.
    ///
    /// Called by `serve` and `migrate`, so a fresh checkout needs no separate setup step.
    public func prepareDatabase() async throws {
        if usesSQLite, let sql = db as? any SQLDatabase {
            // WAL lets readers proceed while one writer commits; the setting persists in the file.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        try await autoMigrate()
        try await Bootstrap(app: self).run()
        try await ReportFormCatalog(db: db).loadMissing(from: settings.resource(ReportFormCatalog.folder))
        try await CriteriaCatalog(db: db).loadMissing(from: settings.resource(CriteriaCatalog.folder))
    }
}

/// Whether the database already holds data keys (so data sealed under some master key); false for a
/// database not yet migrated.
private func sealedData(in app: Application) async throws -> Bool {
    guard let sql = app.db as? any SQLDatabase,
          let row = try? await sql.raw("SELECT COUNT(*) AS n FROM data_keys").first() else { return false }
    return ((try? row.decode(column: "n", as: Int.self)) ?? 0) > 0
}
