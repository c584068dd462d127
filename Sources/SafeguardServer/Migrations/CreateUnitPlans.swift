import Fluent

/// Units' own plans under the city plan, and their tasks.
struct CreateUnitPlans: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateUnitPlans" }

    func prepare(on db: any Database) async throws {
        try await db.schema(UnitPlan.schema)
            .id()
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("parent_plan_key", .string, .required)
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("number", .string)
            .field("issued_on", .string)
            .field("signer", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "unit_code", "parent_plan_key", "version")
            .create()
        try await db.index(UnitPlan.schema, "province_code", "parent_plan_key")
        try await db.schema(UnitPlanTask.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(UnitPlan.schema, "id", onDelete: .cascade))
            .field("ordinal", .int, .required)
            .field("parent_task_code", .string)
            .field("part", .string, .required)
            .field("text", .string, .required)
            .create()
        try await db.index(UnitPlanTask.schema, "plan_id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(UnitPlanTask.schema).delete()
        try await db.schema(UnitPlan.schema).delete()
    }
}
