import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    /// The processing register names every table the database has (a new table without an entry
    /// fails here), `docs/privacy.md` carries it as generated, and the retention job deletes only
    /// what is configured and past its time.
    @Suite struct ProcessingRegisterTests {
        static func register() throws -> ProcessingRegister {
            try ProcessingRegister.load(from: TestDatabase.packageRoot + "/Resources/Data")
        }

        @Test func everyTableIsInTheRegisterAndTheDocumentCarriesIt() async throws {
            try await withSafeguardApp(seed: false) { app in
                let sql = try #require(app.db as? any SQLDatabase)
                let names: [String]
                if app.settings.databaseURL != nil {
                    names = try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
                        .all().map { try $0.decode(column: "name", as: String.self) }
                } else {
                    names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                        .all().map { try $0.decode(column: "name", as: String.self) }
                }
                let register = try Self.register()
                #expect(Set(names).subtracting(register.tables).isEmpty, "tables missing from Resources/Data/privacy/register.yaml: \(Set(names).subtracting(register.tables).sorted())")
                #expect(register.tables.subtracting(names).isEmpty, "the register names tables that do not exist: \(register.tables.subtracting(names).sorted())")
                // Every sealed column is registered in its table's entry.
                for column in FieldCipher.Column.all {
                    let entry = try #require(register.entries.first { $0.tables.contains(column.table) })
                    #expect(entry.personalData.contains("`\(column.name)`") && entry.personalData.lowercased().contains("sealed"), "\(column.label) not described as sealed")
                }
                // Every retention kind is named by the entry of the table it deletes from.
                #expect(Set(register.entries.compactMap(\.retentionKind)) == Set(RetentionJob.Kind.allCases.map(\.rawValue)))
            }
        }

        @Test func theDocumentIsTheGeneratedRegister() throws {
            let document = try String(contentsOfFile: TestDatabase.packageRoot + "/docs/privacy.md", encoding: .utf8)
            let begin = try #require(document.range(of: ProcessingRegister.beginMarker)?.upperBound)
            let end = try #require(document.range(of: ProcessingRegister.endMarker)?.lowerBound)
            #expect(String(document[begin..<end]).trimmingCharacters(in: .newlines) == (try Self.register()).markdown.trimmingCharacters(in: .newlines),
                    "docs/privacy.md is out of date: run `safeguard privacy register` and paste it between the markers")
        }

        @Test func retentionDeletesOnlyWhatIsConfiguredAndPastItsTime() async throws {
            try await withSafeguardApp { app in
                let now = app.clock.now()
                let day: TimeInterval = 86_400
                func attempt(_ name: String, _ ok: Bool, daysAgo: Double) async throws {
                    let a = LoginAttempt()
                    (a.username, a.ip, a.succeeded, a.attemptedAt) = (name, "10.0.0.1", ok, now.addingTimeInterval(-daysAgo * day))
                    try await a.create(on: app.db)
                }
                try await attempt("hb", false, daysAgo: 200)
                try await attempt("hb", true, daysAgo: 150)   // hb's newest success: kept however old
                try await attempt("tn", true, daysAgo: 300)
                try await attempt("tn", true, daysAgo: 120)   // tn's newest success, kept; the older one goes
                try await attempt("hb", false, daysAgo: 10)
                let user = try await app.createUser("owner", role: .communeOfficer, unit: "11311")
                let old = PendingImport(userID: try user.requireID(), kind: "cases", fileName: "a.csv", content: Data("x".utf8), createdAt: now.addingTimeInterval(-3 * day))
                try await old.create(on: app.db)
                let fresh = PendingImport(userID: try user.requireID(), kind: "cases", fileName: "b.csv", content: Data("y".utf8), createdAt: now.addingTimeInterval(-3600))
                try await fresh.create(on: app.db)

                // Nothing configured: nothing deleted.
                var job = app.retentionJob
                #expect(try await job.run().isEmpty)
                #expect(try await LoginAttempt.query(on: app.db).count() == 5)

                app.settings.retention = [.loginAttempts: 90, .pendingImports: 1]
                job = app.retentionJob
                let deleted = try await job.run()
                #expect(deleted == [.loginAttempts: 2, .pendingImports: 1])
                let left = try await LoginAttempt.query(on: app.db).all().map { "\($0.username) \($0.succeeded)" }.sorted()
                #expect(left == ["hb false", "hb true", "tn true"])
                #expect(try await PendingImport.query(on: app.db).all().map(\.fileName) == ["b.csv"])
                let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$entity == "retention").first())
                #expect(entry.detail == "login-attempts=2 pending-imports=1")
                // Run again: nothing more, and no entry for an empty run.
                #expect(try await app.retentionJob.run().values.reduce(0, +) == 0)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "retention").count() == 1)
                #expect(try await AuditVerifier(db: app.db).verify().holds)
            }
        }

        @Test func theSettingIsParsedOrRefused() {
            #expect(Settings.retention(parsing: "login-attempts=90, api-tokens=365") == [.loginAttempts: 90, .apiTokens: 365])
            #expect(Settings.retention(parsing: "notifications=365") == nil)
            #expect(Settings.retention(parsing: "pending-imports=0") == nil)
            #expect(Settings.retention(parsing: "logins=90") == nil)
            #expect(Settings.retention(parsing: "sessions=-1") == nil)
            #expect(Settings.retention(parsing: "sessions=1,sessions=2") == nil)
        }
    }
}
