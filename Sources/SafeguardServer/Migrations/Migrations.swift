import Fluent
import SQLKit
import Vapor

/// The schema, in the order it was introduced. Never edit a shipped migration: add a new one.
enum Migrations {
    static func register(in app: Application) {
        app.migrations.add(CreateOrgUnits())
        app.migrations.add(CreateUsers())
        app.migrations.add(CreateAuditLog())
        app.migrations.add(CreatePlans())
        app.migrations.add(CreateCrimeRecords())
        app.migrations.add(CreatePendingImports())
        app.migrations.add(CreateRecordCounts())
        app.migrations.add(CreateAlerts())
        app.migrations.add(AddDiscoveredWeek())
        app.migrations.add(CreateAssignments())
        app.migrations.add(CreateProgressUpdates())
        app.migrations.add(AddPlanAssignments())
        app.migrations.add(CreateNotifications())
        app.migrations.add(CreateUnitPlans())
        app.migrations.add(AddAssignmentStatusIndex())
        app.migrations.add(CreateAssignmentCounts())
        app.migrations.add(AddAssignmentConfirmation())
        app.migrations.add(AddNotificationDelivery())
        app.migrations.add(AddAssignmentOrderIndex())
        app.migrations.add(CreateUnitPlanTargets())
        app.migrations.add(CreateReports())
        app.migrations.add(AddUnitLifetime())
        app.migrations.add(AddReportNotifications())
        app.migrations.add(CreateMovementModels())
        app.migrations.add(CreateDrugAreas())
        app.migrations.add(CreateOutreachEvents())
        app.migrations.add(CreateAssessments())
        app.migrations.add(AddAuditChain())
        app.migrations.add(CreateStoredSessions())
        app.migrations.add(CreateDataKeys())
        app.migrations.add(AddSecondFactor())
        app.migrations.add(AddTokenExpiry())
        app.migrations.add(AddHandlingSteps())
        app.migrations.add(CreateManagedPeople())
        app.migrations.add(CreateCitizenReports())
        // Last: what older databases hold in clear is sealed once all columns exist.
        app.migrations.add(SealStoredValues(cipher: { app.fieldCipher }))
    }
}

struct CreateOrgUnits: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateOrgUnits" }

    func prepare(on db: any Database) async throws {
        try await db.schema(OrgUnit.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("search_name", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid, .references(OrgUnit.schema, "id", onDelete: .restrict))
            .field("path", .string, .required)
            .field("province_code", .string, .required)
            .field("address", .string)
            .field("phone", .string)
            .field("head_name", .string)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await db.index(OrgUnit.schema, "parent_id")
        try await db.index(OrgUnit.schema, "path")
        try await db.index(OrgUnit.schema, "province_code", "kind")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OrgUnit.schema).delete()
    }
}

struct CreateUsers: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateUsers" }

    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("unit_id", .uuid, .references(OrgUnit.schema, "id", onDelete: .restrict))
            .field("is_active", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await db.schema(APIToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await db.schema(LoginAttempt.schema)
            .id()
            .field("username", .string, .required)
            .field("ip", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        try await db.index(LoginAttempt.schema, "username", "attempted_at")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(LoginAttempt.schema).delete()
        try await db.schema(APIToken.schema).delete()
        try await db.schema(User.schema).delete()
    }
}

struct CreateAuditLog: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateAuditLog" }

    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_key", .string)
            .field("detail", .string)
            .field("ip", .string)
            .create()
        try await db.index(AuditEntry.schema, "at")
        try await db.index(AuditEntry.schema, "entity", "entity_key")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AuditEntry.schema).delete()
    }
}

struct CreatePlans: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreatePlans" }

    func prepare(on db: any Database) async throws {
        try await db.schema(Plan.schema)
            .id()
            .field("key", .string, .required)
            .field("year", .int, .required)
            .field("province_code", .string, .required)
            .unique(on: "key")
            .create()
        try await db.schema(PlanVersion.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(Plan.schema, "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("fingerprint", .string, .required)
            .field("number", .string, .required)
            .field("issued_on", .string, .required)
            .field("issuer", .string, .required)
            .field("title", .string, .required)
            .field("basis", .string)
            .field("signer_name", .string, .required)
            .field("signer_position", .string, .required)
            .field("signer_capacity", .string)
            .field("document", .string, .required)
            .field("source_name", .string, .required)
            .field("imported_by", .string, .required)
            .field("imported_at", .datetime)
            .unique(on: "plan_id", "version")
            .create()
        try await childTable(PlanPurposeRecord.schema, on: db) {
            $0.field("text", .string, .required)
        }
        try await childTable(PlanTarget.schema, on: db) {
            $0.field("text", .string, .required)
                .field("metric", .string, .required)
                .field("comparison", .string, .required)
                .field("threshold", .double, .required)
                .field("unit", .string, .required)
                .field("baseline_year", .int)
                .field("severities", .string, .required)
        }
        try await childTable(PlanSectionRecord.schema, on: db) {
            $0.field("parent_code", .string).field("title", .string, .required)
        }
        try await childTable(PlanTask.schema, on: db) {
            $0.field("section_code", .string, .required)
                .field("group_code", .string)
                .field("parent_code", .string)
                .field("text", .string, .required)
                .field("agencies_text", .string, .required)
                .field("footnotes", .string, .required)
        }
        try await db.schema(PlanTaskAgency.schema)
            .id()
            .field("task_id", .uuid, .required, .references(PlanTask.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id", onDelete: .restrict))
            .field("part", .string, .required)
            .unique(on: "task_id", "unit_id")
            .create()
        try await db.index(PlanTaskAgency.schema, "unit_id")
        try await childTable(PlanDutyRecord.schema, on: db) {
            $0.field("text", .string, .required).field("responsible", .string, .required)
        }
    }

    /// A table whose rows belong to one plan version, ordered and identified by the plan's own code.
    private func childTable(_ name: String, on db: any Database, fields: (SchemaBuilder) -> SchemaBuilder) async throws {
        let builder = db.schema(name)
            .id()
            .field("version_id", .uuid, .required, .references(PlanVersion.schema, "id", onDelete: .cascade))
            .field("ordinal", .int, .required)
            .field("code", .string, .required)
            .unique(on: "version_id", "code")
        try await fields(builder).create()
    }

    func revert(on db: any Database) async throws {
        for table in [PlanDutyRecord.schema, PlanTaskAgency.schema, PlanTask.schema, PlanSectionRecord.schema,
                      PlanTarget.schema, PlanPurposeRecord.schema, PlanVersion.schema, Plan.schema] {
            try await db.schema(table).delete()
        }
    }
}

extension Database {
    /// Creates a plain index (Fluent's schema builder has none); works on SQLite and PostgreSQL.
    func index(_ table: String, _ columns: String...) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        let name = "idx_\(table)_\(columns.joined(separator: "_"))"
        try await sql.raw("CREATE INDEX IF NOT EXISTS \(ident: name) ON \(ident: table) (\(unsafeRaw: columns.map { "\"\($0)\"" }.joined(separator: ", ")))").run()
    }
}
