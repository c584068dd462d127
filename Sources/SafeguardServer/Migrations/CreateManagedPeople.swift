import Fluent

/// The registers of people under management (`ManagedPerson`), their events and access lists.
struct CreateManagedPeople: AsyncMigration {
    /// Pinned: the name every database has recorded this migration under since it shipped.
    var name: String { "SafeguardServer.CreateManagedPeople" }

    func prepare(on db: any Database) async throws {
        try await db.schema(ManagedPerson.schema)
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id", onDelete: .restrict))
            .field("unit_path", .string, .required)
            .field("province_code", .string, .required)
            .field("commune_code", .string, .required)
            .field("identity", .string)
            .field("id_index", .string)
            .field("basis_number", .string)
            .field("basis_date", .string, .required)
            .field("basis_issuer", .string, .required)
            .field("started_on", .string, .required)
            .field("ends_on", .string)
            .field("end_source", .string)
            .field("officer_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("helper", .string)
            .field("closed_on", .string)
            .field("restricted", .bool, .required)
            .field("anonymised_on", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await db.index(ManagedPerson.schema, "commune_code", "kind")
        try await db.index(ManagedPerson.schema, "province_code", "kind")
        try await db.index(ManagedPerson.schema, "id_index")
        try await db.schema(PersonEventRow.schema)
            .id()
            .field("person_id", .uuid, .required, .references(ManagedPerson.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("happened_at", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .field("unit_code", .string, .required)
            .field("recorded_by", .string)
            .field("detail", .string)
            .field("support_kind", .string)
            .field("support_result", .string)
            .field("case_code", .string)
            .field("to_unit", .string)
            .field("until_on", .string)
            .create()
        try await db.index(PersonEventRow.schema, "person_id", "happened_at")
        try await db.schema(PersonAccessRule.schema)
            .id()
            .field("person_id", .uuid, .required, .references(ManagedPerson.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mode", .string, .required)
            .field("set_by", .string, .required)
            .field("set_at", .datetime, .required)
            .unique(on: "person_id", "user_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PersonAccessRule.schema).delete()
        try await db.schema(PersonEventRow.schema).delete()
        try await db.schema(ManagedPerson.schema).delete()
    }
}
