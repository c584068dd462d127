import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import SafeguardServer

extension ServerTests {
    /// The audit log's hash chain and its anchors, on each engine: a log that was written only by
    /// `append` holds, however many wrote at once; an edited, deleted or smuggled-in row is named;
    /// a cut tail or a rewritten log is caught by an anchor, and a forged anchor is refused.
    @Suite struct AuditChainTests {
        static func write(_ count: Int, on app: Application, concurrently: Bool = false) async throws {
            func entry(_ i: Int) -> AuditEntry {
                AuditEntry(at: app.clock.now(), userID: nil, actor: "canbo.honggai", action: "read", entity: "case",
                           entityKey: "VA-\(i)", detail: "Đọc hồ sơ của Nguyễn Văn \(i)", ip: "10.1.0.\(i % 250)")
            }
            if concurrently {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0..<count { group.addTask { try await entry(i).append(on: app.db) } }
                    try await group.waitForAll()
                }
            } else {
                for i in 0..<count { try await entry(i).append(on: app.db) }
            }
        }

        static func verify(_ app: Application, anchors: [(line: Int, anchor: AuditAnchor)] = []) async throws -> AuditVerifier.Outcome {
            try await AuditVerifier(db: app.db, pageSize: 7).verify(anchors: anchors, key: app.masterKey.auditAnchorKey)
        }

        static func run(_ app: Application, _ statement: String) async throws {
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        }

        @Test func aFreshAndABusyLogHold() async throws {
            try await withSafeguardApp { app in
                let fresh = try await Self.verify(app)
                #expect(fresh.holds, "\(fresh.breaks)")
                // Many writers at once, as several app instances serving many officers: every entry
                // gets a place of its own, one after the other.
                try await Self.write(60, on: app, concurrently: true)
                let busy = try await Self.verify(app)
                #expect(busy.holds, "\(busy.breaks)")
                #expect(busy.entries == fresh.entries + 60)
                let places = try await AuditEntry.query(on: app.db).all().compactMap(\.seq).sorted()
                #expect(places == Array(1...(fresh.entries + 60)))
            }
        }

        @Test func anEditedEntryIsNamed() async throws {
            try await withSafeguardApp { app in
                try await Self.write(12, on: app)
                try await Self.run(app, "UPDATE audit_log SET detail = 'Không đọc gì' WHERE seq = 5")
                let outcome = try await Self.verify(app)
                #expect(outcome.breaks.map(\.seq) == [5])
                #expect(outcome.breaks.first?.problem.contains("changed after it was written") == true)
                // Changing the hash too only moves the break to the next entry, which points at the old one.
                try await Self.run(app, "UPDATE audit_log SET actor = 'someone', hash = 'ab' WHERE seq = 8")
                #expect(try await Self.verify(app).breaks.map(\.seq) == [5, 8, 9])
            }
        }

        @Test func aDeletedMiddleEntryIsNamed() async throws {
            try await withSafeguardApp { app in
                try await Self.write(12, on: app)
                try await Self.run(app, "DELETE FROM audit_log WHERE seq = 5")
                let outcome = try await Self.verify(app)
                #expect(outcome.breaks.map(\.seq) == [5])
                #expect(outcome.breaks.first?.description == "entry 5: missing: entry 5 is gone, entry 6 follows entry 4")
            }
        }

        @Test func aRowWrittenAroundTheChainIsCounted() async throws {
            try await withSafeguardApp { app in
                try await Self.write(3, on: app)
                // `create` instead of `append`: what an INSERT by hand does. The sources never do it (SourceRulesTests).
                try await AuditEntry(at: app.clock.now(), userID: nil, actor: "x", action: "create", entity: "user", entityKey: "ghost", detail: nil, ip: nil).create(on: app.db)
                let outcome = try await Self.verify(app)
                #expect(outcome.breaks == [AuditVerifier.Break(problem: "1 entry was written outside the chain (no place, no hash)")])
            }
        }

        @Test func aDeletedTailIsCaughtByTheAnchor() async throws {
            try await withSafeguardApp { app in
                let path = app.settings.auditAnchorsPath
                try await Self.write(10, on: app)
                let anchor = try #require(try await AuditAnchor.appendHead(on: app.db, to: path, key: app.masterKey.auditAnchorKey, now: app.clock.now()))
                // A quiet log adds no second line.
                #expect(try await AuditAnchor.appendHead(on: app.db, to: path, key: app.masterKey.auditAnchorKey, now: app.clock.now()) == nil)
                #expect(try AuditAnchor.read(path: path).count == 1)
                try await Self.run(app, "DELETE FROM audit_log WHERE seq > \(anchor.seq - 3)")
                // The chain alone still holds: what is left is a perfect, shorter chain.
                #expect(try await Self.verify(app).holds)
                let outcome = try await Self.verify(app, anchors: try AuditAnchor.read(path: path))
                #expect(outcome.breaks.map(\.seq) == [anchor.seq])
                #expect(outcome.breaks.first?.problem.contains("entries were deleted from its end") == true)
            }
        }

