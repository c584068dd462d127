import Fluent
import SafeguardCore
import Vapor

/// Changes to organisation units, shared by the web forms and the JSON API: authorisation,
/// validation with messages in the user's language, one transaction, and an audit entry.
struct UnitEditing {
    struct Changes: Content {
        var name: String?
        var address: String?
        var phone: String?
        var headName: String?
    }

    struct NewChild: Content {
        var code: String?
        var name: String
        var kind: OrgUnitKind
    }

    let request: Request

    func update(_ unit: OrgUnit, with changes: Changes) async throws {
        try request.authorize(.editUnit(unit: unit.code), on: unit)
        let before = describe(unit)
        if let name = changes.name?.trimmed, name != unit.name {
            // Official names of administrative units and bodies come from the catalogue; only the standing office may correct them.
            let role = try request.user.role
            guard unit.kind.isGrassroots || role == .standingOffice || role == .systemAdmin else {
                throw Abort(.forbidden, reason: request.t("error.unit-name-official"))
            }
            guard !name.isEmpty, name.unicodeScalars.count <= 200 else { throw FieldRefusal(field: "name", code: "invalid", message: request.t("error.unit-name-invalid")) }
            unit.name = name
            unit.searchName = VietnameseFolding.fold(name)
        }
        if let address = changes.address { unit.address = try limited(address, 300, field: "address") }
        if let phone = changes.phone {
            let phone = phone.trimmed
            guard phone.isEmpty || phone.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || " +-.()".unicodeScalars.contains($0) }) && phone.unicodeScalars.count <= 30 else {
                throw FieldRefusal(field: "phone", code: "invalid", message: request.t("error.unit-phone-invalid"))
            }
            unit.phone = phone.isEmpty ? nil : phone
        }
        if let head = changes.headName { unit.headName = try limited(head, 200, field: "headName") }
        let after = describe(unit)
        guard before != after else { return }
        try await request.db.writeTransaction { db in
            try await unit.update(on: db)
            try await request.audit("update", "org-unit", key: unit.code, detail: "\(before) → \(after)", on: db)
        }
    }

    func addChild(to parent: OrgUnit, _ child: NewChild) async throws -> OrgUnit {
        try request.authorize(.addChildUnit(parent: parent.code), on: parent)
        guard parent.kind.allowedChildKinds.contains(child.kind) else {
            throw FieldRefusal(field: "kind", code: "not-allowed", message: request.t("error.unit-kind-not-allowed"))
        }
        let name = child.name.trimmed
        guard !name.isEmpty, name.unicodeScalars.count <= 200 else { throw FieldRefusal(field: "name", code: "invalid", message: request.t("error.unit-name-invalid")) }
        return try await request.db.writeTransaction { db in
            // Children of one parent are numbered one after another: two people adding a child at
            // once queue on the parent instead of both taking the next free code.
            _ = try await db.locked(parent)
            let code = try await childCode(child.code?.trimmed, parent: parent, on: db)
            let unit = try OrgUnit(code: code, name: name, kind: child.kind, parent: parent)
            try await unit.create(on: db)
            try await request.audit("create", "org-unit", key: code, detail: "\(child.kind.rawValue) \(name) under \(parent.code)", on: db)
            return unit
        }
    }

    private func childCode(_ requested: String?, parent: OrgUnit, on db: any Database) async throws -> String {
        // Codes are upper-case, so path prefixes compare alike on SQLite (LIKE ignores case) and PostgreSQL (it does not).
        if let requested = requested?.uppercased(), !requested.isEmpty {
            guard OrgUnit.isValidCode(requested) else { throw FieldRefusal(field: "code", code: "invalid", message: request.t("error.unit-code-invalid")) }
            guard try await OrgUnit.find(code: requested, on: db) == nil else {
                throw Abort(.conflict, reason: request.t("error.unit-code-taken"))
            }
            return requested
        }
        var n = try await OrgUnit.query(on: db).filter(\.$parent.$id == parent.requireID()).count() + 1
        while try await OrgUnit.find(code: "\(parent.code)-\(n < 10 ? "0" : "")\(n)", on: db) != nil { n += 1 }
        return "\(parent.code)-\(n < 10 ? "0" : "")\(n)"
    }

    private func limited(_ text: String, _ maximum: Int, field: String) throws -> String? {
        let text = text.trimmed
        guard text.unicodeScalars.count <= maximum else { throw FieldRefusal(field: field, code: "too-long", message: request.t("error.field-too-long")) }
        return text.isEmpty ? nil : text
    }

    private func describe(_ unit: OrgUnit) -> String {
        "name=\(unit.name); address=\(unit.address ?? ""); phone=\(unit.phone ?? ""); head=\(unit.headName ?? "")"
    }
}

extension String {
    /// The string as one URL path segment: record numbers such as "12/VA" keep their slash inside the segment.
    var pathSegment: String {
        addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
