import Fluent
import Foundation
import SafeguardCore
import Vapor
import Yams

/// Loads a plan file into the database: validates it whole, then writes it in one transaction.
///
/// An unchanged file (same canonical content) changes nothing; a revised file becomes the next
/// version and the earlier versions stay.
struct PlanImporter {
    enum Outcome: Equatable {
        case created(key: String, version: Int)
        case unchanged(key: String, version: Int)
    }

    let db: any Database
    /// The audit entry's time.
    let clock: WallClock

    func importFile(at path: String, importedBy: String) async throws -> Outcome {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PlanFileError(file: path, problems: [.init(line: nil, path: "", message: "cannot read the file as UTF-8 text")])
        }
        return try await importText(text, fileName: path, importedBy: importedBy)
    }

    func importText(_ text: String, fileName: String, importedBy: String) async throws -> Outcome {
        let (document, node) = try PlanFileParser(file: fileName, text: text).parse()
        let directory = try await OrgUnit.directory(on: db)
        let plan: ValidatedPlan
        switch PlanValidator(directory: directory).validate(document) {
        case .success(let validated): plan = validated
        case .failure(let failure):
            throw PlanFileError(file: fileName, problems: failure.issues.map {
                .init(line: PlanFileParser.line(of: $0.path, in: node), path: $0.path, message: $0.message)
            })
        }
        let canonical = try document.canonicalData()
        let fingerprint = SHA256.hash(data: canonical).hex
        let json = String(decoding: canonical, as: UTF8.self)
        return try await db.writeTransaction { db in
            try await store(plan, document: json, fingerprint: fingerprint, fileName: fileName, importedBy: importedBy, on: db)
        }
    }

    private func store(
        _ validated: ValidatedPlan, document: String, fingerprint: String, fileName: String, importedBy: String, on db: any Database
    ) async throws -> Outcome {
        let header = validated.document.plan
        let plan: Plan
        if let existing = try await Plan.query(on: db).filter(\.$key == header.key).first() {
            plan = existing
        } else {
            plan = Plan(key: header.key, year: header.year, provinceCode: header.province)
            try await plan.create(on: db)
        }
        let latest = try await PlanVersion.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$version, .descending).first()
        if let latest, latest.fingerprint == fingerprint {
            return .unchanged(key: plan.key, version: latest.version)
        }
        plan.year = header.year
        plan.provinceCode = header.province
        try await plan.save(on: db)

        let version = PlanVersion()
        version.$plan.id = try plan.requireID()
        version.version = (latest?.version ?? 0) + 1
        version.fingerprint = fingerprint
        version.number = header.number
        version.issuedOn = validated.date.description
        version.issuer = header.issuer
        version.title = header.title
        version.basis = header.basis
        version.signerName = header.signer.name
        version.signerPosition = header.signer.position
        version.signerCapacity = header.signer.capacity
        version.document = document
        version.sourceName = (fileName as NSString).lastPathComponent
        version.importedBy = importedBy
        try await version.create(on: db)
        let versionID = try version.requireID()

        try await validated.document.purposes.enumerated().map { i, p in
            let r = PlanPurposeRecord()
            r.$version.id = versionID; r.ordinal = i; r.code = p.id; r.text = p.text
            return r
        }.create(on: db)
        try await validated.targets.enumerated().map { i, t in
            let r = PlanTarget()
            r.$version.id = versionID; r.ordinal = i; r.code = t.id; r.text = t.text
            r.metric = t.metric.rawValue; r.comparison = t.comparison.rawValue; r.threshold = t.threshold
            r.unit = t.unit.rawValue; r.baselineYear = t.baselineYear
            r.severities = t.severities.map(\.rawValue).joined(separator: ",")
            if let definition = t.definition {
                r.numerator = definition.numerator.map(\.description).joined(separator: ",")
                r.denominator = definition.denominator.map(\.description).joined(separator: ",")
                r.definitionSource = definition.source
            }
            return r
        }.create(on: db)
        try await sectionRecords(validated.document.sections, versionID: versionID).create(on: db)

        let unitIDs = try await unitIDsByCode(on: db)
        var links: [PlanTaskAgency] = []
        for (i, task) in validated.tasks.enumerated() {
            let r = PlanTask()
            r.$version.id = versionID; r.ordinal = i; r.code = task.id
            r.sectionCode = task.sectionID; r.groupCode = task.groupID; r.parentCode = task.parentID
            r.text = task.text; r.agenciesText = task.agencies
            r.footnotes = task.footnotes.joined(separator: "\n")
            try await r.create(on: db)
            let taskID = try r.requireID()
            for unit in task.lead { if let id = unitIDs[unit.code] { links.append(PlanTaskAgency(taskID: taskID, unitID: id, part: .lead)) } }
            for unit in task.coordinating { if let id = unitIDs[unit.code] { links.append(PlanTaskAgency(taskID: taskID, unitID: id, part: .coordinating)) } }
        }
        for chunk in stride(from: 0, to: links.count, by: 500) {
            try await Array(links[chunk..<min(chunk + 500, links.count)]).create(on: db)
        }
        try await validated.duties.enumerated().map { i, d in
            let r = PlanDutyRecord()
            r.$version.id = versionID; r.ordinal = i; r.code = d.id; r.text = d.text
            r.responsible = d.responsible.map(\.code).joined(separator: ",")
            return r
        }.create(on: db)
        try await AuditEntry(
            at: clock.now(), userID: nil, actor: importedBy, action: "import", entity: "plan", entityKey: "\(plan.key)#\(version.version)",
            detail: "\(version.sourceName): \(validated.targets.count) targets, \(validated.tasks.count) tasks", ip: nil
        ).append(on: db)
        return .created(key: plan.key, version: version.version)
    }

    private func sectionRecords(_ sections: [PlanSection], versionID: UUID) -> [PlanSectionRecord] {
        var records: [PlanSectionRecord] = []
        func add(_ section: PlanSection, parent: String?) {
            let r = PlanSectionRecord()
            r.$version.id = versionID; r.ordinal = records.count; r.code = section.id
            r.parentCode = parent; r.title = section.title
            records.append(r)
            for group in section.groups ?? [] { add(group, parent: section.id) }
        }
        for section in sections { add(section, parent: nil) }
        return records
    }

    private func unitIDsByCode(on db: any Database) async throws -> [String: UUID] {
        var result: [String: UUID] = [:]
        for unit in try await OrgUnit.query(on: db).field(\.$id).field(\.$code).all() {
            result[unit.code] = unit.id
        }
        return result
    }
}