        @Test func aLogRewrittenWithNewHashesIsCaughtByTheAnchor() async throws {
            try await withSafeguardApp { app in
                let path = app.settings.auditAnchorsPath
                try await Self.write(10, on: app)
                let anchor = try #require(try await AuditAnchor.appendHead(on: app.db, to: path, key: app.masterKey.auditAnchorKey, now: app.clock.now()))
                // Someone with the database but not the key file removes entry 3 and rebuilds the chain.
                try await Self.run(app, "DELETE FROM audit_log WHERE seq = 3")
                var previous = AuditChain.genesis
                for (index, entry) in try await AuditEntry.query(on: app.db).sort(\.$seq).all().enumerated() {
                    entry.seq = -(index + 1)  // out of the way of the unique index while renumbering
                    try await entry.update(on: app.db)
                }
                for (index, entry) in try await AuditEntry.query(on: app.db).sort(\.$seq, .descending).all().enumerated() {
                    entry.seq = index + 1
                    entry.previousHash = previous
                    entry.hash = AuditChain.hash(of: entry, seq: index + 1, previousHash: previous)
                    previous = entry.hash!
                    try await entry.update(on: app.db)
                }
                // …and writes one more, so that the chain reaches the anchored place again.
                try await Self.write(1, on: app)
                #expect(try await Self.verify(app).holds)
                let outcome = try await Self.verify(app, anchors: try AuditAnchor.read(path: path))
                #expect(outcome.breaks.map(\.seq) == [anchor.seq])
                #expect(outcome.breaks.first?.problem.contains("the log was rewritten") == true)
            }
        }

        @Test func anAnchorNotSignedWithTheServersKeyIsRefused() async throws {
            try await withSafeguardApp { app in
                try await Self.write(4, on: app)
                let head = try #require(try await AuditChain.head(on: app.db))
                let forged = AuditAnchor(seq: head.seq!, hash: head.hash!, at: app.clock.now(), key: SymmetricKey(size: .bits256))
                let outcome = try await Self.verify(app, anchors: [(line: 1, anchor: forged)])
                #expect(outcome.breaks == [AuditVerifier.Break(problem: "anchor on line 1 is not signed with this server's key")])
            }
        }

        /// `deploy/postgres/app-role.sql` leaves the app's role able to add entries and unable to
        /// change or remove them.
        @Test(.enabled(if: TestDatabase.postgresURL != nil)) func theAppRoleOnPostgreSQLCannotChangeTheLog() async throws {
            try await withSafeguardApp { app in
                let sql = app.db as! any SQLDatabase
                let role = "sg_app_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
                try await sql.raw("CREATE ROLE \(ident: role) NOLOGIN").run()
                try await sql.raw("GRANT \(ident: role) TO CURRENT_USER").run()
                let script = try String(contentsOfFile: TestDatabase.packageRoot + "/deploy/postgres/app-role.sql", encoding: .utf8)
                    .split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
                    .replacingOccurrences(of: ":\"app\"", with: "\"\(role)\"")
                for statement in script.split(separator: ";") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await sql.raw(SQLQueryString(String(statement))).run()
                }
                try await Self.write(3, on: app)
                /// `body` run as the app's role.
                func asApp(_ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
                    try await app.db.transaction { db in
                        try await (db as! any SQLDatabase).raw("SET LOCAL ROLE \(ident: role)").run()
                        try await body(db)
                    }
                }
                try await asApp { db in
                    try await AuditEntry(at: Date(timeIntervalSince1970: 1_790_000_000), userID: nil, actor: "app", action: "read", entity: "case", entityKey: "K", detail: nil, ip: nil).append(on: db)
                }
                for statement in ["UPDATE audit_log SET detail = 'x' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1", "TRUNCATE audit_log"] {
                    await #expect(throws: (any Error).self, "\(statement) was allowed") {
                        try await asApp { db in try await (db as! any SQLDatabase).raw(SQLQueryString(statement)).run() }
                    }
                }
                #expect(try await Self.verify(app).holds)
                try await sql.raw("DROP OWNED BY \(ident: role)").run()
                try await sql.raw("DROP ROLE \(ident: role)").run()
            }
        }

        /// A database that had a log before the chain: the migration chains its entries in the order
        /// they were written.
        @Test func theMigrationChainsAnExistingLog() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await AddAuditChain().revert(on: app.db)
                let start = app.clock.now()
                for (offset, key) in [(30.0, "third"), (10.0, "first"), (20.0, "second")] {
                    try await (app.db as! any SQLDatabase).insert(into: "audit_log")
                        .columns("id", "at", "actor", "action", "entity", "entity_key")
                        .values(SQLBind(UUID()), SQLBind(start.addingTimeInterval(offset)), SQLBind("cli"), SQLBind("create"), SQLBind("user"), SQLBind(key))
                        .run()
                }
                try await AddAuditChain().prepare(on: app.db)
                let outcome = try await Self.verify(app)
                #expect(outcome.holds, "\(outcome.breaks)")
                let order = try await AuditEntry.query(on: app.db).sort(\.$seq).all().map(\.entityKey)
                #expect(order == ["first", "second", "third"])
            }
        }
    }
}
