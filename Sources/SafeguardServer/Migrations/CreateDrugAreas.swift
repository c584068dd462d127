import Fluent

/// Communes' yearly drug figures, checklist and drug-free recognition (`DrugAreaRecord`).
struct CreateDrugAreas: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateDrugAreas" }

    func prepare(on db: any Database) async throws {
        try await db.schema(DrugAreaRecord.schema)
            .id()
            .field("unit_code", .string, .required)
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("year", .int, .required)
            .field("population", .int, .required)
            .field("users", .int, .required)
            .field("venues", .int, .required)
            .field("offenders", .int, .required)
            .field("drug_plants", .int, .required)
            .field("drug_plant_area", .double, .required)
            .field("on_route", .bool, .required)
            .field("met", .string, .required)
            .field("decision_number", .string)
            .field("decision_date", .string)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "unit_code", "year")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DrugAreaRecord.schema).delete()
    }
}
