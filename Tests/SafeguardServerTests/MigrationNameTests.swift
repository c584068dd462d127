import Fluent
import SQLKit
import Testing
import Vapor
@testable import SafeguardServer

extension ServerTests {
    /// Fluent records each migration under its `name`, which defaults to the Swift type's name: a
    /// migration moved to another module or renamed would look new to a production database and run
    /// again (its `CREATE TABLE` failing, or worse, succeeding). Every name is pinned; this holds
    /// them to what the previous release (commit 557954c) recorded in a database it migrated.
    @Suite struct MigrationNameTests {
        static let recordedByThePreviousRelease = [
            "Fluent.SessionRecord.Create",
            "SafeguardServer.CreateOrgUnits",
            "SafeguardServer.CreateUsers",
            "SafeguardServer.CreateAuditLog",
            "SafeguardServer.CreatePlans",
            "SafeguardServer.CreateCrimeRecords",
            "SafeguardServer.CreatePendingImports",
            "SafeguardServer.CreateRecordCounts",
            "SafeguardServer.CreateAlerts",
            "SafeguardServer.AddDiscoveredWeek",
            "SafeguardServer.CreateAssignments",
            "SafeguardServer.CreateProgressUpdates",
            "SafeguardServer.AddPlanAssignments",
            "SafeguardServer.CreateNotifications",
            "SafeguardServer.CreateUnitPlans",
            "SafeguardServer.AddAssignmentStatusIndex",
            "SafeguardServer.CreateAssignmentCounts",
            "SafeguardServer.AddAssignmentConfirmation",
            "SafeguardServer.AddNotificationDelivery",
            "SafeguardServer.AddAssignmentOrderIndex",
            "SafeguardServer.CreateUnitPlanTargets",
            "SafeguardServer.CreateReports",
            "SafeguardServer.AddUnitLifetime",
            "SafeguardServer.AddReportNotifications",
            "SafeguardServer.CreateMovementModels",
            "SafeguardServer.CreateDrugAreas",
            "SafeguardServer.CreateOutreachEvents",
            "SafeguardServer.CreateAssessments",
        ]
        /// Added since: a database of the previous release runs these, and only these.
        static let addedSince = ["SafeguardServer.AddAuditChain", "SafeguardServer.CreateStoredSessions", "SafeguardServer.CreateDataKeys",
                                 "SafeguardServer.AddSecondFactor", "SafeguardServer.AddTokenExpiry", "SafeguardServer.SealStoredValues",
                                 "SafeguardServer.AddHandlingSteps", "SafeguardServer.CreateManagedPeople",
                                 "SafeguardServer.CreateCitizenReports"]

        @Test func aDatabaseMigratedByThePreviousReleaseRunsNothingAgain() async throws {
            try await withSafeguardApp(seed: false) { app in
                let sql = try #require(app.db as? any SQLDatabase)
                func recorded() async throws -> [String] {
                    try await sql.select().column("name").from("_fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
                }
                let everyName = Self.recordedByThePreviousRelease + Self.addedSince
                #expect(try await recorded().sorted() == everyName.sorted())
                // Migrating again finds every name recorded: no new batch, nothing prepared.
                try await app.autoMigrate()
                #expect(try await recorded().count == everyName.count)
            }
        }

        /// A database as the previous release left it (the added migrations undone and forgotten):
        /// migrating runs the added ones, in one new batch, and nothing else.
        @Test func aDatabaseOfThePreviousReleaseRunsOnlyWhatWasAdded() async throws {
            try await withSafeguardApp(seed: false) { app in
                let sql = try #require(app.db as? any SQLDatabase)
                try await CreateCitizenReports().revert(on: app.db)
                try await CreateManagedPeople().revert(on: app.db)
                try await AddHandlingSteps().revert(on: app.db)
                try await AddTokenExpiry().revert(on: app.db)
                try await AddSecondFactor().revert(on: app.db)
                try await CreateDataKeys().revert(on: app.db)
                try await CreateStoredSessions().revert(on: app.db)
                try await AddAuditChain().revert(on: app.db)
                try await sql.delete(from: "_fluent_migrations").where("name", .in, Self.addedSince).run()
                try await app.autoMigrate()
                let latest = try await sql.raw("SELECT name FROM _fluent_migrations WHERE batch = (SELECT MAX(batch) FROM _fluent_migrations)").all()
                    .map { try $0.decode(column: "name", as: String.self) }
                #expect(latest.sorted() == Self.addedSince.sorted())
            }
        }
    }
}
