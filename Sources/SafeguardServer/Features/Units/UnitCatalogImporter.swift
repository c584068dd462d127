import Fluent
import Foundation
import SafeguardCore
import Yams

/// Loads organisation units from the committed catalogues: provinces with their commune-level
/// units (JSON generated from the official list) and a province's bodies (YAML, hand-kept).
///
/// Units are matched by code: new ones are added, renamed ones updated, none deleted — so a
/// catalogue can be re-run safely. One transaction per file.
struct UnitCatalogImporter {
    struct Counts: Equatable, Sendable {
        var added = 0
        var updated = 0
        var unchanged = 0
    }

    /// `Resources/Data/units/*.json`.
    struct Catalog: Decodable {
        struct Province: Decodable {
            var code: String
            var name: String
            var kind: OrgUnitKind
            var units: [Entry]
        }
        struct Entry: Decodable {
            var code: String
            var name: String
            var kind: OrgUnitKind
        }
        var provinces: [Province]
    }

    /// `Resources/Data/units/*-bodies.yaml`: the province's steering committee and its member bodies.
    struct Bodies: Decodable {
        struct Committee: Decodable {
            var code: String
            var name: String
        }
        struct Body: Decodable {
            var code: String
            var kind: OrgUnitKind
            var name: String
            var parent: String?
        }
        var province: String
        var committee: Committee
        var bodies: [Body]
    }

    enum Failure: Error, CustomStringConvertible {
        case unreadable(String, String)
        case unknownParent(file: String, code: String, parent: String)
        case invalidCode(file: String, code: String)

        var description: String {
            switch self {
            case .unreadable(let file, let reason): "\(file): \(reason)"
            case .unknownParent(let file, let code, let parent): "\(file): unit \(code): unknown parent '\(parent)'"
            case .invalidCode(let file, let code): "\(file): invalid unit code '\(code)' (letters, digits, '-' and '.' only)"
            }
        }
    }

    let db: any Database

    /// Imports a catalogue file, JSON or YAML by extension; `provinces` limits a national file to some provinces.
    func importFile(at path: String, provinces: Set<String>? = nil) async throws -> Counts {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure.unreadable(path, "cannot read the file") }
        let rows: [(code: String, name: String, kind: OrgUnitKind, parent: String?, province: String)]
        do {
            if path.hasSuffix(".json") {
                let catalog = try JSONDecoder().decode(Catalog.self, from: data)
                rows = catalog.provinces.filter { provinces?.contains($0.code) ?? true }.flatMap { p in
                    [(p.code, p.name, p.kind, nil, p.code)] + p.units.map { ($0.code, $0.name, $0.kind, p.code, p.code) }
                }
            } else {
                let bodies = try YAMLDecoder().decode(Bodies.self, from: String(decoding: data, as: UTF8.self))
                let committee = bodies.committee
                rows = [(committee.code, committee.name, .committee, nil, bodies.province)]
                    + bodies.bodies.map { ($0.code, $0.name, $0.kind, $0.parent ?? committee.code, bodies.province) }
            }
        } catch let error as DecodingError {
            throw Failure.unreadable(path, "\(PlanFileParser.path(of: error.codingPath)): \(error.localizedDescription)")
        }
        return try await db.writeTransaction { db in
            var counts = Counts()
            var byCode: [String: OrgUnit] = [:]
            for unit in try await OrgUnit.query(on: db).all() { byCode[unit.code] = unit }
            for row in rows {
                guard OrgUnit.isValidCode(row.code) else { throw Failure.invalidCode(file: path, code: row.code) }
                if let existing = byCode[row.code] {
                    guard existing.name != row.name || existing.kind != row.kind else { counts.unchanged += 1; continue }
                    existing.name = row.name
                    existing.searchName = VietnameseFolding.fold(row.name)
                    existing.kind = row.kind
                    try await existing.update(on: db)
                    counts.updated += 1
                    continue
                }
                var parent: OrgUnit?
                if let parentCode = row.parent {
                    guard let found = byCode[parentCode] else {
                        throw Failure.unknownParent(file: path, code: row.code, parent: parentCode)
                    }
                    parent = found
                }
                let unit = try OrgUnit(code: row.code, name: row.name, kind: row.kind, parent: parent, provinceCode: row.province)
                try await unit.create(on: db)
                byCode[row.code] = unit
                counts.added += 1
            }
            return counts
        }
    }
}

extension DecodingError {
    var codingPath: [any CodingKey] {
        switch self {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c.codingPath
        @unknown default: []
        }
    }
}
