import Fluent

/// The targets of units' own plans (`UnitPlanTarget`).
struct CreateUnitPlanTargets: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateUnitPlanTargets" }

    func prepare(on db: any Database) async throws {
        try await db.schema(UnitPlanTarget.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(UnitPlan.schema, "id", onDelete: .cascade))
            .field("ordinal", .int, .required)
            .field("parent_target_code", .string)
            .field("text", .string, .required)
            .field("threshold", .double)
            .create()
        try await db.index(UnitPlanTarget.schema, "plan_id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(UnitPlanTarget.schema).delete()
    }
}
